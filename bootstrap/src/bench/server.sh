# Sourced by the benchmark scripts: waits for a server to be up, and makes API keys over the client API as an app's
# users would.
#   await_health BASE PID LABEL LOG  waits (at most 300 s) until BASE/health answers; exits if the server PID died
#   key_sessions BASE KEYS_FILE      logs in with the first 200 keys of KEYS_FILE (a key first on each line) and prints
#                                    "<refresh token> <user id>" per key session, as refresh_token_route.lua reads them
#   make_keys BASE COUNT FILE   registers COUNT/20 users (bench<i>@example.org), logs each in, has each create 20 keys,
#                               and writes one key value per line to FILE
#   wrk_summary                 wrk's output on stdin -> "<requests/s> <non-2xx answers>" (0 for what wrk did not print)
#   cpu_ticks PID               the process's CPU time so far (user + system), in clock ticks
json() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
make_keys() {
  local base=$1 count=$2 file=$3 app="$1/api/client/v2.0/app/keyport" i k refresh
  : > "$file"
  for i in $(seq $(( (count + 19) / 20 ))); do
    curl -fs -XPOST "$app/auth/providers/local-userpass/register" -H 'Content-Type: application/json' \
      -d "{\"email\":\"bench$i@example.org\",\"password\":\"bench password\"}" >/dev/null
    refresh=$(curl -fs -XPOST "$app/auth/providers/local-userpass/login" -H 'Content-Type: application/json' \
      -d "{\"username\":\"bench$i@example.org\",\"password\":\"bench password\"}" | json refresh_token)
    for k in $(seq 20); do
      curl -fs -XPOST "$base/api/client/v2.0/auth/api_keys" -H "Authorization: Bearer $refresh" \
        -H 'Content-Type: application/json' -d "{\"name\":\"k$k\"}" | json key >> "$file"
    done
  done
}
wrk_summary() {
  awk '/Requests\/sec/ {rps=$2} /Non-2xx/ {bad=$NF} END {printf "%s %s\n", (rps == "" ? 0 : rps), (bad == "" ? 0 : bad)}'
}
cpu_ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}
await_health() {
  local base=$1 pid=$2 label=$3 log=$4 waited=0
  until curl -fs "$base/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "$label: the server died, see $log" >&2; exit 1; }
    waited=$((waited + 1)); [ "$waited" -lt 3000 ] || { echo "$label: not up after 300 s" >&2; exit 1; }
    sleep 0.1
  done
}
key_sessions() {
  python3 - "$1/api/client/v2.0/app/keyport/auth/providers/api-key/login" "$2" <<'PY'
import json, sys, urllib.request
url, keys = sys.argv[1], [line.split()[0] for line in open(sys.argv[2])][:200]
for key in keys:
    request = urllib.request.Request(url, data=json.dumps({"key": key}).encode(), headers={"Content-Type": "application/json"})
    answer = json.load(urllib.request.urlopen(request))
    print(answer["refresh_token"], answer["user_id"])
PY
}
