"""The domain: routines, YAML loading, tempo, the session engine and history.

Nothing in this package imports Textual (a test checks it), and time enters only through an
injected clock, so all of it can be driven and tested without an app.
"""
