"""Earth's country outlines, from Natural Earth's 1:110m data as the ``world-atlas`` package ships it.

``world-atlas`` (the packaging of Natural Earth used by D3, installed by ``npm ci``) stores the
outlines as TopoJSON: shared borders ("arcs"), delta-encoded integers scaled by a transform. This
module turns the file into rings of (longitude, latitude), following the TopoJSON specification
(§2.1.3 and §2.2.5); it reads no other format and trusts nothing in the file beyond its shape.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

Ring = list[tuple[float, float]]


class MapDataError(ValueError):
    """The file is not the TopoJSON of country outlines this module expects."""


def _arcs(topology: dict[str, Any]) -> list[Ring]:
    transform = topology.get("transform")
    (scale_x, scale_y), (translate_x, translate_y) = (transform["scale"], transform["translate"]) if transform else ((1, 1), (0, 0))
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for position in arc:
            # Quantized arcs are delta-encoded: each position is the difference from the last.
            x, y = (x + position[0], y + position[1]) if transform else (position[0], position[1])
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def _ring(indexes: Sequence[int], arcs: list[Ring]) -> Ring:
    ring: Ring = []
    for index in indexes:
        # A negative index is the one's complement of an arc followed backwards.
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)  # consecutive arcs share their end point
    return ring


def country_rings(path: Path, object_name: str = "countries") -> list[Ring]:
    """Every ring (outer boundary or hole) of every country in the TopoJSON file at *path*."""
    try:
        topology = json.loads(path.read_text(encoding="utf-8"))
        arcs = _arcs(topology)
        rings = []
        for geometry in topology["objects"][object_name]["geometries"]:
            polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
            rings.extend(_ring(ring, arcs) for polygon in polygons for ring in polygon)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        raise MapDataError(f"{path} is not the TopoJSON of world-atlas ({error.__class__.__name__}: {error})") from error
    return [ring for ring in rings if len(ring) >= 3]
