"""Step 3 of the flow: front matter is validated against JSON Schemas and read into records.

The schemas catch unknown keys, missing keys and wrong types (with ``jsonschema``); what a schema
cannot say (a date is a real day, a file name agrees with its date) is checked here in Python.
Each entity kind's schema and reader are registered in :mod:`.kinds`.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from typing import Any

import jsonschema

from .problems import Finding, Problem
from .frontmatter import FrontMatter, KeyPath
from .model import (
    EVENT_STEM,
    SLUG_PATTERN,
    has_story,
    Event,
    Image,
    Kind,
    Mission,
    PLACE_KINDS,
    Coordinates,
    PartialDate,
    Person,
    Place,
    SlugRef,
    Summary,
)

_TEXT = {"type": "string", "minLength": 1}
_DATE = {"type": ["string", "integer"], "description": "a date"}
_SLUG = {"type": "string", "pattern": f"^{SLUG_PATTERN}$", "description": "a slug"}
_SLUGS = {"type": "array", "items": _SLUG, "uniqueItems": True, "description": "a list of slugs"}
_TEXTS = {"type": "array", "items": _TEXT, "description": "a list of texts"}
_KEYS = {"type": "array", "items": {"type": "string", "pattern": r"^[^\s,{}]+$", "description": "a citation key"},
         "uniqueItems": True, "description": "a list of citation keys"}
SLUG_RE = re.compile(SLUG_PATTERN)
#: Keys that Sphinx or MyST give a meaning on any page; they are allowed everywhere.
PLATFORM_KEYS: dict[str, dict[str, Any]] = {
    "orphan": {},
    "tocdepth": {"type": "integer"},
    "nocomments": {},
    "nosearch": {},
    "html_meta": {"type": "object"},
    "myst": {"type": "object"},
    "substitutions": {"type": "object"},
}


def _entity_schema(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": {**properties, **PLATFORM_KEYS},
    }


EVENT_SCHEMA = _entity_schema(
        ["title", "date"],
        {
            "title": _TEXT,
            "date": _DATE,
            "end": _DATE,
            "place": _TEXT,
            "people": _SLUGS,
            "missions": _SLUGS,
            "places": _SLUGS,
            "categories": _SLUGS,
            "summary": {
                "type": "object",
                "additionalProperties": False,
                "properties": {key: _TEXT for key in ("event", "challenge", "impact", "legacy")},
            },
            "question": _TEXT,
            "added": _DATE,
            "sources": _KEYS,
            "image": {
                "type": "object",
                "additionalProperties": False,
                "required": ["file", "alt", "credit"],
                "properties": {"file": _TEXT, "alt": _TEXT, "credit": _TEXT},
            },
        },
)
PERSON_SCHEMA = _entity_schema(
        ["name"],
        {
            "name": _TEXT,
            "native_name": _TEXT,
            "born": _DATE,
            "died": _DATE,
            "born_old_style": _DATE,
            "died_old_style": _DATE,
            "nationality": _TEXT,
            "roles": _TEXTS,
            "wikidata": {"type": "string", "pattern": "^Q[1-9][0-9]*$", "description": "a Wikidata id such as Q1174"},
        },
)
MISSION_SCHEMA = _entity_schema(
        ["name"],
        {
            "name": _TEXT,
            "program": _TEXT,
            "agency": _TEXT,
            "launch": _DATE,
            "end": _DATE,
            "crew": _SLUGS,
            "spacecraft": _TEXT,
            "launch_site": _SLUG,
            "landing_site": _SLUG,
            "cospar": {
                "type": "string",
                "pattern": r"^\d{4}-\d{3}[A-Z]{1,3}$",
                "description": "a COSPAR id such as 1965-022A",
            },
        },
)

PLACE_SCHEMA = _entity_schema(
        ["name", "coordinates"],
        {
            "name": _TEXT,
            "native_name": _TEXT,
            "also_known_as": _TEXTS,
            "kind": {"type": "string", "enum": list(PLACE_KINDS)},
            "body": _TEXT,
            "coordinates": {
                "type": "object",
                "additionalProperties": False,
                "required": ["latitude", "longitude"],
                "properties": {
                    "latitude": {"type": "number", "minimum": -90, "maximum": 90,
                                 "description": "a latitude in degrees, -90 to 90 (south negative)"},
                    "longitude": {"type": "number", "minimum": -180, "maximum": 180,
                                  "description": "a longitude in degrees, -180 to 180 (west negative)"},
                },
            },
            "country": _TEXT,
            "sources": _KEYS,
        },
)

_TYPE_WORDS = {
    "string": "a text",
    "array": "a list",
    "object": "a mapping of keys to values",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def _describe(value: Any) -> str:
    for name, python_type in (("boolean", bool), ("integer", int), ("number", float),
                              ("string", str), ("array", list), ("object", dict)):
        if isinstance(value, python_type):
            return _TYPE_WORDS[name]
    return _TYPE_WORDS["null"] if value is None else type(value).__name__


def _key_name(path: KeyPath) -> str:
    return ".".join(str(part) for part in path)


def _schema_findings(kind: Kind, schema: dict[str, Any], front_matter: FrontMatter) -> tuple[list[Finding], set[str]]:
    """Check *front_matter* against *schema*; return the findings and the top-level keys to drop."""
    findings: list[Finding] = []
    dropped: set[str] = set()
    validator = jsonschema.Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(front_matter.values), key=lambda e: list(map(str, e.path))):
        path: KeyPath = tuple(error.absolute_path)
        if path and error.validator != "uniqueItems":  # a repeated item is left out, not the whole list
            dropped.add(str(path[0]))
        if error.validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(allowed), key=str):
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(k for k in allowed if k not in PLATFORM_KEYS)})"
                findings.append(Finding(Problem.UNKNOWN_KEY, f"unknown {kind} key '{_key_name((*path, key))}'{hint}",
                                        front_matter.line_of((*path, key))))
        elif error.validator == "required":
            missing = [key for key in error.validator_value if key not in error.instance]
            for key in missing:
                if path == ("image",) and key in ("alt", "credit"):
                    problem, message = Problem.IMAGE_ALT, f"image '{error.instance.get('file', '?')}' has no '{key}'; the image is left out until it has one"
                else:
                    problem, message = Problem.MISSING_FIELD, f"{kind} has no '{_key_name((*path, key))}', which is required"
                findings.append(Finding(problem, message, front_matter.line_of(path)))
        elif error.validator == "pattern" and error.schema.get("description") == "a slug":
            findings.append(Finding(Problem.INVALID_SLUG,
                                    f"'{error.instance}' in '{_key_name(path)}' is not a slug (lowercase ASCII words joined by hyphens)",
                                    front_matter.line_of(path)))
        elif error.validator == "type" and error.instance is None:
            findings.append(Finding(Problem.MISSING_FIELD, f"'{_key_name(path)}' is empty: fill it in or remove it",
                                    front_matter.line_of(path)))
        elif error.validator in ("type", "pattern"):
            expected = error.schema.get("description") or _TYPE_WORDS.get(str(error.validator_value), str(error.validator_value))
            if error.validator == "type":
                got = _describe(error.instance)
                message = f"'{_key_name(path)}' must be {expected}, not {got}"
            else:
                message = f"'{_key_name(path)}' must be {expected}, not '{error.instance}'"
            findings.append(Finding(Problem.WRONG_TYPE, message, front_matter.line_of(path)))
        elif error.validator == "uniqueItems":
            seen: dict[str, int] = {}
            for index, value in enumerate(error.instance):
                item = value if isinstance(value, str) else repr(value)
                if item in seen:
                    findings.append(Finding(
                        Problem.REPEATED_ITEM,
                        f"'{_key_name(path)}' lists '{item}' twice (lines {front_matter.line_of((*path, seen[item]))} "
                        f"and {front_matter.line_of((*path, index))}); keep one",
                        front_matter.line_of((*path, index))))
                else:
                    seen[item] = index
        elif error.validator == "enum":
            findings.append(Finding(Problem.WRONG_TYPE,
                                    f"'{_key_name(path)}' must be one of: {', '.join(map(str, error.validator_value))}; not '{error.instance}'",
                                    front_matter.line_of(path)))
        elif error.validator in ("minimum", "maximum"):
            findings.append(Finding(Problem.WRONG_TYPE,
                                    f"'{_key_name(path)}' must be {error.schema.get('description', 'in range')}, not {error.instance}",
                                    front_matter.line_of(path)))
        elif error.validator == "minLength":
            findings.append(Finding(Problem.MISSING_FIELD, f"'{_key_name(path)}' is empty", front_matter.line_of(path)))
        else:  # a schema keyword this module does not phrase yet: still reported, in jsonschema's words
            findings.append(Finding(Problem.WRONG_TYPE, f"'{_key_name(path)}': {error.message}", front_matter.line_of(path)))
    findings.extend(_todo_findings(front_matter.values, (), front_matter))
    return findings, dropped


def _todo_findings(value: Any, path: KeyPath, front_matter: FrontMatter) -> Iterable[Finding]:
    """Every text that still starts with TODO: work an author (or the importer) left for later."""
    if isinstance(value, str) and value.lstrip().upper().startswith("TODO"):
        yield Finding(Problem.TODO, f"'{_key_name(path)}' still needs work: {value.strip()}",
                      front_matter.line_of(path))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _todo_findings(item, (*path, key), front_matter)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _todo_findings(item, (*path, index), front_matter)


class Reader:
    """Turns validated front matter into one record, collecting findings as it goes."""

    def __init__(self, kind: Kind, schema: dict[str, Any], docname: str, front_matter: FrontMatter,
                 body: str = "") -> None:
        self.kind = kind
        self.docname = docname
        self.body = body
        self.stem = docname.rsplit("/", 1)[-1]
        self.front_matter = front_matter
        findings, dropped = _schema_findings(kind, schema, front_matter)
        self.findings = findings
        self.dropped = dropped
        self.values = {k: v for k, v in front_matter.values.items() if k not in dropped}

    def line(self, *path: Any) -> int:
        return self.front_matter.line_of(path)

    def date(self, key: str) -> PartialDate | None:
        if key not in self.values:
            return None
        try:
            return PartialDate.parse(str(self.values[key]))
        except ValueError as error:
            self.findings.append(Finding(Problem.INVALID_DATE, f"'{key}': {error}", self.line(key)))
            return None

    def refs(self, key: str) -> tuple[SlugRef, ...]:
        """The slugs (or keys) listed under *key*, each once, with their lines."""
        first = {slug: index for index, slug in reversed(list(enumerate(self.values.get(key, ()))))}
        return tuple(SlugRef(slug, self.line(key, index)) for slug, index in sorted(first.items(), key=lambda item: item[1]))

    def ref(self, key: str) -> SlugRef | None:
        """The one slug given under *key*, with its line."""
        return SlugRef(self.values[key], self.line(key)) if key in self.values else None

    def old_style(self, key: str, gregorian: PartialDate | None) -> PartialDate | None:
        """``<key>_old_style``: the Julian date of *gregorian*, checked against it when both are days."""
        old_key = f"{key}_old_style"
        old = self.date(old_key)
        if old is None or gregorian is None or not (old.is_calendar_day and gregorian.is_calendar_day):
            return old
        if old != gregorian.julian():
            self.findings.append(Finding(
                Problem.INVALID_DATE,
                f"'{old_key}' ({old.iso()}) is not the Julian date of '{key}' ({gregorian.iso()}), which is "
                f"{gregorian.julian().iso()}; '{key}' is the Gregorian date",
                self.line(old_key)))
            return None
        return old

    def check_order(self, start_key: str, start: PartialDate | None, end_key: str, end: PartialDate | None) -> PartialDate | None:
        if start is not None and end is not None and end.sort_key < start.sort_key:
            self.findings.append(Finding(Problem.INVALID_DATE,
                                         f"'{end_key}' ({end.iso()}) is before '{start_key}' ({start.iso()})",
                                         self.line(end_key)))
            return None
        return end


def _check_stem(reader: Reader, stem: str) -> None:
    if not SLUG_RE.fullmatch(stem):
        reader.findings.append(Finding(Problem.INVALID_SLUG,
                                       f"file name '{stem}' is not a slug (lowercase ASCII words joined by hyphens)",
                                       reader.front_matter.first_line))


def read_event(reader: Reader) -> Event | None:
    values, stem = reader.values, reader.stem
    match = EVENT_STEM.fullmatch(stem)
    if match is None:
        reader.findings.append(Finding(Problem.INVALID_SLUG,
                                       f"event file name '{stem}' is not YYYY-MM-DD-slug (or YYYY-MM-slug, YYYY-slug)",
                                       reader.front_matter.first_line))
    date = reader.date("date")
    if match is not None and date is not None and match["date"] != date.iso():
        reader.findings.append(Finding(Problem.DATE_MISMATCH,
                                       f"'date' is {date.iso()} but the file name says {match['date']}; rename the file or fix the date",
                                       reader.line("date")))
    end = reader.check_order("date", date, "end", reader.date("end"))
    feature = has_story(reader.body)
    summary = values.get("summary", {})
    if not feature and "summary" not in reader.dropped and not summary.get("event"):
        reader.findings.append(Finding(
            Problem.MISSING_FIELD,
            "a brief event (a page without a '## Story') needs 'summary.event': the sentence that says what happened",
            reader.line("summary", "event")))
    if "title" not in values or date is None:
        return None
    image = values.get("image")
    return Event(
        docname=reader.docname,
        line=reader.front_matter.first_line,
        slug=match["slug"] if match else stem,
        title=values["title"],
        date=date,
        end=end,
        place=values.get("place"),
        people=reader.refs("people"),
        missions=reader.refs("missions"),
        places=reader.refs("places"),
        categories=tuple(values.get("categories", ())),
        summary=Summary(**summary),
        question=values.get("question"),
        image=Image(image["file"], image["alt"], image["credit"], reader.line("image")) if image else None,
        added=reader.date("added"),
        sources=reader.refs("sources"),
        feature=feature,
    )


def _identity(reader: Reader) -> dict[str, Any] | None:
    """What every named page's record starts with, or None when the page has no name."""
    _check_stem(reader, reader.stem)
    if "name" not in reader.values:
        return None
    return {"docname": reader.docname, "line": reader.front_matter.first_line, "slug": reader.stem,
            "name": reader.values["name"]}


def read_person(reader: Reader) -> Person | None:
    values = reader.values
    born = reader.date("born")
    died = reader.check_order("born", born, "died", reader.date("died"))
    born_old_style = reader.old_style("born", born)
    died_old_style = reader.old_style("died", died)
    identity = _identity(reader)
    if identity is None:
        return None
    return Person(
        **identity,
        native_name=values.get("native_name"),
        born=born,
        died=died,
        born_old_style=born_old_style,
        died_old_style=died_old_style,
        nationality=values.get("nationality"),
        roles=tuple(values.get("roles", ())),
        wikidata=values.get("wikidata"),
    )


def read_mission(reader: Reader) -> Mission | None:
    values = reader.values
    launch = reader.date("launch")
    end = reader.check_order("launch", launch, "end", reader.date("end"))
    identity = _identity(reader)
    if identity is None:
        return None
    return Mission(
        **identity,
        program=values.get("program"),
        agency=values.get("agency"),
        launch=launch,
        end=end,
        crew=reader.refs("crew"),
        spacecraft=values.get("spacecraft"),
        cospar=values.get("cospar"),
        launch_site=reader.ref("launch_site"),
        landing_site=reader.ref("landing_site"),
    )


def read_place(reader: Reader) -> Place | None:
    values = reader.values
    identity = _identity(reader)
    if identity is None:
        return None
    point = values.get("coordinates")
    if point and not all(math.isfinite(point[axis]) for axis in ("latitude", "longitude")):
        reader.findings.append(Finding(Problem.WRONG_TYPE, "'coordinates' must be numbers of degrees, not .nan or .inf",
                                       reader.line("coordinates")))
        point = None
    return Place(
        **identity,
        native_name=values.get("native_name"),
        other_names=tuple(values.get("also_known_as", ())),
        place_kind=values.get("kind"),
        body=values.get("body", "Earth"),
        coordinates=Coordinates(float(point["latitude"]), float(point["longitude"])) if point else None,
        country=values.get("country"),
        sources=reader.refs("sources"),
    )
