"""Directives: the sources of a page, and lists of events computed from the whole knowledge base."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.foot_directives import FootBibliographyDirective

from .nodes import derived_list

#: Appended to the source of every event, person and mission page (after the author's last line,
#: so line numbers in warnings stay true); :mod:`almanac.transforms` turns it into a "Sources" section.
SOURCES_DIRECTIVE = "\n\n```{almanac-sources}\n```\n"


#: The class of the footnotes that list a page's sources.
SOURCE_CLASS = "almanac-source"


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


class EventListDirective(SphinxDirective):
    """``{almanac-events}`` with ``:year: 1965``: the year's events with their dates and summaries."""

    option_spec = {"year": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        node = derived_list(key=("year", self.options["year"].strip()))
        self.set_source_info(node)
        return [node]
