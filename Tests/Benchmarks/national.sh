#!/usr/bin/env bash
# The twin of France (issue 14): benchmarks on the real national file, release build, each
# next to its reference tool in the same run. Skipped, with a message, when the national
# data (../shared/data beside the repository, or $DATA) is absent.
# - import of communes-france.geojson with the 2023 populations (the issue's command, then
#   with --levels) against `ogr2ogr -f GPKG -t_srs EPSG:2154` on the same file, interleaved
#   (interleave.py: wall time and peak memory of every run);
# - `jumeau render` of the twin at 200×60 against `gdal_rasterize` of its zones layer to the
#   same number of pixels as render's map;
# - the explorer's first frame, pan, zoom and lever frames in-process (`jumeau-bench national`);
# - end to end: launch → first complete frame (the legend's "quantiles") in a pseudo-terminal
#   (terminal.py, which also times a lever key → indicators) and in tmux (capture-pane).
set -euo pipefail
cd "$(dirname "$0")/../.."
JUMEAU=${JUMEAU:-$PWD/.build/release/jumeau}
BENCH=${BENCH:-$PWD/.build/release/jumeau-bench}
DATA=${DATA:-../shared/data}
WORK=${BENCH_DIR:-.build/bench}
RUNS=${RUNS:-8}
LAUNCHES=${LAUNCHES:-5}
FILE=$DATA/communes-france.geojson
if [ ! -f "$FILE" ] || [ ! -f "$DATA/populations-legales-2023.csv" ]; then
  echo "bench: $FILE or its populations are absent: the national benchmark (issue 14) is skipped" >&2
  exit 0
fi
for tool in ogr2ogr gdal_rasterize python3 tmux; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install gdal-bin tmux)" >&2; exit 1; }
done
mkdir -p "$WORK"
TWIN=$WORK/france.gpkg

echo "## The twin of France (issue 14): $(date '+%Y-%m-%d %H:%M %Z')"
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores," \
  "$(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(. /etc/os-release && echo "$PRETTY_NAME"),"
echo "$(swift --version 2>/dev/null | head -1 | sed 's/ (.*//'), $(ogrinfo --version | cut -d, -f1)," \
  "GEOS $(geos-config --version 2>/dev/null || pkg-config --modversion geos), PROJ $(pkg-config --modversion proj)," \
  "SQLite $(pkg-config --modversion sqlite3)"
echo

# --- Import against ogr2ogr ---------------------------------------------------------------
IMPORT="$JUMEAU import $FILE --attributes $DATA/populations-legales-2023.csv --key COM --columns PMUN=population \
--skip-unmatched-rows --into $TWIN --force"
LEVELS="$JUMEAU import $FILE --attributes $DATA/populations-legales-2023.csv --key COM --columns PMUN=population \
--skip-unmatched-rows --levels $DATA/epci-membres-2026.csv --into $WORK/france-levels.gpkg --force"
OGR="ogr2ogr -f GPKG -t_srs EPSG:2154 $WORK/france-ogr.gpkg $FILE"
python3 Tests/Benchmarks/interleave.py "$RUNS" 1 "$WORK/national-import.json" \
  --prepare "rm -f $WORK/france-ogr.gpkg" \
  "jumeau import (issue's command)" "$IMPORT" \
  "jumeau import --levels" "$LEVELS" \
  "ogr2ogr -f GPKG -t_srs EPSG:2154" "$OGR"
python3 - "$WORK/national-import.json" "$(du -m "$FILE" | cut -f1)" "$RUNS" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(f"Import of communes-france.geojson ({sys.argv[2]} MB, 34,867 communes): {sys.argv[3]} rounds after a warm-up"
      " round, the three commands interleaved; median wall time, median peak memory")
print()
print("| tool | median (s) | min–max (s) | peak memory (MB) |")
print("|---|---|---|---|")
for r in results:
    memory = r["memory_median_kb"] / 1024
    print(f"| {r['command']} | {r['median']:.2f} | {r['min']:.2f}–{r['max']:.2f} | {memory:.0f} |")
j, l, o = (r["median"] for r in results)
jm, lm, om = (r["memory_median_kb"] for r in results)
print()
print(f"Ratios to ogr2ogr: time {j / o:.2f} (target ≤ 1.0), memory {jm / om:.2f} (target ≤ 2);"
      f" with --levels: time {l / o:.2f}, memory {lm / om:.2f}")
print()
PY

# --- Explorer, in-process ----------------------------------------------------------------
"$BENCH" national "$TWIN" | tee "$WORK/national-explorer.txt" | grep -v '^render-map:'
read -r columns rows < <(awk '/^render-map:/ {print $2, $3}' "$WORK/national-explorer.txt")
echo

# --- render against gdal_rasterize -------------------------------------------------------
python3 Tests/Benchmarks/interleave.py 20 2 "$WORK/national-render.json" --prepare "rm -f $WORK/france.tif" \
  "jumeau render --size 200x60 --color 256" "$JUMEAU render $TWIN --size 200x60 --color 256" \
  "gdal_rasterize -ts $columns $((rows * 2))" \
  "gdal_rasterize -q -l zones -a population -ts $columns $((rows * 2)) -ot Float32 $TWIN $WORK/france.tif"
python3 - "$WORK/national-render.json" "$columns" "$rows" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(f"render's map: {sys.argv[2]}×{sys.argv[3]} cells = {sys.argv[2]}×{int(sys.argv[3]) * 2} pixels;"
      " 20 rounds after 2 warm-up rounds, interleaved")
print()
print("| command | median (ms) | min–max (ms) |")
print("|---|---|---|")
for r in results:
    print(f"| {r['command']} | {r['median'] * 1000:.0f} | {r['min'] * 1000:.0f}–{r['max'] * 1000:.0f} |")
print(f"\nRatio: jumeau / gdal_rasterize = {results[0]['median'] / results[1]['median']:.2f} (target ≤ 1.0)\n")
PY

# --- End to end: launch → first complete frame --------------------------------------------
# The explorer writes its view and journal into the twin: each launch gets a fresh copy, so
# that every one starts on the fitted national view.
COPY=$WORK/france-e2e.gpkg
pty=(); lever=(); tmuxed=()
for _ in $(seq "$LAUNCHES"); do
  cp "$TWIN" "$COPY"
  line=$(python3 Tests/Benchmarks/terminal.py "$JUMEAU" "$COPY" 200 60)
  pty+=("$(echo "$line" | python3 -c 'import json,sys; print(json.load(sys.stdin)["first_frame_ms"])')")
  lever+=("$(echo "$line" | python3 -c 'import json,sys; print(json.load(sys.stdin)["lever_to_indicators_ms"])')")
done
SOCKET=jumeau-bench-$$
tmux -L "$SOCKET" -f /dev/null new-session -d -s idle -x 200 -y 60
for _ in $(seq "$LAUNCHES"); do
  cp "$TWIN" "$COPY"
  tmuxed+=("$(python3 - "$SOCKET" "$JUMEAU" "$COPY" <<'PY'
import subprocess, sys, time
socket, binary, twin = sys.argv[1:4]
tmux = ["tmux", "-L", socket]
start = time.monotonic()
subprocess.run(tmux + ["new-session", "-d", "-s", "nat", "-x", "200", "-y", "60",
                       f"LANG=C.UTF-8 {binary} explore {twin} --no-mouse"], check=True)
title = shown = None
while time.monotonic() - start < 20:
    screen = subprocess.run(tmux + ["capture-pane", "-p", "-t", "nat"], capture_output=True, text=True).stdout
    if title is None and "communes-france" in screen:
        title = time.monotonic()
    if "quantiles" in screen:
        shown = time.monotonic()
        break
    time.sleep(0.005)
subprocess.run(tmux + ["send-keys", "-t", "nat", "q"])
time.sleep(0.3)
subprocess.run(tmux + ["kill-session", "-t", "nat"], stderr=subprocess.DEVNULL)
def ms(t): return "none" if t is None else f"{(t - start) * 1000:.0f}"
print(f"{ms(title)}/{ms(shown)}")
PY
)")
done
tmux -L "$SOCKET" kill-server 2>/dev/null || true
rm -f "$COPY" "$COPY-wal" "$COPY-shm"
echo "End to end, \`jumeau explore\` of the twin at 200×60, $LAUNCHES launches each (ms):"
echo
echo "| measure | launches |"
echo "|---|---|"
echo "| launch → first complete frame, pseudo-terminal (terminal.py) | ${pty[*]} |"
echo "| launch → title / first complete frame, tmux (capture-pane every 5 ms) | ${tmuxed[*]} |"
echo "| lever key (→ on ZAN) → indicators, pseudo-terminal | ${lever[*]} |"
