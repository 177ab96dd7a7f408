"""The `pchain` subcommands, one module per group: the app, routines, history."""
