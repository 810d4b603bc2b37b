#!/usr/bin/env bash
# Issue 25's measurements in one command (docs/performance.md, "ES256 at HMAC speed"):
#   1. builds the jar of BEFORE (default 16b9f10, the code before issue 25) in a temporary copy, and this tree's jar;
#   2. compare.sh, interleaved, same run: before / after / after with the JDK signing / after without metrics
#      and request log / after with latency histograms; every scenario (HTTP ceiling, key login 64 and 16,
#      refresh, key login during a password flood at 16 and 64), RSS after the load, start-up;
#   3. JFR profiles of key login (64 connections) and of key login during a 16-connection flood, on the
#      before and after jars, summarised (hot methods, GC pauses, thread CPU);
#   4. the per-signature cost of ES256 on each provider (TokenSignatureCost.java), and what loading ACCP costs a
#      fresh JVM in time and RSS against SunEC (ProviderStartCost.java).
# Results in bootstrap/target/issue25/. Takes ~40 min on a quiet 2-core machine.
#   bootstrap/src/bench/issue25.sh                 # all of it
#   ROUNDS=5 BEFORE=<commit> bootstrap/src/bench/issue25.sh
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
source "$ROOT/.ci/jdk.sh"
BEFORE="${BEFORE:-16b9f10}"
OUT="${OUT:-$ROOT/bootstrap/target/issue25}"; mkdir -p "$OUT"
if [ ! -f "$OUT/before.jar" ]; then
  src="$(mktemp -d)"
  git -C "$ROOT" archive "$BEFORE" | tar -x -C "$src"
  (cd "$src" && ./mvnw -q -B package -DskipTests) && cp "$src/bootstrap/target/keyport.jar" "$OUT/before.jar"
  rm -rf "$src"
fi
(cd "$ROOT" && ./mvnw -q -B package -DskipTests) && cp "$ROOT/bootstrap/target/keyport.jar" "$OUT/after.jar"

OUT="$OUT/compare" WARMUP="${WARMUP:-45s}" DURATION="${DURATION:-10s}" ROUNDS="${ROUNDS:-3}" "$HERE/compare.sh" \
  "before|$OUT/before.jar" "after|$OUT/after.jar" \
  "after-jdk-signs|$OUT/after.jar|KEYPORT_TOKENS_SIGNATURE_PROVIDER=jdk" \
  "after-no-metrics-no-log|$OUT/after.jar|MICRONAUT_METRICS_ENABLED=false KEYPORT_REQUEST_LOG_ENABLED=false" \
  "after-histograms-on|$OUT/after.jar|MICRONAUT_METRICS_BINDERS_WEB_SERVER_HISTOGRAM=true"

OUT="$OUT/profiles" SCENARIOS="login64 login16 flood16jfr" JFR=1 WARMUP=30s DURATION=15s ROUNDS=1 "$HERE/compare.sh" \
  "before|$OUT/before.jar" "after|$OUT/after.jar"
for jfr in "$OUT"/profiles/*.jfr; do
  {
    echo "== $jfr"
    jfr view --width 170 hot-methods "$jfr" | head -25
    jfr view gc-pauses "$jfr" | sed -n 4,14p
    jfr view --width 120 thread-cpu-load "$jfr" | head -14
    echo "native frames (ACCP's signature shows here, not among the Java samples):"
    jfr print --events jdk.NativeMethodSample --stack-depth 1 "$jfr" | grep -A1 "stackTrace = \[" \
      | grep -v "stackTrace\|^--" | sed 's/line:.*//' | sort | uniq -c | sort -rn | head -6
  } >> "$OUT/profiles/summary.txt"
done
java -cp "$OUT/after.jar" "$HERE/TokenSignatureCost.java" | tee "$OUT/signature-cost.txt"
for _ in 1 2 3; do
  java -cp "$OUT/after.jar" "$HERE/ProviderStartCost.java" 2>/dev/null
  java -cp "$OUT/after.jar" "$HERE/ProviderStartCost.java" jdk 2>/dev/null
done | tee "$OUT/provider-start-cost.txt"
echo "results: $OUT/compare/results.md, $OUT/profiles/summary.txt, $OUT/signature-cost.txt"
