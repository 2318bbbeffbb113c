"""Content safety: what a page may put into the site, and what it may make the build read.

The policy, for every page (an author's or an imported one):

- raw HTML (MyST's HTML blocks and inline HTML, the ``{raw} html`` directive) is allowed but
  sanitised with nh3: no script, no event handler, no ``javascript:`` link reaches a reader;
  raw output for any other format (LaTeX) is left out, since it could run TeX commands;
- ``include`` and ``literalinclude`` are refused, and docutils' file insertion is off (``raw``
  and ``csv-table`` with ``:file:`` or ``:url:``): a page cannot copy another file into the site;
- an image or a download outside the source folder, or on another host, is left out: the build
  reads nothing outside the project and a page fetches nothing from elsewhere.

Each refusal is a located ``almanac.unsafe-markup`` warning.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nh3
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from ..core.problems import Problem
from .diagnostics import warn

#: Directives that would put another file into the page.
REFUSED_DIRECTIVES = ("include", "literalinclude")


class _AnyOptions(dict):
    """An option spec that accepts every option, so a refused directive is reported, not misparsed."""

    def __missing__(self, key: str) -> Any:
        return str


class RefusedDirective(SphinxDirective):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _AnyOptions()

    def run(self) -> list[nodes.Node]:
        warn(Problem.UNSAFE_MARKUP,
             f"the '{self.name}' directive is not allowed: a page cannot copy another file into the site",
             (self.env.docname, self.lineno))
        return []


#: One tag alone: MyST gives inline HTML's start and end tags as raw nodes of their own.
_LONE_TAG = re.compile(r"\s*<(/?)([A-Za-z][\w-]*)\b[^<>]*>\s*")
#: Elements that have no end tag.
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


def sanitised_html(html: str) -> str:
    """What of *html* may reach a reader: nh3's safe tags and attributes, links left as written.

    A lone start or end tag is judged as a tag (nh3 would close an open one, or drop a closing
    one, breaking the element that the text between them forms).
    """
    lone = _LONE_TAG.fullmatch(html)
    if lone is None:
        return nh3.clean(html, link_rel=None)
    closing, name = lone[1], lone[2].lower()
    if name not in nh3.ALLOWED_TAGS:
        return ""
    if closing:
        return html
    if name in _VOID:
        return nh3.clean(html, link_rel=None)
    cleaned = nh3.clean(f"{html.strip()}</{name}>", link_rel=None)
    cleaned = cleaned.removesuffix(f"</{name}>")
    return html if cleaned == html.strip() else cleaned


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


class ContentSafetyTransform(SphinxTransform):
    """Sanitises raw HTML and leaves out raw output for other formats, outside images and downloads."""

    # After the page layout (700), which adds the event's image; the images are collected from
    # the finished doctree afterwards (doctree-read).
    default_priority = 710

    def apply(self, **kwargs: Any) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            self._raw(raw)
        for image in list(self.document.findall(nodes.image)):
            self._local_only(image, image.get("uri", ""), "image")
        for download in list(self.document.findall(addnodes.download_reference)):
            self._local_only(download, download.get("reftarget", ""), "download")

    def _raw(self, raw: nodes.raw) -> None:
        formats = raw.get("format", "").split()
        if "html" not in formats:
            self._refuse(raw, f"raw {raw.get('format') or 'output'} is not allowed (only HTML, which is sanitised)")
            return
        text = raw.astext()
        cleaned = sanitised_html(text)
        if cleaned != text:
            warn(Problem.UNSAFE_MARKUP, "raw HTML was sanitised: scripts, event handlers and unsafe "
                 "attributes are left out", raw)
            raw.replace_self(nodes.raw("", cleaned, format="html"))

    def _local_only(self, node: nodes.Element, target: str, what: str) -> None:
        if "://" in target or target.startswith(("data:", "//")):
            self._refuse(node, f"the {what} '{target}' is on another host: the site fetches nothing from elsewhere")
            return
        if not target or target.startswith("*"):
            return
        _, absolute = self.env.relfn2path(target, self.env.docname)
        if not _inside(Path(absolute), Path(self.env.srcdir)):
            self._refuse(node, f"the {what} '{target}' is outside the source folder: the build reads nothing else")

    def _refuse(self, node: nodes.Element, message: str) -> None:
        warn(Problem.UNSAFE_MARKUP, f"{message}; it is left out", node)
        node.parent.remove(node)


def turn_off_file_insertion(app: Sphinx) -> None:
    """docutils' own switch for ``raw`` and ``csv-table`` with ``:file:`` or ``:url:``."""
    app.env.settings["file_insertion_enabled"] = False


def setup_safety(app: Sphinx) -> None:
    for name in REFUSED_DIRECTIVES:
        app.add_directive(name, RefusedDirective, override=True)
    app.add_transform(ContentSafetyTransform)
    app.connect("builder-inited", turn_off_file_insertion)
