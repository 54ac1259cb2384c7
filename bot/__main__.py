"""``python -m bot`` is the ``songbot`` command."""

from bot.cli import main

raise SystemExit(main())
