"""Citations, through sphinxcontrib-bibtex: checked keys, each page's sources, and fast plugin lookups.

Every spelling of ``footcite`` goes through :class:`CheckedFootCiteRole`, so unknown keys are
located ``almanac.unknown-citation`` warnings and each page's citations are recorded in the
domain (for "no citation" and "cited by"). Every entity page ends with :data:`SOURCES_DIRECTIVE`,
its footnote bibliography, which the page layout puts under "Sources".
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from importlib.metadata import distributions
from typing import TYPE_CHECKING, Any, cast

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from docutils import nodes
from sphinxcontrib.bibtex.foot_directives import FootBibliographyDirective
from sphinxcontrib.bibtex.foot_roles import FootCiteRole

from ..core.problems import Problem
from .diagnostics import warn
from .nodes import domain_of

if TYPE_CHECKING:
    from sphinxcontrib.bibtex.domain import BibtexDomain

#: Appended to the source of every entity page (after the author's last line, so line numbers in
#: warnings stay true); the page layout turns it into a "Sources" section.
SOURCES_DIRECTIVE = "\n\n```{almanac-sources}\n```\n"
#: The class of the footnotes that list a page's sources.
SOURCE_CLASS = "almanac-source"
#: The class of the citations of an event's ``sources``, which the page layout puts on its summary.
SUMMARY_SOURCES_CLASS = "almanac-summary-sources"


def unknown_citation(env: Any, key: str) -> str | None:
    """Why *key* cannot be cited (with the closest key there is), or None when it is in the bibliography."""
    entries = cast("BibtexDomain", env.get_domain("cite")).bibdata.data.entries
    if key in entries:
        return None
    close = difflib.get_close_matches(key, list(entries), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"citation key '{key}' is not in the bibliography{hint}"


class CheckedFootCiteRole(FootCiteRole):
    """sphinxcontrib-bibtex's ``footcite``, with unknown keys reported as ``almanac.unknown-citation``."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        domain = domain_of(self.env)
        keys = [key.strip() for key in self.text.split(",") if key.strip()]
        known = []
        for key in keys:
            unknown = unknown_citation(self.env, key)
            if unknown is not None:
                warn(Problem.UNKNOWN_CITATION, unknown, (self.env.docname, self.lineno))
            else:
                known.append(key)
                domain.note_citation(self.env.docname, key)
        if not known:
            return [], []
        self.text = ", ".join(known)
        return super().run()


class sources(nodes.General, nodes.Element):
    """The footnotes of the citations on one page, before they get their section."""


class SourcesDirective(FootBibliographyDirective):
    """The page's footnote bibliography (sphinxcontrib-bibtex), wrapped so it can be placed."""

    def run(self) -> Sequence[nodes.Node]:
        node = sources()
        node.extend(super().run())
        # MyST moves every footnote to the end of the page; the class lets the page layout
        # find these again and put them under "Sources".
        for footnote in node.findall(nodes.footnote):
            footnote["classes"].append(SOURCE_CLASS)
        return [node]


FORMATTING_STYLES = "pybtex.style.formatting"
#: How many formatted entries a style keeps (a site's bibliography, many times over).
REMEMBERED_ENTRIES = 100_000


def remembering(style: type) -> type:
    """*style* (a pybtex formatting style), formatting each entry once rather than at every citation.

    sphinxcontrib-bibtex formats the entry anew for every ``{footcite}`` (4 ms each: most of the
    reading time of a page with five citations). An entry object is parsed once per build and never
    changed, so its formatting is kept with the object itself as the key's guard.
    """

    class Remembering(style):  # type: ignore[misc, valid-type]
        _formatted: dict[tuple[Any, ...], tuple[Any, Any]] = {}

        def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> Any:
            if bib_data is not None:  # cross-references may change what it says: not kept
                return super().format_entry(label, entry, bib_data=bib_data)
            key = (label, id(entry), type(self.name_style), self.abbreviate_names)
            kept = self._formatted.get(key)
            if kept is not None and kept[0] is entry:
                return kept[1]
            formatted = super().format_entry(label, entry)
            if len(self._formatted) > REMEMBERED_ENTRIES:
                self._formatted.clear()  # a long-lived process building many sites: start again
            self._formatted[key] = (entry, formatted)
            return formatted

    Remembering.__name__ = Remembering.__qualname__ = f"Remembering{style.__name__}"
    return Remembering


#: The pybtex plugin groups looked up for every citation: its styles. The others (output backends,
#: bibliography readers and writers, file suffixes) are looked up at most twice a build.
CITATION_PLUGIN_GROUPS = ("pybtex.style.",)


def preload_citation_plugins() -> None:
    """Register the plugins pybtex and sphinxcontrib-bibtex look up per citation, once, in their
    runtime registries.

    Both look a plugin up on every citation (a style, a backend) and, unless it is registered at
    runtime, scan the entry points of every installed package to find it: 23 ms a citation here,
    most of a build's time. Both check their runtime registry first, so this keeps them to one scan.
    Registering costs a scan too (pybtex's ``register_plugin`` scans even when forced), so only the
    groups used per citation are registered: 20 scans a build instead of 51.
    """
    for entry_point in (point for distribution in distributions() for point in distribution.entry_points):
        if entry_point.group == FORMATTING_STYLES:
            pybtex.plugin.register_plugin(entry_point.group, entry_point.name, remembering(entry_point.load()), force=True)
        elif entry_point.group.startswith(CITATION_PLUGIN_GROUPS) and not entry_point.group.endswith(".suffixes"):
            pybtex.plugin.register_plugin(entry_point.group, entry_point.name, entry_point.load(), force=True)
        elif entry_point.group == "sphinxcontrib.bibtex.style.referencing":
            sphinxcontrib.bibtex.plugin.register_plugin(entry_point.group, entry_point.name, entry_point.load(), force=True)
