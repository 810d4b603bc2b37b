#!/usr/bin/env bash
# Builds Keyport's container image from deploy/Containerfile and run-tests it (called by .ci/run after the
# Maven build, which made bootstrap/target/keyport.jar and installed the realm-web client):
#   1. a base image, built locally because no registry can be reached here: a minimal Debian (debootstrap
#      --variant=minbase, Debian's own packages) plus a jlink'ed Java runtime from the build's JDK, at the
#      path eclipse-temurin uses (/opt/java/openjdk). Cached: the rootfs tarball in $KEYPORT_CI_CACHE
#      (default ~/.cache/keyport-ci), the base image in podman's storage; a fresh machine builds both;
#   2. the published deploy/Containerfile, with only its BASE build argument overridden;
#   3. the image started as a user would: read-only root file system, non-root, data and key-encryption
#      key on a volume, embedded PostgreSQL; then: its HEALTHCHECK passes, it runs as UID 10001, its root
#      file system refuses writes, the unmodified realm-web 2.0.1 flow passes against it, the key file is
#      owner-only on the volume, and a registered user survives a restart of the container on that volume.
# Podman 4.3 on these machines: vfs storage, runc, host network, cgroupfs, containers.conf without ulimits.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${JAVA_HOME:-}" ] || source .ci/jdk.sh

CACHE=${KEYPORT_CI_CACHE:-$HOME/.cache/keyport-ci}
SUITE=bookworm
MIRROR=${KEYPORT_CI_DEBIAN_MIRROR:-http://deb.debian.org/debian}
IMAGE=localhost/keyport:ci
export CONTAINERS_CONF="$PWD/.ci/containers.conf"
pm() { podman --storage-driver vfs --runtime runc --cgroup-manager cgroupfs "$@"; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
started=$(date +%s)

missing=()
command -v podman >/dev/null || missing+=(podman)
command -v runc >/dev/null || [ -x /usr/sbin/runc ] || missing+=(runc)
command -v debootstrap >/dev/null || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  echo "container: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
PATH="$PATH:/usr/sbin"

# --- 1. the local base image ------------------------------------------------------------------------
java_version=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version =/ {print $2}')
# The runtime's modules: Java SE, and the JDK ones Keyport's libraries use (JFR events, management, Unsafe).
MODULES=java.se,jdk.unsupported,jdk.jfr,jdk.management,jdk.management.jfr,jdk.zipfs,jdk.crypto.cryptoki,jdk.naming.dns,jdk.net
BASE=localhost/keyport-ci-base:$SUITE-jre-${java_version//+/_}-$(echo "$MODULES" | md5sum | cut -c1-8)
if ! pm image exists "$BASE"; then
  mkdir -p "$CACHE"
  ROOTFS=$CACHE/debian-$SUITE-minbase.tar
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  if [ ! -s "$ROOTFS" ]; then
    echo "container: debootstrap $SUITE (minbase) from $MIRROR into $ROOTFS (once per machine)"
    $SUDO debootstrap --variant=minbase "$SUITE" "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log"; exit 1; }
    $SUDO rm -rf "$work"/rootfs/usr/share/{doc,man,info,locale}/* "$work"/rootfs/var/cache/apt/* \
      "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/var/log/*
    $SUDO tar -C "$work/rootfs" --numeric-owner -cf "$ROOTFS.part" .
    mv "$ROOTFS.part" "$ROOTFS"
    $SUDO rm -rf "$work/rootfs"
  fi
  echo "container: jlink a Java runtime from $JAVA_HOME ($java_version) into the base image $BASE"
  mkdir -p "$work/jre/opt/java"
  "$JAVA_HOME/bin/jlink" --add-modules "$MODULES" \
    --strip-debug --no-man-pages --no-header-files --output "$work/jre/opt/java/openjdk"
  cp "$ROOTFS" "$work/base.tar"
  tar -C "$work/jre" --owner=0 --group=0 -rf "$work/base.tar" ./opt/java/openjdk
  pm import --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["jshell"]' "$work/base.tar" "$BASE" >/dev/null
  rm -rf "$work"
  trap - EXIT
fi
echo "container: base $BASE ready after $(( $(date +%s) - started )) s"

# --- 2. the published Containerfile, base overridden ------------------------------------------------
[ -f bootstrap/target/keyport.jar ] || { echo "container: bootstrap/target/keyport.jar is missing (run the Maven build first)" >&2; exit 1; }
pm build -q --layers=false --format docker --build-arg BASE="$BASE" -f deploy/Containerfile -t "$IMAGE" bootstrap/target >/dev/null
pm image prune -f >/dev/null 2>&1 || true
echo "container: image $IMAGE built after $(( $(date +%s) - started )) s"

# --- 3. run-test it -------------------------------------------------------------------------------
data=$(mktemp -d /tmp/keyport-ci-volume.XXXXXX)
chown 10001:0 "$data" 2>/dev/null || $SUDO chown 10001:0 "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
name=keyport-ci-$$
admin_password=container-ci-admin-password
cleanup() {
  pm rm -f -t 10 "$name" >/dev/null 2>&1 || true
  $SUDO rm -rf "$data"
}
trap cleanup EXIT

run_container() {
  pm run -d --name "$name" --network host --read-only \
    -v "$data:/var/lib/keyport" \
    -e MICRONAUT_SERVER_PORT="$port" -e KEYPORT_ADMIN_PASSWORD="$admin_password" \
    "$IMAGE" >/dev/null
}

await_health() {
  local deadline=$(( $(date +%s) + 120 ))
  until curl -fsS "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"UP"'; do
    if [ "$(date +%s)" -gt "$deadline" ] || [ "$(pm inspect -f '{{.State.Running}}' "$name")" != true ]; then
      echo "container: not healthy; its log:" >&2; pm logs "$name" 2>&1 | tail -50 >&2; exit 1
    fi
    sleep 0.5
  done
}

fail() { echo "container: FAILED: $*" >&2; pm logs "$name" 2>&1 | tail -40 >&2; exit 1; }

run_container
await_health
echo "container: /health UP after $(( $(date +%s) - started )) s"

pm healthcheck run "$name" || fail "the image's HEALTHCHECK does not pass on a healthy server"
[ "$(pm exec "$name" id -u)" = 10001 ] || fail "the server does not run as UID 10001"
! pm exec "$name" touch /opt/keyport/written 2>/dev/null || fail "the root file system accepted a write"

[ -d bootstrap/src/test/e2e/node_modules/realm-web ] \
  || (cd bootstrap/src/test/e2e && npm ci --no-audit --no-fund >/dev/null)
(cd bootstrap/src/test/e2e && KEYPORT_URL="http://127.0.0.1:$port" KEYPORT_ADMIN_PASSWORD="$admin_password" \
  node --test realm-web.test.mjs) || fail "the realm-web flow against the container"

email="container-$$@example.org"
register=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"survives restarts\"}" \
  "http://127.0.0.1:$port/api/client/v2.0/app/keyport/auth/providers/local-userpass/register")
[ "$register" = 201 ] || fail "register answered $register"
[ "$(stat -c '%u %a' "$data/key-encryption.key")" = "10001 600" ] \
  || fail "key-encryption.key on the volume is not owner-only: $(stat -c '%u %a' "$data/key-encryption.key")"

pm stop -t 30 "$name" >/dev/null
[ "$(pm inspect -f '{{.State.ExitCode}}' "$name")" = 143 ] || [ "$(pm inspect -f '{{.State.ExitCode}}' "$name")" = 0 ] \
  || fail "stopped with exit code $(pm inspect -f '{{.State.ExitCode}}' "$name")"
[ ! -e "$data/pgdata/postmaster.pid" ] || fail "the embedded PostgreSQL did not stop with the container"
pm rm "$name" >/dev/null
run_container
await_health
login=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"username\":\"$email\",\"password\":\"survives restarts\"}" \
  "http://127.0.0.1:$port/api/client/v2.0/app/keyport/auth/providers/local-userpass/login")
[ "$login" = 200 ] || fail "after a restart on the same volume, the login answered $login"

echo "container: PASSED in $(( $(date +%s) - started )) s (image $IMAGE from base $BASE)"
