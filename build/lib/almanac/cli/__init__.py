"""The ``almanac`` command: ``new`` starts a page, ``init`` a knowledge base, ``import-jekyll`` imports posts.

Each subcommand's work is in its own module, imported only when the subcommand runs: the parser
here needs nothing but :mod:`argparse`, so ``almanac --help`` starts at once and loads no Sphinx.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

from .. import __version__
from ..core.kinds import ENTITY_KINDS


def _subcommand(module: str) -> str:
    """Where a subcommand's ``run`` is, imported when it runs."""
    return f"{__name__}.{module}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="almanac", description="Tools for an Almanac knowledge base.")
    parser.add_argument("--version", action="version", version=f"almanac {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser("new", help="start a new event, person or mission page from a template")
    new.add_argument("kind", choices=sorted(ENTITY_KINDS))
    new.add_argument("title", help="the event's title, or the person's or mission's name")
    new.add_argument("--date", help="for events: the day it happened, YYYY-MM-DD (or YYYY-MM, YYYY)")
    new.add_argument("--slug", help="the slug (default: made from the title)")
    new.add_argument("--root", default=".", help="the knowledge base's folder (default: .)")
    new.set_defaults(module=_subcommand("new"))

    init = commands.add_parser("init", help="start a new, minimal knowledge base in a folder",
                               description="Write a minimal knowledge base (conf.py, index.md, one event, person "
                                           "and mission, references.bib, Makefile, README.md) that builds with "
                                           "`make html`. Nothing is written if any of its files exists.")
    init.add_argument("folder", help="the folder to create (or an empty one)")
    init.add_argument("--title", default="Almanac", help="the knowledge base's title (default: Almanac)")
    init.set_defaults(module=_subcommand("init"))

    jekyll = commands.add_parser(
        "import-jekyll", help="turn posts of the original Jekyll blog into event pages",
        description="Turn Jekyll posts into event pages. A post that cannot be read is reported and "
                    "writes nothing; the exit status is 1 if any post failed.")
    jekyll.add_argument("posts", nargs="+", metavar="POST", help="a post, or a folder whose *.md files are posts")
    jekyll.add_argument("--into", metavar="FOLDER",
                        help="the knowledge base's events folder (default: the one conf.py names, else events); "
                             "people and missions are read from beside it")
    jekyll.add_argument("--force", action="store_true", help="replace event pages that already exist")
    jekyll.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    jekyll.set_defaults(module=_subcommand("importer"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(importlib.import_module(args.module).run(args))
