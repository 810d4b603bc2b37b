#!/usr/bin/env bash
# Two variants of Keyport measured in alternating short bursts, so that the machine's neighbours cancel out: both
# servers run side by side (only one is loaded at a time); after a warm-up of each, every pair of bursts runs each
# scenario on A, then on B. Each pair gives one ratio B/A per scenario, and within each variant one ratio per pair
# of its key login (and refresh) over its HTTP ceiling, from bursts seconds apart. Prints every burst, then the
# medians with their quartiles, and each variant's server CPU time per request (from /proc/<pid>/stat) per scenario.
# For changes worth a few per cent on this noisy 2-core machine, where compare.sh's runs minutes apart drift by
# 10-40 % (docs/performance.md).
#
#   bootstrap/src/bench/paired.sh "before|/tmp/before.jar" "after|bootstrap/target/keyport.jar"
#   SCENARIOS=location bootstrap/src/bench/paired.sh "on|keyport.jar" \
#       "bare|keyport.jar|MICRONAUT_METRICS_ENABLED=false KEYPORT_REQUEST_LOG_ENABLED=false"
#
# A variant is "label|jar|ENV=VALUE ... JVM=-Xa,-Xb" as in compare.sh (JVM= adds JVM options after the README's).
# SCENARIOS (location login refresh): GET .../location, API-key login, key-session refresh, each at CONNECTIONS (64).
# PAIRS (15), BURST (3s), WARMUP (20s, per variant and scenario), KEYS (200), PORT (8393; B on PORT+1), OUT.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(cd "$HERE/../../.." && pwd)"
source "$ROOT/.ci/jdk.sh"
[ $# -eq 2 ] || { echo "usage: $0 'labelA|jarA[|settings]' 'labelB|jarB[|settings]'" >&2; exit 1; }
PAIRS="${PAIRS:-15}"; BURST="${BURST:-3s}"; WARMUP="${WARMUP:-20s}"; CONNECTIONS="${CONNECTIONS:-64}"
KEYS="${KEYS:-200}"; SCENARIOS="${SCENARIOS:-location login refresh}"; PORT="${PORT:-8393}"
APP=/api/client/v2.0/app/keyport
OUT="${OUT:-$ROOT/bootstrap/target/paired}"; mkdir -p "$OUT"
JAVA_OPTS="$("$ROOT/keyport" --print-jvm-options)"; export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
source "$HERE/server.sh"
LABELS=(); PIDS=(); PORTS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
start() { # index "label|jar|settings"
  local index=$1 label jar settings setting jvm=() kept=() port=$((PORT + $1))
  IFS='|' read -r label jar settings <<< "$2"
  for setting in $settings; do
    if [ "${setting#JVM=}" != "$setting" ]; then IFS=',' read -r -a jvm <<< "${setting#JVM=}"; else kept+=("$setting"); fi
  done
  rm -rf "$OUT/$label-data"
  # shellcheck disable=SC2086
  env KEYPORT_ADMIN_PASSWORD=bench-admin-password KEYPORT_DATA_DIR="$OUT/$label-data" MICRONAUT_SERVER_PORT="$port" \
    KEYPORT_LOGIN_THROTTLE_ENABLED=false "${kept[@]}" "$JAVA_HOME/bin/java" $JAVA_OPTS "${jvm[@]}" -jar "$jar" \
    > "$OUT/$label.log" 2>&1 &
  PIDS[index]=$!; LABELS[index]=$label; PORTS[index]=$port
}
keys() { # index: KEYS keys of KEYS/20 users (OUT/label-keys.txt), a refresh token of a key session per key, of
  # the first 200 (-tokens)
  local base="http://127.0.0.1:${PORTS[$1]}" file="$OUT/${LABELS[$1]}-keys.txt"
  make_keys "$base" "$KEYS" "$file.plain"
  sed 's/$/ 000000000000000000000000 000000000000000000000000/' "$file.plain" > "$file"
  key_sessions "$base" "$file" > "$OUT/${LABELS[$1]}-tokens.txt"
}
burst() { # index scenario duration -> requests/s
  local base="http://127.0.0.1:${PORTS[$1]}" label=${LABELS[$1]}
  case $2 in
    location) PATH_TEMPLATE="$APP/location" wrk -t2 -c"$CONNECTIONS" -d"$3" -s "$HERE/get.lua" "$base" ;;
    login) KEYS_FILE="$OUT/$label-keys.txt" LOGIN_PATH="$APP/auth/providers/api-key/login" \
      wrk -t2 -c"$CONNECTIONS" -d"$3" -s "$HERE/login.lua" "$base" ;;
    refresh) METHOD=POST PATH_TEMPLATE=/api/client/v2.0/auth/session TOKENS_FILE="$OUT/$label-tokens.txt" \
      KEYS_FILE="$OUT/$label-keys.txt" wrk -t2 -c"$CONNECTIONS" -d"$3" -s "$HERE/refresh_token_route.lua" "$base" ;;
    *) echo "unknown scenario $2" >&2; exit 1 ;;
  esac | wrk_summary | { read -r rps bad; [ "$bad" = 0 ] || echo "non-2xx $bad" >&2; echo "$rps"; }
}
up() { # index: waits for the server's health
  await_health "http://127.0.0.1:${PORTS[$1]}" "${PIDS[$1]}" "${LABELS[$1]}" "$OUT/${LABELS[$1]}.log"
}
start 0 "$1"; start 1 "$2"; up 0; up 1
if [ "$SCENARIOS" != location ]; then keys 0; keys 1; fi
for scenario in $SCENARIOS; do burst 0 "$scenario" "$WARMUP" > /dev/null; burst 1 "$scenario" "$WARMUP" > /dev/null; done
BURSTS="$OUT/bursts.txt"; : > "$BURSTS"; seconds=${BURST%s}
echo "load before: $(uptime); JVM options: $JAVA_OPTS" | tee "$OUT/load.txt"
for pair in $(seq "$PAIRS"); do
  for scenario in $SCENARIOS; do
    for index in 0 1; do
      before=$(cpu_ticks "${PIDS[$index]}"); rps=$(burst "$index" "$scenario" "$BURST")
      echo "$pair ${LABELS[$index]} $scenario $rps $(( $(cpu_ticks "${PIDS[$index]}") - before ))" | tee -a "$BURSTS"
    done
  done
done
echo "load after: $(uptime)" | tee -a "$OUT/load.txt"
python3 - "$BURSTS" "${LABELS[0]}" "${LABELS[1]}" "$seconds" "$(getconf CLK_TCK)" <<'PY' | tee "$OUT/result.md"
import collections, statistics, sys
path, a, b, seconds, hz = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
rps = collections.defaultdict(dict); cpu = collections.defaultdict(float); done = collections.defaultdict(float)
for line in open(path):
    pair, label, scenario, rate, ticks = line.split()
    rps[(label, scenario)][pair] = float(rate)
    cpu[(label, scenario)] += float(ticks) / hz; done[(label, scenario)] += float(rate) * seconds
def summary(values):
    values = sorted(values)
    if len(values) < 2:
        return f"{values[0]:.3f}" if values else "n/a"
    q = statistics.quantiles(values, n=4)
    return f"{statistics.median(values):.3f} (quartiles {q[0]:.3f} .. {q[2]:.3f}, {len(values)} pairs)"
def ratios(x, y):  # x over y, pair by pair
    return [x[p] / y[p] for p in x if p in y and y[p] > 0]
scenarios = list(dict.fromkeys(s for (_, s) in rps))
print(f"| figure | {a} | {b} | {b}/{a} per pair |\n|---|---|---|---|")
for s in scenarios:
    ra, rb = rps[(a, s)], rps[(b, s)]
    print(f"| {s}, requests/s (median) | {statistics.median(ra.values()):,.0f} | {statistics.median(rb.values()):,.0f} "
          f"| {summary(ratios(rb, ra))} |")
    us = [cpu[(v, s)] * 1e6 / done[(v, s)] if done[(v, s)] else 0 for v in (a, b)]
    print(f"| {s}, server CPU per request, us | {us[0]:.2f} | {us[1]:.2f} | {us[1] / us[0] if us[0] else 0:.3f} |")
for s in ("login", "refresh"):
    if s in scenarios and "location" in scenarios:
        print(f"| {s} / HTTP ceiling, per pair | {summary(ratios(rps[(a, s)], rps[(a, 'location')]))} "
              f"| {summary(ratios(rps[(b, s)], rps[(b, 'location')]))} | |")
PY
echo "bursts: $BURSTS"
