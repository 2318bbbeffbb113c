"""The theme's icon fonts, cut down to the icons the site can show.

pydata-sphinx-theme draws its icons (the search button, the colour-mode switch, the sidebar
toggles, the marks of admonitions and external links) from Font Awesome's web fonts. The solid
one is 115 KB, half of what a first visit loads, and the browser fetches it while the page first
paints: Lighthouse's simulated phone paints the search page 0.45 s later for it (BENCHMARKS.md).
The site shows a few dozen of its two thousand icons.

Which icons:

- the characters that the theme's stylesheets draw themselves (private use characters outside
  Font Awesome's class rules: the admonition marks, the external-link arrow, the toc toggles);
- the Font Awesome classes (``fa-magnifying-glass``) that the themes' code, templates and scripts,
  Almanac's own and ``html_theme_options`` name, looked up in the theme's class rules. A page
  cannot name one: raw HTML loses its ``class`` and ``style`` (see :mod:`.safety`).

The cut fonts go to ``_static/almanac-icons/``, and ``almanac.css`` declares them after the theme's,
under its family names, with a ``unicode-range`` of the icons they hold: the browser fetches them
instead of the theme's, and would still fetch the theme's whole font for an icon they lack.
The theme's files are left as they are. A cut font is kept beside the doctrees, keyed by what it
is made from, so a rebuild does not cut it again.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from fontTools import version as fonttools_version

from ..core.files import write_atomically, write_if_changed

#: Font Awesome's class rules, ``.fa-magnifying-glass,.fa-search{--fa:"\f002"}``.
_CLASS_RULE = re.compile(r'((?:\.fa-[\w-]+,?)+)\{--fa:"([^"]*)"\}')
#: A class name in code, templates and options.
_CLASS_NAME = re.compile(r"(?<![\w-])fa-[a-z0-9]+(?:-[a-z0-9]+)*")
#: One CSS escape (``\f002``, ``\30 ``) or one character.
_CSS_CHARACTER = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|(.)", re.DOTALL)
#: Characters of Unicode's private use area, where Font Awesome keeps its icons.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]|\\\\[eEfF][0-9a-fA-F]{3}(?![0-9a-fA-F])")
_FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}")
_DESCRIPTOR = re.compile(r"([\w-]+)\s*:\s*([^;]+?)\s*(?:;|$)")
_WOFF2_URL = re.compile(r"""url\(\s*["']?([^"')]+\.woff2)["']?\s*\)""")
#: Scripts that draw every icon themselves (as SVG): they name them all, and need no font.
_SVG_ICON_SCRIPTS = re.compile(r"fontawesome.*\.js$")
#: Where the cut fonts go, in the output's ``_static``.
FOLDER = "almanac-icons"


@dataclass(frozen=True)
class IconFace:
    """One of the theme's ``@font-face`` rules, for its font cut down."""

    family: str  # as the theme's stylesheet writes it (CSS escapes kept)
    style: str
    weight: str
    display: str
    font: Path  # the theme's font file
    url: str = ""  # the cut font, relative to ``_static``
    unicode_range: str = ""


def characters(css_string: str) -> str:
    """The text of a CSS string's contents, escapes resolved (``\\f002`` is U+F002)."""
    return "".join(chr(int(code, 16)) if code else char for code, char in _CSS_CHARACTER.findall(css_string))


def class_codepoints(stylesheet: str) -> dict[str, set[int]]:
    """Font Awesome's class names and the characters they show, from the theme's stylesheet."""
    table: dict[str, set[int]] = {}
    for selectors, content in _CLASS_RULE.findall(stylesheet):
        for selector in selectors.split(","):
            table.setdefault(selector.removeprefix("."), set()).update(map(ord, characters(content)))
    return table


def drawn_codepoints(stylesheet: str) -> set[int]:
    """The icons a stylesheet draws itself (``content`` and custom properties), not by class."""
    rest = _CLASS_RULE.sub("", stylesheet)
    return {ord(characters(match)) for match in _PRIVATE_USE.findall(rest)}


def named_classes(texts: Iterable[str]) -> set[str]:
    return {name for text in texts for name in _CLASS_NAME.findall(text)}


def font_faces(stylesheet: Path, text: str) -> Iterator[IconFace]:
    """The ``@font-face`` rules of *stylesheet* (its *text*) that load a WOFF2 file next to it."""
    for block in _FONT_FACE.findall(text):
        descriptors = {name.lower(): value for name, value in _DESCRIPTOR.findall(block)}
        url = _WOFF2_URL.search(descriptors.get("src", ""))
        if url and "://" not in url.group(1) and "font-family" in descriptors:
            font = (stylesheet.parent / url.group(1)).resolve()
            if font.is_file():
                yield IconFace(descriptors["font-family"], descriptors.get("font-style", "normal"),
                               descriptors.get("font-weight", "400"), descriptors.get("font-display", "auto"), font)


def cut_font(font: bytes, codepoints: set[int]) -> tuple[bytes, set[int]]:
    """*font* (WOFF2) with only the glyphs of *codepoints*, and which of them it holds."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # recalcTimestamp=False: the font's own date, not the build's, so that two builds agree.
    whole = TTFont(io.BytesIO(font), recalcTimestamp=False)
    held = set(whole.getBestCmap()) & codepoints
    options = subset.Options()
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(held))
    subsetter.subset(whole)
    out = io.BytesIO()
    whole.save(out)
    return out.getvalue(), held


def unicode_range(codepoints: set[int]) -> str:
    """``U+F002,U+F00D-F00E``: runs of consecutive characters as ranges."""
    runs: list[list[int]] = []
    for codepoint in sorted(codepoints):
        if runs and runs[-1][1] == codepoint - 1:
            runs[-1][1] = codepoint
        else:
            runs.append([codepoint, codepoint])
    return ",".join(f"U+{start:X}" if start == end else f"U+{start:X}-{end:X}" for start, end in runs)


def _files(root: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            if name.endswith(suffixes) and not _SVG_ICON_SCRIPTS.search(name):
                yield Path(directory, name)


def _package(theme_dir: Path) -> Path:
    """The Python package a theme directory belongs to, whose code names icons too
    (``sphinx_book_theme/theme/sphinx_book_theme``: ``sphinx_book_theme``); the directory itself if
    none holds it."""
    near = [parent for parent in (theme_dir, *theme_dir.parents)[:3] if (parent / "__init__.py").is_file()]
    if not near:
        return theme_dir
    package = near[0]
    while (package.parent / "__init__.py").is_file():
        package = package.parent
    return package


def icon_faces(theme_dirs: Iterable[str], sources: Iterable[Path], options: str, static: Path,
               cache: Path) -> list[IconFace]:
    """Cut each of the themes' icon fonts to what the site shows; write them to *static*/FOLDER.

    *sources* are Almanac's own folders (templates, scripts) and *options* the theme's options as
    text: both may name icons. Returns the faces for ``almanac.css``, with the cut fonts' URLs.
    """
    theme_dirs = [Path(directory) for directory in theme_dirs]
    stylesheets = {path: path.read_text(encoding="utf-8")
                   for directory in theme_dirs for path in _files(directory / "static", (".css",))}
    faces = [face for stylesheet, text in stylesheets.items() for face in font_faces(stylesheet, text)]
    if not faces:
        return []
    css = list(stylesheets.values())
    table: dict[str, set[int]] = {}
    for text in css:
        for name, codepoints in class_codepoints(text).items():
            table.setdefault(name, set()).update(codepoints)
    roots = sorted({_package(directory) for directory in theme_dirs} | set(sources))
    code = [path.read_text(encoding="utf-8", errors="replace")
            for root in roots for path in _files(root, (".py", ".html", ".js"))]
    wanted = set().union(*map(drawn_codepoints, css),
                         *(table.get(name, set()) for name in named_classes([*code, options])))
    cut = []
    made_for = repr((sorted(wanted), fonttools_version)).encode()
    for face in faces:
        font = face.font.read_bytes()
        key = hashlib.sha256(font + made_for).hexdigest()[:20]
        cached, held_file = cache / f"{key}.woff2", cache / f"{key}.txt"
        if cached.is_file() and held_file.is_file():
            data, held = cached.read_bytes(), set(map(int, held_file.read_text().split()))
        else:
            data, held = cut_font(font, wanted)
            write_atomically(cached, data)
            write_atomically(held_file, " ".join(map(str, sorted(held))))
        if not held:
            continue
        write_if_changed(static / FOLDER / face.font.name, data)
        cut.append(replace(face, url=f"{FOLDER}/{face.font.name}", unicode_range=unicode_range(held)))
    return cut
