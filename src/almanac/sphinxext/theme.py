"""Theme adjustments: Almanac's templates, stylesheet and script, and what the theme's pages need.

The templates (``templates/``) make sphinx-book-theme's pages lighter and more accessible (see
each template's opening comment); a site's own ``templates_path`` still comes first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

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
    """What the theme's pages need here: accessible roles and escaped titles.

    - The bibliography's entries get a role their list accepts (docutils writes the deprecated
      ``doc-biblioentry`` inside a ``role="list"``, which axe-core reports).
    """
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')
    # sphinx-book-theme puts the title's plain text into its print header unescaped
    # (``<h1>{{ pagetitle }}</h1>`` in its layout.html): escape it, as every other title is.
    if isinstance(context.get("pagetitle"), str) and not isinstance(context["pagetitle"], Markup):
        context["pagetitle"] = escape(context["pagetitle"])


def add_navigation(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: nodes.document | None) -> None:
    """``almanac_navigation``: the theme's ``generate_toctree_html`` (templates/sbt-sidebar-nav.html
    calls it through this), rendered once per folder and current section, with that section marked.

    The sidebar shows only the sections (see templates/sbt-sidebar-nav.html), so Sphinx cannot see
    which one holds an event page; the section that does is marked current here, and the expand
    buttons (a ``<summary>`` holding only an icon) get a name. Connected before the theme renders
    its templates once to see which are empty, so that check costs nothing more.
    """
    ancestors = {app.builder.get_relative_uri(pagename, docname) for docname in _toctree_ancestors(app, pagename)}
    # The sidebar holds the site's sections only, so it is the same for every page of one folder
    # with the same current section (unless the page is a section itself): render it once for them.
    sections = app.env.toctree_includes.get(app.config.root_doc, [])
    folder = pagename.rpartition("/")[0]
    memo = _sidebars(app)

    def navigation(*args: Any, **kwargs: Any) -> Any:
        key = (folder, pagename if pagename in sections or pagename == app.config.root_doc else None,
               frozenset(ancestors), args, tuple(sorted(kwargs.items())))
        if key not in memo:
            # The theme's own function, which it puts in the context after this handler has run.
            memo[key] = _adjusted_toctree(context["generate_toctree_html"](*args, **kwargs), ancestors)
        return memo[key]

    context["almanac_navigation"] = navigation


#: Templates that always render something, by the theme section that lists them.
#: pydata-sphinx-theme renders every template of every section once per page only to drop the
#: empty ones, and then again in the page: 3.4 ms a page, a tenth of a build's CPU, most of it
#: these two (1.6 ms and 0.9 ms). Its list of templates not to check is fixed in its code in
#: 0.20, the version sphinx-book-theme 1.4 pins; later versions make it an option (PR #2477).
NEVER_EMPTY = {"theme_article_header_end": "article-header-buttons.html", "sidebars": "sbt-sidebar-nav.html"}
_UNCHECKED = "almanac_unchecked_templates"


def hide_never_empty_templates(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                               doctree: nodes.document | None) -> None:
    """Take the templates of ``NEVER_EMPTY`` out of their sections before the theme's check."""
    unchecked = {}
    for section, template in NEVER_EMPTY.items():
        names = _template_names(context.get(section))
        if template in names:
            unchecked[section] = names
            context[section] = [name for name in names if name != template]
    context[_UNCHECKED] = unchecked


def restore_never_empty_templates(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                                  doctree: nodes.document | None) -> None:
    """Put them back where they were, among the templates the theme kept."""
    for section, names in context.pop(_UNCHECKED, {}).items():
        kept = set(context.get(section) or ())
        context[section] = [name for name in names if name == NEVER_EMPTY[section] or name in kept]


def _template_names(templates: Any) -> list[str]:
    """A section's templates as the theme reads them: a list or a comma-separated string, each
    name with ``.html`` added where it has no suffix."""
    if isinstance(templates, str):
        templates = [name.strip() for name in templates.split(",")]
    return [name if Path(name).suffix else f"{name}.html" for name in templates or () if name]


#: The sidebars rendered by each builder (in each writing process), by what decides them.
_SIDEBARS: WeakKeyDictionary[Any, dict[tuple[Any, ...], Any]] = WeakKeyDictionary()


def _sidebars(app: Sphinx) -> dict[tuple[Any, ...], Any]:
    return _SIDEBARS.setdefault(app.builder, {})


def _adjusted_toctree(html: Any, ancestors: set[str]) -> Any:
    """The theme's navigation with the current section marked and its toggles named."""
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
    app.connect("html-page-context", adjust_theme_pages, priority=900)
    # Before the theme's own handlers (500), which render the sidebar once to see if it is empty.
    app.connect("html-page-context", add_navigation, priority=499)
    app.connect("html-page-context", hide_never_empty_templates, priority=499)
    app.connect("html-page-context", restore_never_empty_templates, priority=600)
