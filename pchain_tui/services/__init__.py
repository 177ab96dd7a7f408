"""What runs while the app does: a live session with its cue thread, the history on its own
thread, resume preparation and notices. Nothing here imports the UI."""
