"""Roles: ``{person}``, ``{mission}`` and ``{event}`` link entities from prose; citations are checked.

``{person}`alexei-leonov``` renders the person's name and links their page; an explicit title
(``{person}`Leonov <alexei-leonov>```) is kept. Unknown slugs go through Sphinx's own
missing-reference machinery and come out as ``almanac.unknown-*`` warnings.
"""

from __future__ import annotations

import difflib
from importlib.metadata import distributions
from typing import TYPE_CHECKING, cast

import pybtex.plugin
import sphinxcontrib.bibtex.plugin

from docutils import nodes
from sphinx.roles import XRefRole
from sphinxcontrib.bibtex.foot_roles import FootCiteRole

from .diagnostics import Problem, warn
from .model import Kind

if TYPE_CHECKING:
    from sphinxcontrib.bibtex.domain import BibtexDomain

    from .domain import AlmanacDomain

DOMAIN_NAME = "almanac"


class EntityRole(XRefRole):
    """A cross-reference to an event, person or mission by slug."""

    def __init__(self, kind: Kind) -> None:
        # warn_dangling: an unknown slug is always an author's mistake, not only under -n.
        super().__init__(warn_dangling=True, innernodeclass=nodes.inline)
        self.kind = kind

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # The role is registered both as ``almanac:person`` and as bare ``person``; XRefRole takes
        # the domain from the name it was called by, so give the bare one its domain.
        if ":" not in self.name:
            self.name = f"{DOMAIN_NAME}:{self.kind}"
        return super().run()


class CheckedFootCiteRole(FootCiteRole):
    """sphinxcontrib-bibtex's ``footcite``, with unknown keys reported as ``almanac.unknown-citation``.

    It also records which keys each page cites, for the "no citation" check and for "cited by".
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        entries = cast("BibtexDomain", self.env.get_domain("cite")).bibdata.data.entries
        almanac = cast("AlmanacDomain", self.env.get_domain(DOMAIN_NAME))
        keys = [key.strip() for key in self.text.split(",") if key.strip()]
        known = [key for key in keys if key in entries]
        for key in keys:
            if key not in entries:
                close = difflib.get_close_matches(key, list(entries), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                warn(Problem.UNKNOWN_CITATION,
                     f"citation key '{key}' is not in the bibliography{hint}",
                     (self.env.docname, self.lineno))
            else:
                almanac.note_citation(self.env.docname, key, self.lineno)
        if not known:
            return [], []
        self.text = ", ".join(known)
        return super().run()


def preload_citation_plugins() -> None:
    """Register pybtex's and sphinxcontrib-bibtex's plugins once, in their runtime registries.

    Both look a plugin up on every citation (a style, a backend) and, unless it is registered at
    runtime, scan the entry points of every installed package to find it: 23 ms a citation here,
    most of a build's time. Both check their runtime registry first, so this keeps them to one scan.
    """
    for entry_point in (point for distribution in distributions() for point in distribution.entry_points):
        if entry_point.group.startswith("pybtex."):
            pybtex.plugin.register_plugin(entry_point.group, entry_point.name, entry_point.load(), force=True)
        elif entry_point.group == "sphinxcontrib.bibtex.style.referencing":
            sphinxcontrib.bibtex.plugin.register_plugin(entry_point.group, entry_point.name, entry_point.load(), force=True)
