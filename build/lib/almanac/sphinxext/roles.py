"""Roles: ``{person}``, ``{mission}`` and ``{event}`` (one per entity kind) link entities from prose.

``{person}`alexei-leonov``` renders the person's name and links their page; an explicit title
(``{person}`Leonov <alexei-leonov>```) is kept. Unknown slugs go through Sphinx's own
missing-reference machinery and come out as ``almanac.unknown-*`` warnings (see :mod:`.reading`).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.roles import XRefRole

from ..core.model import Kind
from .nodes import DOMAIN_NAME


class EntityRole(XRefRole):
    """A cross-reference to an entity by slug."""

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
