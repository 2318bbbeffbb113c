"""The nodes Almanac puts into pages, and the two ways its code reaches the domain and other pages.

A :class:`derived_list` is a placeholder put in a page while it is read and filled in from the
domain while it is written (see :mod:`.lists`). It carries a *dependency key* saying which
cross-document data it shows, so that the page is rewritten when that data changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.addnodes import pending_xref

from ..core.derived import DependencyKey

if TYPE_CHECKING:
    from .domain import AlmanacDomain

#: The domain's name: roles are ``almanac:person`` (and plain ``person``).
DOMAIN_NAME = "almanac"
#: The class of the section that holds a page's sources.
SOURCES_SECTION_CLASS = "almanac-sources"
#: The class of what only makes sense on the website (left out of the PDF).
WEB_ONLY_CLASS = "almanac-web-only"


def domain_of(env: Any) -> AlmanacDomain:
    """The Almanac domain of a build environment."""
    return cast("AlmanacDomain", env.get_domain(DOMAIN_NAME))


#: The builder of each build environment, for the post-transforms that render lists (Sphinx 9
#: deprecates a transform's ``app``, and gives it no builder of its own).
_BUILDERS: WeakKeyDictionary[Any, Any] = WeakKeyDictionary()


def note_builder(app: Any) -> None:
    _BUILDERS[app.env] = app.builder


def builder_of(env: Any) -> Any:
    return _BUILDERS[env]


class derived_list(nodes.General, nodes.Element):
    """A list computed from all pages: a person's events, a year's events, the calendar...

    Attribute ``key``: the :data:`~almanac.core.derived.DependencyKey` naming the list.
    """

    @property
    def key(self) -> DependencyKey:
        kind, target = self["key"]
        return (kind, target)


def doc_link(docname: str, text: str, refdoc: str) -> pending_xref:
    """A link from page *refdoc* to page *docname* showing *text*, through Sphinx's ``doc`` role."""
    return pending_xref("", nodes.inline(text, text), refdomain="std", reftype="doc", reftarget=f"/{docname}",
                        refexplicit=True, refwarn=True, refdoc=refdoc)
