"""What each page shows of the others, and the derived data it comes from, without building pages.

The unit tests of :func:`almanac.core.derived.derive` use records made here. The tests of what pages show
read the ``basic`` test root once (Sphinx's dummy builder: no theme, no writing), then change one
field of one record at a time and check that exactly the pages showing that field would be
rewritten.
"""

from __future__ import annotations

import datetime
import shutil
from dataclasses import replace

import pytest

from almanac.core.derived import derive
from almanac.core.model import Event, Mission, PartialDate, Person, SlugRef, Summary
from almanac.sphinxext.lists import LIST_KINDS, Source, shown, shown_and_read


def event(docname: str, date: str, people: tuple[str, ...] = (), categories: tuple[str, ...] = (),
          added: str | None = None) -> Event:
    return Event(docname=docname, line=1, slug=docname.split("-", 3)[-1], title=docname, date=PartialDate.parse(date),
                 people=tuple(SlugRef(slug, 2) for slug in people), categories=categories,
                 added=PartialDate.parse(added) if added else None)


RECORDS = {
    record.docname: record for record in (
        event("events/1965-03-18-walk", "1965-03-18", people=("leonov",), categories=("soviet-union",), added="2026-01-02"),
        event("events/1961-04-12-gagarin", "1961-04-12", categories=("soviet-union",), added="2026-01-03"),
        event("events/1965-06-03-white", "1965-06-03", added="2026-01-02"),
        event("events/1965-first", "1965"),
        Person(docname="people/leonov", line=1, slug="leonov", name="Alexei Leonov"),
        Mission(docname="missions/voskhod-2", line=1, slug="voskhod-2", name="Voskhod 2",
                launch=PartialDate.parse("1965-03-18"), crew=(SlugRef("leonov", 3), SlugRef("nobody", 4))),
    )
}


def test_chronology_puts_partial_dates_before_the_days_of_their_year():
    derived = derive(RECORDS, {}, {}, "index")
    assert derived.chronology == ("events/1961-04-12-gagarin", "events/1965-first", "events/1965-03-18-walk",
                                  "events/1965-06-03-white")
    assert derived.neighbours("events/1965-first") == ("events/1961-04-12-gagarin", "events/1965-03-18-walk")
    assert derived.neighbours("events/1961-04-12-gagarin") == (None, "events/1965-first")
    assert derived.neighbours("people/leonov") == (None, None)


def test_groups_by_year_day_category_and_backlinks():
    derived = derive(RECORDS, {}, {}, "index")
    assert derived.group("year", "1965") == ("events/1965-first", "events/1965-03-18-walk", "events/1965-06-03-white")
    assert derived.group("day", "03-18") == ("events/1965-03-18-walk",)
    # Entries per day: events (one without a day has none) and launches (Voskhod 2 on 03-18).
    assert derived.days == {"03-18": 2, "04-12": 1, "06-03": 1}
    assert derived.group("launched", "03-18") == ("missions/voskhod-2",)
    assert derived.categories == {"soviet-union": 2}
    assert derived.group("events-of", "people/leonov") == ("events/1965-03-18-walk",)
    assert derived.group("missions-of", "people/leonov") == ("missions/voskhod-2",)


def test_latest_is_by_day_added_then_by_the_event_s_date():
    derived = derive(RECORDS, {}, {}, "index")
    assert derived.latest[:3] == ("events/1961-04-12-gagarin", "events/1965-06-03-white", "events/1965-03-18-walk")


def test_slugs_find_events_by_slug_and_by_stem_and_duplicates_are_kept_out():
    twin = event("events/1966-01-01-walk", "1966-01-01")
    derived = derive({**RECORDS, twin.docname: twin}, {}, {}, "index")
    assert derived.by_slug["event"]["walk"] == "events/1965-03-18-walk"
    assert derived.by_slug["event"]["1966-01-01-walk"] == "events/1966-01-01-walk"
    assert [(duplicate.docname, kept.docname) for duplicate, kept in derived.duplicates] == [
        ("events/1966-01-01-walk", "events/1965-03-18-walk")]


def test_cited_by_lists_the_citing_events_chronologically_and_only_events():
    citations = {"events/1965-03-18-walk": {"siddiqi"}, "events/1961-04-12-gagarin": {"siddiqi", "nssdca"},
                 "people/leonov": {"scott"}}
    derived = derive(RECORDS, citations, {}, "index")
    assert derived.cited_by == {"nssdca": ("events/1961-04-12-gagarin",),
                                "siddiqi": ("events/1961-04-12-gagarin", "events/1965-03-18-walk")}


def test_toctree_parents_are_found_breadth_first_from_the_root_only():
    includes = {"index": ["timeline", "people/index"], "timeline": ["years/1965"], "years/1965": ["events/a"],
                "people/index": ["events/a"], "book/index": ["years/1965"]}
    assert derive(RECORDS, {}, includes, "index").toctree_parents == {
        "timeline": "index", "people/index": "index", "years/1965": "timeline", "events/a": "people/index"}


# -- what changes rewrite which pages ---------------------------------------------------------------

WALK = "events/1965-03-18-first-spacewalk"
SPUTNIK = "events/1957-10-04-sputnik"
LEONOV = "people/alexei-leonov"
BELYAYEV = "people/pavel-belyayev"
VOSKHOD = "missions/voskhod-2"


@pytest.fixture(scope="module")
def basic(basic_read):
    return basic_read


def rewritten(app, docname: str, **changes) -> set[str]:
    """The pages showing something that changes when the record *docname* gets *changes*."""
    domain = app.env.get_domain("almanac")
    records = dict(domain.records)
    records[docname] = replace(records[docname], **changes)

    def source(of_records):
        derived = derive(of_records, domain.citations, app.env.toctree_includes, app.config.root_doc)
        return Source(of_records, derived, app.env.all_docs, app.config)

    before, after = source(domain.records), source(records)
    return {page for page, keys in domain.dependencies.items() if any(shown(before, key) != shown(after, key) for key in keys)}


LISTS_OF_THE_WALK = {"years/1965", "on-this-day/03-18", "categories/soviet-union"}
#: The front page and the calendar show the day of the build: 18 March here, the walk's day.
TODAY = {"index", "on-this-day/index"}


@pytest.fixture(autouse=True)
def built_on_the_day_of_the_walk(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime.datetime(1965, 3, 18, 12, tzinfo=datetime.timezone.utc).timestamp())))


@pytest.mark.parametrize(("docname", "changes", "pages"), [
    # A person's name shows wherever they are linked (cards, prose, crews), in index entries and
    # on the days of their birth and death.
    (LEONOV, {"name": "Aleksei Leonov"}, {WALK, VOSKHOD, "on-this-day/05-30", "on-this-day/10-11"}),
    # The native name shows only in the search index entries of the events they took part in.
    (LEONOV, {"native_name": "Леонов"}, {WALK}),
    # A birthday moves them from one day's page to another's (this site has no people index);
    # the calendar counts each day's entries.
    (LEONOV, {"born": PartialDate.parse("1934-05-31")}, {"on-this-day/05-30", "on-this-day/index"}),
    # An event's title shows in every list of it and in its neighbours' previous/next links.
    (WALK, {"title": "Leonov walks"}, {*LISTS_OF_THE_WALK, *TODAY, "timeline", LEONOV, BELYAYEV, VOSKHOD, SPUTNIK}),
    # The summary shows in the year, day and category lists only.
    (WALK, {"summary": Summary(event="He went out.")}, LISTS_OF_THE_WALK | TODAY),
    (WALK, {"question": "Would you?"}, set()),
    # A mission's name shows where it is linked: the event, the crew's prose and "missions flown",
    # the day it was launched.
    (VOSKHOD, {"name": "Voskhod-2"}, {WALK, LEONOV, BELYAYEV, "on-this-day/03-18", *TODAY}),
    (VOSKHOD, {"launch": PartialDate.parse("1965-03-19")}, {LEONOV, BELYAYEV, "on-this-day/03-18", *TODAY}),
])
def test_a_change_rewrites_exactly_the_pages_that_show_it(basic, docname, changes, pages):
    assert rewritten(basic, docname, **changes) == pages


def test_what_a_page_shows_is_kept_with_the_records_it_was_made_from(basic):
    """An incremental build computes a key again only when one of these records changed."""
    source = basic.env.get_domain("almanac").source()
    events_of_1965 = set(source.derived.group("year", "1965"))
    assert shown_and_read(source, ("year", "1965")) == (shown(source, ("year", "1965")), frozenset(events_of_1965))
    # A reference reads the one record it names; a list of every person reads all records.
    assert shown_and_read(source, ("person", "alexei-leonov"))[1] == {LEONOV}
    assert shown_and_read(source, ("index", "person"))[1] is None
    # Today's list shows a day's list, whose records it read too, and leaves it for the writers.
    source.computed.clear()
    rows, read = shown_and_read(source, ("today", ""))
    assert WALK in read and ("day", "03-18") in source.computed


def test_every_list_kind_s_rows_are_comparable_data(basic):
    """Rows are what incremental builds compare: equal when computed twice, hashable, no nodes."""
    domain = basic.env.get_domain("almanac")
    source = domain.source()
    targets = {"year": "1965", "day": "03-18", "category": "soviet-union", "index": "person",
               "events-of": LEONOV, "missions-of": LEONOV, "neighbours": WALK}
    for name, kind in LIST_KINDS.items():
        rows = kind.rows(source, targets.get(name, ""))
        assert rows == kind.rows(source, targets.get(name, "")), name
        hash(rows)


def test_readme_s_worked_example_of_a_new_list_kind_works(make_app, rootdir, tmp_path):
    """README's "Adding a list kind" example, as written there, registers a list authors can use."""
    import re

    from almanac.sphinxext import lists
    from conftest import PROJECT, warning_lines

    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"### Adding a list kind.*?```python\n(.*?)```", readme, re.DOTALL)[1]
    try:
        exec(example, vars(lists))
        srcdir = shutil.copytree(rootdir / "test-basic", tmp_path / "site")
        (srcdir / "sixties.md").write_text("---\norphan: true\n---\n# The 1960s\n\n```{almanac-list} decade 1960\n```\n")
        app = make_app("html", srcdir=srcdir)
        app.build()
        assert warning_lines(app) == []
        html = (app.outdir / "sixties.html").read_text(encoding="utf-8")
        assert "18 March 1965" in html and "The first spacewalk" in html and "Sputnik" not in html
    finally:
        lists.LIST_KINDS.pop("decade", None)
        vars(lists).pop("_decade", None)
