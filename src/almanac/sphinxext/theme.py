"""Theme adjustments: Almanac's templates, stylesheet and script, and what the theme's pages need.

The templates (``templates/``) make sphinx-book-theme's pages lighter and more accessible (see
each template's opening comment); a site's own ``templates_path`` still comes first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from markupsafe import Markup, escape
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from .nodes import domain_of
from .outputs import is_html

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"


def add_templates(app: Sphinx, config: Config) -> None:
    """After the site's own templates, so that a site can still override any of them."""
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def adjust_theme_pages(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                       doctree: nodes.document | None) -> None:
    """What the theme's pages need here: accessible names and roles, and the current section.

    - The bibliography's entries get a role their list accepts (docutils writes the deprecated
      ``doc-biblioentry`` inside a ``role="list"``, which axe-core reports).
    - The sidebar shows only the sections (see templates/sbt-sidebar-nav.html), so Sphinx cannot
      see which one holds an event page; the section that does is marked current here.
    - The sidebar's expand buttons (a ``<summary>`` holding only an icon) get a name.
    """
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')
    # sphinx-book-theme puts the title's plain text into its print header unescaped
    # (``<h1>{{ pagetitle }}</h1>`` in its layout.html): escape it, as every other title is.
    if isinstance(context.get("pagetitle"), str) and not isinstance(context["pagetitle"], Markup):
        context["pagetitle"] = escape(context["pagetitle"])
    toctree = context.get("generate_toctree_html")
    if toctree is None:
        return
    ancestors = {app.builder.get_relative_uri(pagename, docname) for docname in _toctree_ancestors(app, pagename)}

    def adjusted(*args: Any, **kwargs: Any) -> Any:
        html = toctree(*args, **kwargs)
        soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(str(html), "html.parser")
        for link in soup.select("li.toctree-l1 > a"):
            if link.get("href") in ancestors:
                link.parent["class"] = [*link.parent.get("class", []), "current", "active"]
                link["class"] = [*link.get("class", []), "current"]
        for summary in soup.select("li.has-children > details > summary"):
            link = summary.find_parent("li").find("a")
            if link is not None:
                summary["aria-label"] = f"Show or hide the pages under {link.get_text(strip=True)}"
        return soup if isinstance(html, BeautifulSoup) else str(soup)

    context["generate_toctree_html"] = adjusted


def _toctree_ancestors(app: Sphinx, docname: str) -> list[str]:
    """The pages whose toctrees lead from the root page to *docname*, nearest first."""
    parents = domain_of(app.env).derived.toctree_parents
    result = []
    while docname in parents and parents[docname] not in result:
        docname = parents[docname]
        result.append(docname)
    return result


def add_static_files(app: Sphinx) -> None:
    """Almanac's own stylesheet and script, shipped with the package, and the PDF to offer."""
    if is_html(app) and app.config.almanac_pdf_file:
        app.config.html_extra_path = [*app.config.html_extra_path, app.config.almanac_pdf_file]
    if is_html(app):
        app.config.html_static_path.append(str(STATIC))
        app.add_css_file("almanac.css")
        app.add_js_file("almanac.js", loading_method="defer")


def setup_theme(app: Sphinx) -> None:
    app.connect("config-inited", add_templates)
    app.connect("builder-inited", add_static_files)
    # After the theme has put its navigation function in the context.
    app.connect("html-page-context", adjust_theme_pages, priority=900)
