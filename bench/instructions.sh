#!/usr/bin/env bash
# Instructions per request, repeatable on a noisy machine (callgrind counts user-space
# instructions of every thread, kernel and waiting excluded).
#
#   bash bench/instructions.sh <scenario> <variant>... [WARM=5000] [N=2000]   (after npm run build)
#   bash bench/instructions.sh full-memory-1key bare peer-memory edge-full-memory
#   KEEP=/tmp/cg bash bench/instructions.sh …   keeps each variant's callgrind file (out.<variant>)
#                                                for callgrind_annotate
#
# Per variant: the server starts under valgrind with instrumentation off, WARM requests warm it up,
# then exactly N requests run with instrumentation on. Each line gives the total and its three
# parts per request:
#   work     the request itself: JIT code, V8 builtins and runtime, node, OpenSSL, libc;
#   compile  V8's optimizing compilers (TurboFan/Maglev, on background threads);
#   gc       the garbage collector.
# Compare variants on `work`. Compile and GC come in bursts: under valgrind the process runs ~50×
# slower, so after a 300-request warm-up TurboFan was still compiling and made up 40 % of the
# count (bare 652k of 1.66M instructions a request); one major GC in the window adds ~100k a
# request. `work` is what stays: two runs of one build agree within about 1 % on Express; bare
# Fastify's count, four times smaller, moved 12 % between two runs.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "Cannot run bench/instructions.sh because valgrind is not installed. Fix: apt-get install -y valgrind" >&2; exit 1; }
scenario=$1; shift
N=${N:-2000}
WARM=${WARM:-5000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
keep=${KEEP:-}
if [ -n "$keep" ]; then mkdir -p "$keep"; fi
for variant in "$@"; do
  valgrind --tool=callgrind --instr-atstart=no --smc-check=all --callgrind-out-file="$work/out.$variant" \
    node dist/bench/server.js "$variant" 0 >"$work/server.out" 2>"$work/server.err" &
  pid=$!
  for _ in $(seq 1 300); do grep -q ready "$work/server.out" && break; sleep 1; done
  port=$(grep -o 'ready [0-9]*' "$work/server.out" | awk '{print $2}')
  node dist/bench/drive-requests.js "$port" "$WARM" "$scenario" >/dev/null
  callgrind_control -i on "$pid" >/dev/null 2>&1
  statuses=$(node dist/bench/drive-requests.js "$port" "$N" "$scenario")
  callgrind_control -i off "$pid" >/dev/null 2>&1
  kill "$pid"; wait "$pid" 2>/dev/null || true
  # Self cost of every function, split by what it belongs to (see callgrind-split.awk).
  callgrind_annotate --inclusive=no --threshold=100 "$work/out.$variant" |
    awk -v n="$N" -v label="$scenario $variant" -v unit=request -v note="$N requests after $WARM, $statuses" -f bench/callgrind-split.awk
  if [ -n "$keep" ]; then cp "$work/out.$variant" "$keep/"; fi
done
