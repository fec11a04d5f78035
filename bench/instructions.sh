#!/usr/bin/env bash
# Instructions per request, repeatable on a noisy machine (callgrind counts user-space
# instructions, GC included, kernel and waiting excluded; runs agree within about 1 %).
#
#   bash bench/instructions.sh <scenario> <variant>... [N=2000]   (after npm run build)
#   bash bench/instructions.sh full-memory-1key bare peer-memory edge-full-memory
#
# Per variant: the server starts under valgrind with instrumentation off, 300 requests warm it up
# (the JIT compiles the hot path), then exactly N requests run with instrumentation on.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=$1; shift
N=${N:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for variant in "$@"; do
  valgrind --tool=callgrind --instr-atstart=no --smc-check=all --callgrind-out-file="$work/out.%p" \
    node dist/bench/server.js "$variant" 0 >"$work/server.out" 2>"$work/server.err" &
  pid=$!
  for _ in $(seq 1 300); do grep -q ready "$work/server.out" && break; sleep 1; done
  port=$(grep -o 'ready [0-9]*' "$work/server.out" | awk '{print $2}')
  node dist/bench/drive-requests.js "$port" 300 "$scenario" >/dev/null
  callgrind_control -i on "$pid" >/dev/null 2>&1
  statuses=$(node dist/bench/drive-requests.js "$port" "$N" "$scenario")
  callgrind_control -i off "$pid" >/dev/null 2>&1
  kill "$pid"; wait "$pid" 2>/dev/null || true
  total=$(grep -o 'Collected : [0-9]*' "$work/server.err" | awk '{print $3}')
  echo "$scenario $variant: $((total / N)) instructions/request ($N requests, $statuses)"
done
