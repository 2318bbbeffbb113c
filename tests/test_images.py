"""Images in front matter: a figure with its alternative text and its credit, in the site and the book."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


@pytest.mark.sphinx("html", testroot="image")
def test_an_event_image_is_a_figure_with_its_alt_text_and_credit(app):
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "events" / "1965-03-18-first-spacewalk.html").read_text(encoding="utf-8"),
                         "html.parser")
    figure = page.select_one("article figure.almanac-image")
    assert figure.img["alt"] == "A cosmonaut in a white suit floating outside a spacecraft, the Earth below"
    assert (app.outdir / figure.img["src"].replace("../", "")).is_file()
    assert figure.figcaption.get_text(strip=True).rstrip("#") == "Image: A drawing made for the tests"


@pytest.mark.sphinx("latex", testroot="image")
def test_the_book_prints_the_image_with_its_credit(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    figure = tex[tex.index(r"\begin{figure}"):tex.index(r"\end{figure}")]
    assert r"\sphinxincludegraphics" in figure and "leonov" in figure
    assert "Image: A drawing made for the tests" in figure
    assert (app.outdir / "leonov.png").is_file()
