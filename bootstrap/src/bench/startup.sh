#!/usr/bin/env bash
# Start-up of Keyport against an already running PostgreSQL, from process start to /health UP:
# 3 starts as the README runs it, then (JDK 25+) 3 starts with an AOT cache made by one training run
# (JEP 483/514: classes loaded and linked ahead of time, plus method profiles). Prints medians.
#
#   bootstrap/src/bench/startup.sh                      # PostgreSQL: the embedded one, started by a first instance
#   BENCH_DB_URL=jdbc:postgresql://127.0.0.1:5432/keyport BENCH_DB_USER=postgres BENCH_DB_PASSWORD=... bootstrap/src/bench/startup.sh
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/bootstrap/target/bench-startup}"
PORT="${BENCH_PORT:-18180}"
RUNS="${BENCH_RUNS:-3}"
JAR="$ROOT/bootstrap/target/keyport.jar"
source "$ROOT/.ci/jdk.sh"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
rm -rf "$OUT" && mkdir -p "$OUT"
now_ms() { date +%s%3N; }
up() { until curl -sf "http://127.0.0.1:$1/health" 2>/dev/null | grep -q UP; do kill -0 "$2" 2>/dev/null || return 1; sleep 0.02; done; }

FIRST=""
trap '[ -n "$FIRST" ] && kill "$FIRST" 2>/dev/null; wait 2>/dev/null; true' EXIT
if [ -z "${BENCH_DB_URL:-}" ]; then
  KEYPORT_DATA_DIR="$OUT/data" KEYPORT_ADMIN_PASSWORD=startup-bench MICRONAUT_SERVER_PORT=$((PORT + 9)) \
    java -Xmx256m -jar "$JAR" > "$OUT/embedded.log" 2>&1 &
  FIRST=$!
  up $((PORT + 9)) "$FIRST"
  BENCH_DB_URL="jdbc:postgresql://127.0.0.1:$(grep -o 'port [0-9]*' "$OUT/embedded.log" | head -1 | cut -d' ' -f2)/postgres"
fi

start_once() { # label, java options...: prints ms to UP
  local label=$1; shift
  local start; start=$(now_ms)
  DATASOURCES_DEFAULT_URL="$BENCH_DB_URL" DATASOURCES_DEFAULT_USERNAME="${BENCH_DB_USER:-postgres}" \
  DATASOURCES_DEFAULT_PASSWORD="${BENCH_DB_PASSWORD:-postgres}" KEYPORT_ADMIN_PASSWORD=startup-bench \
  MICRONAUT_SERVER_PORT=$PORT java "$@" -jar "$JAR" >> "$OUT/$label.log" 2>&1 &
  local pid=$!
  up "$PORT" "$pid"
  echo $(( $(now_ms) - start ))
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

plain=(); for _ in $(seq 1 "$RUNS"); do plain+=("$(start_once plain -Xmx256m)"); done
echo "start-up to UP, README command (java -Xmx256m -jar): median $(median "${plain[@]}") ms of ${plain[*]}"

if java -XX:AOTCacheOutput="$OUT/probe.aot" -version >/dev/null 2>&1; then
  rm -f "$OUT/probe.aot"
  # training run: start, one login, stop; the JVM writes the cache on exit
  DATASOURCES_DEFAULT_URL="$BENCH_DB_URL" DATASOURCES_DEFAULT_USERNAME="${BENCH_DB_USER:-postgres}" \
  DATASOURCES_DEFAULT_PASSWORD="${BENCH_DB_PASSWORD:-postgres}" KEYPORT_ADMIN_PASSWORD=startup-bench \
  MICRONAUT_SERVER_PORT=$PORT java -XX:AOTCacheOutput="$OUT/keyport.aot" -Xmx256m -jar "$JAR" > "$OUT/training.log" 2>&1 &
  trainer=$!
  up "$PORT" "$trainer"
  curl -sf -X POST "http://127.0.0.1:$PORT/api/client/v2.0/app/keyport/auth/providers/anon-user/login" \
    -H 'Content-Type: application/json' -d '{}' > /dev/null
  kill -TERM "$trainer"; wait "$trainer" 2>/dev/null || true
  aot=(); for _ in $(seq 1 "$RUNS"); do aot+=("$(start_once aot -XX:AOTCache="$OUT/keyport.aot" -Xmx256m)"); done
  echo "start-up to UP with a JDK 25 AOT cache (-XX:AOTCache): median $(median "${aot[@]}") ms of ${aot[*]}"
else
  echo "this JDK has no AOT cache (JDK 25+ needed): skipped"
fi
