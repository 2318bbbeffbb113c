"""The Sphinx extension. This module only registers; each step of the flow has its own module:

- :mod:`.config`: the ``almanac_*`` options; :mod:`.bibliography`: the bibliography files checked;
- :mod:`.generated`: year, day and category pages written before reading (and :mod:`.book`'s parts,
  in the text of :mod:`.pagetext`);
- :mod:`.reading`: front matter to records while pages are read (steps 1-3 of :mod:`almanac.core`);
- :mod:`.roles` and :mod:`.citations`: references to entities and to sources in prose;
- :mod:`.layout`: event, person, mission and place pages laid out from their records; :mod:`.safety`:
  raw HTML sanitised, file insertion and outside files refused;
- :mod:`.domain`: the store of records, derived data rebuilt after reading, references resolved;
- :mod:`.lists`: the registry of lists, filled in while pages are written, and :mod:`.figures`: the
  maps and charts among them, drawn as SVG; :mod:`.search` and
  :mod:`.book`: index entries and the book's shape; :mod:`.directives`: what authors write;
- :mod:`.outputs`, :mod:`.anniversaries` and :mod:`.theme`: events.json, the feeds, JSON-LD; each
  day's data, the iCalendars; templates, styles, script.
"""

from __future__ import annotations

import logging
from typing import Any

from sphinx.application import Sphinx
from sphinxcontrib.bibtex.foot_domain import BibtexFootDomain

from .. import __version__
from ..core.kinds import ENTITY_KINDS
from .bibliography import setup_bibliography
from .builder import setup_builder
from .book import BookTransform
from .citations import CheckedFootCiteRole, SourcesDirective, setup_citations
from .config import setup_config
from .anniversaries import setup_anniversaries
from .directives import DownloadDirective, ListDirective, SubscribeDirective, TodayDirective
from .domain import AlmanacDomain
from .figures import setup_figures
from .generated import setup_generated
from .layout import EntityPageTransform, HeadingStartFilter
from .lists import DerivedListTransform
from .nodes import note_builder
from .outputs import setup_outputs
from .reading import setup_reading
from .roles import EntityRole
from .safety import setup_safety
from .search import BookIndexEntriesTransform, IndexEntriesTransform, setup_search
from .theme import setup_theme


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinxcontrib.bibtex")
    setup_citations(app)
    setup_config(app)
    setup_bibliography(app)
    app.add_domain(AlmanacDomain)
    for kind in ENTITY_KINDS:
        app.add_role(kind, EntityRole(kind))
    app.add_role("footcite", CheckedFootCiteRole(), override=True)
    # Every spelling of footcite (footcite:p, footcite:t...) goes through the checked role.
    for name in BibtexFootDomain.roles:
        app.add_role_to_domain("footcite", name, CheckedFootCiteRole(), override=True)
    app.add_directive("almanac-sources", SourcesDirective)
    app.add_directive("almanac-list", ListDirective)
    app.add_directive("almanac-today", TodayDirective)
    app.add_directive("almanac-download", DownloadDirective)
    app.add_directive("almanac-subscribe", SubscribeDirective)
    app.add_transform(EntityPageTransform)
    app.add_post_transform(DerivedListTransform)
    app.add_post_transform(IndexEntriesTransform)
    app.add_post_transform(BookIndexEntriesTransform)
    setup_builder(app)
    setup_search(app)
    app.add_post_transform(BookTransform)
    logging.getLogger("sphinx.myst_parser.warnings_").addFilter(HeadingStartFilter(app))
    app.connect("builder-inited", note_builder)
    setup_reading(app)
    setup_safety(app)
    setup_generated(app)
    setup_outputs(app)
    setup_anniversaries(app)
    setup_theme(app)
    setup_figures(app)
    return {
        "version": __version__,
        "env_version": AlmanacDomain.data_version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
