"""The content model alone: dates, front matter with lines, schema findings (no Sphinx build)."""

from __future__ import annotations

import pytest

from almanac.core.problems import Problem
from almanac.core.frontmatter import FrontMatterError, parse_front_matter
from almanac.core.model import PartialDate
from almanac.core.kinds import read_record


@pytest.mark.parametrize(("text", "human", "calendar_day"), [
    ("1965-03-18", "18 March 1965", True),
    ("1965-03", "March 1965", False),
    ("1965", "1965", False),
])
def test_partial_dates(text, human, calendar_day):
    date = PartialDate.parse(text)
    assert date.iso() == text
    assert date.human() == human
    assert date.is_calendar_day is calendar_day


def test_partial_dates_sort_before_the_days_they_contain():
    dates = [PartialDate.parse(t) for t in ("1965-03-18", "1965", "1965-03", "1964-12-31")]
    assert [d.iso() for d in sorted(dates, key=lambda d: d.sort_key)] == ["1964-12-31", "1965", "1965-03", "1965-03-18"]


@pytest.mark.parametrize(("text", "message"), [
    ("1965-02-30", "'1965-02-30' is not a real day: February 1965 has 28 days"),
    ("1964-02-30", "'1964-02-30' is not a real day: February 1964 has 29 days"),
    ("1965-13", "'1965-13' has no month 13"),
    ("18 March 1965", "'18 March 1965' is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY"),
])
def test_impossible_dates_say_why(text, message):
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(text)


def test_front_matter_keeps_the_line_of_every_key_and_item():
    front_matter = parse_front_matter("---\ntitle: T\npeople:\n  - a\n  - b\nsummary:\n  event: E\n---\nBody\n")
    assert front_matter is not None
    assert front_matter.values == {"title": "T", "people": ["a", "b"], "summary": {"event": "E"}}
    assert front_matter.line_of(("title",)) == 2
    assert front_matter.line_of(("people", 1)) == 5
    assert front_matter.line_of(("summary", "event")) == 7
    assert front_matter.line_of(("summary", "missing")) == 6


def test_dates_stay_text_so_impossible_ones_can_be_explained():
    front_matter = parse_front_matter("---\ndate: 1965-02-30\n---\n")
    assert front_matter is not None and front_matter.values == {"date": "1965-02-30"}


def test_no_front_matter_is_none():
    assert parse_front_matter("# Just a page\n") is None


@pytest.mark.parametrize(("text", "line", "message"), [
    ("---\ntitle: a\ntitle: b\n---\n", 3, "key 'title' is given twice (lines 2 and 3); keep one"),
    ("---\n- a list\n---\n", 2, "the front matter must be a mapping of keys to values"),
    ("---\ntitle: a\n", 1, "the front matter opened on line 1 is never closed by '---'"),
    ("---\ntitle: [a\n---\n", 2, "malformed YAML"),
])
def test_unreadable_front_matter_is_located(text, line, message):
    with pytest.raises(FrontMatterError, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        parse_front_matter(text)
    assert caught.value.line == line


def read(kind, docname, text):
    front_matter = parse_front_matter(text)
    assert front_matter is not None
    record, findings = read_record(kind, docname, front_matter, front_matter.body(text))
    return record, [(f.problem, f.line, f.message) for f in findings]


STORY = "\n## Story\n\nWhat happened.\n"


def test_a_valid_event_becomes_a_record():
    record, findings = read("event", "events/1965-03-18-first-spacewalk",
                            "---\ntitle: T\ndate: 1965-03-18\nend: 1965-03-19\npeople: [a, b]\n---\n" + STORY)
    assert findings == []
    assert record.slug == "first-spacewalk"
    assert [ref.slug for ref in record.people] == ["a", "b"]
    assert record.end == PartialDate(1965, 3, 19)


def test_invalid_values_are_reported_and_left_out_but_the_record_survives():
    record, findings = read("mission", "missions/voskhod-2",
                            "---\nname: Voskhod 2\nlaunch: 1965-03-18\nend: 1965-03-17\ncospar: 1965-22A\n---\n")
    assert findings == [
        (Problem.WRONG_TYPE, 5, "'cospar' must be a COSPAR id such as 1965-022A, not '1965-22A'"),
        (Problem.INVALID_DATE, 4, "'end' (1965-03-17) is before 'launch' (1965-03-18)"),
    ]
    assert record.name == "Voskhod 2" and record.end is None and record.cospar is None


def test_an_event_file_name_must_carry_its_date():
    _, findings = read("event", "events/first-spacewalk", "---\ntitle: T\ndate: 1965-03-18\n---\n" + STORY)
    assert findings == [(Problem.INVALID_SLUG, 1,
                         "event file name 'first-spacewalk' is not YYYY-MM-DD-slug (or YYYY-MM-slug, YYYY-slug)")]


def test_partial_event_dates_match_partial_file_names():
    record, findings = read("event", "events/1965-03-a-month", "---\ntitle: T\ndate: 1965-03\n---\n" + STORY)
    assert findings == [] and record.date == PartialDate(1965, 3)


def test_people_sort_by_family_name_with_capitalised_particles():
    from almanac.core.model import Person

    names = ["Wernher von Braun", "James Van Allen", "Alexei Leonov", "Buzz Aldrin", "T. Keith Glennan"]
    people = sorted((Person(docname="", line=1, slug="", name=name) for name in names), key=lambda p: p.sort_key)
    assert [p.family_name for p in people] == ["Aldrin", "Braun", "Glennan", "Leonov", "Van Allen"]


def test_a_brief_event_is_one_without_a_story_and_needs_its_summary_sentence():
    record, findings = read("event", "events/1965-07-15-mariner-4",
                            "---\ntitle: Mariner 4 at Mars\ndate: 1965-07-15\nsources: [a, b]\n---\n")
    assert findings == [(Problem.MISSING_FIELD, 1, "a brief event (a page without a '## Story') needs "
                                                   "'summary.event': the sentence that says what happened")]
    assert record.feature is False and [ref.slug for ref in record.sources] == ["a", "b"]
    record, findings = read("event", "events/1965-07-15-mariner-4",
                            "---\ntitle: M\ndate: 1965-07-15\nsummary:\n  event: It flew by.\n---\n")
    assert findings == [] and record.feature is False
    record, _ = read("event", "events/1965-07-15-mariner-4", "---\ntitle: M\ndate: 1965-07-15\n---\n" + STORY)
    assert record.feature is True


@pytest.mark.parametrize(("gregorian", "julian"), [
    ("1907-01-12", PartialDate(1906, 12, 30)),  # Korolev: 13 days in the 20th century
    ("1857-09-17", PartialDate(1857, 9, 5)),  # Tsiolkovsky: 12 days in the 19th
    ("1700-03-11", PartialDate(1700, 2, 29)),  # a Julian leap day the Gregorian calendar does not have
])
def test_julian_dates(gregorian, julian):
    assert PartialDate.parse(gregorian).julian() == julian


def test_an_old_style_date_must_be_the_julian_date_of_the_gregorian_one():
    text = "---\nname: Sergei Korolev\nborn: 1907-01-12\nborn_old_style: 1906-12-31\ndied: 1966-01-14\n---\n"
    record, findings = read("person", "people/sergei-korolev", text)
    assert findings == [(Problem.INVALID_DATE, 4, "'born_old_style' (1906-12-31) is not the Julian date of 'born' "
                                                  "(1907-01-12), which is 1906-12-30; 'born' is the Gregorian date")]
    assert record.born_old_style is None
    record, findings = read("person", "people/sergei-korolev", text.replace("1906-12-31", "1906-12-30"))
    assert findings == [] and record.born_old_style == PartialDate(1906, 12, 30)
