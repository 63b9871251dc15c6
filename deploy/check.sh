#!/usr/bin/env bash
# Offline checks of the deployment files (docs/operations.md, "Deploying"), run by .ci/run before the tests:
#   - the systemd units: `systemd-analyze verify` (any warning fails: it exits 0 on an unknown key) and their
#     hardening, `systemd-analyze security --offline` under a threshold;
#   - the Kubernetes manifests: each document against the API's JSON schema for its kind, and Argon's rules
#     (non-root, read-only root filesystem, requests, /healthz and /readyz probes, the key from a Secret);
#   - the container recipe: dockerfile-utils' linter, and a multi-stage build whose last stage runs as non-root
#     with `argon` as its entrypoint.
# Installs what it needs when missing (Debian's systemd and nodejs/npm with apt-get; the linters with npm ci from
# deploy/lint/package-lock.json); nothing is downloaded while checking. Prints "deploy checks: ok" or the problems.
set -euo pipefail
cd "$(dirname "$0")"

apt_install() {
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root=(sudo -n); else
      echo "deploy/check.sh: needs $* (apt-get install $*, as root)." >&2; exit 1
    fi
  fi
  echo "deploy/check.sh: installing $* (apt-get) ..."
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
  "${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v systemd-analyze >/dev/null || apt_install systemd
command -v node >/dev/null || apt_install nodejs
command -v npm >/dev/null || apt_install npm

failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# systemd: verify refuses a unit whose ExecStart binary is missing, so each unit is checked as a copy whose
# /opt/argon/argon is a stand-in executable; everything else is the unit as shipped.
printf '#!/bin/sh\nexit 0\n' > "$work/argon"
chmod +x "$work/argon"
for unit in systemd/*.service; do
  sed "s#/opt/argon/argon #$work/argon #" "$unit" > "$work/$(basename "$unit")"
done
if ! output=$(cd "$work" && systemd-analyze verify ./*.service 2>&1) || [ -n "$output" ]; then
  echo "$output"
  echo "deploy/check.sh: systemd-analyze verify found problems in deploy/systemd" >&2
  failed=1
fi
# Exposure 0 (locked down) to 10 (unprotected); the units are at 1.7; the threshold is in tenths: 25 = 2.5. A removed hardening option shows here.
for unit in "$work"/*.service; do
  if ! systemd-analyze security --offline=yes --threshold=25 "$unit" >"$work/security.txt" 2>&1; then
    grep -E '✗|Overall' "$work/security.txt" || cat "$work/security.txt"
    echo "deploy/check.sh: $(basename "$unit") is less hardened than the threshold" >&2
    failed=1
  fi
  echo "systemd $(basename "$unit"): $(grep -o 'Overall exposure level.*' "$work/security.txt")"
done

# The linters, installed exactly as locked.
(cd lint && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

node lint/check-kubernetes.mjs kubernetes/*.yaml || failed=1

if ! lint/node_modules/.bin/dockerfile-utils lint container/Containerfile; then
  echo "deploy/check.sh: dockerfile-utils found problems in deploy/container/Containerfile" >&2
  failed=1
fi
# The recipe's shape: a build stage and a runtime stage, the last running as a non-root user, entrypoint argon.
recipe=container/Containerfile
[ "$(grep -c '^FROM ' "$recipe")" -ge 2 ] || { echo "$recipe: not a multi-stage build" >&2; failed=1; }
last_user=$(awk '/^FROM /{user=""} /^USER /{user=$2} END{print user}' "$recipe")
case "$last_user" in
  ""|root|0|0:*|root:*) echo "$recipe: the last stage does not set a non-root USER" >&2; failed=1 ;;
esac
grep -q '^ENTRYPOINT \["[^"]*/argon"\]' "$recipe" || { echo "$recipe: the entrypoint is not argon" >&2; failed=1; }
[ $failed -eq 0 ] && echo "container recipe: ok"

if [ $failed -ne 0 ]; then
  echo "deploy checks: FAILED" >&2
  exit 1
fi
echo "deploy checks: ok"
