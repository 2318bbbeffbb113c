"""Every link inside the built site leads somewhere: to a file of the build, and to an anchor there."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

pytest_plugins = ("site_build",)

# Links with a scheme (http:, https:, mailto:, data:, javascript:, ...) or a host ("//cdn...") leave
# the build and are not checked; every other href or src must resolve inside it.
LINK_ATTRIBUTES = ("href", "src")


def pages(root: Path) -> list[Path]:
    """The site's pages: every HTML file but the template macros the theme copies into _static."""
    return sorted(p for p in root.rglob("*.html") if p.relative_to(root).parts[0] != "_static")


@cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@cache
def _ids(path: Path) -> frozenset[str]:
    return frozenset(str(tag["id"]) for tag in _soup(path).find_all(id=True))


def internal_links(page: Path) -> list[str]:
    """Every href and src of *page* that stays inside the site."""
    links = []
    for attribute in LINK_ATTRIBUTES:
        for tag in _soup(page).find_all(attrs={attribute: True}):
            url = urlsplit(str(tag[attribute]))
            if not url.scheme and not url.netloc:
                links.append(str(tag[attribute]))
    return links


def link_problem(root: Path, page: Path, link: str) -> str | None:
    """Why *link* on *page* is broken, or None when its file (and its anchor) exist.

    *root* and *page* are resolved paths (no symbolic links), as :func:`broken_links` gives them.
    """
    url = urlsplit(link)
    target = (page.parent / unquote(url.path)).resolve() if url.path else page
    if url.path.endswith("/"):
        target = target / "index.html"
    if not target.is_relative_to(root):
        return "points outside the build"
    if not target.is_file():
        return "no such file"
    fragment = unquote(url.fragment)
    if fragment and (target.suffix != ".html" or fragment not in _ids(target)):
        return f"no id {fragment!r} in {target.relative_to(root)}"
    return None


def broken_links(root: Path) -> tuple[int, list[str]]:
    """How many internal links the pages below *root* hold, and one line per broken one."""
    checked, broken, root = 0, [], root.resolve()
    for page in pages(root):
        for link in internal_links(page):
            checked += 1
            problem = link_problem(root, page, link)
            if problem:
                broken.append(f"{page.relative_to(root)}: {link} ({problem})")
    return checked, broken


def test_every_internal_link_and_anchor_of_the_site_exists(site_html):
    checked, broken = broken_links(site_html)
    assert broken == [], f"{len(broken)} broken link(s):\n" + "\n".join(broken)
    # The check did read the site: every kind of page, and on each the theme's own links at least.
    scanned = {str(page.relative_to(site_html)) for page in pages(site_html)}
    assert {"index.html", "search.html", "events/1965-03-18-first-spacewalk.html", "years/1965.html"} <= scanned
    assert checked >= 20 * len(scanned)
    event = site_html / "events" / "1965-03-18-first-spacewalk.html"
    assert "../people/alexei-leonov.html" in internal_links(event)


def test_the_check_reports_missing_files_anchors_and_escapes(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text(
        '<h1 id="top">Page</h1><a href="#top">ok</a> <a href="#">ok</a> <a href="../index.html#here">ok</a>'
        '<a href="#gone">anchor</a> <a href="../missing.html">file</a> <a href="../index.html#nowhere">other</a>'
        '<img src="../../outside.png"> <a href="https://example.org/x.html#y">external</a>'
        '<a href="mailto:a@example.org">mail</a> <a href="../index.html?v=1#here">ok</a>',
        encoding="utf-8")
    (tmp_path / "index.html").write_text('<p id="here">Here</p> <a href="sub/">folder</a>', encoding="utf-8")
    (tmp_path / "sub" / "index.html").write_text("<p>Folder</p>", encoding="utf-8")
    assert broken_links(tmp_path) == (9, [
        "sub/page.html: #gone (no id 'gone' in sub/page.html)",
        "sub/page.html: ../missing.html (no such file)",
        "sub/page.html: ../index.html#nowhere (no id 'nowhere' in index.html)",
        "sub/page.html: ../../outside.png (points outside the build)",
    ])
