# Sourced by .ci/run and the benchmark: selects a JDK >= 21 (the machine default may be 17).
pick_jdk() {
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then
      major=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
      if [ "${major%%.*}" -ge 21 ] 2>/dev/null; then echo "$candidate"; return 0; fi
    fi
  done
  return 1
}
JAVA_HOME=$(pick_jdk) || { echo "no JDK >= 21 found under /usr/lib/jvm" >&2; exit 1; }
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
