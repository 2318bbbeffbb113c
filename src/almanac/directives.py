"""Directives: the sources of a page, and lists of events computed from the whole knowledge base."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.foot_directives import FootBibliographyDirective

from .nodes import derived_list

#: Appended to the source of every event, person and mission page (after the author's last line,
#: so line numbers in warnings stay true); :mod:`almanac.transforms` turns it into a "Sources" section.
SOURCES_DIRECTIVE = "\n\n```{almanac-sources}\n```\n"


#: The class of the footnotes that list a page's sources, and of the section that holds them.
SOURCE_CLASS = "almanac-source"
SOURCES_SECTION_CLASS = "almanac-sources"
#: The class of what only makes sense on the website (left out of the PDF).
WEB_ONLY_CLASS = "almanac-web-only"


class sources(nodes.General, nodes.Element):
    """The footnotes of the citations on one page, before they get their section."""


class SourcesDirective(FootBibliographyDirective):
    """The page's footnote bibliography (sphinxcontrib-bibtex), wrapped so it can be placed."""

    def run(self) -> Sequence[nodes.Node]:
        node = sources()
        node.extend(super().run())
        # MyST moves every footnote to the end of the page; the class lets the page transform
        # find these again and put them under "Sources".
        for footnote in node.findall(nodes.footnote):
            footnote["classes"].append(SOURCE_CLASS)
        return [node]


#: The lists ``{almanac-list}`` can show, and whether each needs a target.
LISTS = {
    "year": "a year, e.g. 1965",
    "day": "a calendar day, MM-DD",
    "category": "a category slug",
    "timeline": None,
    "latest": None,
    "calendar": None,
    "categories": None,
    "cited-by": None,
    "index": "person or mission",
}


class ListDirective(SphinxDirective):
    """``{almanac-list} KIND [TARGET]``: a list computed from the whole knowledge base.

    For example ``{almanac-list} year 1965``, ``{almanac-list} timeline`` or
    ``{almanac-list} index person``. It is filled in when the page is written, so it is always
    current, and the page is rewritten whenever what it shows changes.
    """

    required_arguments = 1
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        kind, target = self.arguments[0], (self.arguments[1] if len(self.arguments) > 1 else "")
        if kind not in LISTS:
            raise self.error(f"unknown list '{kind}'; one of: {', '.join(LISTS)}")
        if bool(LISTS[kind]) != bool(target):
            raise self.error(f"list '{kind}' needs {LISTS[kind]}" if LISTS[kind] else f"list '{kind}' takes no target")
        node = derived_list(key=(kind, target))
        self.set_source_info(node)
        return [node]


class TodayDirective(SphinxDirective):
    """``{almanac-today}``: today's events, filled in by the reader's browser from ``events.json``.

    Without JavaScript it shows a link to the calendar instead.
    """

    def run(self) -> list[nodes.Node]:
        calendar = pending_xref("", nodes.inline("", "the calendar"), refdomain="std", reftype="doc",
                                reftarget="/on-this-day/index", refexplicit=True, refwarn=True)
        self.set_source_info(calendar)
        fallback = nodes.paragraph("", "", nodes.Text("Today's events appear here when JavaScript is on; "
                                                      "every day's events are in "), calendar, nodes.Text("."))
        title = "Today in history"
        return [nodes.container("", nodes.rubric(title, title), fallback, classes=[WEB_ONLY_CLASS, "almanac-today"])]


class DownloadDirective(SphinxDirective):
    """``{almanac-download}``: the link to the PDF book (``almanac_pdf_url``), on the website only."""

    def run(self) -> list[nodes.Node]:
        url = self.config.almanac_pdf_url
        if url:
            link = nodes.reference("", "Download Almanac as a PDF book", refuri=url)
            paragraph = nodes.paragraph("", "", link, nodes.Text(": every event, person and mission, with an index."))
        else:
            paragraph = nodes.paragraph("", "The PDF book is made with ", nodes.literal("", "make pdf"), nodes.Text("; "),
                                        nodes.literal("", "make site"), nodes.Text(" builds it together with this site."))
        return [nodes.container("", paragraph, classes=[WEB_ONLY_CLASS, "almanac-download"])]
