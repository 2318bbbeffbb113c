"""What readers see: the event card, links both ways, sources, generated lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from almanac.core import searchparts

pytest_plugins = ("site_build",)
# One build of the basic test root, shared by every test here that reads it.
pytestmark = [pytest.mark.sphinx("html", testroot="basic"), pytest.mark.test_params(shared_result="html-basic")]


@pytest.fixture
def site(app):
    app.build()

    def page(name: str) -> BeautifulSoup:
        return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")

    return page


def links(soup: BeautifulSoup, css: str = "article") -> dict[str, str]:
    return {a["href"]: a.get_text(" ", strip=True) for a in soup.select(f"{css} a[href]")}


def test_event_page_has_title_card_people_missions_and_sources(site):
    event = site("events/1965-03-18-first-spacewalk")
    assert event.select_one("article h1").get_text().strip("#") == "The first spacewalk"
    card = event.select_one(".almanac-event-card")
    fields = {dt.get_text().rstrip(":"): dd.get_text(" ", strip=True)
              for dt, dd in zip(card.select("dt"), card.select("dd"))}
    assert fields["Date"] == "18 March 1965"
    assert fields["Place"] == "Earth orbit"
    assert fields["People"] == "Alexei Leonov , Pavel Belyayev"
    assert fields["Missions"] == "Voskhod 2"
    assert fields["Challenge"] == "His suit ballooned."
    card_links = links(card, "*")
    assert card_links == {"../on-this-day/03-18.html": "18 March",
                          "../years/1965.html": "1965",
                          "../people/alexei-leonov.html": "Alexei Leonov",
                          "../people/pavel-belyayev.html": "Pavel Belyayev",
                          "../missions/voskhod-2.html": "Voskhod 2",
                          "../categories/soviet-union.html": "Soviet Union"}
    assert event.select_one(".almanac-question").get_text(" ", strip=True) == \
        "A question to reflect on Would you have gone?"
    sources = event.select_one("section#sources")
    assert "Challenge to Apollo" in sources.get_text()
    assert "Two Sides of the Moon" in sources.get_text()


def test_roles_render_display_names_and_keep_explicit_titles(site):
    story = site("events/1965-03-18-first-spacewalk").select_one("section#story")
    assert links(story, "p") == {
        "../people/alexei-leonov.html": "Alexei Leonov",
        "../missions/voskhod-2.html": "Voskhod 2",
        "../people/pavel-belyayev.html": "Pavel Belyayev",
        "#footcite-siddiqi2000challenge": "[ 1 ]",
        "#footcite-scott2004twosides": "[ 2 ]",
    }


def test_person_page_lists_events_and_missions(site):
    leonov = site("people/alexei-leonov")
    events = leonov.select_one("section#events ul")
    assert events.get_text(" ", strip=True) == "18 March 1965 — The first spacewalk"
    assert links(events, "*") == {"../events/1965-03-18-first-spacewalk.html": "The first spacewalk"}
    missions = leonov.select_one("section#missions-flown ul")
    assert missions.get_text(" ", strip=True) == "Voskhod 2 (launched 18 March 1965)"
    assert "Алексей Архипович Леонов" in leonov.select_one(".almanac-person-card").get_text()


def test_mission_page_lists_crew_and_events(site):
    voskhod = site("missions/voskhod-2")
    card = voskhod.select_one(".almanac-mission-card")
    assert links(card, "*") == {"../people/pavel-belyayev.html": "Pavel Belyayev",
                                "../people/alexei-leonov.html": "Alexei Leonov"}
    assert links(voskhod.select_one("section#events ul"), "*") == {
        "../events/1965-03-18-first-spacewalk.html": "The first spacewalk"}


def test_year_page_lists_its_events_with_summaries(site):
    year = site("years/1965")
    listing = year.select_one("ul.almanac-list")
    assert listing.get_text(" ", strip=True) == "18 March 1965 — The first spacewalk : Leonov left the spacecraft."


def test_the_sidebar_of_the_real_site_lists_sections_only(site_html):
    """The real site's sidebar template leaves out hidden toctrees: years, events, days, people."""
    event = BeautifulSoup((site_html / "events" / "1965-03-18-first-spacewalk.html").read_text(), "html.parser")
    sidebar = event.select_one("nav.bd-docs-nav")
    assert [a.get_text(strip=True) for a in sidebar.select("a")] == [
        "On this day", "Timeline", "People", "Missions", "Places", "Categories", "Bibliography"]
    assert [a.get_text(strip=True) for a in sidebar.select("li.current > a")] == ["Timeline"]


def test_the_sidebar_and_header_keep_their_templates_in_order_without_the_themes_empty_check(site_html):
    """Templates that always render are kept out of the theme's check, then put back in place;
    the icon links (none in a local build) are still dropped by the check."""
    event = BeautifulSoup((site_html / "events" / "1965-03-18-first-spacewalk.html").read_text(), "html.parser")
    items = event.select(".sidebar-primary-items__start > .sidebar-primary-item > *")
    assert [item["class"][-1] if item.name != "button" else "search-button-field" for item in items] == [
        "logo", "search-button-field", "bd-docs-nav"]
    buttons = [button["class"] for button in event.select(".article-header-buttons > *")]
    assert [next(c for c in classes if c in {"btn-fullscreen-button", "theme-switch-container", "search-button",
                                              "secondary-toggle"}) for classes in buttons] == [
        "btn-fullscreen-button", "theme-switch-container", "search-button", "secondary-toggle"]


def test_templates_hidden_from_the_empty_check_return_in_their_places():
    from almanac.sphinxext.theme import hide_never_empty_templates, restore_never_empty_templates

    context = {"sidebars": ["navbar-logo.html", "icon-links.html", "sbt-sidebar-nav.html"],
               "theme_article_header_end": "article-header-buttons", "theme_footer_start": ["copyright"]}
    hide_never_empty_templates(None, "index", "page.html", context, None)
    assert context["sidebars"] == ["navbar-logo.html", "icon-links.html"]
    assert context["theme_article_header_end"] == []
    assert context["theme_footer_start"] == ["copyright"]
    context["sidebars"] = ["navbar-logo.html"]  # what the theme's check keeps: icon-links was empty
    restore_never_empty_templates(None, "index", "page.html", context, None)
    assert context["sidebars"] == ["navbar-logo.html", "sbt-sidebar-nav.html"]
    assert context["theme_article_header_end"] == ["article-header-buttons.html"]
    assert "almanac_unchecked_templates" not in context


def test_the_search_page_describes_itself_and_loads_parts_of_the_index_without_blocking(app, site):
    page = site("search")
    assert page.select_one('meta[name="description"]')["content"] == (
        f"Search {app.config.html_title}: events, people, missions and places.")
    assert [script for script in page.select("script[src]") if script["src"].endswith("searchindex.js")] == []
    loader, = page.select('script[src="_static/almanac-search.js"]')
    # Early and not waited for: it starts the parts loading while the stylesheets load.
    assert loader.has_attr("async") and loader.find_next("link", rel="stylesheet") is not None
    ready = page.select_one('script[src="_static/language_data.js"]').find_next("script")
    assert "AlmanacSearch.start()" in ready.string and "searchindex.js" in loader["onerror"]
    assert (loader["data-index"], loader["data-parts"]) == ("searchindex.js", "searchindex/")
    assert (int(loader["data-buckets"]), int(loader["data-docs-per-part"])) == (
        searchparts.BUCKETS, searchparts.DOCS_PER_PART)
    parts = sorted(path.name for path in (Path(app.outdir) / "searchindex").iterdir())
    assert len([name for name in parts if name.startswith("terms-")]) == searchparts.BUCKETS
    assert "docs-0.js" in parts
    # The large groups' own parts (none on a site this small), and the part of every page to load with them.
    assert loader["data-own-parts"].split() == [name[:-3] for name in parts if searchparts.is_own_part(name[:-3])]
    assert loader["data-all-pages"] == searchparts.ALL_PAGES and f"{searchparts.ALL_PAGES}.js" in parts
