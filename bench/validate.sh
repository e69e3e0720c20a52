#!/usr/bin/env bash
# Benchmark of the validate command (not a unit test): rows per second and peak heap under -Xmx256m.
#
#   bench/validate.sh            # 1,000,000-row CSV, 100,000-row CSV, 100,000-row .xlsx and .ods
#   ROWS_BIG=200000 bench/validate.sh
#   SKIP_BUILD=1 bench/validate.sh
#
# Peak heap is measured two ways, both printed:
#   * statsPeak: `validate --stats`, the sum of the heap pools' peak usage (MemoryPoolMXBean.getPeakUsage,
#     no GC forced): an upper bound, since the pools peak at different moments;
#   * gcPeak: the largest heap occupancy just before a collection in the -Xlog:gc log, which is the
#     true high-water mark of used heap (a collection runs exactly when the heap fills up).
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS_BIG=${ROWS_BIG:-1000000}
ROWS_SMALL=${ROWS_SMALL:-100000}
HEAP=${HEAP:--Xmx256m}
OUT=${OUT:-/tmp/jamsos-bench}
JAR=target/jamsos-gateway.jar
# generate makes fake workers, so it is in the tools jar; validate is measured in the production jar.
TOOLS_JAR=target/jamsos-gateway-tools.jar
mkdir -p "$OUT"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -q -B -o package -DskipTests
fi

gen() { # rows file
  [[ -f "$2" ]] || java -jar "$TOOLS_JAR" generate --rows "$1" --out "$2" --seed 42 --bad-every 50 >/dev/null
}

run() { # file
  local f=$1 log="$OUT/$(basename "$1").gc.log"
  local t0 t1 code=0
  t0=$(date +%s.%N)
  java "$HEAP" -Xlog:gc:file="$log" -jar "$JAR" validate "$f" --stats >"$OUT/out.txt" 2>"$OUT/err.txt" || code=$?
  t1=$(date +%s.%N)
  local stats gcpeak
  stats=$(grep '^stats:' "$OUT/err.txt" || true)
  # "GC(3) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.1ms": take the largest "before" figure.
  gcpeak=$(grep -oE '[0-9]+M->[0-9]+M' "$log" | cut -dM -f1 | sort -n | tail -1)
  # ... and the largest "after" figure: what was still live, i.e. the real working set.
  live=$(grep -oE '[0-9]+M->[0-9]+M' "$log" | sed -E 's/.*->([0-9]+)M/\1/' | sort -n | tail -1)
  printf '%s  %s size=%sMB exit=%s wall=%.1fs  %s  gcPeakMiB=%s gcLiveMaxMiB=%s\n' "$(basename "$f")" "$HEAP" \
    "$(( $(stat -c %s "$f") / 1000000 ))" "$code" "$(echo "$t1 - $t0" | bc)" \
    "$(head -1 "$OUT/out.txt")  ${stats#stats: }" "${gcpeak:-none}" "${live:-none}"
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), heap $HEAP"
gen "$ROWS_BIG" "$OUT/w${ROWS_BIG}.csv"
gen "$ROWS_SMALL" "$OUT/w${ROWS_SMALL}.csv"
gen "$ROWS_SMALL" "$OUT/w${ROWS_SMALL}.xlsx"
gen "$ROWS_SMALL" "$OUT/w${ROWS_SMALL}.ods"
run "$OUT/w${ROWS_BIG}.csv"
run "$OUT/w${ROWS_SMALL}.csv"
run "$OUT/w${ROWS_SMALL}.xlsx"
run "$OUT/w${ROWS_SMALL}.ods"
# The same files in a quarter of the heap: the working set does not grow with the file.
HEAP=${SMALL_HEAP:--Xmx64m}
run "$OUT/w${ROWS_BIG}.csv"
run "$OUT/w${ROWS_SMALL}.xlsx"
run "$OUT/w${ROWS_SMALL}.ods"
