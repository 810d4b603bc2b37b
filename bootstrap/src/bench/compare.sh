#!/usr/bin/env bash
# Same-run comparison of Keyport variants (jars and/or settings), interleaved round by round (A B C, A B C, ...)
# so that every variant meets the same machine state; for this noisy shared 2-core machine (docs/performance.md).
# Each round starts each variant on a fresh embedded PostgreSQL, makes KEYS keys over the API, warms up, then
# measures every scenario in SCENARIOS for DURATION with wrk (2 threads) and prints one line per figure;
# at the end the medians per variant and the ratios the issue 25 targets name.
#
#   bootstrap/src/bench/compare.sh "before|/tmp/before.jar" "after|bootstrap/target/keyport.jar" \
#       "jdk-signs|bootstrap/target/keyport.jar|KEYPORT_TOKENS_SIGNATURE_PROVIDER=jdk"
#   SCENARIOS="location" ROUNDS=5 bootstrap/src/bench/compare.sh "default|keyport.jar" \
#       "bare|keyport.jar|MICRONAUT_METRICS_ENABLED=false KEYPORT_REQUEST_LOG_ENABLED=false"
#
# A variant is "label|jar|ENV=VALUE ENV=VALUE" (the settings are optional; JVM=-XX:+UseSerialGC,-Xms64m adds JVM
# options, comma-separated, after BENCH_JAVA_OPTS). Scenarios (default all):
#   location        the HTTP ceiling, GET .../location, 64 connections
#   login64         API-key login, 64 connections
#   refresh64       key-session refresh (POST /auth/session), 64 connections
#   login16         API-key login, 16 connections
#   flood16         API-key login at 16 connections while 16 connections flood password logins (unknown email)
#   flood64         the same at 64 connections
#   isolation16     key login during a flood over key login alone, bracketed on one server: alone, flood, alone,
#                   ... (PAIRS floods, 3); one ratio per flood, over the mean of the alone figures before and after it
#   isolation64     the same at 64 connections
# location, login64 and refresh64 also print <scenario>-cpu-us, the server's CPU time per request (user + system, from /proc/<pid>/stat):
# less sensitive than requests/s to what the machine's neighbours take, so the figure to compare variants by when
# the rates drift between rounds. Also prints the RSS right after the load (rss-mb), again after IDLE seconds without load (rss-idle-mb; IDLE=10,
# 0 skips it), and the start-up time to UP (fresh database included) per run.
# Settings: ROUNDS (3), WARMUP (45s of key login, half of it again before each other route; key login's CPU per
# request keeps falling for ~40 s of load while C2 compiles its path, so a shorter warm-up measures the JIT: 8 s
# bursts from a fresh start gave 467, 245, 137, 119, 102, 90, 98, 90 us), DURATION (10s), KEYS (200), PORT,
# BENCH_JAVA_OPTS (default: the README's start command's JVM options, `./keyport --print-jvm-options`, with its
# MALLOC_ARENA_MAX=2; BENCH_JAVA_OPTS=-Xmx256m gives the JVM's own defaults as measured before issue 25), JFR=1 (records the last round's login64 of each variant with JFR's profile
# settings to OUT/<label>-login64.jfr; the scenario flood16jfr records a 16-connection flood the same way),
# OUT (bootstrap/target/compare), NMT=1 (after the load, writes `jcmd VM.native_memory summary` and
# `GC.heap_info` before and after a full collection to OUT/<label>-round<n>-nmt.txt, so rss-idle-mb is then
# measured after that collection; give the variant JVM=-XX:NativeMemoryTracking=summary).
set -euo pipefail
trap 'echo "compare.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
source "$ROOT/.ci/jdk.sh"
ROUNDS="${ROUNDS:-3}"; WARMUP="${WARMUP:-45s}"; DURATION="${DURATION:-10s}"; KEYS="${KEYS:-200}"
SCENARIOS="${SCENARIOS:-location login64 refresh64 login16 flood16 flood64}"
PORT="${PORT:-8392}"; BASE="http://127.0.0.1:$PORT"; APP="/api/client/v2.0/app/keyport"
if [ -z "${BENCH_JAVA_OPTS:-}" ]; then # as ./keyport starts it
  JAVA_OPTS="$("$ROOT/keyport" --print-jvm-options)"
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
else
  JAVA_OPTS="$BENCH_JAVA_OPTS"
fi
OUT="${OUT:-$ROOT/bootstrap/target/compare}"; mkdir -p "$OUT"; RAW="$OUT/raw.txt"; : > "$RAW"
for tool in wrk curl python3; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }; done
source "$HERE/server.sh"
half() { echo "$(( ${WARMUP%s} / 2 ))s"; }
wrk_rps() { # connections duration script [ENV=V ...] -> requests/s (non-2xx counted as failure: prints rps and non2xx)
  local conns=$1 duration=$2 script=$3; shift 3
  env "$@" wrk -t2 -c"$conns" -d"$duration" --timeout 10s -s "$HERE/$script" "$BASE" | wrk_summary
}
cpu_per_request() { # ticks-before "rps non2xx" -> the server's CPU microseconds per request over DURATION
  awk -v before="$1" -v after="$(cpu_ticks "$SERVER")" -v rps="${2%% *}" -v seconds="${DURATION%s}" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.2f 0\n", (rps > 0 ? (after - before) / hz * 1e6 / (rps * seconds) : 0) }'
}
SERVER=""
stop() { # (a killed server's exit status must not end the script under set -e)
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  SERVER=""
}
trap stop EXIT

measure() { # round label jar [settings]
  local round=$1 label=$2 jar=$3 settings=${4:-} dir jvm=() kept=() setting; dir="$(mktemp -d)"
  for setting in $settings; do
    if [ "${setting#JVM=}" != "$setting" ]; then IFS=',' read -r -a jvm <<< "${setting#JVM=}"; else kept+=("$setting"); fi
  done
  settings="${kept[*]:-}"
  local start; start=$(date +%s%3N)
  # shellcheck disable=SC2086
  env KEYPORT_ADMIN_PASSWORD=bench-admin-password KEYPORT_DATA_DIR="$dir/data" MICRONAUT_SERVER_PORT="$PORT" \
    KEYPORT_LOGIN_THROTTLE_ENABLED=false $settings "$JAVA_HOME/bin/java" $JAVA_OPTS \
    "${jvm[@]}" -jar "$jar" > "$dir/server.log" 2>&1 &
  SERVER=$!
  await_health "$BASE" "$SERVER" "$label" "$dir/server.log"
  local up=$(( $(date +%s%3N) - start ))
  grep -o "access tokens are signed by [A-Za-z]*" "$dir/server.log" | head -1 | sed "s/^/$label: /" >> "$OUT/providers.txt" || true
  make_keys "$BASE" "$KEYS" "$dir/keys.txt"
  local login=(KEYS_FILE="$dir/keys.txt" LOGIN_PATH="$APP/auth/providers/api-key/login")
  record() { echo "$round $label $1 $2" | tee -a "$RAW"; }
  during_flood() { # connections -> key login rps and non-2xx while 16 connections flood password logins (dir/flood.txt)
    BENCH_EMAIL=nobody@example.org PASSWORD_LOGIN_PATH="$APP/auth/providers/local-userpass/login" \
      wrk -t1 -c16 -d"$(( ${DURATION%s} + 4 ))s" --timeout 10s -s "$HERE/password.lua" "$BASE" > "$dir/flood.txt" 2>&1 &
    local flood=$!
    sleep 2
    wrk_rps "$1" "$DURATION" login.lua "${login[@]}"
    wait "$flood" || true
  }
  wrk_rps 64 "$WARMUP" login.lua "${login[@]}" > /dev/null
  for scenario in $SCENARIOS; do
    case $scenario in
      location)
        wrk_rps 64 "$(half)" get.lua PATH_TEMPLATE="$APP/location" > /dev/null
        local ticks result; ticks=$(cpu_ticks "$SERVER")
        result=$(wrk_rps 64 "$DURATION" get.lua PATH_TEMPLATE="$APP/location")
        record location "$result"
        record location-cpu-us "$(cpu_per_request "$ticks" "$result")" ;;
      login64)
        if [ "${JFR:-0}" = 1 ] && [ "$round" = "$ROUNDS" ]; then
          "$JAVA_HOME/bin/jcmd" "$SERVER" JFR.start name=login settings=profile filename="$OUT/$label-login64.jfr" > /dev/null
        fi
        local ticks result; ticks=$(cpu_ticks "$SERVER")
        result=$(wrk_rps 64 "$DURATION" login.lua "${login[@]}")
        record login64 "$result"
        record login64-cpu-us "$(cpu_per_request "$ticks" "$result")"
        if [ "${JFR:-0}" = 1 ] && [ "$round" = "$ROUNDS" ]; then "$JAVA_HOME/bin/jcmd" "$SERVER" JFR.stop name=login > /dev/null; fi ;;
      flood16jfr) # like flood16, recorded with JFR (OUT/<label>-flood16.jfr)
        "$JAVA_HOME/bin/jcmd" "$SERVER" JFR.start name=flood settings=profile filename="$OUT/$label-flood16.jfr" > /dev/null
        record flood16jfr "$(during_flood 16)"
        "$JAVA_HOME/bin/jcmd" "$SERVER" JFR.stop name=flood > /dev/null ;;
      login16) record login16 "$(wrk_rps 16 "$DURATION" login.lua "${login[@]}")" ;;
      refresh64)
        key_sessions "$BASE" "$dir/keys.txt" > "$dir/tokens.txt"
        # refresh_token_route.lua reads "<key> <key id> <owner id>" lines (ids only matter for {key} paths)
        sed 's/$/ 000000000000000000000000 000000000000000000000000/' "$dir/keys.txt" > "$dir/keys-ids.txt"
        local refresh_env=(METHOD=POST PATH_TEMPLATE=/api/client/v2.0/auth/session TOKENS_FILE="$dir/tokens.txt" KEYS_FILE="$dir/keys-ids.txt")
        wrk_rps 64 "$(half)" refresh_token_route.lua "${refresh_env[@]}" > /dev/null
        local ticks result; ticks=$(cpu_ticks "$SERVER")
        result=$(wrk_rps 64 "$DURATION" refresh_token_route.lua "${refresh_env[@]}")
        record refresh64 "$result"
        record refresh64-cpu-us "$(cpu_per_request "$ticks" "$result")" ;;
      flood16|flood64)
        local conns=${scenario#flood}
        record "$scenario" "$(during_flood "$conns")"
        record "password-during-$scenario" "$(wrk_summary < "$dir/flood.txt")" ;;
      isolation16|isolation64) # alone, flood, alone, flood, ..., alone: each flood figure over the mean of the two
        # alone figures around it, PAIRS (3) times on one server, so that drift within a run and between runs
        # (JIT, the machine's neighbours, what ran before) does not enter the ratio. Non-2xx key logins are
        # counted on the ratio line (wrk counts them in its rate); the flood's own checks/s as
        # password-during-isolationN
        local conns=${scenario#isolation} before after during pair
        before=$(wrk_rps "$conns" "$DURATION" login.lua "${login[@]}") || before="0 0"
        for pair in $(seq "${PAIRS:-3}"); do
          during=$(during_flood "$conns") || during="0 0"
          record "password-during-$scenario" "$(wrk_summary < "$dir/flood.txt")"
          after=$(wrk_rps "$conns" "$DURATION" login.lua "${login[@]}") || after="0 0"
          record "$scenario" "$(echo "$before $during $after" | awk '{
            alone = ($1 + $5) / 2; bad = $2 + $4 + $6
            printf "%.3f %d\n", (alone > 0 ? $3 / alone : 0), bad }')"
          before=$after
        done ;;
      *) echo "unknown scenario $scenario" >&2; exit 1 ;;
    esac
  done
  record rss-mb "$(( $(ps -o rss= -p "$SERVER") / 1024 )) 0"
  if [ "${NMT:-0}" = 1 ]; then # needs JVM=-XX:NativeMemoryTracking=summary in the variant
    { "$JAVA_HOME/bin/jcmd" "$SERVER" VM.native_memory summary; "$JAVA_HOME/bin/jcmd" "$SERVER" GC.heap_info
      echo "after a full collection (the live data; rss-idle-mb is then measured after it):"
      "$JAVA_HOME/bin/jcmd" "$SERVER" GC.run; "$JAVA_HOME/bin/jcmd" "$SERVER" GC.heap_info; } \
      > "$OUT/$label-round$round-nmt.txt" 2>&1 || true
  fi
  if [ "${IDLE:-10}" -gt 0 ]; then sleep "${IDLE:-10}"; record rss-idle-mb "$(( $(ps -o rss= -p "$SERVER") / 1024 )) 0"; fi
  record startup-ms "$up 0"
  stop
  if [ -n "${KEEP_LOGS:-}" ]; then cp "$dir/server.log" "$OUT/$label-round$round.log"; fi
  rm -rf "$dir"
}

VARIANTS=("$@")
[ ${#VARIANTS[@]} -gt 0 ] || { echo "usage: $0 'label|jar[|ENV=V ...]' ..." >&2; exit 1; }
: > "$OUT/providers.txt"
echo "load before: $(uptime); JVM options: $JAVA_OPTS; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}" | tee "$OUT/load.txt"
for round in $(seq "$ROUNDS"); do
  for variant in "${VARIANTS[@]}"; do
    IFS='|' read -r label jar settings <<< "$variant"
    measure "$round" "$label" "$jar" "$settings"
  done
  echo "load after round $round: $(uptime)" | tee -a "$OUT/load.txt"
done
python3 - "$RAW" "${VARIANTS[@]}" <<'PY' | tee "$OUT/results.md"
import collections, statistics, sys
raw, variants = sys.argv[1], [v.split("|")[0] for v in sys.argv[2:]]
runs = collections.defaultdict(list); bad = collections.Counter()
for line in open(raw):
    _, label, scenario, rps, non2xx = line.split()
    runs[(label, scenario)].append(float(rps or 0)); bad[(label, scenario)] += int(non2xx)
scenarios = list(dict.fromkeys(s for (_, s) in runs))
print("| figure | " + " | ".join(variants) + " |"); print("|---" * (len(variants) + 1) + "|")
med = {k: statistics.median(v) for k, v in runs.items()}
def fmt(x):  # requests/s and MB as whole numbers, the isolation scenarios' ratios with two decimals
    return f"{x:,.0f}" if x >= 100 else f"{x:.2f}"
for s in scenarios:
    cells = []
    for v in variants:
        if (v, s) in runs:
            cells.append(f"{fmt(med[(v, s)])} ({' / '.join(fmt(x) for x in runs[(v, s)])})"
                         + (f", non-2xx {bad[(v, s)]}" if bad[(v, s)] and not s.startswith("password") else ""))
        else:
            cells.append("")
    print(f"| {s} | " + " | ".join(cells) + " |")
def ratio(v, a, b):
    return f"{med[(v, a)] / med[(v, b)]:.2f}x" if (v, a) in med and (v, b) in med and med[(v, b)] else "n/a"
by_round = collections.defaultdict(dict)
for line in open(raw):
    rnd, label, scenario, rps, _ = line.split()
    by_round[(label, rnd)][scenario] = float(rps or 0)
def round_ratio(v, a, b):
    values = [r[a] / r[b] for (label, _), r in sorted(by_round.items()) if label == v and r.get(a) and r.get(b)]
    return f"{statistics.median(values):.2f}x ({' / '.join(f'{x:.2f}' for x in values)})" if values else "n/a"
for name, a, b in [("key login 64 / HTTP ceiling", "login64", "location"), ("refresh 64 / HTTP ceiling", "refresh64", "location"),
                   # the same two by the server's CPU per request (the ceiling's over theirs): what wrk and the
                   # machine's neighbours take drops out
                   ("key login 64 / HTTP ceiling, by server CPU per request", "location-cpu-us", "login64-cpu-us"),
                   ("refresh 64 / HTTP ceiling, by server CPU per request", "location-cpu-us", "refresh64-cpu-us"),
                   ("key login during flood / alone, 16", "flood16", "login16"), ("key login during flood / alone, 64", "flood64", "login64")]:
    print(f"| {name}, ratio of medians | " + " | ".join(ratio(v, a, b) for v in variants) + " |")
    print(f"| {name}, median of per-run ratios | " + " | ".join(round_ratio(v, a, b) for v in variants) + " |")
PY
echo "raw runs: $RAW; providers: $OUT/providers.txt"
