"""Almanac: a Sphinx extension that turns MyST pages into a knowledge base of historical events."""

from __future__ import annotations

import logging
from typing import Any

from sphinx.application import Sphinx
from sphinxcontrib.bibtex.foot_domain import BibtexFootDomain

from .collectors import setup_collectors
from .config import setup_config
from .directives import DownloadDirective, ListDirective, SourcesDirective, TodayDirective
from .domain import AlmanacDomain
from .generated import setup_generated
from .model import KINDS
from .output import setup_output
from .roles import CheckedFootCiteRole, EntityRole, preload_citation_plugins
from .listings import BookIndexEntriesTransform, BookTransform, DerivedListTransform, IndexEntriesTransform
from .transforms import EntityPageTransform, HeadingStartFilter

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinxcontrib.bibtex")
    preload_citation_plugins()
    setup_config(app)
    app.add_domain(AlmanacDomain)
    for kind in KINDS:
        app.add_role(kind, EntityRole(kind))
    # Every spelling of footcite goes through the checked role, so unknown keys are located
    # almanac.unknown-citation warnings and each page's citations are recorded.
    app.add_role("footcite", CheckedFootCiteRole(), override=True)
    for name in BibtexFootDomain._role_names:
        app.add_role_to_domain("footcite", name, CheckedFootCiteRole(), override=True)
    app.add_directive("almanac-sources", SourcesDirective)
    app.add_directive("almanac-list", ListDirective)
    app.add_directive("almanac-today", TodayDirective)
    app.add_directive("almanac-download", DownloadDirective)
    app.add_transform(EntityPageTransform)
    app.add_post_transform(DerivedListTransform)
    app.add_post_transform(IndexEntriesTransform)
    app.add_post_transform(BookIndexEntriesTransform)
    app.add_post_transform(BookTransform)
    logging.getLogger("sphinx.myst_parser.warnings_").addFilter(HeadingStartFilter(app))
    setup_collectors(app)
    setup_generated(app)
    setup_output(app)
    return {
        "version": __version__,
        "env_version": AlmanacDomain.data_version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
