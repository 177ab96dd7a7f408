"""The domain: what a routine is, how a session runs, and how training progresses.

- `files/`: reading routine and library files into the model, with located problems; the schema.
- `session/`: the plan of a session, the clock-driven engine, its cues and its record.
- `training/`: progression (what to ask next time), loads and recovery between sessions.
- `model`, `tempo`, `quantities`, `settings`, `clock`: the shared vocabulary.

It imports only the standard library, PyYAML and itself (import-linter contracts and a test check
it), and time enters only through an injected clock, so it is driven and tested without an app.
"""
