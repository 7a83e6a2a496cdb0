#!/usr/bin/env python3
"""Rebuilds the sample-territory sources (GeoJSON + CSV) from ../shared/data.

Maintainer tool, run by hand when the open data changes; its output is committed
and embedded in the jumeau binary. Needs python3-gdal (osgeo.ogr) for the union of
merged communes and the coastline measure.

    python3 sample-territories/extract.py ../shared/data
"""
import csv, json, sys, os
from osgeo import ogr, osr

DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
HERE = os.path.dirname(os.path.abspath(__file__))

# id: (EPCI SIREN, département files, coastal erosion estimates in m/yr by INSEE code)
# Erosion rates are coarse class estimates read from Cerema's national shoreline
# indicator (average over each commune's whole coastline, estuary and bay shores
# included); they are marked "estimated" in the twin. See docs/data.md.
TERRITORIES = {
    "bordeaux-metropole": ("243300316", ["33"], {}),
    "ile-de-re": ("241700459", ["17"], {
        "17286": 0.5, "17318": 0.5, "17019": 0.3, "17207": 0.2, "17121": 0.8,
        "17051": 0.8, "17360": 0.5, "17161": 0.2, "17369": 0.2, "17297": 0.3}),
    "medoc-atlantique": ("200070720", ["33"], {
        "33514": 2.5, "33193": 2.5, "33540": 2.0, "33300": 1.5, "33203": 1.5,
        "33097": 1.5, "33214": 1.5, "33544": 1.0, "33541": 0.2, "33490": 0.1,
        "33208": 0.1, "33521": 0.1, "33538": 0.1, "33348": 0.1}),
    "grand-annecy": ("200066793", ["74"], {}),
}
FILES = {"17": "communes-17-charente-maritime.geojson", "33": "communes-33-gironde.geojson",
         "74": "communes-74-haute-savoie.geojson"}


def current_codes():
    """Maps any former commune code to the code it has now, following chains."""
    moves = {}
    with open(os.path.join(DATA, "mouvements-communes.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["COM_AV"] != row["COM_AP"] and row["TYPECOM_AP"] == "COM":
                moves.setdefault(row["COM_AV"], (row["DATE_EFF"], row["COM_AP"]))
                if row["DATE_EFF"] > moves[row["COM_AV"]][0]:
                    moves[row["COM_AV"]] = (row["DATE_EFF"], row["COM_AP"])
    def resolve(code, depth=0):
        if code in moves and depth < 20 and moves[code][1] != code:
            return resolve(moves[code][1], depth + 1)
        return code
    return resolve


def main():
    resolve = current_codes()
    epci = {}
    with open(os.path.join(DATA, "epci-membres-2026.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter=";"):
            epci.setdefault(row["siren"], []).append(row)
    population = {}
    with open(os.path.join(DATA, "populations-legales-2023.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter=";"):
            code = resolve(row["COM"])
            population[code] = population.get(code, 0) + int(row["PMUN"])
    # The 2017 vintage (COG 2025 codes): with 2023, each commune's observed trend.
    population_2017 = {}
    with open(os.path.join(DATA, "populations-legales-2017.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter=";"):
            if row["PMUN2017"].strip():
                code = resolve(row["COM"])
                population_2017[code] = population_2017.get(code, 0) + int(row["PMUN2017"])

    to_l93 = osr.CoordinateTransformation(epsg(4326), epsg(2154))
    for tid, (siren, deps, erosion) in TERRITORIES.items():
        members = {resolve(r["insee"]): r["nom_membre"] for r in epci[siren]}
        parts, all_geoms = {}, []
        for dep in deps:
            with open(os.path.join(DATA, FILES[dep]), encoding="utf-8") as f:
                features = json.load(f)["features"]
            for feat in features:
                geom = ogr.CreateGeometryFromJson(json.dumps(feat["geometry"]))
                all_geoms.append((feat["properties"]["code"], geom))
                code = resolve(feat["properties"]["code"])
                if code in members:
                    parts.setdefault(code, []).append(geom)
        missing = set(members) - set(parts)
        if missing:
            sys.exit(f"{tid}: no geometry for {sorted(missing)}")
        out_features, rows = [], []
        for code in sorted(members):
            geom = parts[code][0].Clone()
            for extra in parts[code][1:]:
                geom = geom.Union(extra)
            coast = 0.0
            if code in erosion:
                coast = coastline_km(geom, [g for c, g in all_geoms if resolve(c) != code], to_l93)
            gj = json.loads(geom.ExportToJson())
            gj["coordinates"] = round_coords(gj["coordinates"])
            out_features.append({"type": "Feature", "properties": {"code": code, "nom": members[code]},
                                 "geometry": gj})
            rows.append([code, population[code], population_2017[code], population[code], f"{coast:.2f}",
                         erosion.get(code, 0)])
        with open(os.path.join(HERE, f"{tid}.geojson"), "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": out_features}, f,
                      ensure_ascii=False, separators=(",", ":"))
            f.write("\n")
        with open(os.path.join(HERE, f"{tid}.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter=";", lineterminator="\n")
            w.writerow(["code", "population", "population_2017", "population_2023", "coastline_km", "erosion_m_per_yr"])
            w.writerows(rows)
        print(f"{tid}: {len(out_features)} communes, merged: {[c for c in parts if len(parts[c]) > 1]}")


def epsg(code):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(code)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def coastline_km(geom, others, to_l93):
    """Length of the commune's boundary shared with no other commune of the
    département: sea, bay and estuary shore (a land border with another
    département would count too; the coastal communes listed have none)."""
    boundary = geom.Boundary()
    for other in others:
        if other.Intersects(geom):
            boundary = boundary.Difference(other.Buffer(0.0002))
    boundary.Transform(to_l93)
    return boundary.Length() / 1000.0


def round_coords(c):
    if isinstance(c[0], (int, float)):
        return [round(c[0], 5), round(c[1], 5)]
    return [round_coords(x) for x in c]


if __name__ == "__main__":
    main()
