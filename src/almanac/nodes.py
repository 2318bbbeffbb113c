"""Placeholder nodes: put in a page while it is read, filled in from the domain while it is written.

They carry a *dependency key* saying which cross-document data they show, so that the page is
rewritten when that data changes (see :meth:`almanac.domain.AlmanacDomain.rebuild_derived`).
They never reach a writer: :mod:`almanac.transforms` replaces every one of them.
"""

from __future__ import annotations

from docutils import nodes

#: What a page shows of other pages: ``("events-of", docname)``, ``("year", "1965")``, ...
DependencyKey = tuple[str, str]


class derived_list(nodes.General, nodes.Element):
    """A list computed from all pages: a person's events, a mission's events, a year's events.

    Attribute ``key``: the :data:`DependencyKey` naming the list.
    """

    @property
    def key(self) -> DependencyKey:
        kind, target = self["key"]
        return (kind, target)
