#!/usr/bin/env bash
# Explorer benchmarks (issue: explorer), release build, same machine, same run:
# - `jumeau render` of the 35,000-zone twin at 200×60 as a whole process against
#   GDAL's `gdal_rasterize -ts 400 240` of the same GeoPackage (hyperfine, warm cache);
# - first frame after launch, and bytes written for a pan step against a full repaint,
#   in a real pseudo-terminal (terminal.py), on the default sample at 200×60 and 80×24.
# Frame and rasterisation times in-process come from jumeau-bench.
set -euo pipefail
cd "$(dirname "$0")/../.."
JUMEAU=${JUMEAU:-.build/release/jumeau}
WORK=${BENCH_DIR:-.build/bench}
RUNS=${RUNS:-20}
mkdir -p "$WORK"
for tool in hyperfine gdal_rasterize python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine gdal-bin python3)" >&2; exit 1; }
done

[ -f "$WORK/national.gpkg" ] || "$JUMEAU" generate --zones 35000 --seed 1 --out "$WORK/national.gpkg"
hyperfine -N --runs "$RUNS" --warmup 2 --export-json "$WORK/render.json" \
  --prepare "rm -f $WORK/national.tif" \
  -n "jumeau render --size 200x60" "$JUMEAU render $WORK/national.gpkg --size 200x60 --color mono" \
  -n "gdal_rasterize -ts 400 240" "gdal_rasterize -q -l zones -a population -ts 400 240 -ot Float32 $WORK/national.gpkg $WORK/national.tif" >&2

python3 - "$WORK/render.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print("| command | median (ms) | min–max (ms) |")
print("|---|---|---|")
for r in results:
    print(f"| {r['command']} | {r['median']*1000:.0f} | {r['min']*1000:.0f}–{r['max']*1000:.0f} |")
j, g = results[0]["median"], results[1]["median"]
print(f"\nRatio: jumeau / gdal_rasterize = {j / g:.2f} (target ≤ 1)\n")
PY

echo "| terminal | first frame (ms), 5 launches | bytes for one pan step | bytes for a full repaint | ratio | lever key → indicators (ms), 5 launches |"
echo "|---|---|---|---|---|---|"
for size in "200 60" "80 24"; do
  set -- $size
  times=(); lever=(); pan=0; repaint=0
  for _ in 1 2 3 4 5; do
    line=$(python3 Tests/Benchmarks/terminal.py "$JUMEAU" bordeaux-metropole "$1" "$2")
    times+=("$(echo "$line" | python3 -c 'import json,sys; print(json.load(sys.stdin)["first_frame_ms"])')")
    lever+=("$(echo "$line" | python3 -c 'import json,sys; print(json.load(sys.stdin)["lever_to_indicators_ms"])')")
    pan=$(echo "$line" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pan_bytes"])')
    repaint=$(echo "$line" | python3 -c 'import json,sys; print(json.load(sys.stdin)["repaint_bytes"])')
  done
  ratio=$(python3 -c "print(f'{$repaint / max(1, $pan):.1f}')")
  echo "| ${1}×${2} | ${times[*]} | $pan | $repaint | $ratio | ${lever[*]} |"
done
