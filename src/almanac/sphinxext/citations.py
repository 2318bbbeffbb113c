"""Citations, through sphinxcontrib-bibtex: checked keys, each page's sources, and fast plugin lookups.

Every spelling of ``footcite`` goes through :class:`CheckedFootCiteRole`, so unknown keys are
located ``almanac.unknown-citation`` warnings and each page's citations are recorded in the
domain (for "no citation" and "cited by"). Every entity page ends with :data:`SOURCES_DIRECTIVE`,
its footnote bibliography, which the page layout puts under "Sources".
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import importlib.metadata
import inspect
import pickle
from collections.abc import Callable, Sequence
from importlib.metadata import distributions
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from docutils import nodes
from sphinxcontrib.bibtex.foot_directives import FootBibliographyDirective
from sphinxcontrib.bibtex.foot_roles import FootCiteRole

from ..core.files import read_kept, write_kept
from ..core.problems import Problem
from .diagnostics import warn
from .nodes import domain_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
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


class FormattedEntries:
    """Entries formatted by earlier builds, kept in the doctree folder, so that a rebuild formats
    only new or changed entries: sphinxcontrib-bibtex parses the bibliography afresh and formats
    every entry at every build (0.25 s of a rebuild after one edit at 10,000 events).

    Each is kept by everything its formatting depends on (:meth:`key`), with what it is the
    formatting of (:meth:`identity`): when this build formats that again from other data (the
    entry was edited), or the bibliography no longer has the entry, the old one goes.
    """

    FILE = "almanac-citations.pickle"
    #: Changed whenever what the file holds changes shape: a file of another version is not read.
    VERSION = 1

    def __init__(self) -> None:
        #: key -> (identity, formatted entry), as the last build left them and as this one made or used them.
        self.kept: dict[bytes, tuple[tuple[Any, ...], Any]] = {}
        self.used: dict[bytes, tuple[tuple[Any, ...], Any]] = {}

    @staticmethod
    def identity(style: Any, label: str, entry: Any) -> tuple[Any, ...]:
        """The entry's citation key, the label, the style (:func:`_style_stamp`) and its options."""
        return (entry.key, label, _style_stamp(type(style).__mro__[1]), type(style.name_style).__qualname__,
                style.abbreviate_names)

    @classmethod
    def key(cls, style: Any, label: str, entry: Any) -> tuple[bytes, tuple[Any, ...]]:
        """A digest of the identity and of the entry's type, fields and people; and the identity."""
        identity = cls.identity(style, label, entry)
        people = [(role, [str(person) for person in persons]) for role, persons in entry.persons.items()]
        what = (identity, entry.type, list(entry.fields.items()), people)
        return hashlib.blake2b(pickle.dumps(what, protocol=5), digest_size=16).digest(), identity

    def formatted(self, style: Any, label: str, entry: Any, format_entry: Callable[[], Any]) -> Any:
        key, identity = self.key(style, label, entry)
        if key not in self.used:
            self.used[key] = self.kept[key] if key in self.kept else (identity, format_entry())
        return self.used[key][1]

    def load(self, app: Sphinx, config: Any) -> None:
        kept = read_kept(Path(app.doctreedir) / self.FILE, self.VERSION)
        self.kept, self.used = kept if isinstance(kept, dict) else {}, {}

    def save(self, app: Sphinx, exception: BaseException | None) -> None:
        """Those this build used, and those it did not need that are still current."""
        if exception is not None:
            return
        entries = cast("BibtexDomain", app.env.get_domain("cite")).bibdata.data.entries
        made_again = {identity for identity, _ in self.used.values()}
        keep = {**{key: kept for key, kept in self.kept.items() if kept[0] not in made_again and kept[0][0] in entries},
                **self.used}
        if keep.keys() != self.kept.keys():
            write_kept(Path(app.doctreedir) / self.FILE, self.VERSION, keep)


@functools.cache
def _style_stamp(style: type) -> tuple[Any, ...]:
    """A formatting style as it is in this process: its class, its module's file (edited, it
    formats anew) and pybtex's version."""
    source = Path(inspect.getfile(style)).stat()
    return (style.__module__, style.__qualname__, source.st_mtime_ns, source.st_size, importlib.metadata.version("pybtex"))


#: The formatted entries of the build under way (one per process, as pybtex's styles are).
FORMATTED_ENTRIES = FormattedEntries()


def remembering(style: type) -> type:
    """*style* (a pybtex formatting style), formatting each entry once rather than at every citation,
    and not again in the next build unless it changed (:class:`FormattedEntries`).

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
            formatted = FORMATTED_ENTRIES.formatted(self, label, entry,
                                                    lambda: super(Remembering, self).format_entry(label, entry))
            if len(self._formatted) > REMEMBERED_ENTRIES:
                self._formatted.clear()  # a long-lived process building many sites: start again
            self._formatted[key] = (entry, formatted)
            return formatted

    Remembering.__name__ = Remembering.__qualname__ = f"Remembering{style.__name__}"
    return Remembering


#: The pybtex plugin groups looked up for every citation: its styles. The others (output backends,
#: bibliography readers and writers, file suffixes) are looked up at most twice a build.
CITATION_PLUGIN_GROUPS = ("pybtex.style.",)


def setup_citations(app: Sphinx) -> None:
    preload_citation_plugins()
    # Before the bibliography is checked, which formats its entries (.bibliography).
    app.connect("config-inited", FORMATTED_ENTRIES.load, priority=0)
    app.connect("build-finished", FORMATTED_ENTRIES.save)


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
