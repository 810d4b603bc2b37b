#!/usr/bin/env bash
# The peer for the benchmark (issue 11): Keycloak's client-credentials grant, the closest thing an
# identity server people already run has to "log in with a service's key". Sourced by run.sh when
# BENCH_KEYCLOAK=1, after PG* point at the benchmark's PostgreSQL. Keycloak runs on that same server
# (its own database), in production mode over HTTP, with a confidential client that has a service
# account. Defines keycloak_start and keycloak_stop; the scenario itself is keycloak_token.lua.
KEYCLOAK_VERSION="${BENCH_KEYCLOAK_VERSION:-26.7.3}"
KEYCLOAK_PORT="${BENCH_KEYCLOAK_PORT:-18180}"
KEYCLOAK_BASE="http://127.0.0.1:$KEYCLOAK_PORT"
KEYCLOAK_PID=""

keycloak_start() {
  local cache="$ROOT/bootstrap/target/keycloak" home
  home="$cache/keycloak-$KEYCLOAK_VERSION"
  mkdir -p "$cache"
  if [ ! -x "$home/bin/kc.sh" ]; then
    echo "fetching org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip"
    "$ROOT/mvnw" -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
      -DoutputDirectory="$cache" > "$OUT/keycloak-fetch.log" 2>&1
    (cd "$cache" && unzip -q -o "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip")
  fi
  psql -q -c "DROP DATABASE IF EXISTS keycloak" -c "CREATE DATABASE keycloak"
  echo "starting Keycloak $KEYCLOAK_VERSION on $KEYCLOAK_BASE (PostgreSQL $PGHOST:$PGPORT/keycloak)"
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=bench-admin \
    "$home/bin/kc.sh" start --db=postgres --db-url="jdbc:postgresql://$PGHOST:$PGPORT/keycloak" \
      --db-username="$PGUSER" --db-password="$PGPASSWORD" --http-enabled=true --http-port="$KEYCLOAK_PORT" \
      --hostname-strict=false > "$OUT/keycloak.log" 2>&1 &
  KEYCLOAK_PID=$!
  local waited=0
  until curl -sf "$KEYCLOAK_BASE/realms/master" > /dev/null; do
    sleep 2; waited=$((waited + 2))
    if ! kill -0 "$KEYCLOAK_PID" 2>/dev/null || [ "$waited" -gt 300 ]; then
      echo "Keycloak did not start; see $OUT/keycloak.log" >&2; return 1
    fi
  done
  echo "Keycloak up after ${waited}s"
  local admin
  admin=$(curl -sf "$KEYCLOAK_BASE/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli -d username=admin -d password=bench-admin \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  curl -sf -X POST "$KEYCLOAK_BASE/admin/realms" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d '{"realm":"bench","enabled":true}'
  curl -sf -X POST "$KEYCLOAK_BASE/admin/realms/bench/clients" -H "Authorization: Bearer $admin" \
    -H 'Content-Type: application/json' \
    -d '{"clientId":"bench-service","secret":"bench-secret","publicClient":false,"serviceAccountsEnabled":true,
         "standardFlowEnabled":false,"directAccessGrantsEnabled":false,"enabled":true}'
  curl -sf "$KEYCLOAK_BASE/realms/bench/protocol/openid-connect/token" -d grant_type=client_credentials \
    -d client_id=bench-service -d client_secret=bench-secret | grep -q access_token \
    || { echo "Keycloak's client-credentials grant does not answer with a token" >&2; return 1; }
}

keycloak_stop() {
  [ -n "$KEYCLOAK_PID" ] && kill -TERM "$KEYCLOAK_PID" 2>/dev/null && wait "$KEYCLOAK_PID" 2>/dev/null
  true
}
