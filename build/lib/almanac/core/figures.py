"""Figures drawn from the data: maps of places and charts of events per year, as SVG text.

Nothing here knows Sphinx: a figure is made from plain values (points, counts, links) and the
outlines of Earth's countries (:mod:`.naturalearth`), so the same SVG goes into the site (inline,
its marks links) and, converted, into the book. The SVG is built with ElementTree, which escapes
every name and link; colours are presentation attributes that the site's style sheet may override
(dark mode), because the book's converter reads attributes, not style sheets.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

#: Colours that colour-blind readers can tell apart (Okabe and Ito), in legend order; the last
#: one is for everything else.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F7F7F")
LAND = "#d4d4d4"
BORDER = "#ffffff"
SEA = "#eef3f8"
INK = "#333333"
MARK = "#c0392b"
#: Degrees per SVG unit are 1/SCALE: a world map is 360 × SCALE wide.
SCALE = 2
#: The latitudes a map of Earth shows: Antarctica's coast carries no launch site.
EARTH_NORTH, EARTH_SOUTH = 84, -60

Ring = Sequence[tuple[float, float]]


@dataclass(frozen=True)
class MapPoint:
    """A marked place: its name, where it is, and the page it links (None in the book)."""

    name: str
    latitude: float
    longitude: float
    href: str | None = None


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label (a year), the count of each group, and the page it links."""

    label: str
    counts: tuple[int, ...]
    href: str | None = None


def _svg(width: float, height: float, title: str, description: str, classes: str) -> ElementTree.Element:
    svg = ElementTree.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {_n(width)} {_n(height)}",
        "width": _n(width), "height": _n(height), "role": "img", "class": classes, "aria-label": title,
    })
    ElementTree.SubElement(svg, "title").text = title
    ElementTree.SubElement(svg, "desc").text = description
    return svg


def _n(value: float) -> str:
    """A coordinate with one decimal, no trailing zero: small, and the same on every machine."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(parent: ElementTree.Element, x: float, y: float, text: str, **attributes: str) -> None:
    element = ElementTree.SubElement(parent, "text", {"x": _n(x), "y": _n(y), "fill": INK, "font-size": "11",
                                                      "font-family": "sans-serif", **attributes})
    element.text = text


def _linked(parent: ElementTree.Element, href: str | None, label: str) -> ElementTree.Element:
    """A link around a mark (its accessible name is *label*), or a plain group in the book."""
    if href is None:
        return ElementTree.SubElement(parent, "g")
    return ElementTree.SubElement(parent, "a", {"href": href, "aria-label": label})


def _to_string(svg: ElementTree.Element) -> str:
    if svg.find("a") is not None or svg.find("g/a") is not None:
        # An image's children are not reachable; a figure whose marks are links is a group of them.
        svg.set("role", "group")
    return ElementTree.tostring(svg, encoding="unicode")


def _unwrapped(ring: Ring) -> list[Ring]:
    """*ring* with continuous longitudes, and its copy a world to the east or west if it crosses
    the antimeridian (Russia's Chukotka, Fiji): drawn as is, it would streak across the map."""
    points = [ring[0]]
    for lon, lat in ring[1:]:
        previous = points[-1][0]
        while lon - previous > 180:
            lon -= 360
        while previous - lon > 180:
            lon += 360
        points.append((lon, lat))
    lons = [lon for lon, _ in points]
    copies = [points]
    if min(lons) < -180:
        copies.append([(lon + 360, lat) for lon, lat in points])
    if max(lons) > 180:
        copies.append([(lon - 360, lat) for lon, lat in points])
    return copies


def _ring_paths(ring: Ring, project: Callable[[float, float], tuple[float, float]]) -> str:
    return "".join("M" + "L".join(f"{_n(x)},{_n(y)}" for x, y in (project(lon, lat) for lon, lat in copy)) + "Z"
                   for copy in _unwrapped(ring))


def map_figure(body: str, points: Sequence[MapPoint], land: Iterable[Ring] = (),
               window: tuple[float, float, float, float] | None = None, mark_radius: float = 3.5) -> str:
    """A map of *body* with a marker per point: Earth with its countries' outlines (*land*),
    other worlds as a grid of latitude and longitude.

    *window* (west, south, east, north, in degrees) crops the map, for a locator; the default is
    the whole body (Earth without Antarctica).
    """
    west, south, east, north = window or (-180, EARTH_SOUTH if body == "Earth" else -90, 180,
                                          EARTH_NORTH if body == "Earth" else 90)
    scale = SCALE * (360 / (east - west)) ** 0.5 if window else SCALE  # a locator is drawn larger

    def project(lon: float, lat: float) -> tuple[float, float]:
        return ((lon - west) * scale, (north - lat) * scale)

    width, height = (east - west) * scale, (north - south) * scale
    names = ", ".join(point.name for point in points)
    title = f"Map of {body}" + (f": {names}" if window else "")
    description = (f"{len(points)} place{'s' if len(points) != 1 else ''} marked: {names}." if points
                   else "No places marked.")
    svg = _svg(width, height, title, description, "almanac-map")
    ElementTree.SubElement(svg, "rect", {"width": _n(width), "height": _n(height), "fill": SEA if body == "Earth" else LAND,
                                         "class": "almanac-map-sea" if body == "Earth" else "almanac-map-surface"})
    if body == "Earth":
        paths = [_ring_paths(ring, project) for ring in land if _overlaps(ring, west, south, east, north)]
        if paths:
            ElementTree.SubElement(svg, "path", {"d": "".join(paths), "fill": LAND, "stroke": BORDER,
                                                 "stroke-width": "0.5", "class": "almanac-map-land"})
    grid = ElementTree.SubElement(svg, "g", {"stroke": INK, "stroke-opacity": "0.15", "stroke-width": "0.5",
                                             "class": "almanac-map-grid"})
    step = 30 if not window else 10
    for lon in range(-180, 181, step):
        if west <= lon <= east:
            x = project(lon, 0)[0]
            ElementTree.SubElement(grid, "line", {"x1": _n(x), "y1": "0", "x2": _n(x), "y2": _n(height)})
    for lat in range(-90, 91, step):
        if south <= lat <= north:
            y = project(0, lat)[1]
            ElementTree.SubElement(grid, "line", {"x1": "0", "y1": _n(y), "x2": _n(width), "y2": _n(y)})
    marks = ElementTree.SubElement(svg, "g", {"class": "almanac-map-marks"})
    for point in sorted(points, key=lambda p: (p.latitude, p.longitude, p.name)):
        x, y = project(point.longitude, point.latitude)
        mark = _linked(marks, point.href, point.name)
        ElementTree.SubElement(mark, "title").text = point.name
        ElementTree.SubElement(mark, "circle", {"cx": _n(x), "cy": _n(y), "r": _n(mark_radius), "fill": MARK,
                                                "stroke": BORDER, "stroke-width": "1", "class": "almanac-map-mark"})
    return _to_string(svg)


def _overlaps(ring: Ring, west: float, south: float, east: float, north: float) -> bool:
    lons = [lon for lon, _ in ring]
    lats = [lat for _, lat in ring]
    return min(lons) <= east and max(lons) >= west and min(lats) <= north and max(lats) >= south


def locator_window(latitude: float, longitude: float, span: float = 60) -> tuple[float, float, float, float]:
    """The window of a locator map: *span* degrees of longitude around the point, inside the world."""
    half_width, half_height = span / 2, span / 4
    west = min(max(longitude - half_width, -180), 180 - span)
    south = min(max(latitude - half_height, -90), 90 - span / 2)
    return (west, south, west + span, south + span / 2)


def bar_chart(title: str, bars: Sequence[Bar], groups: Sequence[str], label_every: int = 1) -> str:
    """A stacked bar chart: one bar per label (a year, a month), one colour per group, each bar a link."""
    # Every bar labelled (months): wide bars; a label every few bars (years): narrow ones.
    bar_width, gap = (28.0, 6.0) if label_every == 1 else (8.0, 2.0)
    plot_height, left, top, bottom = 120.0, 28.0, 8.0, 34.0
    legend_height = 18.0 if len(groups) > 1 else 0.0
    highest = max((sum(bar.counts) for bar in bars), default=0) or 1
    width = left + len(bars) * (bar_width + gap) + 8
    height = top + plot_height + bottom + legend_height
    total = sum(sum(bar.counts) for bar in bars)
    busiest = max(bars, key=lambda bar: sum(bar.counts)) if bars else None
    description = (f"{total} events in {len(bars)} bars; the most in {busiest.label} ({sum(busiest.counts)})."
                   if busiest else "No events.")
    svg = _svg(width, height, title, description, "almanac-chart")
    axis = ElementTree.SubElement(svg, "g", {"stroke": INK, "stroke-width": "0.5", "class": "almanac-chart-axis"})
    for fraction in (0, 0.5, 1):
        y = top + plot_height * (1 - fraction)
        ElementTree.SubElement(axis, "line", {"x1": _n(left), "y1": _n(y), "x2": _n(width - 8), "y2": _n(y),
                                              "stroke-opacity": "0.3"})
        _text(svg, left - 4, y + 4, str(round(highest * fraction)), **{"text-anchor": "end"})
    for index, bar in enumerate(bars):
        x = left + index * (bar_width + gap)
        mark = _linked(svg, bar.href, f"{bar.label}: {sum(bar.counts)} events")
        ElementTree.SubElement(mark, "title").text = f"{bar.label}: {sum(bar.counts)}"
        # A transparent full-height target: a year with one event is still easy to click.
        ElementTree.SubElement(mark, "rect", {"x": _n(x), "y": _n(top), "width": _n(bar_width),
                                              "height": _n(plot_height), "fill": "transparent"})
        y = top + plot_height
        for group_index, count in enumerate(bar.counts):
            if count:
                height_of = plot_height * count / highest
                y -= height_of
                ElementTree.SubElement(mark, "rect", {"x": _n(x), "y": _n(y), "width": _n(bar_width),
                                                      "height": _n(height_of),
                                                      "fill": PALETTE[min(group_index, len(PALETTE) - 1)]})
        if index % label_every == 0:
            _text(svg, x + bar_width / 2, top + plot_height + 14, bar.label, **{"text-anchor": "middle"})
    if legend_height:
        x = left
        shown = [index for index in range(len(groups)) if any(bar.counts[index] for bar in bars)]
        for group_index, group in ((index, groups[index]) for index in shown):
            y = height - 6
            ElementTree.SubElement(svg, "rect", {"x": _n(x), "y": _n(y - 9), "width": "10", "height": "10",
                                                 "fill": PALETTE[min(group_index, len(PALETTE) - 1)]})
            _text(svg, x + 14, y, group)
            x += 22 + 6.5 * len(group)
    return _to_string(svg)
