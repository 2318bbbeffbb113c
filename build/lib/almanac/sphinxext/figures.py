"""Figures: the maps of places and the charts of events per year and per month, as list kinds.

Their rows are plain data (names, coordinates, counts, links), so a page is rewritten only when
what a figure shows changes (:mod:`.lists`). The SVG is drawn by :mod:`almanac.core.figures`
while the page is written, once per distinct figure: drawings are kept in the doctree folder under
the hash of what they show, so an unchanged figure is never drawn again. HTML (the site and the
EPUB) gets the SVG inline, its marks links; the book gets it converted to PDF with CairoSVG, and
every figure is followed by its caption saying where its text equivalent is.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx

from ..core.figures import Bar, MapPoint, bar_chart, locator_window, map_figure
from ..core.files import write_atomically
from ..core.model import Event, Place
from ..core.naturalearth import MapDataError, country_rings
from ..core.problems import Problem
from .diagnostics import warn
from .lists import Link, Renderer, Rows, Source, list_kind

#: Changes whenever the drawing code changes what it draws, so cached drawings are not reused.
DRAWING_VERSION = "3"
#: The legend name of events in none of ``almanac_chart_groups``.
OTHERS = "Others"


class almanac_figure(nodes.General, nodes.Element):
    """A drawn figure. Attribute: ``svg`` (the drawing)."""


@lru_cache(maxsize=4)
def _land(path: Path, mtime_ns: int) -> tuple[tuple[tuple[float, float], ...], ...]:
    return tuple(tuple(ring) for ring in country_rings(path))


def _outlines(renderer: Renderer) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Earth's country outlines, or none (reported) when the map data is missing."""
    name = renderer.env.config.almanac_map_data
    path = Path(renderer.env.srcdir) / name
    try:
        return _land(path, path.stat().st_mtime_ns)
    except OSError:
        problem = f"{name} is missing"
    except MapDataError as error:
        problem = str(error).replace(str(path), name)
    warn(Problem.MAP_DATA, f"maps are drawn without Earth's outlines: {problem}; `make html` installs them "
         "(npm ci in map-data/)", (renderer.env.docname, 1))
    return ()


def _href(renderer: Renderer, link: Link) -> str | None:
    builder = renderer.builder
    if link.docname is None or builder.format != "html":
        return None
    return builder.get_relative_uri(renderer.env.docname, link.docname)


def _drawn(renderer: Renderer, what: tuple[Any, ...], draw: Callable[[], str]) -> str:
    """The SVG of the figure that shows *what*: drawn by *draw* once, then read from the cache."""
    key = hashlib.sha256(repr((DRAWING_VERSION, what)).encode()).hexdigest()[:20]
    path = Path(renderer.builder.doctreedir) / "almanac-figures" / f"{key}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        svg = draw()
        write_atomically(path, svg)
        return svg


def _world(body: str) -> str:
    """How a sentence names a world: "Earth", "Mars", but "the Moon"."""
    return "the Moon" if body == "Moon" else body


def _figure(svg: str, caption: str) -> nodes.Node:
    return nodes.container("", almanac_figure(svg=svg),
                           nodes.paragraph(caption, caption, classes=["almanac-figure-caption"]), classes=["almanac-figure"])


# -- maps --------------------------------------------------------------------------------------------

def _point(source: Source, place: Place) -> tuple[Link, float, float]:
    assert place.coordinates is not None
    return (source.entity(place.docname), place.coordinates.latitude, place.coordinates.longitude)


def _render_maps(rows: Rows, renderer: Renderer) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for body, points in rows:
        marks = tuple(MapPoint(link.text, latitude, longitude, _href(renderer, link)) for link, latitude, longitude in points)
        land = _outlines(renderer) if body == "Earth" else ()
        svg = _drawn(renderer, ("map", body, marks, len(land)), lambda: map_figure(body, marks, land, mark_radius=5))
        world = _world(body)
        title = world[0].upper() + world[1:]
        result.append(nodes.rubric(title, title))
        links = ", each marker linking its page" if renderer.builder.format == "html" else ""
        result.append(_figure(svg, f"Map of {world}: {len(points)} place{'s' if len(points) != 1 else ''}{links}. "
                                   "The list below gives every place with its kind and coordinates."))
    return result


@list_kind("map", render=_render_maps)
def _maps(source: Source, target: str) -> Rows:
    """A map per world that has places with coordinates: Earth first, then the others by name."""
    places = sorted((r for r in source.records.values() if isinstance(r, Place) and r.coordinates), key=lambda p: p.sort_key)
    bodies: dict[str, list[tuple[Link, float, float]]] = {}
    for place in places:
        bodies.setdefault(place.body, []).append(_point(source, place))
    return tuple((body, tuple(points)) for body, points in bodies.items())


def _render_locator(rows: Rows, renderer: Renderer) -> list[nodes.Node]:
    if not rows:
        return []
    body, name, latitude, longitude = rows
    land = _outlines(renderer) if body == "Earth" else ()
    window = locator_window(latitude, longitude)
    mark = (MapPoint(name, latitude, longitude),)
    svg = _drawn(renderer, ("locator", body, mark, window, len(land)),
                 lambda: map_figure(body, mark, land, window=window, mark_radius=5))
    return [_figure(svg, f"Where {name} is on {_world(body)}; its coordinates are given above.")]


@list_kind("locator", "a place page", public=False, render=_render_locator)
def _locator(source: Source, target: str) -> Rows:
    place = source.records.get(target)
    if not isinstance(place, Place) or place.coordinates is None:
        return ()
    return (place.body, place.name, place.coordinates.latitude, place.coordinates.longitude)


# -- charts ------------------------------------------------------------------------------------------

def _groups(source: Source) -> tuple[str, ...]:
    return (*source.config.almanac_chart_groups, OTHERS) if source.config.almanac_chart_groups else ("Events",)


def _counts(source: Source, events: list[Event]) -> tuple[int, ...]:
    """How many of *events* fall in each chart group: the first group any of its categories is in."""
    groups = source.config.almanac_chart_groups
    counts = [0] * len(_groups(source))
    for event in events:
        index = next((i for i, categories in enumerate(groups.values()) if set(categories) & set(event.categories)),
                     len(counts) - 1)
        counts[index] += 1
    return tuple(counts)


def _render_chart(title: str, caption: str, label_every: int,
                  book_caption: str | None = None) -> Callable[[Rows, Renderer], list[nodes.Node]]:
    def render(rows: Rows, renderer: Renderer) -> list[nodes.Node]:
        groups, bars = rows
        if not bars:
            return []
        drawn = tuple(Bar(label, counts, _href(renderer, link) if link else None) for label, counts, link in bars)
        svg = _drawn(renderer, ("chart", title, groups, drawn, label_every),
                     lambda: bar_chart(title, drawn, groups, label_every=label_every))
        shown = caption if renderer.builder.format == "html" or book_caption is None else book_caption
        return [_figure(svg, shown)]

    return render


@list_kind("chart", render=_render_chart("Events per year",
                                         "Events per year, each bar linking the year's page; the timeline below "
                                         "lists every event.", label_every=10,
                                         book_caption="Events per year, by nation; the parts and chapters that follow "
                                                      "tell them decade by decade and year by year."))
def _chart(source: Source, target: str) -> Rows:
    """Every year from the first event's to the last's, empty years included, so gaps show."""
    events = [source.event(d) for d in source.derived.chronology]
    if not events:
        return ((), ())
    by_year: dict[int, list[Event]] = {}
    for event in events:
        by_year.setdefault(event.date.year, []).append(event)
    bars = tuple((str(year), _counts(source, by_year.get(year, [])),
                  source.page("year", str(year), str(year)) if year in by_year else None)
                 for year in range(events[0].date.year, events[-1].date.year + 1))
    return (_groups(source), bars)


@list_kind("months", "a year, e.g. 1965",
           render=_render_chart("Events per month",
                                "Events in each month of the year; the list below gives them in order.", label_every=1))
def _months(source: Source, target: str) -> Rows:
    events = [source.event(d) for d in source.derived.group("year", target)]
    if not events:
        return ((), ())
    return (_groups(source), tuple((calendar.month_abbr[month], _counts(source, [e for e in events if e.date.month == month]), None)
                                   for month in range(1, 13)))


# -- writing the figure into each format --------------------------------------------------------------

def visit_html(translator: Any, node: almanac_figure) -> None:
    translator.body.append(node["svg"])
    raise nodes.SkipNode


def visit_latex(translator: Any, node: almanac_figure) -> None:
    """Converts the drawing to PDF next to the book's sources, once (named by its hash), and includes it."""
    import cairosvg  # only the book needs it, and it loads the cairo library

    svg = node["svg"]
    path = Path(translator.builder.outdir) / "almanac-figures" / f"{hashlib.sha256(svg.encode()).hexdigest()[:16]}.pdf"
    if not path.exists():
        write_atomically(path, cast(bytes, cairosvg.svg2pdf(bytestring=svg.encode(), unsafe=False)))
    translator.body.append("\n\\begin{center}\\sphinxincludegraphics[width=\\linewidth,height=0.45\\textheight,"
                           f"keepaspectratio]{{{{almanac-figures/{path.stem}}}.pdf}}\\end{{center}}\n")
    raise nodes.SkipNode


def skip(translator: Any, node: almanac_figure) -> None:
    """Formats without pictures (text, manual pages) keep the caption and the text equivalent."""
    raise nodes.SkipNode


def setup_figures(app: Sphinx) -> None:
    app.add_node(almanac_figure, html=(visit_html, None), latex=(visit_latex, None), text=(skip, None),
                 man=(skip, None), texinfo=(skip, None))
