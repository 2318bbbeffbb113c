"""``python -m almanac``: the same as the ``almanac`` command."""

from .cli import main

raise SystemExit(main())
