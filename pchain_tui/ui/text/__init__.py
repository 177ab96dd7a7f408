"""Words and small drawings for the screens: prescriptions, summaries, sparklines."""
