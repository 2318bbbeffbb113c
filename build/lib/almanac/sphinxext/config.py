"""Almanac's configuration options, each declared once with its type, default and meaning.

Everything that is particular to one knowledge base (its folders, its description, its category
names, where its PDF is) comes from here, so the package serves any knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from ..core.kinds import DEFAULT_DIRECTORIES, ENTITY_KINDS
from ..core.model import Kind


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    type: type
    help: str


OPTIONS = (
    Option("almanac_directories", dict(DEFAULT_DIRECTORIES), dict,
           "The folder of each kind of page, relative to the source directory."),
    Option("almanac_description", "", str,
           "One sentence on what the knowledge base holds: the feed's subtitle and the book's opening."),
    Option("almanac_pdf_url", "", str,
           "Where the site offers the PDF (the {almanac-download} link); empty: no PDF is offered."),
    Option("almanac_pdf_file", "", str,
           "A PDF to copy into the website's root (HTML builds only), e.g. the one `make pdf` wrote."),
    Option("almanac_map_data", "map-data/node_modules/world-atlas/countries-110m.json", str,
           "Earth's country outlines for the maps: world-atlas's TopoJSON of Natural Earth, relative to the source directory."),
    Option("almanac_chart_groups", {}, dict,
           "The timeline chart's colours: legend name -> category slugs, in legend order; other events are 'Others'."),
    Option("almanac_category_names", {}, dict,
           "Display names of category slugs whose title-cased slug is not right, e.g. {'ussr': 'USSR'}."),
)


def setup_config(app: Sphinx) -> None:
    for option in OPTIONS:
        app.add_config_value(option.name, option.default, "env", option.type, description=option.help)
    app.connect("config-inited", validate_config)


def validate_config(app: Sphinx, config: Config) -> None:
    directories = config.almanac_directories
    if not set(directories) <= set(ENTITY_KINDS) or not all(isinstance(v, str) and v for v in directories.values()):
        raise ConfigError(f"almanac_directories must map some of {', '.join(ENTITY_KINDS)} to folder names")
    # A kind the configuration leaves out keeps its default folder (a site made before places existed).
    config.almanac_directories = {**DEFAULT_DIRECTORIES, **directories}
    groups = config.almanac_chart_groups
    if not all(isinstance(name, str) and isinstance(slugs, list) and all(isinstance(s, str) for s in slugs)
               for name, slugs in groups.items()):
        raise ConfigError("almanac_chart_groups must map legend names to lists of category slugs")
    # Ranks a page named after what was searched first among equals (see almanac-scorer.js).
    if not config.html_search_scorer:
        config.html_search_scorer = str(Path(__file__).parent / "static" / "almanac-scorer.js")
    # Almanac validates front matter itself, with the line of each key; MyST's one-line
    # "Malformed YAML" warning would only repeat what almanac.yaml-syntax says more precisely.
    if "myst.topmatter" not in config.suppress_warnings:
        # A new list: the default one is shared by every Config in the process.
        config.suppress_warnings = [*config.suppress_warnings, "myst.topmatter"]


def category_name(config: Config, slug: str) -> str:
    """``soviet-union`` -> ``Soviet Union``, unless ``almanac_category_names`` says otherwise."""
    return config.almanac_category_names.get(slug) or slug.replace("-", " ").title()


def directory(config: Config, kind: Kind) -> str:
    """The folder of *kind*'s pages."""
    return config.almanac_directories[kind]


def kind_of(config: Config, docname: str) -> Kind | None:
    """The kind of entity the page *docname* describes, or None for any other page."""
    folder, _, stem = docname.rpartition("/")
    if stem == "index":
        return None
    for kind, folder_of_kind in config.almanac_directories.items():
        if folder == folder_of_kind:
            return kind
    return None
