#!/usr/bin/env bash
# Per-operation CPU costs for the capacity model (docs/scaling.md), and one instance against two on the same
# PostgreSQL, in one run. Starts a PostgreSQL of its own from Debian's packages (/usr/lib/postgresql/<v>/bin,
# fsync and synchronous_commit on, as production), then Keyport jars on it, and measures with wrk, sampling
# the CPU time (/proc/<pid>/stat, utime+stime) of the JVM(s) and of all PostgreSQL processes around each run:
#   keylogin    API-key login, 64 connections, 200 keys
#   refresh     key-session refresh (POST /auth/session), 64 connections
#   password    successful email/password login (Argon2id + a session insert), 2 connections (more only fill
#               the hashing pool's queue and get 503s, ADR 0009)
#   create      key creation, each followed by the deletion of that key, 8 connections (2 users)
#   two         key login on one instance (64 connections), then on two instances at once (32 + 32)
#
#   bootstrap/src/bench/capacity.sh                 # after ./mvnw -q package -DskipTests
#   DURATION=20s WARMUP=30s bootstrap/src/bench/capacity.sh
# Settings: DURATION (10s), WARMUP (20s, key login on A), WARMUP_B (60s, key login on B), ROUNDS (2), BENCH_JAVA_OPTS (-Xmx256m),
# JAR (bootstrap/target/keyport.jar), OUT (bootstrap/target/capacity). Prints one line per figure and keeps
# the raw lines in OUT/raw.txt. CPU is divided by the 2xx answers (non-2xx are counted, and should be 0). Needs wrk, curl, python3, and root or the postgres user's binaries.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
source "$ROOT/.ci/jdk.sh"
DURATION="${DURATION:-10s}"; WARMUP="${WARMUP:-20s}"; ROUNDS="${ROUNDS:-2}"
JAR="${JAR:-$ROOT/bootstrap/target/keyport.jar}"
OUT="${OUT:-$ROOT/bootstrap/target/capacity}"; mkdir -p "$OUT"; RAW="$OUT/raw.txt"; : > "$RAW"
APP="/api/client/v2.0/app/keyport"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
AS_PG=(); [ "$(id -u)" = 0 ] && AS_PG=(runuser -u postgres --)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
TICK=$(getconf CLK_TCK)

WORK=$(mktemp -d /tmp/keyport-capacity.XXXXXX); chmod 755 "$WORK"
[ "$(id -u)" = 0 ] && chown postgres "$WORK"
PGPORT=$(free_port)
SERVERS=()
cleanup() {
  for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVERS[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; done
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 >/dev/null
cat >> "$WORK/pg/postgresql.conf" <<CONF
port = $PGPORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
shared_buffers = 256MB
max_connections = 100
CONF
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w start >/dev/null
"${AS_PG[@]}" "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "CREATE DATABASE keyport"
POSTMASTER=$(head -1 "$WORK/pg/postmaster.pid")
KEK=$(head -c 32 /dev/urandom | base64)

start_instance() { # port -> pid
  env DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:$PGPORT/keyport" DATASOURCES_DEFAULT_USERNAME=postgres \
    KEYPORT_KEY_ENCRYPTION_KEY="$KEK" KEYPORT_ADMIN_PASSWORD=bench-admin-password KEYPORT_DATA_DIR="$WORK/data-$1" \
    MICRONAUT_SERVER_PORT="$1" KEYPORT_LOGIN_THROTTLE_ENABLED=false \
    "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:--Xmx256m} -jar "$JAR" > "$WORK/server-$1.log" 2>&1 &
  local pid=$!
  until curl -fs "http://127.0.0.1:$1/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "the server died, see $WORK/server-$1.log" >&2; cat "$WORK/server-$1.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "$pid"
}
jvm_ticks() { local total=0 pid; for pid in "$@"; do total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") )); done; echo "$total"; }
pg_ticks() { # the postmaster and its children (backends, walwriter, ...), dead backends' time counted by cutime
  awk -v pm="$POSTMASTER" '{ if ($1 == pm) t += $14 + $15 + $16 + $17; else if ($4 == pm) t += $14 + $15 } END {print t}' \
    /proc/[0-9]*/stat 2>/dev/null
}
wrk_run() { # base conns duration script [ENV=V...] -> "rps non2xx"
  local base=$1 conns=$2 duration=$3 script=$4; shift 4
  env "$@" wrk -t2 -c"$conns" -d"$duration" --timeout 10s -s "$HERE/$script" "$base" \
    | awk '/Requests\/sec/ {rps=$2} /Non-2xx/ {bad=$NF} END {printf "%s %s\n", rps, (bad == "" ? 0 : bad)}'
}
seconds() { echo "${1%s}"; }

PORT_A=$(free_port); A=$(start_instance "$PORT_A"); SERVERS+=("$A"); BASE_A="http://127.0.0.1:$PORT_A"
# 200 keys (10 users x 20), 2 users without keys for the creation run, 1 for password logins
python3 - "$BASE_A" "$WORK" <<'PY'
import json, sys, urllib.request
base, work = sys.argv[1], sys.argv[2]
app = base + "/api/client/v2.0/app/keyport"
def post(url, body, bearer=None):
    headers = {"Content-Type": "application/json"}
    if bearer: headers["Authorization"] = "Bearer " + bearer
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None, headers=headers, method="POST")
    with urllib.request.urlopen(request) as answer:
        text = answer.read()
        return json.loads(text) if text else {}
def user(email, password="bench-password"):
    post(app + "/auth/providers/local-userpass/register", {"email": email, "password": password})
    return post(app + "/auth/providers/local-userpass/login", {"username": email, "password": password})
with open(work + "/keys.txt", "w") as keys:
    for u in range(10):
        login = user(f"capacity{u}@example.org")
        for k in range(20):
            made = post(base + "/api/client/v2.0/auth/api_keys", {"name": f"k{k}"}, login["refresh_token"])
            keys.write(f'{made["key"]} {made["_id"]} {login["user_id"]}\n')
with open(work + "/creators.txt", "w") as creators:
    for u in range(2):
        creators.write(user(f"creator{u}@example.org")["refresh_token"] + "\n")
user("password@example.org")
with open(work + "/tokens.txt", "w") as tokens:
    for line in open(work + "/keys.txt"):
        key = line.split()[0]
        answer = post(app + "/auth/providers/api-key/login", {"key": key})
        tokens.write(f'{answer["refresh_token"]} {answer["user_id"]}\n')
PY
LOGIN=(KEYS_FILE="$WORK/keys.txt" LOGIN_PATH="$APP/auth/providers/api-key/login")
REFRESH=(METHOD=POST PATH_TEMPLATE=/api/client/v2.0/auth/session TOKENS_FILE="$WORK/tokens.txt" KEYS_FILE="$WORK/keys.txt")
PASSWORD=(BENCH_EMAIL=password@example.org PASSWORD_LOGIN_PATH="$APP/auth/providers/local-userpass/login")
CREATE=(TOKENS_FILE="$WORK/creators.txt")

record() { echo "$*" | tee -a "$RAW"; }
measured() { # label conns script env... : one run on A with CPU per request
  local label=$1 conns=$2 script=$3; shift 3
  local j0 p0 t0 result j1 p1 t1
  j0=$(jvm_ticks "$A"); p0=$(pg_ticks); t0=$(date +%s%N)
  result=$(wrk_run "$BASE_A" "$conns" "$DURATION" "$script" "$@")
  j1=$(jvm_ticks "$A"); p1=$(pg_ticks); t1=$(date +%s%N)
  python3 - "$label" "$result" "$j0" "$j1" "$p0" "$p1" "$t0" "$t1" "$TICK" <<'PY' | tee -a "$RAW"
import sys
label, result, j0, j1, p0, p1, t0, t1, tick = sys.argv[1:]
rps, bad = result.split()
seconds = (int(t1) - int(t0)) / 1e9
requests = float(rps) * seconds
ok = max(requests - int(bad), 1)
jvm = (int(j1) - int(j0)) * 1000 / int(tick)   # ms of CPU
pg = (int(p1) - int(p0)) * 1000 / int(tick)
print(f"{label}: {float(rps):.0f} req/s, non-2xx {bad}; CPU per 2xx answer: Keyport {jvm / ok:.3f} ms, "
      f"PostgreSQL {pg / ok:.3f} ms; cores busy: Keyport {jvm / 1000 / seconds:.2f}, PostgreSQL {pg / 1000 / seconds:.2f}")
PY
}

echo "load before: $(uptime)" | tee -a "$RAW"
wrk_run "$BASE_A" 64 "$WARMUP" login.lua "${LOGIN[@]}" >/dev/null
wrk_run "$BASE_A" 64 "$(( $(seconds "$WARMUP") / 2 ))s" refresh_token_route.lua "${REFRESH[@]}" >/dev/null
for round in $(seq "$ROUNDS"); do
  measured "round $round keylogin64" 64 login.lua "${LOGIN[@]}"
  measured "round $round refresh64" 64 refresh_token_route.lua "${REFRESH[@]}"
  measured "round $round password2" 2 password.lua "${PASSWORD[@]}"
  measured "round $round create+delete8" 8 create_delete.lua "${CREATE[@]}"
done

# One instance against two, same PostgreSQL, same total connections.
PORT_B=$(free_port); B=$(start_instance "$PORT_B"); SERVERS+=("$B"); BASE_B="http://127.0.0.1:$PORT_B"
# B warms up as long as A did with all its scenarios (the JIT needs over a minute of load on 2 busy cores;
# with only WARMUP, B delivered a fifth of A's key logins and the ratio measured the JIT, not the instances).
wrk_run "$BASE_B" 64 "${WARMUP_B:-60s}" login.lua "${LOGIN[@]}" >/dev/null
for round in $(seq "$ROUNDS"); do
  one=$(wrk_run "$BASE_A" 64 "$DURATION" login.lua "${LOGIN[@]}")
  wrk_run "$BASE_B" 32 "$DURATION" login.lua "${LOGIN[@]}" > "$WORK/b.txt" &
  b=$!
  two_a=$(wrk_run "$BASE_A" 32 "$DURATION" login.lua "${LOGIN[@]}")
  wait "$b"
  two_b=$(cat "$WORK/b.txt")
  python3 - "$round" "$one" "$two_a" "$two_b" <<'PY' | tee -a "$RAW"
import sys
r, one, a, b = sys.argv[1:]
one, a, b = float(one.split()[0]), float(a.split()[0]), float(b.split()[0])
print(f"round {r} two-instances: one instance {one:.0f} key logins/s; two instances {a:.0f} + {b:.0f} = {a + b:.0f}; ratio {(a + b) / one:.2f}")
PY
done
for base in "$BASE_A" "$BASE_B"; do # were both views answering? (lookups from the view vs from PostgreSQL)
  echo "$base: $(curl -fs "$base/prometheus" | grep -E '^keyport_key_view_(in_step|lookups_total)' | tr '\n' ' ')" | tee -a "$RAW"
done
echo "load after: $(uptime)" | tee -a "$RAW"
