"""Generated pages: years, calendar days and categories, each listing its events, and the book's parts.

They are written into the source folder before reading (as autosummary writes its stubs), because
Sphinx reads only files. Their sources hold only a title, a toctree and a list placeholder, so they
depend only on which years, days and categories exist; the lists themselves are filled in from the
domain while pages are written (:mod:`.lists`), and stay right on incremental builds. Almanac owns
the folders of :data:`FOLDERS`: a file there that Almanac did not write is never overwritten or
deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx

from ..core.files import write_atomically
from ..core.frontmatter import FrontMatterError, parse_front_matter
from ..core.model import EVENT_STEM, Event, day_title
from ..core.problems import Problem
from ..core.schema import SLUG_RE
from .book import BOOK_FOLDER, book_pages
from .pagetext import MARKER_PREFIX, listing, page, toctree
from .config import category_name, directory
from .diagnostics import warn
from .nodes import domain_of

#: The folder of each kind of generated page.
FOLDERS = {"year": "years", "day": "on-this-day", "category": "categories", "book": BOOK_FOLDER}
CALENDAR = f"{FOLDERS['day']}/index"


def page_docname(kind: str, name: str) -> str:
    """``page_docname("year", "1965")`` -> ``years/1965``."""
    return f"{FOLDERS[kind]}/{name}"


def wanted_pages(app: Sphinx, event_stems: Iterable[str], categories: list[str], reference: list[str]) -> dict[str, str]:
    """Path (relative to the source folder) -> text of every generated page."""
    events_directory = directory(app.config, "event")
    years: set[str] = set()
    days: set[str] = set()
    for stem in event_stems:
        match = EVENT_STEM.fullmatch(stem)
        if match:
            years.add(match["date"][:4])
            if len(match["date"]) == 10:
                days.add(match["date"][5:])
    pages = {
        # The list first: in the PDF a toctree is replaced by its pages, and the list opens the chapter.
        f"{page_docname('year', year)}.md": page(year, listing("year", year), toctree(f"/{events_directory}/{year}-*"))
        for year in years
    }
    pages.update({f"{page_docname('day', day)}.md": page(day_title(day), listing("day", day)) for day in days})
    pages[f"{CALENDAR}.md"] = page(
        "On this day",
        "Every day of the year that has events. Pick a day to see what happened on it, in every year.",
        "```{almanac-today}\n```",
        listing("calendar"),
        toctree("*"),
    )
    pages.update({f"{page_docname('category', slug)}.md": page(category_name(app.config, slug), listing("category", slug))
                  for slug in categories})
    pages[f"{page_docname('category', 'index')}.md"] = page(
        "Categories", "Events by country and by theme.", listing("categories"), *([toctree("*")] if categories else []))
    pages.update(book_pages(app.config, [page_docname("year", year) for year in sorted(years)], reference))
    return pages


def _is_generated(path: Path) -> bool:
    """True for a page Almanac wrote: the marker is on its first line, or its second (front matter)."""
    with path.open(encoding="utf-8", errors="replace") as file:
        head = [file.readline(), file.readline()]
    return any(line.lstrip("%# ").startswith(MARKER_PREFIX) for line in head)


def event_categories(app: Sphinx, path: Path) -> list[str]:
    """The category slugs an event's front matter names; nothing if it cannot be read yet.

    Only what is needed to know which category pages exist; reading the page reports its problems.
    A page unchanged since the last build is not parsed again: its record already says.
    """
    docname = f"{directory(app.config, 'event')}/{path.stem}"
    record = domain_of(app.env).records.get(docname)
    read_at = app.env.all_docs.get(docname)
    if isinstance(record, Event) and read_at is not None and -(path.stat().st_mtime_ns // -1000) <= read_at:
        return list(record.categories)
    try:
        front_matter = parse_front_matter(path.read_text(encoding="utf-8"))
    except (FrontMatterError, UnicodeDecodeError):
        return []
    categories = front_matter.values.get("categories") if front_matter else None
    # As the record would have it: a list with any invalid slug is left out whole (and reported).
    if not isinstance(categories, list) or not all(isinstance(s, str) and SLUG_RE.fullmatch(s) for s in categories):
        return []
    return categories


def write_generated_pages(app: Sphinx) -> None:
    """Bring the generated folders in line with the events; touch only files that change."""
    srcdir = Path(app.srcdir)
    event_files = sorted((srcdir / directory(app.config, "event")).glob("*.md"))
    categories = sorted({slug for path in event_files for slug in event_categories(app, path)})
    reference = [docname for docname in (f"{directory(app.config, 'person')}/index",
                                         f"{directory(app.config, 'mission')}/index", "bibliography")
                 if (srcdir / f"{docname}.md").exists()]
    wanted = {srcdir / relative: text
              for relative, text in wanted_pages(app, (p.stem for p in event_files), categories, reference).items()}
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
