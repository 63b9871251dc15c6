#!/usr/bin/env bash
# The test command: installs what the tests need on this machine, then runs `dotnet test Argon.slnx` with any
# arguments given (e.g. ./test.sh --filter FullyQualifiedName~Metrics, or .ci/run's --logger trx ...).
#
# Needs: the .NET SDK of global.json on PATH, and for the dashboard's browser test Debian's `chromium` package
# (/usr/bin/chromium, driven by Playwright; no browser is ever downloaded). It is installed with apt-get when
# missing, as root or through sudo; otherwise this script stops and says what to install.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null; then
  echo "test.sh: the .NET SDK (see global.json) must be on PATH." >&2
  exit 1
fi

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "test.sh: the browser test needs Debian's chromium package: run 'apt-get install chromium' as root (or give this user sudo)." >&2
    exit 1
  fi
  echo "test.sh: installing chromium (apt-get) for the dashboard's browser test ..."
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
  if [ ! -x /usr/bin/chromium ]; then
    echo "test.sh: apt-get ran but /usr/bin/chromium is still missing." >&2
    exit 1
  fi
fi

# The multi-host suite (tests/Argon.MultiHostTests, root only) drops packets with nftables, delays them where the
# kernel has no netem with an NFQUEUE rule added by iptables (Debian's iptables: iptables-nft and iptables-legacy)
# and its own link delayer, and reads a worker's /metrics inside its network namespace with curl; without them
# those tests skip or fail. Installed the same way when root or sudo allows, otherwise left out.
multi_host_packages=()
[ -x /usr/sbin/nft ] || multi_host_packages+=(nftables)
{ [ -x /usr/sbin/iptables-nft ] || [ -x /usr/sbin/iptables-legacy ]; } || multi_host_packages+=(iptables)
command -v curl >/dev/null || multi_host_packages+=(curl)
if [ ${#multi_host_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    as_root=(skip)
  fi
  if [ "${as_root[*]}" != skip ]; then
    echo "test.sh: installing ${multi_host_packages[*]} (apt-get) for the multi-host suite ..."
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
    "${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${multi_host_packages[@]}" >/dev/null
  fi
fi

# Test assemblies run one at a time (-m:1): several of them start real processes (the integration tests, and
# the browser test's Chromium), and on a 2-core machine running them at once makes TLS handshakes of freshly
# started processes outlast their limit. The build before stays parallel, unless the arguments say how to build.
build_args=()
for arg in "$@"; do
  case "$arg" in
    --no-build|-c|--configuration|-c=*|--configuration=*|-f|--framework|-r|--runtime) build_args=(skip) ;;
  esac
done
if [ ${#build_args[@]} -eq 0 ]; then
  dotnet build Argon.slnx
  exec dotnet test Argon.slnx --no-build -m:1 "$@"
fi
exec dotnet test Argon.slnx -m:1 "$@"
