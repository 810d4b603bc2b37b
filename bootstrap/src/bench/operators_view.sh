#!/usr/bin/env bash
# What the operators' view (metrics and the request log) costs the HTTP ceiling, measured so that the machine's
# neighbours cancel out: paired.sh with two servers from one jar side by side, "bare"
# (MICRONAUT_METRICS_ENABLED=false KEYPORT_REQUEST_LOG_ENABLED=false) and "on" (the defaults), GET .../location in
# short alternating bursts; each pair gives one ratio on/bare. Prints every burst, then the median ratio with its
# quartiles, and the server CPU time per request of each. Issue 25's target: the median ratio >= 0.95.
#
#   bootstrap/src/bench/operators_view.sh [jar]      PAIRS (20), BURST (3s), WARMUP (20s), CONNECTIONS (64)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(cd "$HERE/../../.." && pwd)"
JAR="${1:-$ROOT/bootstrap/target/keyport.jar}"
PAIRS="${PAIRS:-20}" SCENARIOS=location OUT="${OUT:-$ROOT/bootstrap/target/operators-view}" exec "$HERE/paired.sh" \
  "bare|$JAR|MICRONAUT_METRICS_ENABLED=false KEYPORT_REQUEST_LOG_ENABLED=false" "on|$JAR"
