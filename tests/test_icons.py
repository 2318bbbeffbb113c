"""The theme's icon fonts cut down to the icons the site shows (``almanac.sphinxext.icons``)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pydata_sphinx_theme
import pytest
from fontTools.ttLib import TTFont

from almanac.sphinxext.icons import characters, class_codepoints, cut_font, drawn_codepoints, named_classes, unicode_range

THEME_FONTS = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "vendor" / "fontawesome" / "webfonts"
SEARCH, ROCKET, BELL = 0xF002, 0xF135, 0xF0F3


def codepoints(font: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(font)).getBestCmap())


def test_css_escapes_and_characters_read_as_the_characters_they_are():
    assert characters(r"\f002") == "\uf002"
    assert characters(r"\30 x") == "0x"  # the space ends the escape and is not part of the text
    assert characters("\uf0f3") == "\uf0f3"


def test_the_class_rules_give_each_name_its_character():
    css = '.fa-magnifying-glass,.fa-search{--fa:"\\f002"}.fa-0{--fa:"\\30 "}.fa-rocket{--fa:"\uf135"}'
    assert class_codepoints(css) == {"fa-magnifying-glass": {SEARCH}, "fa-search": {SEARCH}, "fa-0": {0x30},
                                     "fa-rocket": {ROCKET}}


def test_the_icons_a_stylesheet_draws_itself_are_found_and_its_class_rules_are_not():
    css = '.fa-rocket{--fa:"\\f135"}html{--pst-icon-bell:"\uf0f3"}.x:after{content:"\\f002"}.y{content:"a"}'
    assert drawn_codepoints(css) == {BELL, SEARCH}


def test_class_names_are_found_in_code_templates_and_options():
    texts = ['<i class="fa-solid fa-magnifying-glass fa-lg"></i>', "{'icon': 'fab fa-github'}", "prefix-fa-not"]
    assert named_classes(texts) == {"fa-solid", "fa-magnifying-glass", "fa-lg", "fa-github"}


def test_runs_of_characters_are_written_as_ranges():
    assert unicode_range({0xF00E, SEARCH, 0xF00D, 0xF00F}) == "U+F002,U+F00D-F00F"
    assert unicode_range({SEARCH}) == "U+F002"


def test_a_cut_font_holds_the_icons_asked_for_and_no_other():
    whole = (THEME_FONTS / "fa-solid-900.woff2").read_bytes()
    cut, held = cut_font(whole, {SEARCH, ROCKET, 0x4E00})  # 一 is not one of its icons
    assert held == {SEARCH, ROCKET}
    assert codepoints(cut) == {SEARCH, ROCKET}
    assert len(cut) < len(whole) / 20
    assert cut_font(whole, {SEARCH, ROCKET})[0] == cut  # the font's own date, not the clock's


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"html_theme_options": {
    "icon_links": [{"name": "Launches", "url": "https://example.org/", "icon": "fa-solid fa-rocket", "type": "fontawesome"}]}})
def test_the_site_loads_cut_fonts_with_the_icons_of_the_theme_almanac_and_the_options(app):
    app.build()
    stylesheet = (app.outdir / "_static" / "almanac.css").read_text(encoding="utf-8")
    faces = dict(re.findall(r'src: url\("(almanac-icons/[\w-]+\.woff2)"\) format\("woff2"\);\s*unicode-range: ([^;]+);',
                            stylesheet))
    assert set(faces) == {"almanac-icons/fa-solid-900.woff2", "almanac-icons/fa-regular-400.woff2",
                          "almanac-icons/fa-brands-400.woff2"}
    solid = (app.outdir / "_static" / "almanac-icons" / "fa-solid-900.woff2").read_bytes()
    held = codepoints(solid)
    # Almanac's search button, the option's rocket, the theme's bell (admonitions) and its
    # full-screen button (named in sphinx-book-theme's Python code).
    assert {SEARCH, ROCKET, BELL, 0xF065} <= held
    assert faces["almanac-icons/fa-solid-900.woff2"] == unicode_range(held)
    assert "font-family: Font Awesome\\ 7 Free;\n  font-style: normal;\n  font-weight: 900;" in stylesheet
    # The theme's own fonts are still there, for an icon the cut ones lack.
    assert (app.outdir / "_static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2").stat().st_size > 100_000
    # Kept for the next build, under a name made from what it was cut from and to.
    assert solid in [path.read_bytes() for path in (Path(app.doctreedir) / "icons").glob("*.woff2")]


def test_another_builder_of_html_declares_no_cut_font(make_app, rootdir, tmp_path):
    import shutil

    srcdir = Path(shutil.copytree(rootdir / "test-basic", tmp_path / "site"))
    app = make_app("dirhtml", srcdir=srcdir)
    app.build()
    stylesheet = (app.outdir / "_static" / "almanac.css").read_text(encoding="utf-8")
    assert ".almanac-card" in stylesheet and "@font-face" not in stylesheet
    assert not (app.outdir / "_static" / "almanac-icons").exists()
