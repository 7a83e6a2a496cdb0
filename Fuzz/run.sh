#!/bin/sh
# Fuzz/run.sh BINARY SECONDS [TARGET…]: runs each fuzz target for SECONDS. The working corpus
# is kept in .fuzz/corpus/TARGET (not in git), seeded from Fuzz/seeds/TARGET (and, for GeoJSON, the
# sample territories); crashes go to .fuzz/artifacts/. Exit 1 on a finding, which then belongs in
# Fuzz/regressions/TARGET/ (replayed by `make test`) with its fix.
set -u
bin=$1; seconds=$2; shift 2
targets=${*:-"geojson csv levers scenario-code filter gpkg wkb"}
# Swift's own crash reporter would hang on libFuzzer's pipes after a trap, hiding the stack.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
mkdir -p .fuzz/artifacts
status=0
for t in $targets; do
  mkdir -p .fuzz/corpus/$t
  seeds=""
  [ -d Fuzz/seeds/$t ] && seeds="Fuzz/seeds/$t"
  [ $t = geojson ] && seeds="$seeds sample-territories"
  dict=""
  [ -f Fuzz/dicts/$t.dict ] && dict="-dict=Fuzz/dicts/$t.dict"
  "$bin" $t -max_total_time=$seconds -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix=.fuzz/artifacts/$t- $dict ${FUZZ_FLAGS:-} .fuzz/corpus/$t $seeds > .fuzz/$t.log 2>&1
  rc=$?
  printf '%-14s exit %s  %s\n' $t $rc "$(grep -E 'stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' .fuzz/$t.log | awk '{printf "%s ", $0}')"
  if [ $rc -ne 0 ]; then
    grep -m3 -E 'ERROR|Fatal error|runtime failure|deadly signal' .fuzz/$t.log
    ls .fuzz/artifacts/$t-* 2>/dev/null
    status=1
  fi
done
exit $status
