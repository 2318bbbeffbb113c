"""Every problem Almanac reports: a fixed list of kinds, and a finding located in a file.

Each problem becomes a warning of type ``almanac`` with the problem's value as its subtype
(``almanac.unknown-key``), so it can be silenced on its own with ``suppress_warnings``; a strict
build (``-W``) fails on any of them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Problem(enum.Enum):
    """The warning subtypes, one per kind of mistake an author can make."""

    YAML_SYNTAX = "yaml-syntax"
    """The front matter is not valid YAML, or is not a mapping."""
    FRONT_MATTER_LIMIT = "front-matter-limit"
    """Front matter refused: YAML anchors or aliases, nesting too deep, a value or the whole too big."""
    ENCODING = "encoding"
    """The file is not UTF-8; it is left out of the build until it is re-saved as UTF-8."""
    MISSING_FIELD = "missing-field"
    """A required front-matter key (an event's ``title`` or ``date``, a person's ``name``...) is absent."""
    UNKNOWN_KEY = "unknown-key"
    """A front-matter key that the content model does not have (usually a typo)."""
    WRONG_TYPE = "wrong-type"
    """A front-matter value of the wrong type, such as a string where a list belongs."""
    INVALID_DATE = "invalid-date"
    """A date that is malformed, impossible (``1965-02-30``) or ends before it starts."""
    DATE_MISMATCH = "date-mismatch"
    """An event's file name carries a different date from its ``date`` key."""
    INVALID_SLUG = "invalid-slug"
    """A file name or a slug that is not lowercase ASCII words joined by hyphens."""
    REPEATED_ITEM = "repeated-item"
    """A list in front matter names the same slug or citation key twice."""
    DUPLICATE_SLUG = "duplicate-slug"
    """Two pages of one kind share a slug, so references to it are ambiguous."""
    UNKNOWN_PERSON = "unknown-person"
    """A person slug, in front matter or a ``{person}`` role, with no page in ``people/``."""
    UNKNOWN_MISSION = "unknown-mission"
    """A mission slug, in front matter or a ``{mission}`` role, with no page in ``missions/``."""
    UNKNOWN_PLACE = "unknown-place"
    """A place slug, in front matter or a ``{place}`` role, with no page in ``places/``."""
    UNKNOWN_EVENT = "unknown-event"
    """An ``{event}`` role naming an event that does not exist."""
    NO_CITATION = "no-citation"
    """An event page that cites no source."""
    BIB_ENTRY = "bib-entry"
    """A bibliography entry that cannot be read, repeats a key or lacks a field its style needs; left out."""
    UNKNOWN_CITATION = "unknown-citation"
    """A citation key that is not in ``references.bib``."""
    IMAGE_ALT = "image-alt"
    """An event image without alternative text (or without a credit)."""
    TODO = "todo"
    """A front-matter value that still starts with ``TODO`` (e.g. an imported image's generated alt text)."""
    UNSAFE_MARKUP = "unsafe-markup"
    """Raw HTML that had to be sanitised, raw output for another format, ``include``, or an image
    or download outside the source folder or on another host; left out."""
    MAP_DATA = "map-data"
    """Earth's outlines (``almanac_map_data``) are missing or unreadable; maps are drawn without them."""
    GENERATED_CONFLICT = "generated-conflict"
    """A generated page would replace a file that an author wrote; the file is kept."""


@dataclass(frozen=True)
class Finding:
    """One problem found in a page, at a line of its file (1-based)."""

    problem: Problem
    message: str
    line: int
