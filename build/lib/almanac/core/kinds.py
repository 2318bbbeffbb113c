"""Step 4 of the flow: the registry of entity kinds, each declared once with everything it needs.

An entity kind is a kind of page with front matter that other pages refer to by slug: events,
people, missions, places. Its entry says which folder holds its pages by default, the schema and reader
of its front matter (:mod:`.schema`), the record it becomes (:mod:`.model`), the problem an
unknown reference to it is, and the template ``almanac new`` starts a page from. The Sphinx
extension registers a role, an object type and reference checks for every kind listed here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .frontmatter import FrontMatter
from .model import Entity, Kind
from .problems import Finding, Problem
from .schema import (EVENT_SCHEMA, MISSION_SCHEMA, PERSON_SCHEMA, PLACE_SCHEMA, Reader, read_event, read_mission,
                     read_person, read_place)


@dataclass(frozen=True)
class EntityKind:
    name: Kind
    #: The folder of its pages, relative to the source folder, unless ``almanac_directories`` says otherwise.
    directory: str
    schema: dict[str, Any]
    #: Front matter to record; None when what identifies the page is missing.
    read: Callable[[Reader], Entity | None]
    #: What a reference to a page of this kind that does not exist is.
    unknown: Problem
    #: A new page, with ``{title}`` (quoted YAML) and ``{date}`` to fill in.
    template: str


ENTITY_KINDS: Mapping[Kind, EntityKind] = {
    "event": EntityKind("event", "events", EVENT_SCHEMA, read_event, Problem.UNKNOWN_EVENT, """---
title: {title}
date: {date}
place:
places: []
people: []
missions: []
categories: []
summary:
  event:
  challenge:
  impact:
  legacy:
question:
---

## Story

Write the story here, citing a source for every fact: {{footcite:p}}`key-in-references-bib`.
"""),
    "person": EntityKind("person", "people", PERSON_SCHEMA, read_person, Problem.UNKNOWN_PERSON, """---
name: {title}
born:
nationality:
roles: []
---

A short account of who they were, with a citation: {{footcite:p}}`key-in-references-bib`.
"""),
    "mission": EntityKind("mission", "missions", MISSION_SCHEMA, read_mission, Problem.UNKNOWN_MISSION, """---
name: {title}
program:
agency:
launch:
launch_site:
crew: []
spacecraft:
---

A short account of the mission, with a citation: {{footcite:p}}`key-in-references-bib`.
"""),
    "place": EntityKind("place", "places", PLACE_SCHEMA, read_place, Problem.UNKNOWN_PLACE, """---
name: {title}
kind: launch site
body: Earth
coordinates:
  latitude:
  longitude:
country:
sources: []
---

What the place is and what happened there, with a citation: {{footcite:p}}`key-in-references-bib`.
"""),
}

#: The folder of each kind's pages when ``almanac_directories`` does not say otherwise.
DEFAULT_DIRECTORIES: Mapping[Kind, str] = {kind: entry.directory for kind, entry in ENTITY_KINDS.items()}


def read_record(kind: Kind, docname: str, front_matter: FrontMatter,
                body: str = "") -> tuple[Entity | None, list[Finding]]:
    """Validate *front_matter* of the page *docname* (whose text after it is *body*) and build its record.

    Invalid values are reported and left out; the record is None only when what identifies the
    page (an event's title and date, a person's or mission's name) is missing or invalid.
    """
    entry = ENTITY_KINDS[kind]
    reader = Reader(kind, entry.schema, docname, front_matter, body)
    return entry.read(reader), reader.findings
