"""Generated pages: years, calendar days and categories, each listing its events, and the book's parts.

They are written into the source folder before reading (as autosummary writes its stubs), because
Sphinx reads only files. Their sources hold only a title, a toctree and a list placeholder, so they
depend only on which years, days and categories exist; the lists themselves are filled in from the
domain while pages are written (:mod:`.lists`), and stay right on incremental builds. Almanac owns
the folders of :data:`FOLDERS`: a file there that Almanac did not write is never overwritten or
deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sphinx.application import Sphinx

from ..core.files import decode, write_atomically
from ..core.frontmatter import FrontMatterError
from ..core.kinds import ENTITY_KINDS
from ..core.model import EVENT_STEM, Event, PartialDate, day_title
from ..core.problems import Finding, Problem
from ..core.schema import SLUG_RE
from .book import book_pages
from .pagetext import CALENDAR, FOLDERS, MARKER_PREFIX, listing, page, page_docname, toctree
from .config import category_name, directory
from .diagnostics import warn
from .nodes import domain_of
from .reading import cached_front_matter

#: The dates of each kind that put a page on a day (events: their file name).
DAY_KEYS = {"person": ("born", "died"), "mission": ("launch",)}


@dataclass
class Facts:
    """What decides which generated pages exist: years, days of the year and categories."""

    years: set[str] = field(default_factory=set)
    days: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)


def wanted_pages(app: Sphinx, facts: Facts, reference: list[str]) -> dict[str, str]:
    """Path (relative to the source folder) -> text of every generated page."""
    events_directory = directory(app.config, "event")
    pages = {
        # The list first: in the PDF a toctree is replaced by its pages, and the list opens the chapter.
        f"{page_docname('year', year)}.md": page(year, listing("months", year), listing("year", year),
                                                 toctree(f"/{events_directory}/{year}-*"))
        for year in facts.years
    }
    pages.update({f"{page_docname('day', day)}.md": page(day_title(day), listing("day", day)) for day in facts.days})
    pages[f"{CALENDAR}.md"] = page(
        "On this day",
        "Every day of the year: what happened on it, who was born and who died, what was launched. "
        "Pick a day to see it in every year.",
        "```{almanac-today}\n```",
        "```{almanac-subscribe}\n```",
        listing("calendar"),
        toctree("*"),
    )
    categories = sorted(facts.categories)
    pages.update({f"{page_docname('category', slug)}.md": page(category_name(app.config, slug), "```{almanac-subscribe} " + slug + "\n```",
                                                                listing("category", slug))
                  for slug in categories})
    pages[f"{page_docname('category', 'index')}.md"] = page(
        "Categories", "Events by country and by theme.", listing("categories"), *([toctree("*")] if categories else []))
    pages.update(book_pages(app.config, [page_docname("year", year) for year in sorted(facts.years)], reference))
    return pages


def _is_generated(path: Path) -> bool:
    """True for a page Almanac wrote: the marker is on its first line, or its second (front matter)."""
    with path.open(encoding="utf-8", errors="replace") as file:
        head = [file.readline(), file.readline()]
    return any(line.lstrip("%# ").startswith(MARKER_PREFIX) for line in head)


def _front_matter(text: str) -> dict[str, Any]:
    """The front matter's values of a page; nothing if it cannot be read yet (reading reports why)."""
    try:
        front_matter = cached_front_matter(text)
    except FrontMatterError:
        return {}
    return front_matter.values if front_matter else {}


def _day(value: Any) -> str | None:
    try:
        return PartialDate.parse(str(value)).day_key
    except ValueError:
        return None


def collect_facts(app: Sphinx) -> Facts:
    """Years, days and categories from every entity page.

    A page unchanged since the last build is not parsed again: its record already says. Others
    are parsed once for the whole build (:func:`.reading.cached_front_matter`), and only what is
    needed is taken, as their records will have it; reading them reports their problems.
    """
    facts = Facts()
    records = domain_of(app.env).records
    srcdir = Path(app.srcdir)
    for kind in ENTITY_KINDS:
        folder = directory(app.config, kind)
        for path in sorted((srcdir / folder).glob("*.md")):
            if path.stem == "index":
                continue
            docname = f"{folder}/{path.stem}"
            record = records.get(docname)
            read_at = app.env.all_docs.get(docname)
            unchanged = record is not None and read_at is not None and -(path.stat().st_mtime_ns // -1000) <= read_at
            # Only a changed page is read here: an unchanged one's record says all that is needed.
            text = "" if unchanged else decode(path.read_bytes())
            if isinstance(text, Finding):
                continue  # left out of the build (see .reading): it makes no page exist
            if kind == "event":
                match = EVENT_STEM.fullmatch(path.stem)
                if match is None:
                    continue
                facts.years.add(match["date"][:4])
                facts.days.update([match["date"][5:]] if len(match["date"]) == 10 else [])
                if unchanged:
                    facts.categories.update(cast(Event, record).categories)
                else:
                    categories = _front_matter(text).get("categories")
                    # As the record would have it: a list with any invalid slug is left out whole.
                    if isinstance(categories, list) and all(isinstance(c, str) and SLUG_RE.fullmatch(c) for c in categories):
                        facts.categories.update(categories)
                continue
            keys = DAY_KEYS.get(kind, ())
            if unchanged:
                days = [date.day_key for date in (getattr(record, key) for key in keys) if date is not None]
            else:
                values = _front_matter(text)
                days = [_day(values[key]) for key in keys if key in values]
            facts.days.update(day for day in days if day)
    return facts


def write_generated_pages(app: Sphinx) -> None:
    """Bring the generated folders in line with the events; touch only files that change."""
    srcdir = Path(app.srcdir)
    cached_front_matter.cache_clear()  # a new build: files may have changed since the last one
    facts = collect_facts(app)
    reference = [docname for docname in (*(f"{directory(app.config, kind)}/index" for kind in ENTITY_KINDS if kind != "event"),
                                         "bibliography")
                 if (srcdir / f"{docname}.md").exists()]
    wanted = {srcdir / relative: text
              for relative, text in wanted_pages(app, facts, reference).items()}
    for path, text in sorted(wanted.items()):
        if path.exists():
            if not _is_generated(path):
                docname = path.relative_to(srcdir).with_suffix("").as_posix()
                warn(Problem.GENERATED_CONFLICT,
                     f"{path.name} was not written by Almanac, so it is kept; move it out of "
                     f"{path.parent.name}/ to get the generated page",
                     (docname, 1))
                continue
            if path.read_text(encoding="utf-8") == text:
                continue
        write_atomically(path, text)
    for folder in FOLDERS.values():
        for path in (srcdir / folder).glob("*.md"):
            if path not in wanted and _is_generated(path):
                path.unlink()


def setup_generated(app: Sphinx) -> None:
    app.connect("builder-inited", write_generated_pages)
