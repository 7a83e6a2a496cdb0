#!/usr/bin/env python3
"""Writes a one-feature GeoJSON built to make a geometry repair expensive.

usage: pathological.py holes|multi|star|big N OUT.geojson

  holes  one commune ring repeated N times as a Polygon: a shell and N-1 identical holes
  multi  the same ring as N identical polygons of a MultiPolygon
  star   a star polygon of N (odd) points, whose edges cross about N²/2 times
  big    a valid ring of N points (the cost of a large commune that needs no repair)

The ring is Saint-Martin-de-Ré's, from sample-territories/ile-de-re.geojson.
"""
import json, math, os, sys

kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
here = os.path.dirname(os.path.abspath(__file__))
source = json.load(open(os.path.join(here, "../../sample-territories/ile-de-re.geojson")))
ring = next(f for f in source["features"] if f["properties"]["code"] == "17369")["geometry"]["coordinates"][0]


def circle(count, wobble):
    points = []
    for i in range(count):
        a = 2 * math.pi * i / count
        r = 0.05 * (1 + wobble * math.sin(37 * a))
        points.append([round(-1.4 + r * math.cos(a), 7), round(46.2 + r * math.sin(a), 7)])
    return points + [points[0]]


if kind == "holes":
    geometry = {"type": "Polygon", "coordinates": [ring] * n}
elif kind == "multi":
    geometry = {"type": "MultiPolygon", "coordinates": [[ring]] * n}
elif kind == "star":
    k = n // 2
    points = [[round(-1.4 + 0.05 * math.cos(2 * math.pi * (i * k % n) / n), 7),
               round(46.2 + 0.05 * math.sin(2 * math.pi * (i * k % n) / n), 7)] for i in range(n)]
    geometry = {"type": "Polygon", "coordinates": [points + [points[0]]]}
elif kind == "big":
    geometry = {"type": "Polygon", "coordinates": [circle(n, 0.1)]}
else:
    sys.exit(f"unknown kind {kind}")

feature = {"type": "Feature", "properties": {"code": "99999", "nom": "Pathological", "population": 1000}, "geometry": geometry}
json.dump({"type": "FeatureCollection", "features": [feature]}, open(out, "w"), separators=(",", ":"))
