"""Index entries naming each page's people, missions and place: Sphinx's search index and the book's index.

They need other pages' names, so they are added while pages are written. The terms themselves
are :func:`~.lists.entity_terms` and :func:`~.lists.book_terms`, which are also what a page
shows of the entities it refers to (:func:`~.lists.shown`), so a page is rewritten when they change.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.search.en import SearchEnglish
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.files import write_if_changed
from ..core.model import Entity, Event
from .lists import book_terms, entity_terms
from .nodes import domain_of


def _pages(document: nodes.document, docname: str) -> Iterable[tuple[str, nodes.section]]:
    """Each page in *document* with its title section.

    A page is usually a document of its own; the LaTeX builder joins all pages into one tree,
    marking where each starts with ``start_of_file``.
    """
    starts = list(document.findall(addnodes.start_of_file))
    parts = [(start["docname"], start) for start in starts] if starts else [(docname, document)]
    for name, part in parts:
        section = next(iter(part.findall(nodes.section)), None)
        if section is not None:
            yield name, section


class IndexEntriesTransform(SphinxPostTransform):
    """Index entries for the people and missions of each page, for the search index.

    Marked "main", so a person's events rank with the person's own page, above pages that only
    mention the name.
    """

    # Needs only the records; before the writers, after nothing in particular.
    default_priority = 600
    formats: tuple[str, ...] = ("html",)
    terms: Callable[[Entity], tuple[str, ...]] = staticmethod(entity_terms)
    #: Places are long descriptions; full-text search finds their words, the book index lists them.
    index_places = False

    def run(self, **kwargs: Any) -> None:
        domain = domain_of(self.env)
        for docname, section in _pages(self.document, self.env.docname):
            record = domain.records.get(docname)
            if record is not None:
                entries = [("single", term, "", "main", None) for term in dict.fromkeys(self.entries(domain, record))]
                section.insert(1, addnodes.index(entries=entries))

    def entries(self, domain: Any, record: Entity) -> list[str]:
        terms = list(self.terms(record))
        if isinstance(record, Event):
            for kind, refs in record.references:
                for ref in refs:
                    other = domain.lookup(kind, ref.slug)
                    terms += self.terms(other) if other is not None else []
            terms += [record.place] if record.place and self.index_places else []
        return terms


class BookIndexEntriesTransform(IndexEntriesTransform):
    """The same entries for the PDF's back-of-book index, in the book convention: "Leonov, Alexei"."""

    formats = ("latex",)
    terms = staticmethod(book_terms)
    index_places = True


# -- keeping the index entries of unchanged pages --------------------------------------------------
#
# Sphinx (9.0) collects a page's index entries for searchindex.js while writing it, into the
# environment, which it saved before writing; unlike the words and titles, it does not read them
# back from the previous searchindex.js. So an incremental build drops the entries of every page it
# does not rewrite (a no-op build all of them), and searching a name no longer ranks its events
# first. They are kept here, in the doctree folder, and given back to the environment before the
# pages are written; a page that is rewritten gets its own anew.

def _kept_entries(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "almanac-search-entries.json"


def restore_index_entries(app: Sphinx, env: BuildEnvironment) -> None:
    entries = getattr(env, "_search_index_index_entries", None)
    if not isinstance(entries, dict) or app.builder.format != "html":
        return
    try:
        kept = json.loads(_kept_entries(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for docname, page_entries in kept.items() if isinstance(kept, dict) else ():
        if docname in env.all_docs and docname not in entries:
            entries[docname] = [tuple(entry) for entry in page_entries]


def keep_index_entries(app: Sphinx, exception: Exception | None) -> None:
    entries = getattr(app.env, "_search_index_index_entries", None)
    if exception is None and isinstance(entries, dict) and app.builder.format == "html":
        write_if_changed(_kept_entries(app), json.dumps(dict(sorted(entries.items())), ensure_ascii=False))


#: Distinct words whose stems English search remembers; a site's vocabulary is far smaller.
REMEMBERED_STEMS = 200_000


class RememberingEnglish(SearchEnglish):
    """Sphinx's English search, remembering each word's stem for the whole build.

    Sphinx remembers stems only within one page, so every page stemmed its words again: an eighth
    of the main process's work in a parallel build, where every page is indexed one after another.
    """

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.stem = functools.lru_cache(maxsize=REMEMBERED_STEMS)(super().stem)  # type: ignore[method-assign]


def setup_search(app: Sphinx) -> None:
    app.add_search_language(RememberingEnglish)
    app.connect("env-updated", restore_index_entries)
    app.connect("build-finished", keep_index_entries)
