"""The page layout transform, on doctrees: no theme, no writer (Sphinx's dummy builder).

What the transform makes of an event, a person and a mission page, as the node tree every
builder (HTML, LaTeX, EPUB) starts from.
"""

from __future__ import annotations

import pytest
from docutils import nodes

from almanac.sphinxext.citations import SOURCE_CLASS
from almanac.sphinxext.nodes import derived_list


@pytest.fixture(scope="module")
def doctree(basic_read):
    return basic_read.env.get_doctree


def outline(document: nodes.document) -> list[str]:
    """The page's top-level structure: sections by title, other blocks by class."""
    page = document.next_node(nodes.section)
    result = []
    for child in page.children:
        if isinstance(child, nodes.title):
            result.append(f"title: {child.astext()}")
        elif isinstance(child, nodes.section):
            result.append(f"section: {child.next_node(nodes.title).astext()}")
        else:
            result.append(f"{child.tagname}: {' '.join(child['classes'])}")
    return result


def card(document: nodes.document) -> dict[str, str]:
    fields = document.next_node(nodes.field_list)
    return {field[0].astext(): field[1].astext() for field in fields.findall(nodes.field)}


def test_an_event_page_is_title_card_story_question_neighbours_sources(doctree):
    document = doctree("events/1965-03-18-first-spacewalk")
    assert outline(document) == [
        "title: The first spacewalk",
        "container: almanac-card almanac-event-card",
        "section: Story",
        "admonition: almanac-question hint",
        "container: almanac-web-only almanac-neighbours",
        "section: Sources",
    ]
    assert card(document) == {
        "Date": "18 March 1965", "Place": "Earth orbit", "People": "alexei-leonov, pavel-belyayev",
        "Missions": "voskhod-2", "Categories": "Soviet Union", "Event": "Leonov left the spacecraft.",
        "Challenge": "His suit ballooned.", "Impact": "Spacewalks became possible.", "Legacy": "Every programme since."}
    assert [node.key for node in document.findall(derived_list)] == [
        ("neighbours", "events/1965-03-18-first-spacewalk")]
    sources = list(document.findall(nodes.section))[-1]
    assert [footnote["classes"] for footnote in sources.findall(nodes.footnote)] == [[SOURCE_CLASS]] * 2


def test_the_card_s_references_are_located_at_their_front_matter_lines(doctree):
    document = doctree("events/1965-03-18-first-spacewalk")
    fields = document.next_node(nodes.field_list)
    people = [node for node in fields.findall(nodes.Element) if node.get("reftype") == "person"]
    assert [(node["reftarget"], node.line) for node in people] == [("alexei-leonov", 5), ("pavel-belyayev", 5)]


def test_a_person_page_lists_events_and_missions_flown(doctree):
    document = doctree("people/alexei-leonov")
    assert outline(document) == ["title: Alexei Leonov", "container: almanac-card almanac-person-card",
                                 "paragraph: ", "section: Events", "section: Missions flown", "section: Sources"]
    assert card(document)["Native name"] == "Алексей Архипович Леонов"
    assert [node.key for node in document.findall(derived_list)] == [
        ("events-of", "people/alexei-leonov"), ("missions-of", "people/alexei-leonov")]


def test_a_mission_page_lists_its_events(doctree):
    document = doctree("missions/voskhod-2")
    assert outline(document) == ["title: Voskhod 2", "container: almanac-card almanac-mission-card",
                                 "paragraph: ", "section: Events", "section: Sources"]
    assert card(document) == {"Program": "Voskhod", "Agency": "Soviet Union", "Launch": "18 March 1965",
                              "End": "19 March 1965", "Crew": "pavel-belyayev, alexei-leonov",
                              "COSPAR ID": "1965-022A"}


def test_an_event_without_summary_fields_or_question_has_just_what_it_has(doctree):
    document = doctree("events/1957-10-04-sputnik")
    assert outline(document) == ["title: Sputnik 1", "container: almanac-card almanac-event-card", "paragraph: ",
                                 "container: almanac-web-only almanac-neighbours", "section: Sources"]
    assert card(document) == {"Date": "4 October 1957", "Event": "The first artificial satellite reached orbit."}
