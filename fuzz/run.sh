#!/usr/bin/env bash
# Fuzzes the protocol with afl-fuzz and SharpFuzz for a bounded time: fuzz/run.sh TARGET SECONDS
#   TARGET   frames, messages, handshake, or all (each in turn, SECONDS each)
#   SECONDS  how long afl-fuzz runs per target (afl-fuzz -V)
# Installs afl++ (Debian's package) when missing and restores the local sharpfuzz tool (.config/dotnet-tools.json),
# publishes fuzz/Argon.Fuzz in Release, instruments Argon.Protocol.dll (only it), then prints one line per target:
#   fuzz frames: 123456 executions in 30 s, 0 crashes, 0 hangs
# and exits 1 when a target crashed, after listing the crashing inputs. Output: artifacts/fuzz/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: fuzz/run.sh frames|messages|handshake|all SECONDS" >&2; exit 2; }
[ $# -eq 2 ] || usage
case "$1" in
  all) targets=(frames messages handshake) ;;
  frames|messages|handshake) targets=("$1") ;;
  *) usage ;;
esac
seconds="$2"
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || usage

out="artifacts/fuzz"
bin="$out/bin"

if ! command -v afl-fuzz >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "fuzz/run.sh: afl-fuzz is missing: run 'apt-get install afl++' as root (or give this user sudo)." >&2
    exit 1
  fi
  echo "fuzz/run.sh: installing afl++ (apt-get) ..."
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
  "${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends afl++ >/dev/null
  command -v afl-fuzz >/dev/null || { echo "fuzz/run.sh: apt-get ran but afl-fuzz is still missing." >&2; exit 1; }
fi

dotnet tool restore >/dev/null

# A fresh publish each time: sharpfuzz rewrites the assembly in place, and must never see it twice.
rm -rf "$bin"
dotnet publish fuzz/Argon.Fuzz/Argon.Fuzz.csproj -c Release -o "$bin" -v quiet -nologo >/dev/null
dotnet tool run sharpfuzz "$bin/Argon.Protocol.dll" >/dev/null

# The apphost carries no AFL instrumentation of its own (the .NET code reports coverage), so the binary check is
# skipped; no CPU governor or core_pattern tuning is asked of the machine; .NET's start-up gets a generous timeout.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
export AFL_FORKSRV_INIT_TMOUT=60000 AFL_QUIET=1

status=0
for target in "${targets[@]}"; do
  findings="$out/$target"
  rm -rf "$findings"
  log="$out/$target.log"
  mkdir -p "$out"
  if ! afl-fuzz -i "fuzz/corpus/$target" -o "$findings" -V "$seconds" -t 5000 -m none -- "$bin/Argon.Fuzz" "$target" >"$log" 2>&1; then
    echo "fuzz $target: afl-fuzz failed; the end of $log:" >&2
    tail -n 30 "$log" >&2
    status=1
    continue
  fi

  stats="$findings/default/fuzzer_stats"
  stat() { sed -n "s/^$1 *: *//p" "$stats" | head -1; }
  execs=$(stat execs_done)
  runtime=$(stat run_time)
  crashes=$(stat saved_crashes); crashes=${crashes:-$(stat unique_crashes)}
  hangs=$(stat saved_hangs); hangs=${hangs:-$(stat unique_hangs)}
  echo "fuzz $target: ${execs} executions in ${runtime:-$seconds} s, ${crashes} crashes, ${hangs} hangs"
  if [ "${crashes:-0}" -gt 0 ]; then
    status=1
    find "$findings/default/crashes" -type f -name 'id:*' | sort | head -n 20 | sed 's/^/  crash: /' || true
    [ "$crashes" -le 20 ] || echo "  ... and $((crashes - 20)) more in $findings/default/crashes"
    # What the first few do, replayed on the uninstrumented build (the instrumented one needs afl-fuzz around it).
    find "$findings/default/crashes" -type f -name 'id:*' | head -n 3 | xargs -d '\n' \
      dotnet "fuzz/Argon.Fuzz/bin/Release/net10.0/Argon.Fuzz.dll" replay "$target" | cut -c1-400 || true
  fi
  if [ "${hangs:-0}" -gt 0 ]; then
    find "$findings/default/hangs" -type f -name 'id:*' | sort | head -n 20 | sed 's/^/  hang: /' || true
  fi
done
exit $status
