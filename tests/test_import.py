"""``almanac import-jekyll``: Jekyll posts become event pages that read back, build and say what is left to do.

The posts are in ``tests/fixtures/jekyll/``: the Leonov post (rewritten, with its mojibake) and one
post per variation real posts show. Pages are imported into copies of the scenario sites.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from almanac.cli import main
from almanac.core.frontmatter import parse_front_matter
from almanac.cli.importer import KnownPage, import_posts, mentioned, propose_slug, unknown_names
from almanac.cli.jekyll import Post, PostError, PostImage, parse_post
from almanac.core.model import Event, PartialDate, Summary
from almanac.core.kinds import read_record

from conftest import warning_lines

FIXTURES = Path(__file__).parent / "fixtures" / "jekyll"
LEONOV = FIXTURES / "2025-03-18-leonov-spacewalk.md"
LEONOV_PAGE = "events/1965-03-18-leonov-spacewalk.md"
#: The posts that import, and the page each becomes.
GOOD = {
    "2024-04-12-gagarin-orbit.md": "events/1961-04-12-gagarin-orbit.md",
    "2024-07-20-moon-landing.md": "events/1969-07-20-moon-landing.md",
    "2024-10-04-sputnik-beeps.md": "events/1957-10-04-sputnik-beeps.md",
    "2024-10-07-far-side.md": "events/1959-10-07-far-side.md",
    "2024-11-03-laika.md": "events/1957-11-03-laika.md",
    "2025-03-18-leonov-spacewalk.md": LEONOV_PAGE,
}
#: The posts that cannot be imported: the line and the reason reported.
BROKEN = {
    "no-front-matter.md": (1, "no front matter: a Jekyll post starts with a '---' line"),
    "2024-05-05-invalid-yaml.md": (5, "malformed YAML: found unexpected end of stream"),
    "no-date.md": (1, "no 'date' in the front matter, and the file name does not start with one"),
    "2024-06-16-no-year.md": (5, "the event's year is unknown: no year in the categories, and the title names none"),
}
LEONOV_FRONT_MATTER = """\
---
title: 'Ten Minutes Outside: Leonov''s Walk in Open Space, 1965'
date: '1965-03-18'
added: '2025-03-18'
people:
- alexei-leonov
missions:
- voskhod-2
categories:
- soviet-union
summary:
  event: On 18 March 1965 Alexei Leonov climbed out of Voskhod 2 and floated on a tether in open space, the first person ever to do so.
  challenge: In the vacuum his suit swelled so much that he could not get back in, until he let air out of it and went into the airlock head first.
  impact: The flight showed that people could leave a spacecraft and come back, a skill every later programme relied on.
  legacy: Leonov’s few minutes outside are still remembered as a lesson in nerve and improvisation.
question: Would you have dared to let go of the hatch?
image:
  file: /assets/images/18_March_leonov_fixture.png
  alt: 'TODO: describe what the image shows, for readers who cannot see it'
  credit: 'TODO: who made this image, and under what licence? The post does not say'
---
"""


def post(name: str, text: str | None = None) -> Post:
    """The fixture *name* read as a post, or *text* read as if it were that file."""
    return parse_post((FIXTURES / name).read_bytes().decode("utf-8") if text is None else text, name)


def variant(old: str, new: str) -> str:
    """The Leonov post with one line changed."""
    text = LEONOV.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def read_back(site: Path, page: str) -> tuple[Event, list[str]]:
    """The imported page read as the build reads it: its record and the messages of its findings."""
    text = (site / page).read_text(encoding="utf-8")
    front_matter = parse_front_matter(text)
    assert front_matter is not None
    record, findings = read_record("event", page.removesuffix(".md"), front_matter, front_matter.body(text))
    assert isinstance(record, Event)
    return record, [finding.message for finding in findings]


@pytest.fixture
def site(rootdir: Path, tmp_path: Path) -> Path:
    """A small knowledge base (two people, Voskhod 2, two events) to import into."""
    return Path(shutil.copytree(rootdir / "test-basic", tmp_path / "site"))


def run(site: Path, *arguments: str) -> int:
    return main(["import-jekyll", "--into", str(site / "events"), *arguments])


# Reading posts


def test_the_leonov_post_becomes_a_typed_record():
    leonov = post(LEONOV.name)
    assert leonov.title == "Ten Minutes Outside: Leonov's Walk in Open Space, 1965"
    assert leonov.country == "Soviet Union"
    assert leonov.date == PartialDate(1965, 3, 18)
    assert leonov.categories == ("soviet-union",)
    assert leonov.summary.items()[0] == ("Event", "On 18 March 1965 Alexei Leonov climbed out of Voskhod 2 and "
                                         "floated on a tether in open space, the first person ever to do so.")
    assert [label for label, _ in leonov.summary.items()] == ["Event", "Challenge", "Impact", "Legacy"]
    assert leonov.question == "Would you have dared to let go of the hatch?"
    assert leonov.image == PostImage("/assets/images/18_March_leonov_fixture.png", "Image")
    assert leonov.notes == ()


def test_the_story_keeps_its_paragraphs_and_loses_what_went_into_front_matter():
    story = post(LEONOV.name).story
    assert story.startswith("## Story\n\nBelow him the Earth turned slowly")
    assert story.endswith("Leonov’s improvised return was not in any plan, and it worked.\n")
    assert story.count("\n\n") == 4  # heading and four paragraphs, no gaps left by what was taken out
    for taken in ("TLDR", "**Event**", "\n--\n", "![Image]", "|**"):
        assert taken not in story


def test_mojibake_is_repaired_and_typographic_quotes_are_kept():
    leonov = post(LEONOV.name)
    assert "â€" in LEONOV.read_text(encoding="utf-8")
    assert leonov.summary.legacy is not None and leonov.summary.legacy.startswith("Leonov’s few minutes")
    assert "â" not in repr(leonov)


def test_curly_and_mojibake_quotes_both_end_up_curly():
    gagarin = post("2024-04-12-gagarin-orbit.md")
    assert "As the rocket rose he called out “Poyekhali!”, which means “Let’s go!”." in gagarin.story
    assert "a farmer’s wife" in gagarin.story
    assert gagarin.summary.impact == "“Poyekhali!” — “Let’s go!” — became one of the most quoted words of the century."
    assert "â" not in repr(gagarin) and '"' not in gagarin.story


def test_crlf_line_endings_are_normalised():
    assert b"\r\n" in (FIXTURES / "2024-10-04-sputnik-beeps.md").read_bytes()
    sputnik = post("2024-10-04-sputnik-beeps.md")
    assert "\r" not in repr(sputnik)
    assert sputnik.title == "A Sphere That Beeped: Sputnik 1"
    assert sputnik.story == ("## Story\n\nRadio amateurs all over the world tuned in to a steady beep from orbit.\n\n"
                             "The sphere was small, but its signal changed politics.\n")


def test_a_post_without_an_image_has_none():
    landing = post("2024-07-20-moon-landing.md")
    assert landing.image is None
    assert "There is no picture in this post, only the words." in landing.story


def test_missing_tldr_fields_are_left_out_of_the_summary():
    laika = post("2024-11-03-laika.md")
    assert laika.summary == Summary(
        event="Laika became the first animal to orbit the Earth, on Sputnik 2.",
        impact="The flight showed that a living being could survive launch and weightlessness.",
    )
    assert laika.image == PostImage("/assets/images/laika_fixture.jpg", "A small dog in a harness")


@pytest.mark.parametrize(("name", "form", "year", "categories"), [
    ("2025-03-18-leonov-spacewalk.md", 'categories: history 1965 "soviet-union"', 1965, ("soviet-union",)),
    ("2024-07-20-moon-landing.md", "categories: [history, 1969, united-states]", 1969, ("united-states",)),
    ("2024-11-03-laika.md", "categories:\n  - history\n  - 1957\n  - soviet-union", 1957, ("soviet-union",)),
])
def test_categories_as_a_string_or_a_list_give_the_year_and_the_country(name, form, year, categories):
    assert form in (FIXTURES / name).read_text(encoding="utf-8")
    read = post(name)
    assert (read.date.year, read.categories) == (year, categories)


def test_other_categories_are_kept_as_slugs_after_the_country():
    read = post(LEONOV.name, variant('categories: history 1965 "soviet-union"',
                                     'categories: history 1965 "Soviet Union" "Space Race"'))
    assert read.categories == ("soviet-union", "space-race")


def test_raw_html_is_sanitised_and_the_markdown_around_it_kept():
    far_side = post("2024-10-07-far-side.md")
    assert "<script" in (FIXTURES / "2024-10-07-far-side.md").read_text(encoding="utf-8")
    assert "<script" not in far_side.story and "steal" not in far_side.story and "cookie" not in far_side.story
    assert not re.search(r"\bon\w+=", far_side.story)
    assert ("The probe swung around the Moon <span>and took its pictures</span> on 7 October.\n\n"
            '<div>\n<img src="/assets/images/far_side_fixture.png" alt="The far side">\n</div>\n\n') in far_side.story
    assert far_side.summary.impact == "The first look at half of the Moon nobody had seen."
    assert far_side.notes == ("raw HTML on line 18 was sanitised: check what is left",
                              "raw HTML on lines 20-23 was sanitised: check what is left")


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_post_raises_with_its_line_and_reason(name):
    with pytest.raises(PostError) as raised:
        post(name)
    assert (raised.value.line, raised.value.reason) == BROKEN[name]


@pytest.mark.parametrize(("old", "new", "line", "reason"), [
    ('title:  "Soviet Union', 'tagline:  "Soviet Union', 1, "no 'title' in the front matter"),
    ("date:   2025-03-18 17:04:49 +01:00", "date: the eighteenth of March", 4,
     "'date' is not a date: 'the eighteenth of March'"),
    ("layout: post\n", "layout: post\nlayout: page\n", 3, "key 'layout' is given twice (lines 2 and 3); keep one"),
])
def test_a_post_with_a_broken_front_matter_value_raises(old, new, line, reason):
    with pytest.raises(PostError) as raised:
        post(LEONOV.name, variant(old, new))
    assert (raised.value.line, raised.value.reason) == (line, reason)


def test_the_question_is_found_before_a_last_separator():
    read = post(LEONOV.name, variant("|**Would you have dared to let go of the hatch?**|\n",
                                     "|**Would you have dared to let go of the hatch?**|\n\n--\n"))
    assert read.question == "Would you have dared to let go of the hatch?"
    assert read.story.endswith("and it worked.\n")


def test_html_that_is_only_a_script_is_dropped_with_a_note():
    read = post(LEONOV.name, variant("## Story\n\n", "## Story\n\n<script>\nsteal()\n</script>\n\n"))
    assert read.story.startswith("## Story\n\nBelow him the Earth")
    assert read.notes == ("raw HTML on lines 18-20 was sanitised: check what is left",)


def test_the_year_comes_from_the_title_when_the_categories_have_none():
    read = post(LEONOV.name, variant('categories: history 1965 "soviet-union"', "categories: history soviet-union"))
    assert read.date == PartialDate(1965, 3, 18)


def test_several_years_in_the_categories_are_an_error():
    with pytest.raises(PostError, match=r"the categories name several years \(1965, 1966\)"):
        post(LEONOV.name, variant('categories: history 1965 "soviet-union"', "categories: history 1965 1966"))


def test_an_anniversary_that_the_event_s_year_does_not_have_is_an_error():
    with pytest.raises(PostError) as raised:
        post(LEONOV.name, variant("date:   2025-03-18", "date:   2024-02-29"))
    assert raised.value.reason == "the event's date is impossible: '1965-02-29' is not a real day: February 1965 has 28 days"
    assert raised.value.line == 4


def test_without_a_date_the_file_name_gives_the_day():
    read = post("2025-03-19-leonov.md", variant("date:   2025-03-18 17:04:49 +01:00\n", ""))
    assert read.date == PartialDate(1965, 3, 19)


def test_a_tldr_item_that_is_not_a_summary_field_stays_in_the_story():
    read = post(LEONOV.name, variant("- **Legacy**:", "- **Context**: The Cold War.\n- **Legacy**:"))
    assert read.summary.legacy is not None
    assert read.story.startswith("- **Context**: The Cold War.\n\n## Story")
    assert read.notes == ("the TLDR item on line 12 is not part of the summary; it is kept in the story",)


def test_a_story_without_its_heading_gets_one():
    read = post(LEONOV.name, variant("## Story\n\n", ""))
    assert read.story.startswith("## Story\n\nBelow him the Earth")


def test_unknown_front_matter_keys_are_noted():
    read = post(LEONOV.name, variant("layout: post\n", "layout: post\nauthor: Somebody\n"))
    assert read.notes == ("front-matter key 'author' is not imported (it was: 'Somebody')",)


# Names and slugs

PEOPLE = [KnownPage("person", "alexei-leonov", "Alexei Leonov"), KnownPage("person", "pavel-belyayev", "Pavel Belyayev"),
          KnownPage("mission", "voskhod-2", "Voskhod 2")]


@pytest.mark.parametrize(("text", "slugs"), [
    ("Leonov’s walk", ["alexei-leonov"]),
    ("Alexei Leonov and Pavel\nBelyayev", ["alexei-leonov", "pavel-belyayev"]),
    ("Leonovich and Belyayeva", []),
    ("on Voskhod 2, not Voskhod 21", ["voskhod-2"]),
])
def test_known_names_are_found_on_word_boundaries(text, slugs):
    assert [page.slug for page in mentioned(text, PEOPLE)] == slugs


def test_a_family_name_two_people_share_matches_only_with_the_first_name():
    pages = [KnownPage("person", "neil-armstrong", "Neil Armstrong"), KnownPage("person", "jack-armstrong", "Jack Armstrong")]
    assert mentioned("Armstrong stepped down", pages) == []
    assert [page.slug for page in mentioned("Neil Armstrong stepped down", pages)] == ["neil-armstrong"]


def test_unknown_names_leave_out_known_ones_the_country_and_sentence_starts():
    text = "The Soviet Union sent Alexei Leonov. As Yuri Gagarin said, Apollo 11 and Leonov’s Helmet came on March 18."
    assert unknown_names(text, PEOPLE, ["soviet-union"]) == ["Yuri Gagarin", "Apollo 11"]


@pytest.mark.parametrize(("name", "title", "slug"), [
    ("2025-03-18-leonov-spacewalk.md", "Anything", "leonov-spacewalk"),
    ("2025-03-18-1965-spacewalk.md", "Anything", "spacewalk"),
    ("2025-03-18-1965.md", "The Walk", "the-walk"),
    ("2025-03-18-1965.md", "1965", None),
])
def test_the_slug_comes_from_the_file_name_or_else_the_title(name, title, slug):
    assert propose_slug(Post(name, title, None, PartialDate(1965), PartialDate(2025), (), Summary(), None, None, "")) == slug


# The command


def test_the_leonov_post_imports_into_a_page_that_reads_back(site, capsys):
    assert run(site, str(LEONOV)) == 0
    text = (site / LEONOV_PAGE).read_text(encoding="utf-8")
    assert text.startswith(LEONOV_FRONT_MATTER + "\n## Story\n\nBelow him the Earth")
    record, findings = read_back(site, LEONOV_PAGE)
    assert [ref.slug for ref in record.people] == ["alexei-leonov"]
    assert [ref.slug for ref in record.missions] == ["voskhod-2"]
    assert record.image is not None and record.image.file == "/assets/images/18_March_leonov_fixture.png"
    assert findings == [
        "'image.alt' still needs work: TODO: describe what the image shows, for readers who cannot see it",
        "'image.credit' still needs work: TODO: who made this image, and under what licence? The post does not say",
    ]
    out = capsys.readouterr().out
    assert f"imported     {LEONOV} -> {site / LEONOV_PAGE}\n" in out
    assert out.endswith("1 imported, 0 skipped, 0 failed.\n")


def test_the_report_says_what_needs_an_author_s_attention(site, capsys):
    run(site, str(LEONOV))
    attention = capsys.readouterr().out.split("Needs an author's attention:\n", 1)[1]
    assert attention == f"""{site / LEONOV_PAGE}
  - no citation yet: cite a source for the story with {{footcite:p}}`key` (a key of references.bib)
  - TODO fields to fill in: image.alt, image.credit
  - the image /assets/images/18_March_leonov_fixture.png is not in the knowledge base yet: copy it there
  - names not in the knowledge base (add pages for the people and missions among them): Cold War, United States
  - {site}/events/1965-03-18-first-spacewalk.md is on the same day: check that it is not the same event

1 imported, 0 skipped, 0 failed.
"""


def test_an_image_already_in_the_knowledge_base_is_not_reported_missing(site, capsys):
    image = site / "assets" / "images" / "18_March_leonov_fixture.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"")
    run(site, str(LEONOV))
    out = capsys.readouterr().out
    assert "TODO fields to fill in: image.alt, image.credit" in out and "copy it there" not in out


def test_a_folder_imports_every_post_and_reports_each_broken_one(site, capsys):
    assert run(site, str(FIXTURES)) == 1
    out = capsys.readouterr().out
    for name, page in GOOD.items():
        assert f"imported     {FIXTURES / name} -> {site / page}\n" in out
        _, findings = read_back(site, page)
        assert all("still needs work: TODO" in finding for finding in findings), findings
    for name, (line, reason) in BROKEN.items():
        assert f"failed       {FIXTURES / name}:{line}: {reason}\n" in out
    assert out.endswith("6 imported, 0 skipped, 4 failed.\n")
    assert sorted(path.name for path in (site / "events").iterdir()) == sorted(
        [Path(page).name for page in GOOD.values()] + ["1957-10-04-sputnik.md", "1965-03-18-first-spacewalk.md"])


def test_a_second_run_skips_everything_and_changes_nothing(site, capsys):
    posts = [str(FIXTURES / name) for name in GOOD]
    assert run(site, *posts) == 0
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in (site / "events").iterdir()}
    capsys.readouterr()
    assert run(site, *posts) == 0
    out = capsys.readouterr().out
    assert out.count("the page already exists (--force replaces it)") == len(GOOD)
    assert out.endswith("\n0 imported, 6 skipped, 0 failed.\n")
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in (site / "events").iterdir()} == before


def test_force_replaces_an_existing_page(site, capsys):
    run(site, str(LEONOV))
    page = site / LEONOV_PAGE
    imported = page.read_text(encoding="utf-8")
    page.write_text("an author's edit\n", encoding="utf-8")
    assert run(site, str(LEONOV)) == 0
    assert page.read_text(encoding="utf-8") == "an author's edit\n"
    assert run(site, "--force", str(LEONOV)) == 0
    assert page.read_text(encoding="utf-8") == imported
    assert capsys.readouterr().out.endswith("1 imported, 0 skipped, 0 failed.\n")


def test_dry_run_prints_the_page_and_writes_nothing(site, capsys):
    before = sorted((site / "events").iterdir())
    assert run(site, "--dry-run", str(LEONOV)) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"--- {site / LEONOV_PAGE} (would be written)\n{LEONOV_FRONT_MATTER}\n## Story\n")
    assert f"would import {LEONOV} -> {site / LEONOV_PAGE}\n" in out
    assert out.endswith("Dry run, nothing written: 1 would be imported, 0 skipped, 0 failed.\n")
    assert sorted((site / "events").iterdir()) == before


def test_an_event_with_the_same_slug_on_another_day_is_not_duplicated(site, tmp_path, capsys):
    other = tmp_path / "2024-06-03-first-spacewalk.md"
    other.write_text(variant("date:   2025-03-18", "date:   2024-06-03"), encoding="utf-8")
    assert run(site, str(other)) == 0
    assert not (site / "events" / "1965-06-03-first-spacewalk.md").exists()
    assert (f"skipped      {other} -> {site}/events/1965-06-03-first-spacewalk.md: "
            f"{site}/events/1965-03-18-first-spacewalk.md already has the slug 'first-spacewalk'\n") in capsys.readouterr().out


def test_two_posts_for_one_page_import_the_first_and_fail_the_second(site, tmp_path, capsys):
    copy = tmp_path / "2025-03-18-leonov-spacewalk.md"
    copy.write_bytes(LEONOV.read_bytes())
    assert run(site, str(LEONOV), str(copy)) == 1
    out = capsys.readouterr().out
    assert f"failed       {copy} -> {site / LEONOV_PAGE}: {LEONOV} is imported to the same page\n" in out


def test_a_post_that_is_not_utf8_fails_with_its_line(site, tmp_path, capsys):
    post_file = tmp_path / "2025-03-18-cp1252.md"
    post_file.write_bytes(LEONOV.read_bytes().replace("Below him".encode(), b"Below him \x92"))
    assert run(site, str(post_file), str(LEONOV)) == 1
    out = capsys.readouterr().out
    assert f"failed       {post_file}:18: not UTF-8 (byte 0x92 on this line)\n" in out
    assert out.endswith("1 imported, 0 skipped, 1 failed.\n")


def test_missing_paths_and_empty_folders_fail(site, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert run(site, str(tmp_path / "nowhere.md"), str(tmp_path / "empty")) == 1
    out = capsys.readouterr().out
    assert f"failed       {tmp_path / 'nowhere.md'}: no such file or folder\n" in out
    assert f"failed       {tmp_path / 'empty'}: the folder has no *.md posts\n" in out


def test_import_posts_returns_one_outcome_per_post(site):
    outcomes = import_posts([str(LEONOV), str(FIXTURES / "no-date.md")], site / "events", dry_run=True)
    assert [(outcome.source.name, outcome.status) for outcome in outcomes] == [
        ("2025-03-18-leonov-spacewalk.md", "imported"), ("no-date.md", "failed")]


# The imported page in the site


def test_the_imported_page_builds_and_its_warnings_say_what_is_left(make_app, site):
    assert run(site, str(LEONOV)) == 0
    app = make_app("html", srcdir=site)
    app.build()
    page = f"<srcdir>/{LEONOV_PAGE}"
    assert [line for line in warning_lines(app) if line.startswith(page)] == [
        f"{page}:19: WARNING: 'image.alt' still needs work: TODO: describe what the image shows, for readers who "
        "cannot see it [almanac.todo]",
        f"{page}:20: WARNING: 'image.credit' still needs work: TODO: who made this image, and under what licence? "
        "The post does not say [almanac.todo]",
        f"{page}:17: WARNING: image file not readable: assets/images/18_March_leonov_fixture.png [image.not_readable]",
        f"{page}:1: WARNING: event cites no source: cite at least one entry of references.bib with "
        "{footcite:p}`key` [almanac.no-citation]",
    ]
    html = BeautifulSoup((app.outdir / LEONOV_PAGE.replace(".md", ".html")).read_text(encoding="utf-8"), "html.parser")
    # Sphinx's smart quotes curl the title's apostrophe.
    assert html.select_one("article h1").get_text().strip("#") == "Ten Minutes Outside: Leonov’s Walk in Open Space, 1965"
    assert "Leonov’s improvised return" in html.select_one("section#story").get_text()


def test_no_script_or_event_handler_of_a_post_reaches_the_site(make_app, site):
    assert run(site, str(FIXTURES / "2024-10-07-far-side.md")) == 0
    app = make_app("html", srcdir=site)
    app.build()
    article = BeautifulSoup((app.outdir / "events" / "1959-10-07-far-side.html").read_text(encoding="utf-8"),
                            "html.parser").select_one("article")
    assert article.find("script") is None
    assert [attribute for tag in article.find_all(True) for attribute in tag.attrs if attribute.startswith("on")] == []
    assert "steal" not in str(article)
    assert article.select_one("section#story span").get_text() == "and took its pictures"


def test_directives_that_run_or_read_outside_the_page_are_removed_and_reported():
    text = ("---\ntitle: \"Soviet Union – Far side\"\ndate: 2024-10-07 10:00:00 +01:00\ncategories: history 1959\n---\n"
            "## Story\n\nBefore.\n\n```{raw} html\n<script>steal()</script>\n```\n\n:::{include} /etc/passwd\n:::\n\n"
            "```{note}\nKept, but <b onclick=\"steal()\">clean</b>.\n```\n\nA {download}`file <../../etc/passwd>`.\n")
    post = parse_post(text, "2024-10-07-far-side.md")
    assert "{raw}" not in post.story and "{include}" not in post.story and "steal" not in post.story
    assert "```{note}\nKept, but <b>clean</b>.\n```" in post.story and "A file." in post.story
    assert [note for note in post.notes if "removed" in note or "sanitised" in note or "download" in note] == [
        "removed the block on lines 10-12: its directive {raw} could run or read files outside the page",
        "removed the block on lines 14-15: its directive {include} could run or read files outside the page",
        "raw HTML in the {note} block on lines 17-19 was sanitised: check what is left",
        "{download} links to files were turned into their text: check the story",
    ]
