"""Post-transforms: what a page shows of the whole knowledge base, filled in while it is written.

Every list comes from the domain's derived data (read-only here) and replaces a
:class:`~almanac.nodes.derived_list` placeholder. Index entries for people, missions and places are
added here too, because they need other pages' names: they feed the search index (HTML) and the
back-of-book index (LaTeX).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from itertools import groupby
from typing import Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.addnodes import pending_xref
from sphinx.transforms.post_transforms import SphinxPostTransform

from .config import category_name
from .domain import AlmanacDomain
from .directives import SOURCES_SECTION_CLASS, WEB_ONLY_CLASS
from .generated import CATEGORIES, DAYS, YEARS, day_title
from .model import Entity, Event, Mission, Person
from .nodes import derived_list
from .roles import DOMAIN_NAME


class DerivedListTransform(SphinxPostTransform):
    """Replaces every ``derived_list`` placeholder with its list, read from the domain."""

    # After sphinxcontrib-bibtex's BibliographyTransform (5), whose citations "cited-by" annotates;
    # before Sphinx's ReferencesResolver (10), which resolves the links these lists are made of.
    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        self.domain = cast(AlmanacDomain, self.env.get_domain(DOMAIN_NAME))
        renderers: dict[str, Callable[[str], list[nodes.Node]]] = {
            "events-of": lambda target: self._events(self.domain.listing(("events-of", target))),
            "missions-of": self._missions_of,
            "year": lambda target: self._events(self.domain.listing(("year", target)), summary=True),
            "day": lambda target: self._events(self.domain.listing(("day", target)), summary=True, year_only=True),
            "category": lambda target: self._events(self.domain.listing(("category", target)), summary=True),
            "latest": lambda target: self._events(self.domain.listing(("latest", target)), summary=True),
            "neighbours": self._neighbours,
            "timeline": self._timeline,
            "index": self._index,
            "categories": self._categories,
            "calendar": self._calendar,
            "cited-by": self._cited_by,
        }
        for node in list(self.document.findall(derived_list)):
            kind, target = node.key
            node.replace_self(renderers[kind](target))

    # -- links ---------------------------------------------------------------------------------

    def _ref(self, docname: str, text: str) -> nodes.Node:
        """A link to *docname*, or plain text where that page is not part of this build."""
        label = nodes.inline(text, text)
        if docname not in self.env.all_docs:
            return label
        return pending_xref("", label, refdomain="std", reftype="doc", reftarget=f"/{docname}",
                            refexplicit=True, refwarn=True, refdoc=self.env.docname)

    def _entity(self, record: Entity) -> nodes.Node:
        return self._ref(record.docname, record.display_name)

    # -- renderers -----------------------------------------------------------------------------

    def _events(self, docnames: Iterable[str], summary: bool = False, year_only: bool = False) -> list[nodes.Node]:
        items = []
        for docname in docnames:
            event = self.domain.event(docname)
            when = str(event.date.year) if year_only else event.date.human()
            paragraph = nodes.paragraph("", "", nodes.strong(when, when), nodes.Text(" — "), self._entity(event))
            if summary and event.summary.event:
                paragraph += nodes.Text(f": {event.summary.event}")
            items.append(nodes.list_item("", paragraph))
        return [_list(items, "No events yet.")]

    def _missions_of(self, target: str) -> list[nodes.Node]:
        items = []
        for docname in self.domain.listing(("missions-of", target)):
            mission = cast(Mission, self.domain.records[docname])
            paragraph = nodes.paragraph("", "", self._entity(mission))
            if mission.launch:
                paragraph += nodes.Text(f" (launched {mission.launch.human()})")
            items.append(nodes.list_item("", paragraph))
        return [_list(items, "No missions flown.")]

    def _neighbours(self, target: str) -> list[nodes.Node]:
        paragraph = nodes.paragraph(classes=["almanac-neighbours"])
        for docname, label in zip(self.domain.neighbours(target), ("Previous event", "Next event")):
            if docname is not None:
                event = self.domain.event(docname)
                if len(paragraph):
                    paragraph += nodes.Text(" · ")
                paragraph += [nodes.Text(f"{label}: "), self._entity(event), nodes.Text(f" ({event.date.human()})")]
        return [paragraph] if len(paragraph) else []

    def _timeline(self, target: str) -> list[nodes.Node]:
        events = [self.domain.event(d) for d in self.domain.listing(("timeline", target))]
        result: list[nodes.Node] = []
        for decade, in_decade in groupby(events, key=lambda e: e.date.year // 10 * 10):
            result.append(nodes.rubric(f"{decade}s", f"{decade}s", classes=["almanac-decade"]))
            years = []
            for year, in_year in groupby(in_decade, key=lambda e: e.date.year):
                listing = self._events((e.docname for e in in_year))
                heading = nodes.paragraph("", "", nodes.strong("", "", self._ref(f"{YEARS}/{year}", str(year))))
                years.append(nodes.list_item("", heading, *listing))
            result.append(nodes.bullet_list("", *years, classes=["almanac-timeline"]))
        return result or [nodes.paragraph("No events yet.", "No events yet.")]

    def _index(self, target: str) -> list[nodes.Node]:
        items = []
        for docname in self.domain.listing(("index", target)):
            record = self.domain.records[docname]
            lifespan = _lifespan(record)
            paragraph = nodes.paragraph("", "", self._entity(record), nodes.Text(f" ({lifespan})" if lifespan else ""),
                                        nodes.Text(_event_count(len(self.domain.listing(("events-of", docname))))))
            items.append(nodes.list_item("", paragraph))
        return [_list(items, "None yet.")]

    def _categories(self, target: str) -> list[nodes.Node]:
        items = []
        for slug, count in self.domain.categories().items():
            link = self._ref(f"{CATEGORIES}/{slug}", category_name(self.config, slug))
            items.append(nodes.list_item("", nodes.paragraph("", "", link, nodes.Text(_event_count(count)))))
        return [_list(items, "No categories yet.")]

    def _calendar(self, target: str) -> list[nodes.Node]:
        """The year as 12 months of days; days with events link to their page (leap day included)."""
        months = []
        for month in range(1, 13):
            days = []
            for day in range(1, calendar.monthrange(2024, month)[1] + 1):
                key = f"{month:02d}-{day:02d}"
                count = len(self.domain.listing(("day", key)))
                classes = ["almanac-day", f"almanac-day-{key}"] + (["almanac-has-events"] if count else [])
                label: nodes.Node = self._ref(f"{DAYS}/{key}", str(day)) if count else nodes.inline(str(day), str(day))
                days.append(nodes.list_item("", nodes.paragraph("", "", label), classes=classes))
            name = calendar.month_name[month]
            months.append(nodes.container("", nodes.rubric(name, name), nodes.bullet_list("", *days),
                                          classes=["almanac-month"]))
        return [nodes.container("", *months, classes=["almanac-calendar"])]

    def _cited_by(self, target: str) -> list[nodes.Node]:
        """Adds "Cited by" under every citation that sphinxcontrib-bibtex put on this page."""
        bibtex = self.env.get_domain("cite")
        ids = {node_id: node for node in self.document.findall(nodes.citation) for node_id in node["ids"]}
        for citation in bibtex.citations:  # type: ignore[attr-defined]
            node = ids.get(citation.citation_id)
            events = self.domain.derived.cited_by.get(citation.key, ())
            if node is None or not events:
                continue
            line = nodes.paragraph("", "Cited by: ", classes=["almanac-cited-by"])
            for position, docname in enumerate(events):
                line += [nodes.Text(", ")] if position else []
                line += self._entity(self.domain.event(docname))
            node += line
        return []


def _list(items: list[nodes.Node], empty: str) -> nodes.Node:
    if not items:
        return nodes.paragraph(empty, empty)
    return nodes.bullet_list("", *items, classes=["almanac-list"])


def _event_count(count: int) -> str:
    return f" — {count} event{'s' if count != 1 else ''}"


def _lifespan(record: Entity) -> str:
    if isinstance(record, Person):
        born, died = record.born, record.died
        if born and died:
            return f"{born.year}–{died.year}"
        return f"born {born.year}" if born else ""
    if isinstance(record, Mission) and record.launch:
        return record.launch.human()
    return ""


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


def _family_first(person: Person) -> str:
    """``Alexei Leonov`` -> ``Leonov, Alexei``, as a back-of-book index lists people."""
    given = person.name.removesuffix(person.family_name).strip()
    return f"{person.family_name}, {given}" if given else person.family_name


class IndexEntriesTransform(SphinxPostTransform):
    """Index entries for the people, missions and place of each page, for the search index.

    Short entries (a family name, a mission name), because Sphinx's search matches an index entry
    only when the query is at least half of it, and ranks such matches first. Marked "main", so a
    person's events rank with the person's own page, above pages that only mention the name.
    """

    # Needs only the records; before the writers, after nothing in particular.
    default_priority = 600
    formats: tuple[str, ...] = ("html",)
    #: Places are long descriptions; full-text search finds their words, the book index lists them.
    index_places = False

    def run(self, **kwargs: Any) -> None:
        domain = cast(AlmanacDomain, self.env.get_domain(DOMAIN_NAME))
        for docname, section in _pages(self.document, self.env.docname):
            record = domain.records.get(docname)
            if record is not None:
                section.insert(1, addnodes.index(entries=self.entries(domain, record)))

    def entries(self, domain: AlmanacDomain, record: Entity) -> list[tuple[str, str, str, str, None]]:
        terms = list(self.terms(record))
        if isinstance(record, Event):
            for kind, refs in (("person", record.people), ("mission", record.missions)):
                for ref in refs:
                    other = domain.lookup(kind, ref.slug)
                    terms += self.terms(other) if other is not None else []
            terms += [record.place] if record.place and self.index_places else []
        return [("single", term, "", "main", None) for term in dict.fromkeys(terms)]

    def terms(self, record: Entity) -> list[str]:
        if isinstance(record, Event):
            return []
        terms = [record.display_name]
        if isinstance(record, Person):
            terms.append(record.family_name)
            if record.native_name:
                terms += [record.native_name, record.native_name.rpartition(" ")[2]]
        return terms


class BookIndexEntriesTransform(IndexEntriesTransform):
    """The same entries for the PDF's back-of-book index, in the book convention: "Leonov, Alexei"."""

    formats = ("latex",)
    index_places = True

    def terms(self, record: Entity) -> list[str]:
        if isinstance(record, Event):
            return []
        return [_family_first(record) if isinstance(record, Person) else record.name]


class BookTransform(SphinxPostTransform):
    """Makes the PDF read as a book: no web navigation, and sources as the footnotes they became.

    LaTeX prints each source as a footnote where it is cited, which leaves the web page's
    "Sources" section empty; it goes, like the previous/next links and the "today" block.
    """

    # After Sphinx's LaTeXFootnoteTransform (600), which moves the footnotes out of "Sources".
    default_priority = 700
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.Element)):
            classes = node.get("classes", [])
            if WEB_ONLY_CLASS in classes:
                node.parent.remove(node)
            elif SOURCES_SECTION_CLASS in classes and not any(node.findall(nodes.footnote)):
                node.parent.remove(node)
