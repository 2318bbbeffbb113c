"""Almanac's configuration options, each declared once with its type, default and meaning."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from .model import KINDS, Kind


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    type: type
    help: str


OPTIONS = (
    Option("almanac_directories", {"event": "events", "person": "people", "mission": "missions"}, dict,
           "The folder of each kind of page, relative to the source directory."),
    Option("almanac_pdf_url", "", str,
           "Where the site offers the PDF (the {almanac-download} link); empty: no PDF is offered."),
    Option("almanac_category_names", {}, dict,
           "Display names of category slugs whose title-cased slug is not right, e.g. {'ussr': 'USSR'}."),
)


def setup_config(app: Sphinx) -> None:
    for option in OPTIONS:
        app.add_config_value(option.name, option.default, "env", option.type, description=option.help)
    app.connect("config-inited", validate_config)


def validate_config(app: Sphinx, config: Config) -> None:
    directories = config.almanac_directories
    if set(directories) != set(KINDS) or not all(isinstance(v, str) and v for v in directories.values()):
        raise ConfigError(f"almanac_directories must map each of {', '.join(KINDS)} to a folder name")
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


def kind_of(config: Config, docname: str) -> Kind | None:
    """The kind of entity the page *docname* describes, or None for any other page."""
    folder, _, stem = docname.rpartition("/")
    if stem == "index":
        return None
    for kind, directory in config.almanac_directories.items():
        if folder == directory:
            return kind
    return None
