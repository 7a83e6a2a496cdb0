#!/usr/bin/env bash
# The national twin on PostgreSQL/PostGIS (issue 17), on a throwaway cluster on loopback
# (started here, stopped at the end), release build:
# - `jumeau publish` against `ogr2ogr -f PostgreSQL` of the same GeoPackage, interleaved;
# - the explorer's first frame on the national twin from the server against from the file,
#   interleaved, in a real pseudo-terminal (terminal.py);
# - a shared twin under load: AGENTS agents saving continuously and FOLLOWERS followers
#   notified of a facilitator's view every 100 ms, for LOAD_SECONDS (jumeau-bench server-load).
# Skipped, with a message, when the national twin has not been built by national.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
JUMEAU=${JUMEAU:-$PWD/.build/release/jumeau}
WORK=${BENCH_DIR:-.build/bench}
RUNS=${RUNS:-5}
AGENTS=${AGENTS:-20} FOLLOWERS=${FOLLOWERS:-50} LOAD_SECONDS=${LOAD_SECONDS:-30}
BENCH=${BENCH:-$PWD/.build/release/jumeau-bench}
TWIN=$WORK/france.gpkg
if [ ! -f "$TWIN" ]; then
  echo "bench: $TWIN is absent (national.sh builds it): the publish benchmark is skipped" >&2
  exit 0
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [ ! -x "$BIN/initdb" ]; then
  echo "bench: PostgreSQL is missing (apt-get install postgresql postgresql-15-postgis-3)" >&2
  exit 1
fi
DIR=$(mktemp -d /tmp/jumeau-pg-bench-XXXXXX)
PORT=$((20000 + RANDOM % 20000))
export PGPASSWORD=bench-$RANDOM PGPASSFILE=/nonexistent
echo "$PGPASSWORD" > "$DIR/pw"
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown -R postgres "$DIR"
as_server "$BIN/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  --pwfile="$DIR/pw" -E UTF8 --locale=C >/dev/null
as_server "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
trap 'as_server "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null; rm -rf "$DIR"' EXIT
PSQL=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -X -q)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE twins"
"${PSQL[@]}" -d twins -c "CREATE EXTENSION postgis"
# Both replace an existing twin at each run: publish swaps schemas, ogr2ogr -overwrite drops the table.
"${PSQL[@]}" -d twins -c "CREATE SCHEMA ogr"
URL="postgresql://postgres@127.0.0.1:$PORT/twins?schema=france&sslmode=disable"
PG="PG:host=127.0.0.1 port=$PORT dbname=twins user=postgres"

echo "## Publishing the national twin to PostGIS (issue 17): $(date '+%Y-%m-%d %H:%M %Z')"
echo
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores;" \
  "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}'), PostGIS" \
  "$("${PSQL[@]}" -d twins -At -c 'SELECT postgis_lib_version()'), $(ogrinfo --version | cut -d, -f1)"
echo
echo "| run | jumeau publish (s) | ogr2ogr -f PostgreSQL (s) |"
echo "|---|---|---|"
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s.%N)
  "$JUMEAU" publish "$TWIN" "$URL" >/dev/null 2>&1
  jumeau=$(python3 -c "print($(date +%s.%N) - $start)")
  start=$(date +%s.%N)
  ogr2ogr -f PostgreSQL "$PG" "$TWIN" zones -lco GEOMETRY_NAME=geom -nln ogr.zones \
    -overwrite --config PG_USE_COPY YES >/dev/null 2>&1
  ogr=$(python3 -c "print($(date +%s.%N) - $start)")
  printf '| %d | %.2f | %.2f |\n' "$run" "$jumeau" "$ogr"
done
echo
echo "Both write the $("${PSQL[@]}" -d twins -At -c 'SELECT count(*) FROM france.zones') zones with" \
  "their geometry and a GiST index; publish also writes the attributes' provenance, levels and" \
  "scenarios, and swaps the schema in one transaction."

echo
echo "### The explorer's first frame, national twin: from the server against from the file"
echo
echo "Whole process in a pseudo-terminal at 200×60 (terminal.py), from the fork to the legend drawn;"
echo "launches alternate between the two."
echo
echo "| launch | from the GeoPackage (ms) | from the server (ms) |"
echo "|---|---|---|"
first_frame() {
  python3 Tests/Benchmarks/terminal.py "$JUMEAU" "$1" 200 60 |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["first_frame_ms"])'
}
files=(); servers=()
for run in $(seq 1 "$RUNS"); do
  f=$(first_frame "$TWIN")
  s=$(first_frame "$URL")
  files+=("$f"); servers+=("$s")
  echo "| $run | $f | $s |"
done
python3 - "${files[*]}" "${servers[*]}" <<'PY'
import statistics, sys
f = statistics.median(float(x) for x in sys.argv[1].split())
s = statistics.median(float(x) for x in sys.argv[2].split())
print(f"\nMedians: file {f:.0f} ms, server {s:.0f} ms; ratio server / file = {s / f:.2f} (target ≤ 2)")
PY

echo
echo "### Agents and followers on the national twin: $AGENTS agents, $FOLLOWERS followers, $LOAD_SECONDS s"
echo
"$BENCH" server-load "$URL" "$AGENTS" "$FOLLOWERS" "$LOAD_SECONDS"
echo
echo "### The same load on an intercommunality (Bordeaux Métropole, 28 communes)"
echo
"$JUMEAU" publish bordeaux-metropole "${URL/schema=france/schema=metropole}" >/dev/null 2>&1
"$BENCH" server-load "${URL/schema=france/schema=metropole}" "$AGENTS" "$FOLLOWERS" "$LOAD_SECONDS"
