"""The exit codes of `pchain`, as the README documents them."""

OK = 0
"""Success."""
INVALID = 1
"""Invalid routines, or a command that failed."""
USAGE = 2
"""A usage error: an unknown option, a missing file, a bad tempo."""
INTERNAL = 70
"""An internal error (details in crash.log, never a traceback)."""
INTERRUPTED = 130
"""Interrupted (ctrl+c)."""
