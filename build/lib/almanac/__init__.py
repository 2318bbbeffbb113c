"""Almanac: MyST pages with front matter become a knowledge base of dated events, people and missions.

- :mod:`almanac.core`: the content model and the reading of pages (no Sphinx);
- :mod:`almanac.sphinxext`: the Sphinx extension (``extensions = ["almanac"]`` in ``conf.py``);
- :mod:`almanac.cli`: the ``almanac`` command (``new``, ``init``, ``import-jekyll``).

Importing this package imports nothing else, so the command line starts without Sphinx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.2.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx's entry point: ``extensions = ["almanac"]`` sets up :mod:`almanac.sphinxext`."""
    from .sphinxext import setup as setup_extension

    return setup_extension(app)
