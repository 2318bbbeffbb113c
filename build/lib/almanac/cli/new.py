"""``almanac new KIND TITLE``: start a page from its entity kind's template, never over an existing file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.files import write_atomically
from ..core.kinds import ENTITY_KINDS
from ..core.model import EVENT_STEM, SLUG_PATTERN, PartialDate, slugify
from ..core.project import directories
from ..core.schema import SLUG_RE


def _fail(message: str) -> int:
    print(f"almanac: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    slug = args.slug or slugify(args.title)
    if not SLUG_RE.fullmatch(slug):
        return _fail(f"'{slug}' is not a slug ({SLUG_PATTERN}); give one with --slug")
    if args.kind == "event":
        if not args.date:
            return _fail("an event needs --date YYYY-MM-DD (or YYYY-MM, YYYY)")
        try:
            date = PartialDate.parse(args.date)
        except ValueError as error:
            return _fail(str(error))
        stem = f"{date.iso()}-{slug}"
        if not EVENT_STEM.fullmatch(stem):
            return _fail(f"an event slug must start with a letter, not '{slug}'")
    else:
        stem = slug
    root = Path(args.root)
    path = root / directories(root)[args.kind] / f"{stem}.md"
    if path.exists():
        print(f"almanac: {path} already exists; nothing was written", file=sys.stderr)
        return 1
    title = args.title.replace("\\", "\\\\").replace('"', '\\"')
    write_atomically(path, ENTITY_KINDS[args.kind].template.format(title=f'"{title}"', date=args.date))
    print(path)
    return 0
