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

# Geometry repair on crafted inputs (docs/reliability.md): time and peak memory must stay
# bounded by the input's size. Reference: ogr2ogr -makevalid (GEOS's default repair) on the
# same file, in the same run, stopped after $LIMIT s.
LIMIT=${LIMIT:-120}
echo
echo "Crafted geometries (one feature each), release build; ogr2ogr -makevalid stopped after ${LIMIT} s"
echo "| input | size (KB) | jumeau exit | jumeau time (s) | jumeau memory (MB) | ogr2ogr exit | ogr2ogr time (s) | ogr2ogr memory (MB) |"
echo "|---|---|---|---|---|---|---|---|"
measure() {  # prints "exit seconds megabytes" for a command
  local start end status=0
  rm -f "$WORK/patho.gpkg"
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$WORK/memory" timeout "$LIMIT" "$@" >/dev/null 2>&1 || status=$?
  end=$(date +%s.%N)
  awk -v s="$status" -v a="$start" -v b="$end" -v m="$(tail -1 "$WORK/memory")" 'BEGIN { printf "%s %.2f %d", s, b - a, m / 1024 }'
}
for spec in "holes 200" "holes 2000" "holes 62000" "multi 2000" "star 201" "star 1001" "big 50000"; do
  set -- $spec
  file="$WORK/patho-$1-$2.geojson"
  python3 Tests/Benchmarks/pathological.py "$1" "$2" "$file"
  read -r je jt jm <<< "$(measure "$JUMEAU" import "$file" --into "$WORK/patho.gpkg")"
  read -r oe ot om <<< "$(measure ogr2ogr -f GPKG -t_srs EPSG:2154 -makevalid "$WORK/patho.gpkg" "$file")"
  printf "| %s ×%s | %d | %s | %s | %s | %s | %s | %s |\n" "$1" "$2" $(( $(stat -c %s "$file") / 1024 )) \
    "$je" "$jt" "$jm" "$oe" "$ot" "$om"
done
