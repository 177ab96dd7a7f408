"""The Textual app: screens, dialogs and widgets that render the session and take keys."""
