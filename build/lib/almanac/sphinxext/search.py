"""Index entries naming each page's people, missions and place: Sphinx's search index and the book's index.

They need other pages' names, so they are added while pages are written. The terms themselves
are :func:`~.lists.entity_terms` and :func:`~.lists.book_terms`, which are also what a page's
fingerprint records of the entities it refers to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

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
