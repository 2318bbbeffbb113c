"""The content model: what an event, a person, a mission and a place are, as typed, immutable records.

The records are what step 3 of the flow (:mod:`.schema`) makes of a page's front matter.

Every record carries the ``docname`` it was read from and the ``line`` of its front matter, so
that any later check can point an author at the right place.
"""

from __future__ import annotations

import calendar
import datetime
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, Union

Kind = Literal["event", "person", "mission", "place"]

#: A slug: lowercase ASCII words joined by single hyphens.
SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
#: An event file stem: the (possibly partial) date of the event, then a slug starting with a letter
#: so that ``1965-03-slug`` cannot be mistaken for a day.
EVENT_STEM = re.compile(
    r"(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)-(?P<slug>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)"
)
#: Particles that belong to the family name when capitalised (James Van Allen, Daniel De Bono).
CAPITALISED_PARTICLES = frozenset({"Van", "Von", "De", "Di", "Da", "Du", "Le", "La", "Del", "Della"})
PARTIAL_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
#: The heading that starts a feature event's story; an event without one is a brief entry.
STORY_HEADING = re.compile(r"^##[ \t]+Story[ \t]*$", re.MULTILINE)

#: English month names, "" then January to December (``calendar.month_name`` formats one on
#: every lookup, through the C library's locale: a twentieth of a no-op build).
MONTH_NAMES = tuple(calendar.month_name)


def has_story(body: str) -> bool:
    """True when a page's body (the text after its front matter) tells a story."""
    return STORY_HEADING.search(body) is not None


def slugify(text: str) -> str:
    """``Alexei Leonov`` -> ``alexei-leonov``; accents are dropped, other letters are not guessed."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words)


@dataclass(frozen=True)
class PartialDate:
    """A calendar date whose month and day may be unknown (``1965``, ``1965-03``, ``1965-03-18``)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` saying what is wrong."""
        match = PARTIAL_DATE.fullmatch(text)
        if match is None:
            raise ValueError(f"'{text}' is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")
        year = int(match["year"])
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"'{text}' has no month {month}")
        if day is not None and month is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(
                    f"'{text}' is not a real day: {MONTH_NAMES[month]} {year} has {last} days"
                )
        return cls(year, month, day)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Orders partial dates before the full dates of their year or month."""
        return (self.year, self.month or 0, self.day or 0)

    @property
    def is_calendar_day(self) -> bool:
        """True when month and day are known, so the event has an anniversary."""
        return self.day is not None

    @property
    def day_key(self) -> str | None:
        """The anniversary as ``MM-DD`` (the name of its day page), or None without month and day."""
        return f"{self.month:02d}-{self.day:02d}" if self.month is not None and self.day is not None else None

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def julian(self) -> PartialDate:
        """The same day in the Julian calendar (the "old style" of Russia before 1918)."""
        if self.month is None or self.day is None:
            return self
        # Through the Julian day number: Gregorian to JDN, then JDN to Julian (Richards' algorithm).
        a = (14 - self.month) // 12
        y, m = self.year + 4800 - a, self.month + 12 * a - 3
        jdn = self.day + (153 * m + 2) // 5 + 365 * y + y // 4 - y // 100 + y // 400 - 32045
        c = jdn + 32082
        d = (4 * c + 3) // 1461
        e = c - 1461 * d // 4
        month_index = (5 * e + 2) // 153
        return PartialDate(d - 4800 + month_index // 10, month_index + 3 - 12 * (month_index // 10),
                           e - (153 * month_index + 2) // 5 + 1)

    def human(self) -> str:
        """``18 March 1965``, ``March 1965`` or ``1965``."""
        if self.month is None:
            return str(self.year)
        month = MONTH_NAMES[self.month]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"



def build_day() -> datetime.date:
    """The day the site is built: ``SOURCE_DATE_EPOCH`` (reproducible builds) or today, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch else datetime.datetime.now(datetime.timezone.utc)
    return moment.date()


def day_title(day_key: str) -> str:
    """``03-18`` -> ``18 March``."""
    month, day = (int(part) for part in day_key.split("-"))
    return f"{day} {MONTH_NAMES[month]}"


@dataclass(frozen=True)
class SlugRef:
    """A reference by slug from one page's front matter to another page."""

    #: The slug as written.
    slug: str
    #: The source line of the list item, for warnings.
    line: int


@dataclass(frozen=True)
class Summary:
    """The four-part summary that opens every event (the original blog's TLDR)."""

    event: str | None = None
    challenge: str | None = None
    impact: str | None = None
    legacy: str | None = None

    def items(self) -> list[tuple[str, str]]:
        """The fields that are present, labelled, in reading order."""
        pairs = [
            ("Event", self.event),
            ("Challenge", self.challenge),
            ("Impact", self.impact),
            ("Legacy", self.legacy),
        ]
        return [(label, text) for label, text in pairs if text]


@dataclass(frozen=True)
class Image:
    """An illustration shown at the top of an event's story."""

    #: Path relative to the page, or absolute from the source directory (``/_static/...``).
    file: str
    alt: str
    credit: str
    line: int


@dataclass(frozen=True)
class Event:
    """Something that happened, on one page of ``events/``."""

    docname: str
    line: int
    #: The file stem without its date (``first-spacewalk``); the ``{event}`` role accepts both.
    slug: str
    title: str
    date: PartialDate
    end: PartialDate | None = None
    place: str | None = None
    people: tuple[SlugRef, ...] = ()
    missions: tuple[SlugRef, ...] = ()
    #: Pages of ``places/`` where it happened (``place`` says it in words).
    places: tuple[SlugRef, ...] = ()
    categories: tuple[str, ...] = ()
    summary: Summary = Summary()
    question: str | None = None
    image: Image | None = None
    #: The day the page was added to Almanac (for "latest added" and the feed).
    added: PartialDate | None = None
    #: Keys of ``references.bib`` that back the summary (a brief entry's sources).
    sources: tuple[SlugRef, ...] = ()
    #: True for a feature, which tells a story; False for a brief entry (a dated fact and its sources).
    feature: bool = True

    kind: Literal["event"] = "event"

    @property
    def display_name(self) -> str:
        return self.title

    @property
    def references(self) -> tuple[tuple[Kind, tuple[SlugRef, ...]], ...]:
        """The pages its front matter names, by kind."""
        return (("person", self.people), ("mission", self.missions), ("place", self.places))

    @property
    def sort_key(self) -> tuple[tuple[int, int, int], str]:
        return (self.date.sort_key, self.docname)


@dataclass(frozen=True)
class Person:
    """Somebody who took part in events, on one page of ``people/``."""

    docname: str
    line: int
    slug: str
    name: str
    native_name: str | None = None
    born: PartialDate | None = None
    died: PartialDate | None = None
    #: The same days in the Julian calendar, where the sources give them (``born`` is Gregorian).
    born_old_style: PartialDate | None = None
    died_old_style: PartialDate | None = None
    nationality: str | None = None
    roles: tuple[str, ...] = ()
    wikidata: str | None = None

    kind: Literal["person"] = "person"

    @property
    def display_name(self) -> str:
        return self.name

    @property
    def family_name(self) -> str:
        """The last word of the name, with a capitalised particle before it ("Van Allen").

        A lower-case particle is left out, as indexes list "Braun, Wernher von" under B.
        """
        words = self.name.split()
        if len(words) > 2 and words[-2] in CAPITALISED_PARTICLES:
            return " ".join(words[-2:])
        return words[-1]

    @property
    def sort_key(self) -> tuple[str, str]:
        """Alphabetical by family name."""
        return (self.family_name.casefold(), self.name.casefold())


@dataclass(frozen=True)
class Mission:
    """A flight or programme, on one page of ``missions/``."""

    docname: str
    line: int
    slug: str
    name: str
    program: str | None = None
    agency: str | None = None
    launch: PartialDate | None = None
    end: PartialDate | None = None
    crew: tuple[SlugRef, ...] = ()
    spacecraft: str | None = None
    cospar: str | None = None
    launch_site: SlugRef | None = None
    landing_site: SlugRef | None = None

    kind: Literal["mission"] = "mission"

    @property
    def sites(self) -> tuple[SlugRef, ...]:
        """The places it was launched from and landed at, in that order."""
        return tuple(ref for ref in (self.launch_site, self.landing_site) if ref is not None)

    @property
    def display_name(self) -> str:
        return self.name

    @property
    def sort_key(self) -> tuple[tuple[int, int, int], str]:
        launch = self.launch.sort_key if self.launch else (9999, 0, 0)
        return (launch, self.docname)


@dataclass(frozen=True)
class Coordinates:
    """A point on a body's surface, in decimal degrees (north and east positive)."""

    latitude: float
    longitude: float

    def human(self) -> str:
        """``45.9650° N, 63.3050° E``."""
        return (f"{abs(self.latitude):.4f}° {'N' if self.latitude >= 0 else 'S'}, "
                f"{abs(self.longitude):.4f}° {'E' if self.longitude >= 0 else 'W'}")


@dataclass(frozen=True)
class Place:
    """Where things happened, on one page of ``places/``: a launch site, a landing site, a control centre..."""

    docname: str
    line: int
    slug: str
    name: str
    native_name: str | None = None
    #: Other names it has had or goes by ("Cape Kennedy", "Tyuratam"): found by search, shown on its card.
    other_names: tuple[str, ...] = ()
    #: What kind of place it is: ``launch site``, ``landing site``... (:data:`PLACE_KINDS`).
    place_kind: str | None = None
    #: The world it is on: ``Earth``, ``Moon``, ``Mars``...
    body: str = "Earth"
    coordinates: Coordinates | None = None
    country: str | None = None
    #: Keys of ``references.bib`` that give its coordinates.
    sources: tuple[SlugRef, ...] = ()

    kind: Literal["place"] = "place"

    @property
    def display_name(self) -> str:
        return self.name

    @property
    def alternate_names(self) -> list[str]:
        """Its names besides ``name``: in its own script, then the others it has had."""
        return [name for name in (self.native_name, *self.other_names) if name]

    @property
    def sort_key(self) -> tuple[bool, str, str]:
        """By world (Earth first), then by name."""
        return (self.body != "Earth", self.body, self.name.casefold())


#: The kinds of place the ``kind`` key of a place page may name.
PLACE_KINDS = ("launch site", "landing site", "impact site", "recovery area", "control centre",
               "observatory", "test site")

Entity = Union[Event, Person, Mission, Place]
