"""The ``almanac`` command: ``almanac new`` starts a page from the content model's template.

Subcommands live in their own modules and register themselves here through ``add_parser``; each
returns a process exit status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .generated import write_atomically
from .importer import add_import_parser
from .model import EVENT_STEM, SLUG_PATTERN, PartialDate, slugify
from .schema import SLUG_RE

TEMPLATES = {
    "event": """---
title: {title}
date: {date}
place:
people: []
missions: []
categories: []
summary:
  event:
  challenge:
  impact:
  legacy:
question:
---

## Story

Write the story here, citing a source for every fact: {{footcite:p}}`key-in-references-bib`.
""",
    "person": """---
name: {title}
born:
nationality:
roles: []
---

A short account of who they were, with a citation: {{footcite:p}}`key-in-references-bib`.
""",
    "mission": """---
name: {title}
program:
agency:
launch:
crew: []
spacecraft:
---

A short account of the mission, with a citation: {{footcite:p}}`key-in-references-bib`.
""",
}


def _new(args: argparse.Namespace) -> int:
    slug = args.slug or slugify(args.title)
    if not SLUG_RE.fullmatch(slug):
        print(f"almanac: '{slug}' is not a slug ({SLUG_PATTERN}); give one with --slug", file=sys.stderr)
        return 2
    folder = {"event": "events", "person": "people", "mission": "missions"}[args.kind]
    if args.kind == "event":
        if not args.date:
            print("almanac: an event needs --date YYYY-MM-DD (or YYYY-MM, YYYY)", file=sys.stderr)
            return 2
        try:
            date = PartialDate.parse(args.date)
        except ValueError as error:
            print(f"almanac: {error}", file=sys.stderr)
            return 2
        stem = f"{date.iso()}-{slug}"
        if not EVENT_STEM.fullmatch(stem):
            print(f"almanac: an event slug must start with a letter, not '{slug}'", file=sys.stderr)
            return 2
    else:
        stem = slug
    path = Path(args.root) / folder / f"{stem}.md"
    if path.exists():
        print(f"almanac: {path} already exists; nothing was written", file=sys.stderr)
        return 1
    title = args.title.replace('"', '\\"')
    write_atomically(path, TEMPLATES[args.kind].format(title=f'"{title}"', date=args.date))
    print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="almanac", description="Tools for an Almanac knowledge base.")
    parser.add_argument("--version", action="version", version=f"almanac {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser("new", help="start a new event, person or mission page from a template")
    new.add_argument("kind", choices=sorted(TEMPLATES))
    new.add_argument("title", help="the event's title, or the person's or mission's name")
    new.add_argument("--date", help="for events: the day it happened, YYYY-MM-DD (or YYYY-MM, YYYY)")
    new.add_argument("--slug", help="the slug (default: made from the title)")
    new.add_argument("--root", default=".", help="the knowledge base's folder (default: .)")
    new.set_defaults(run=_new)
    add_import_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))
