"""Page layout: the read-time transform that lays out event, person, mission and place pages from their records."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any, cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.transforms import SphinxTransform

from ..core.model import Entity, Event, Kind, Mission, PartialDate, Person, Place, SlugRef, day_title
from .citations import SOURCE_CLASS, SUMMARY_SOURCES_CLASS, sources
from .config import category_name, kind_of
from .pagetext import page_docname
from .nodes import DOMAIN_NAME, SOURCES_SECTION_CLASS, WEB_ONLY_CLASS, derived_list, doc_link, domain_of


class EntityPageTransform(SphinxTransform):
    """Lays out an event, person, mission or place page from its record.

    Layout: title (from front matter), a card of facts, the image, the author's text, the reflection
    question, the generated lists (events, missions), and the sources.
    """

    # After MyST's CollectFootnotes (623), which moves every footnote to the end of the page, so
    # the sources can be gathered back; before SmartQuotes (750) so generated text gets typographic
    # quotes; before SphinxDomains (850) so the new sections are registered as targets; before
    # DoctreeReadEvent (880) so the title and TOC collectors see the finished page.
    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        domain = domain_of(self.env)
        record = domain.records.get(self.env.docname)
        summary_citations = self._take_summary_citations()
        sources_node = self._take_sources()
        if record is None:
            if kind_of(self.config, self.env.docname) is not None:
                # An entity page whose front matter is too broken for a record (already reported):
                # still give it a title, so navigation and search can show it.
                metadata = self.env.metadata.get(self.env.docname, {})
                title = metadata.get("title") or metadata.get("name") or self.env.docname.rsplit("/", 1)[-1]
                page = self._title_section(str(title))
                if sources_node is not None:
                    page += sources_node
            return
        page = self._title_section(record.display_name)
        page.insert(1, self._card(record, summary_citations))
        if isinstance(record, Event):
            if record.image is not None:
                page.insert(2, self._figure(record))
            if record.question:
                page += self._question(record.question)
            page += nodes.container("", derived_list(key=("neighbours", record.docname)),
                                    classes=[WEB_ONLY_CLASS, "almanac-neighbours"])
        elif isinstance(record, Person):
            page += self._section("Events", derived_list(key=("events-of", record.docname)))
            page += self._section("Missions flown", derived_list(key=("missions-of", record.docname)))
        elif isinstance(record, Place):
            if record.coordinates is not None:
                page.insert(2, derived_list(key=("locator", record.docname)))
            page += self._section("Events", derived_list(key=("events-of", record.docname)))
            page += self._section("Missions", derived_list(key=("missions-at", record.docname)))
        else:
            page += self._section("Events", derived_list(key=("events-of", record.docname)))
        if sources_node is not None:
            page += sources_node

    def _take_summary_citations(self) -> list[nodes.Node]:
        """The citation marks of an event's ``sources`` (see :mod:`.reading`), taken out of the page."""
        marks: list[nodes.Node] = []
        for container in list(self.document.findall(nodes.container)):
            if SUMMARY_SOURCES_CLASS in container["classes"]:
                for paragraph in container.findall(nodes.paragraph):
                    marks.extend(paragraph.children)
                container.parent.remove(container)
        return marks

    def _take_sources(self) -> nodes.section | None:
        """Remove the page's source footnotes from wherever they are; return them as a section."""
        for placeholder in list(self.document.findall(sources)):
            placeholder.parent.remove(placeholder)
        footnotes = [node for node in self.document.findall(nodes.footnote) if SOURCE_CLASS in node["classes"]]
        for footnote in footnotes:
            footnote.parent.remove(footnote)
        last = self.document.children[-1] if self.document.children else None
        if isinstance(last, nodes.transition) and "footnotes" in last["classes"]:
            self.document.remove(last)  # MyST's rule above the footnotes, now above nothing
        if not footnotes:
            return None
        section = self._section("Sources", *footnotes)
        section["classes"].append(SOURCES_SECTION_CLASS)
        return section

    def _title_section(self, title: str) -> nodes.section:
        """Wrap the page's content in a section titled from front matter; keep the docinfo first."""
        document = self.document
        start = 0
        while start < len(document) and isinstance(document[start], (nodes.docinfo, nodes.comment)):
            start += 1
        section = nodes.section("", nodes.title(title, title), names=[nodes.fully_normalize_name(title)])
        content = document.children[start:]
        del document[start:]
        section.extend(content)
        document += section
        document.note_implicit_target(section, section)
        return section

    def _section(self, title: str, *body: nodes.Node) -> nodes.section:
        """A section the layout adds, under a title every such page repeats ("Sources", "Events")."""
        section = nodes.section("", _unsearched_title(title), *body, names=[nodes.fully_normalize_name(title)])
        self.document.note_implicit_target(section, section)
        return section

    def _card(self, record: Entity, summary_citations: list[nodes.Node]) -> nodes.container:
        rows: list[tuple[str, list[nodes.Node]]]
        if isinstance(record, Event):
            # The place in words, then its pages: "Baikonur Cosmodrome, Kazakh SSR (Baikonur Cosmodrome)".
            place, linked = _text(record.place), self._refs("place", record.places)
            if linked:
                place = [*place, nodes.Text(" ("), *linked, nodes.Text(")")] if place else linked
            rows = [("Date", self._date(record)), ("Place", place)]
            rows += [("People", self._refs("person", record.people)),
                     ("Missions", self._refs("mission", record.missions)),
                     ("Categories", _joined(self._doc_ref(page_docname("category", slug), category_name(self.config, slug))
                                            for slug in record.categories))]
            summary = [(label, _text(text)) for label, text in record.summary.items()]
            if summary_citations:
                # The sources back the summary: their marks follow its first line (or stand alone).
                if summary:
                    summary[0] = (summary[0][0], [*summary[0][1], nodes.Text(" "), *summary_citations])
                else:
                    summary = [("Sources", summary_citations)]
            rows += summary
        elif isinstance(record, Person):
            rows = [("Name", _text(record.name)), ("Native name", _text(record.native_name)),
                    ("Born", _text(_with_old_style(record.born, record.born_old_style))),
                    ("Died", _text(_with_old_style(record.died, record.died_old_style))),
                    ("Nationality", _text(record.nationality)), ("Roles", _text(", ".join(record.roles))),
                    ("Wikidata", _link(f"https://www.wikidata.org/wiki/{record.wikidata}", record.wikidata))]
        elif isinstance(record, Place):
            coordinates = _text(record.coordinates.human() if record.coordinates else None)
            if coordinates and summary_citations:
                coordinates += [nodes.Text(" "), *summary_citations]
            rows = [("Name", _text(record.name)), ("Native name", _text(record.native_name)),
                    ("Also known as", _text("; ".join(record.other_names))),
                    ("Kind", _text(record.place_kind)), ("World", _text(record.body)),
                    ("Coordinates", coordinates), ("Country", _text(record.country))]
        else:
            mission = cast(Mission, record)
            rows = [("Program", _text(mission.program)), ("Agency", _text(mission.agency)),
                    ("Launch", _text(mission.launch.human() if mission.launch else None)),
                    ("Launch site", self._refs("place", [mission.launch_site] if mission.launch_site else [])),
                    ("Landing site", self._refs("place", [mission.landing_site] if mission.landing_site else [])),
                    ("End", _text(mission.end.human() if mission.end else None)),
                    ("Crew", self._refs("person", mission.crew)), ("Spacecraft", _text(mission.spacecraft)),
                    ("COSPAR ID", _text(mission.cospar))]
        fields = nodes.field_list()
        for label, body in rows:
            if body:
                fields += nodes.field("", nodes.field_name(label, label), nodes.field_body("", nodes.paragraph("", "", *body)))
        return nodes.container("", fields, classes=["almanac-card", f"almanac-{record.kind}-card"])

    def _refs(self, kind: Kind, refs: Iterable[SlugRef]) -> list[nodes.Node]:
        def xref(ref: SlugRef) -> pending_xref:
            node = pending_xref("", nodes.inline(ref.slug, ref.slug, classes=["xref", DOMAIN_NAME, f"{DOMAIN_NAME}-{kind}"]),
                                refdomain=DOMAIN_NAME, reftype=kind, reftarget=ref.slug, refexplicit=False,
                                refwarn=True, refdoc=self.env.docname)
            node.source, node.line = self.document["source"], ref.line
            return node

        return _joined(xref(ref) for ref in refs)

    def _doc_ref(self, docname: str, text: str) -> nodes.Node:
        """A link to a generated year, day or category page, through Sphinx's ``doc`` role.

        Plain text when there is no such page: these pages are made from file names, so a file
        whose name disagrees with its date (reported as almanac.date-mismatch) may have none.
        """
        if docname not in self.env.found_docs:
            return nodes.Text(text)
        return doc_link(docname, text, self.env.docname)

    def _date(self, event: Event) -> list[nodes.Node]:
        """The date, with its day linked to the day's page and its year to the year's page."""
        date = event.date
        year = self._doc_ref(page_docname("year", str(date.year)), str(date.year))
        if date.day_key is not None:
            parts: list[nodes.Node] = [self._doc_ref(page_docname("day", date.day_key), day_title(date.day_key)),
                                       nodes.Text(" "), year]
        else:
            parts = [nodes.Text(date.human().removesuffix(str(date.year))), year]
        if event.end:
            parts.append(nodes.Text(f" – {event.end.human()}"))
        return parts

    def _figure(self, event: Event) -> nodes.figure:
        assert event.image is not None
        image = nodes.image(uri=event.image.file, alt=event.image.alt, candidates={})
        image.source, image.line = self.document["source"], event.image.line
        # The alternative text describes the picture for those who cannot see it; the caption
        # says whose it is (repeating the description would make screen readers read it twice).
        credit = f"Image: {event.image.credit}"
        caption = nodes.caption(credit, credit)
        figure = nodes.figure("", image, caption, classes=["almanac-image"])
        self.document.set_id(figure)  # writers expect a figure to have an id
        return figure

    def _question(self, question: str) -> nodes.admonition:
        title = "A question to reflect on"
        return nodes.admonition("", _unsearched_title(title), nodes.paragraph(question, question),
                                classes=["almanac-question", "hint"])


def _unsearched_title(title: str) -> nodes.title:
    """A title the layout repeats on every page of a kind, left out of the search index (Sphinx's
    ``no-search`` class): searching "sources" would list every event, and the index that every
    search loads is 7% smaller without them (1,000 synthetic events)."""
    return nodes.title(title, title, classes=["no-search"])


class HeadingStartFilter(logging.Filter):
    """Drops MyST's "Document headings start at H2, not H1" for entity pages only.

    Entity pages get their H1 from front matter (:class:`EntityPageTransform`), so their ``##``
    sections are correctly placed; MyST checks headings before that title exists. Every other
    heading warning, and this one on any other page, still comes through.
    """

    def __init__(self, app: Any) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        location = getattr(record, "location", None)
        if not (isinstance(location, tuple) and record.getMessage() == "Document headings start at H2, not H1"):
            return True
        return kind_of(self.app.config, location[0]) is None


def _with_old_style(date: PartialDate | None, old_style: PartialDate | None) -> str | None:
    """``12 January 1907 (30 December 1906 old style)``: the Gregorian date, and the Julian one if given."""
    if date is None:
        return None
    return f"{date.human()} ({old_style.human()} old style)" if old_style else date.human()


def _text(value: str | None) -> list[nodes.Node]:
    return [nodes.Text(value)] if value else []


def _joined(items: Iterable[nodes.Node]) -> list[nodes.Node]:
    """*items* separated by commas."""
    result: list[nodes.Node] = []
    for item in items:
        if result:
            result.append(nodes.Text(", "))
        result.append(item)
    return result


def _link(url: str, label: str | None) -> list[nodes.Node]:
    return [nodes.reference(label, label, refuri=url)] if label else []
