"""The built site in a real browser: Chromium (Debian's, headless) driven by Playwright for Python.

The real site is built once (see ``site_build``) and served on 127.0.0.1 by a thread of this test
process. Pages must load without console errors or failed requests, and without asking any other
host for anything; search must find what readers look for; pages must fit a phone's width; and axe
(``tests/browser``, installed by ``scripts/browser-deps``) must find no serious accessibility fault.

Set ALMANAC_SCREENSHOTS to an absolute folder to get a copy of the screenshots there.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

try:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Response, Route, sync_playwright
except ImportError:  # reported by the `browser` fixture: a skip, or in CI a failure
    sync_playwright = None

pytest_plugins = ("site_build",)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BROWSER_TOOLS = Path(__file__).parent / "browser"  # package.json: the pinned axe-core
AXE = BROWSER_TOOLS / "node_modules" / "axe-core" / "axe.min.js"

PAGES = {
    "front": "index.html",
    "event": "events/1965-03-18-first-spacewalk.html",
    "person": "people/alexei-leonov.html",
    "year": "years/1965.html",
    "places": "places/index.html",
    "place": "places/baikonur-cosmodrome.html",
    "timeline": "timeline.html",
    "search": "search.html?q=Leonov",
}
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}

# query: (pages that must all be among the first N pages found, N). Results are counted by page:
# a page that matches by its title and by a section counts once, at its best place.
SEARCHES = {
    # A person's name: their page and the events they took part in come first.
    "Leonov": (("people/alexei-leonov.html", "events/1965-03-18-first-spacewalk.html",
                "events/1975-07-17-apollo-soyuz-docking.html"), 3),
    "Gagarin": (("people/yuri-gagarin.html", "events/1961-04-12-vostok-1-gagarin.html"), 5),
    # The native script, Cyrillic.
    "Леонов": (("people/alexei-leonov.html",), 1),
    "Терешкова": (("people/valentina-tereshkova.html",), 1),
    # A mission's name: its page and its events first.
    "Voskhod 2": (("missions/voskhod-2.html", "events/1965-03-18-first-spacewalk.html"), 2),
    "Apollo 11": (("missions/apollo-11.html", "events/1969-07-20-apollo-11-moon-landing.html"), 3),
    # A word of a title, of a place, of a summary.
    "spacewalk": (("events/1965-03-18-first-spacewalk.html",), 3),
    "Hammaguir": (("events/1965-11-26-asterix.html",), 2),
    # A place: its page first.
    "Baikonur": (("places/baikonur-cosmodrome.html",), 3),
    # "ballooned" is stemmed to "balloon", which the balloon flights and satellites share.
    "ballooned": (("events/1965-03-18-first-spacewalk.html",), 5),
}

SCREENSHOT_PAGES = ("front", "event", "year", "places", "place", "timeline")  # names in PAGES, at every viewport
AXE_PAGES = ("front", "event", "year", "places", "place", "timeline")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SERIOUS = ("serious", "critical")


def require(available: bool, what: str, remedy: str = "scripts/browser-deps installs it") -> None:
    """Skip when a part of the browser stack is missing, with the reason; in CI (CI=true), fail."""
    if available:
        return
    message = f"{what} is missing; {remedy}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: the browser tests must run, not skip)")
    pytest.skip(message)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> Iterator[str]:
    """*directory* served over HTTP on 127.0.0.1 (a free port) until the generator is closed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name=f"almanac-{directory.name}", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def site_url(site_html: Path) -> Iterator[str]:
    """The built site, served for as long as the tests run."""
    yield from serve(site_html)


@pytest.fixture(scope="session")  # session-wide, like the build, and set up first: a skip is quick
def browser() -> Iterator[Browser]:
    """Headless Chromium; Playwright starts it with a fresh temporary profile, deleted on close."""
    require(sync_playwright is not None, "Playwright for Python (the playwright package)",
            "`make test` installs it from requirements-test.txt")
    require(CHROMIUM.is_file(), f"Chromium ({CHROMIUM}, Debian's chromium package)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A page opened in the browser and everything it did while loading."""

    page: Page
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def watch(self) -> None:
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("requestfailed", lambda request: self.failed.append(f"{request.url}: {request.failure}"))
        self.page.on("response", self._on_response)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught {error.name}: {error.message}"))

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text} ({message.location['url']})")


def _keep_on_site(site_url: str, route: Route) -> None:
    if route.request.url.startswith(site_url):
        route.continue_()
    else:
        route.abort("blockedbyclient")


def open_visit(browser: Browser, site_url: str, path: str, viewport: str = "desktop",
               wait_until: str = "load") -> Visit:
    """Open *path* as a first-time visitor (a new browser context: no stored state) at the size of
    *viewport*. Requests for anything but the site are aborted. Close it with its context."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.route("**/*", partial(_keep_on_site, site_url))
    visit = Visit(context.new_page())
    visit.watch()
    visit.page.goto(site_url + path, wait_until=wait_until)
    return visit


@pytest.fixture
def browse(browser: Browser, site_url: str) -> Iterator[Callable[..., Visit]]:
    """Opens pages for one test (see `open_visit`), closed after it."""
    visits: list[Visit] = []

    def open_page(path: str, viewport: str = "desktop") -> Visit:
        visits.append(open_visit(browser, site_url, path, viewport))
        return visits[-1]

    yield open_page
    for visit in visits:
        visit.page.context.close()


@pytest.fixture(scope="module")
def first_visit(browser: Browser, site_url: str) -> Iterator[Callable[[str], Visit]]:
    """The visit of one of PAGES, loaded until the network is idle (so late requests are seen too)
    once for every test that checks what loading it did."""
    visits: dict[str, Visit] = {}

    def visit(name: str) -> Visit:
        if name not in visits:
            visits[name] = open_visit(browser, site_url, PAGES[name], wait_until="networkidle")
        return visits[name]

    yield visit
    for loaded in visits.values():
        loaded.page.context.close()


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_without_console_errors_or_failed_requests(first_visit, name):
    visit = first_visit(name)
    assert visit.errors == [], f"{PAGES[name]}:\n" + "\n".join(visit.errors)
    assert visit.failed == [], f"{PAGES[name]}, failed requests:\n" + "\n".join(visit.failed)
    assert visit.page.title().endswith("Almanac")


@pytest.mark.parametrize("name", PAGES)
def test_no_request_leaves_the_site(first_visit, site_url, name):
    visit = first_visit(name)
    offsite = [url for url in visit.requests if not url.startswith(site_url)]
    assert offsite == [], f"{PAGES[name]} asked other hosts for:\n" + "\n".join(offsite)
    assert site_url + "_static/styles/theme.css" in {url.split("?")[0] for url in visit.requests}


#: Every Font Awesome icon the page draws (a private use character, in an element or its ::before
#: and ::after), with the face it is drawn in: [codepoint, family, weight].
ICON_CHARACTERS = r"""() => {
  const drawn = [];
  for (const element of document.querySelectorAll("*")) {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(element, pseudo);
      if (!/Font Awesome/.test(style.fontFamily) || style.display === "none") continue;
      // A pseudo-element's content is a string (and maybe " / " and its alternative text), or none.
      const text = pseudo ? (style.content.match(/^"((?:[^"\\]|\\.)*)"/) || ["", ""])[1]
        : [...element.childNodes].filter(node => node.nodeType === Node.TEXT_NODE).map(node => node.textContent).join("");
      for (const character of text) {
        const codepoint = character.codePointAt(0);
        if (codepoint >= 0xE000 && codepoint <= 0xF8FF) drawn.push([codepoint, style.fontFamily, style.fontWeight]);
      }
    }
  }
  return drawn;
}"""


def cut_font_file(family: str, weight: str) -> str:
    """The file of the cut font that draws *family* at *weight* (see almanac.sphinxext.icons)."""
    return "fa-brands-400.woff2" if "Brands" in family else "fa-solid-900.woff2" if weight == "900" else "fa-regular-400.woff2"


@pytest.mark.parametrize("name", PAGES)
def test_every_icon_comes_from_the_cut_fonts(first_visit, site_html, site_url, name):
    from fontTools.ttLib import TTFont

    visit = first_visit(name)
    fonts = sorted({url for url in visit.requests if url.endswith(".woff2")})
    assert fonts and all(url.startswith(site_url + "_static/almanac-icons/") for url in fonts), fonts
    drawn = visit.page.evaluate(ICON_CHARACTERS)
    assert any(codepoint == 0xF002 for codepoint, _, _ in drawn)  # the search button, on every page
    held = {name: set(TTFont(site_html / "_static" / "almanac-icons" / name).getBestCmap())
            for name in ("fa-solid-900.woff2", "fa-regular-400.woff2", "fa-brands-400.woff2")}
    missing = sorted({f"U+{codepoint:X} ({family} {weight})" for codepoint, family, weight in drawn
                      if codepoint not in held[cut_font_file(family, weight)]})
    assert missing == [], f"{PAGES[name]} draws icons its cut fonts lack: {missing}"


def ranked_pages(page: Page) -> list[str]:
    """The pages of the finished search on *page*, best first, each once."""
    # The summary line gets its text only when every result is on the page.
    page.wait_for_function("() => document.querySelector('#search-results p.search-summary')?.textContent")
    hrefs = page.eval_on_selector_all("#search-results ul.search > li > a",
                                      "links => links.map(link => link.getAttribute('href'))")
    return list(dict.fromkeys(href.split("#")[0] for href in hrefs))


@pytest.mark.parametrize("query", SEARCHES)
def test_search_finds_the_pages_readers_look_for(browse, query):
    expected, top = SEARCHES[query]
    found = ranked_pages(browse(f"search.html?q={quote(query)}").page)
    missing = [page for page in expected if page not in found[:top]]
    assert missing == [], f"{query!r}: {missing} not among the first {top} of {found}"


#: Sphinx's own search (searchtools.js) of *query* over the index the page assembled from the
#: parts, and over the whole searchindex.js: each result's page, title, anchor, description, score.
SEARCH_BOTH_WAYS = """async (query) => {
  const assembled = Search._index;
  const results = (index) => {
    Search._index = index;
    return Search._performSearch(...Search._parseQuery(query)).map((result) => result.slice(0, 5).join(" | "));
  };
  const whole = await new Promise((resolve) => {
    const setIndex = Search.setIndex;
    Search.setIndex = (index) => { Search.setIndex = setIndex; resolve(index); };
    Search.loadIndex("searchindex.js");
  });
  const found = {parts: results(assembled), whole: results(whole)};
  Search._index = assembled;
  return found;
}"""
#: More queries than SEARCHES: words joined by a hyphen, an object's words in another order, a
#: word of a section title, a query of stop words only.
MORE_SEARCHES = ("Apollo-Soyuz", "11 Apollo", "Sources", "the and of", "Королёв", "cosmodrome Baikonur")


@pytest.mark.parametrize("query", [*SEARCHES, *MORE_SEARCHES])
def test_search_loads_parts_of_the_index_and_finds_what_the_whole_index_finds(browse, query):
    visit = browse(f"search.html?q={quote(query)}")
    ranked_pages(visit.page)
    loaded = [url.split("?")[0] for url in visit.requests]
    assert not [url for url in loaded if url.endswith("/searchindex.js")]
    assert [url for url in loaded if "/searchindex/" in url]
    found = visit.page.evaluate(SEARCH_BOTH_WAYS, query)
    assert found["parts"] == found["whole"]
    assert visit.errors == [] and visit.failed == []


@pytest.fixture(scope="module")
def large_groups_site_url(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The ``basic`` test root, its search index cut as if its groups were large: most have parts of their own."""
    from almanac.core import searchparts
    from conftest import built_copy

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchparts, "OWN_PART", 20)
        site = built_copy(rootdir, tmp_path_factory.mktemp("large-groups") / "site", "html")
    yield from serve(site.outdir)


def test_a_large_group_s_own_part_and_every_page_name_load_with_the_buckets(browser, large_groups_site_url):
    from almanac.core import searchparts

    visit = open_visit(browser, large_groups_site_url, "search.html?q=spacewalk")
    try:
        ranked_pages(visit.page)
        listed = visit.page.locator("script[data-own-parts]").get_attribute("data-own-parts").split()
        own = "terms-x" + "_".join(f"{ord(c):x}" for c in "sp")
        assert own in listed
        timings = {entry["name"].split("/")[-1].removesuffix(".js"): entry for entry in visit.page.evaluate(
            "() => performance.getEntriesByType('resource').map(e => ({name: e.name, start: e.startTime, end: e.responseEnd}))")}
        bucket = min(timings[name]["end"] for name in timings if re.fullmatch(r"terms-\d+", name))
        # Asked for before any bucket had come, not after the bucket named them.
        assert timings[own]["start"] < bucket
        # Every page's name with them, in one part, and no docs part.
        assert timings[searchparts.ALL_PAGES]["start"] < bucket
        assert not [name for name in timings if name.startswith("docs-")]
        found = visit.page.evaluate(SEARCH_BOTH_WAYS, "spacewalk")
        assert found["parts"] == found["whole"] and found["parts"]
        # The test root leaves out the real site's default colour mode, which the theme reports.
        assert [error for error in visit.errors if "invalid theme mode" not in error] == [] and visit.failed == []
    finally:
        visit.page.context.close()


STAMP = re.compile(r'^(AlmanacSearch\.addPart\("[^"]+",)"[0-9a-f]+"')


@pytest.mark.parametrize("trouble", ["a part of another build", "a missing part", "a missing loader"])
def test_search_falls_back_to_the_whole_index(browser, site_url, trouble):
    """A page that meets parts of two builds (one cached), misses one or misses the script that
    loads them loads the whole index."""
    def spoil(route: Route) -> None:
        if trouble != "a part of another build":
            route.fulfill(status=404, body="")
            return
        response = route.fetch()
        route.fulfill(response=response, body=STAMP.sub(r'\1"0000000000000000"', response.text()))

    context = browser.new_context()
    context.route("**/*", partial(_keep_on_site, site_url))
    spoiled = "**/_static/almanac-search.js" if trouble == "a missing loader" else "**/searchindex/docs-*.js"
    context.route(spoiled, spoil)  # the later route is asked first
    visit = Visit(context.new_page())
    visit.watch()
    try:
        visit.page.goto(site_url + "search.html?q=Leonov")
        assert ranked_pages(visit.page)[0] == "people/alexei-leonov.html"
        assert site_url + "searchindex.js" in visit.requests
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", SCREENSHOT_PAGES)
def test_pages_fit_the_screen_and_are_photographed(browse, screenshot_dir, name, viewport):
    page = browse(PAGES[name], viewport=viewport).page
    page.evaluate("() => document.fonts.ready.then(() => true)")
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    shot = screenshot_dir / f"{name}-{viewport}.png"
    page.screenshot(path=shot, full_page=True)
    png = shot.read_bytes()
    assert png[:8] == PNG_SIGNATURE
    # The IHDR chunk gives the image's width: the viewport's, as nothing sticks out to the side.
    assert struct.unpack(">I", png[16:20])[0] == VIEWPORTS[viewport]["width"]
    assert overflow[0] <= overflow[1], f"{PAGES[name]} scrolls sideways at {viewport} width: {overflow}"
    if copy_to := os.environ.get("ALMANAC_SCREENSHOTS"):
        assert Path(copy_to).is_absolute(), f"ALMANAC_SCREENSHOTS must be an absolute folder, not {copy_to!r}"
        Path(copy_to).mkdir(parents=True, exist_ok=True)
        shutil.copy2(shot, Path(copy_to) / shot.name)


def describe(violation: dict) -> str:
    """An axe violation as its rule, its help and, for every offending element, its CSS selector
    and what is wrong with it (axe's failure summary)."""
    nodes = [f"    {' '.join(map(str, node['target']))}\n      " + " ".join(node["failureSummary"].split())
             for node in violation["nodes"]]
    title = f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
    return "\n".join([title, *nodes])


@pytest.mark.parametrize("name", AXE_PAGES)
def test_axe_finds_no_serious_accessibility_violation(browse, name):
    require(AXE.is_file(), f"axe-core ({AXE})")
    page = browse(PAGES[name]).page
    page.add_script_tag(path=AXE)
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    serious = [describe(v) for v in violations if v["impact"] in SERIOUS]
    others = [describe(v) for v in violations if v["impact"] not in SERIOUS]
    assert serious == [], (f"{PAGES[name]}: {len(serious)} serious or critical violation(s):\n" + "\n".join(serious)
                           + "\n(less severe, not failing:)\n" + "\n".join(others))
    pinned = json.loads((BROWSER_TOOLS / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    assert page.evaluate("() => axe.version") == pinned


# -- figures -----------------------------------------------------------------------------------------

def test_a_marker_on_the_map_leads_to_its_place(browse):
    page = browse(PAGES["places"]).page
    marker = page.locator("svg.almanac-map a[aria-label='Baikonur Cosmodrome'] circle")
    marker.click()
    page.wait_for_url("**/places/baikonur-cosmodrome.html")
    assert page.locator("article h1").inner_text().startswith("Baikonur Cosmodrome")


def test_a_bar_of_the_timeline_chart_leads_to_its_year(browse):
    page = browse(PAGES["timeline"]).page
    page.locator("svg.almanac-chart a[href='years/1969.html'] rect").first.click()
    page.wait_for_url("**/years/1969.html")
    assert page.locator("article h1").inner_text().startswith("1969")


def test_dark_mode_recolours_the_maps(browser, site_url):
    fills = {}
    for mode in ("light", "dark"):
        context = browser.new_context(color_scheme=mode)
        page = context.new_page()
        page.goto(site_url + PAGES["places"])
        fills[mode] = page.evaluate("""() => [".almanac-map-sea", ".almanac-map-land"].map(
            selector => getComputedStyle(document.querySelector(selector)).fill)""")
        context.close()
    # Sea and land differ from each other in both modes, and the dark ones from the light ones.
    assert fills["light"][0] != fills["light"][1] and fills["dark"][0] != fills["dark"][1]
    assert fills["light"] != fills["dark"]


# -- "Today in history", at the reader's date -------------------------------------------------------

#: The small site is built as if on 18 March 2026 (SOURCE_DATE_EPOCH): its pages hold that day's events.
BUILD_DAY = "2026-03-18T12:00:00Z"


@pytest.fixture(scope="module")
def small_site_url(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The ``basic`` test root (six days with entries in the year), built on :data:`BUILD_DAY` and served."""
    from conftest import built_copy

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(int(datetime.datetime.fromisoformat(BUILD_DAY).timestamp())))
        site = built_copy(rootdir, tmp_path_factory.mktemp("small") / "site", "html")
    yield from serve(site.outdir)


def today_block(browser: Browser, url: str, moment: str, javascript: bool = True) -> tuple[Page, str]:
    """The front page opened with the reader's clock at *moment*; the text of its Today block
    (paragraph breaks as single newlines)."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"], java_script_enabled=javascript, timezone_id="UTC")
    context.route("**/*", partial(_keep_on_site, url))
    context.add_init_script(TODAY_CHANGES)
    page = context.new_page()
    if javascript:
        page.clock.set_fixed_time(moment)
    page.goto(url + "index.html", wait_until="networkidle")
    return page, re.sub(r"\n+", "\n", page.locator(".almanac-today").inner_text())


#: Counts the changes scripts make inside the Today block once it is parsed, in window.almanacTodayChanges.
TODAY_CHANGES = """window.almanacTodayChanges = 0;
document.addEventListener("DOMContentLoaded", () => {
  new MutationObserver((records) => { window.almanacTodayChanges += records.length; })
    .observe(document.querySelector(".almanac-today"), {childList: true, subtree: true, characterData: true});
});"""


def test_today_shows_the_day_s_events_and_births_and_launches(browser, small_site_url):
    # The reader's day is the day the page was built: it already holds that day, and nothing moves.
    page, text = today_block(browser, small_site_url, BUILD_DAY)
    try:
        assert "On 18 March:" in text
        assert "1965 — The first spacewalk: Leonov left the spacecraft." in text
        assert "Launched\n1965 — Voskhod 2: Voskhod, Soviet Union" in text
        assert page.locator(".almanac-today a", has_text="All of 18 March").evaluate("a => a.href") == (
            small_site_url + "on-this-day/03-18.html")
        assert page.evaluate("window.almanacTodayChanges") == 0
    finally:
        page.context.close()


def test_on_another_day_the_reader_s_day_replaces_the_build_day(browser, small_site_url):
    page, text = today_block(browser, small_site_url, "2026-05-30T12:00:00Z")
    try:
        assert "On 30 May:" in text and "On 18 March:" not in text
        assert page.evaluate("window.almanacTodayChanges") > 0
        assert "Born\n1934 — Alexei Leonov" in text
        assert page.locator(".almanac-today a", has_text="All of 30 May").evaluate("a => a.href") == (
            small_site_url + "on-this-day/05-30.html")
    finally:
        page.context.close()


def test_a_day_with_nothing_shows_what_is_coming_up_and_a_random_event(browser, small_site_url):
    page, text = today_block(browser, small_site_url, "2026-05-01T08:00:00Z")
    try:
        assert "Nothing in the knowledge base happened on 1 May yet." in text
        # The next days with entries: Leonov's birthday, Belyayev's, then Sputnik's day.
        assert "Coming up:\n30 May — 1934: Alexei Leonov\n26 June — 1925: Pavel Belyayev\n4 October — 1957: Sputnik 1\n" in text
        random = page.locator("a.almanac-random")
        random.wait_for()
        page.wait_for_function("() => document.querySelector('a.almanac-random').textContent.includes(':')")
        href = random.get_attribute("href")
        assert href in ("./events/1965-03-18-first-spacewalk.html", "./events/1957-10-04-sputnik.html")
        random.click()
        page.wait_for_load_state()
        assert page.url == small_site_url + href.removeprefix("./")
    finally:
        page.context.close()


def test_without_javascript_the_today_block_shows_the_build_day_and_links_the_calendar(browser, small_site_url):
    page, text = today_block(browser, small_site_url, "", javascript=False)
    try:
        assert "On 18 March:" in text and "1965 — The first spacewalk: Leonov left the spacecraft." in text
        assert "Every day’s events are in the calendar." in text
        assert page.locator(".almanac-today a", has_text="the calendar").get_attribute("href") == "on-this-day/index.html"
    finally:
        page.context.close()
