"""Allow `python -m pchain_tui`."""

from pchain_tui.cli import main

raise SystemExit(main())
