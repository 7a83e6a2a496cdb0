#!/usr/bin/env bash
# Import benchmark (issue: foundation): `jumeau import` against GDAL's
# `ogr2ogr -f GPKG -t_srs EPSG:2154` on the same 35,000-polygon GeoJSON, same machine,
# same run. Wall time from hyperfine (median of several runs), peak memory from
# GNU time's maximum resident set size. Run with `make bench` (release build).
set -euo pipefail
cd "$(dirname "$0")/../.."
JUMEAU=${JUMEAU:-.build/release/jumeau}
WORK=${BENCH_DIR:-.build/bench}
RUNS=${RUNS:-5}
mkdir -p "$WORK"
for tool in hyperfine ogr2ogr /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine gdal-bin time)" >&2; exit 1; }
done

"$JUMEAU" generate --zones 35000 --out "$WORK/france.geojson" --seed 1 --force
size=$(du -m "$WORK/france.geojson" | cut -f1)

hyperfine --runs "$RUNS" --warmup 1 --export-json "$WORK/import.json" \
  --prepare "rm -f $WORK/j.gpkg $WORK/o.gpkg" \
  -n jumeau "$JUMEAU import $WORK/france.geojson --into $WORK/j.gpkg" \
  -n ogr2ogr "ogr2ogr -f GPKG -t_srs EPSG:2154 $WORK/o.gpkg $WORK/france.geojson" >&2

peak() { rm -f "$WORK/j.gpkg" "$WORK/o.gpkg"; /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
jm=$(peak "$JUMEAU" import "$WORK/france.geojson" --into "$WORK/j.gpkg")
om=$(peak ogr2ogr -f GPKG -t_srs EPSG:2154 "$WORK/o.gpkg" "$WORK/france.geojson")

python3 - "$WORK/import.json" "$jm" "$om" "$size" <<'PY'
import json, sys, platform, subprocess, datetime
data = json.load(open(sys.argv[1]))
jm, om, size = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
t = {r["command"]: r for r in data["results"]}
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
print(f"Import of 35,000 polygons ({size} MB GeoJSON), {datetime.date.today()}, {cpu}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores")
print("| tool | median time (s) | min–max (s) | peak memory (MB) |")
print("|---|---|---|---|")
for name, mem in (("jumeau", jm), ("ogr2ogr", om)):
    r = t[name]
    print(f"| {name} | {r['median']:.2f} | {r['min']:.2f}–{r['max']:.2f} | {mem/1024:.0f} |")
print(f"ratio jumeau/ogr2ogr: time {t['jumeau']['median']/t['ogr2ogr']['median']:.2f}, memory {jm/om:.2f}")
PY
