"""What pchain keeps on disk: where files live, the history database, the routine cache and files,
session locks, settings and the crash log. Nothing here imports the UI."""
