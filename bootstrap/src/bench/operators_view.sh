#!/usr/bin/env bash
# What the operators' view (metrics and the request log) costs the HTTP ceiling, measured so that the machine's
# neighbours cancel out: two servers from one jar run side by side, "on" (the defaults) and "bare"
# (MICRONAUT_METRICS_ENABLED=false KEYPORT_REQUEST_LOG_ENABLED=false); after a warm-up of each, GET .../location is
# measured in short bursts, on, bare, on, bare, ... (only one of them loaded at a time), and each pair gives one
# ratio on/bare. Prints every pair, then the median ratio with its quartiles, and the server CPU time per request
# of each (from /proc/<pid>/stat). Issue 25's target: the median ratio >= 0.95.
#
#   bootstrap/src/bench/operators_view.sh [jar]      PAIRS (20), BURST (3s), WARMUP (20s), CONNECTIONS (64)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(cd "$HERE/../../.." && pwd)"
source "$ROOT/.ci/jdk.sh"
JAR="${1:-$ROOT/bootstrap/target/keyport.jar}"
PAIRS="${PAIRS:-20}"; BURST="${BURST:-3s}"; WARMUP="${WARMUP:-20s}"; CONNECTIONS="${CONNECTIONS:-64}"
PORT_ON="${PORT:-8393}"; PORT_BARE=$((PORT_ON + 1)); APP=/api/client/v2.0/app/keyport
OUT="${OUT:-$ROOT/bootstrap/target/operators-view}"; mkdir -p "$OUT"
JAVA_OPTS="$("$ROOT/keyport" --print-jvm-options)"; export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
start() { # label port [ENV=V ...]
  local label=$1 port=$2; shift 2
  # shellcheck disable=SC2086
  env KEYPORT_ADMIN_PASSWORD=bench-admin-password KEYPORT_DATA_DIR="$OUT/$label-data" MICRONAUT_SERVER_PORT="$port" \
    "$@" "$JAVA_HOME/bin/java" $JAVA_OPTS -jar "$JAR" > "$OUT/$label.log" 2>&1 &
  PIDS+=($!)
}
rm -rf "$OUT"/*-data
start on "$PORT_ON"
start bare "$PORT_BARE" MICRONAUT_METRICS_ENABLED=false KEYPORT_REQUEST_LOG_ENABLED=false
for port in "$PORT_ON" "$PORT_BARE"; do
  waited=0
  until curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
    waited=$((waited + 1)); [ "$waited" -lt 3000 ] || { echo "port $port: not up after 300 s" >&2; exit 1; }
    sleep 0.1
  done
done
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
burst() { # port duration -> requests/s
  PATH_TEMPLATE="$APP/location" wrk -t2 -c"$CONNECTIONS" -d"$2" -s "$HERE/get.lua" "http://127.0.0.1:$1" \
    | awk '/Requests\/sec/ {print $2}'
}
burst "$PORT_ON" "$WARMUP" > /dev/null; burst "$PORT_BARE" "$WARMUP" > /dev/null
: > "$OUT/pairs.txt"
cpu_on=0; cpu_bare=0; n_on=0; n_bare=0; seconds=${BURST%s}
for pair in $(seq "$PAIRS"); do
  t=$(ticks "${PIDS[0]}"); on=$(burst "$PORT_ON" "$BURST"); cpu_on=$((cpu_on + $(ticks "${PIDS[0]}") - t))
  t=$(ticks "${PIDS[1]}"); bare=$(burst "$PORT_BARE" "$BURST"); cpu_bare=$((cpu_bare + $(ticks "${PIDS[1]}") - t))
  n_on=$(awk -v n="$n_on" -v r="$on" -v s="$seconds" 'BEGIN {printf "%d", n + r * s}')
  n_bare=$(awk -v n="$n_bare" -v r="$bare" -v s="$seconds" 'BEGIN {printf "%d", n + r * s}')
  echo "$pair $on $bare" | tee -a "$OUT/pairs.txt"
done
python3 - "$OUT/pairs.txt" "$cpu_on" "$n_on" "$cpu_bare" "$n_bare" "$(getconf CLK_TCK)" <<'PY' | tee "$OUT/result.txt"
import statistics, sys
pairs = [tuple(map(float, line.split()[1:])) for line in open(sys.argv[1])]
ratios = sorted(on / bare for on, bare in pairs if bare > 0)
q = statistics.quantiles(ratios, n=4)
cpu_on, n_on, cpu_bare, n_bare, hz = map(float, sys.argv[2:])
print(f"on/bare: median {statistics.median(ratios):.3f} (quartiles {q[0]:.3f} .. {q[2]:.3f}, {len(ratios)} pairs)")
print(f"requests/s: on {statistics.median(p[0] for p in pairs):,.0f}, bare {statistics.median(p[1] for p in pairs):,.0f} (medians)")
print(f"server CPU per request: on {cpu_on / hz * 1e6 / n_on:.2f} us, bare {cpu_bare / hz * 1e6 / n_bare:.2f} us")
PY
