#!/usr/bin/env bash
# Instructions per Redis call, the module's one round trip alone (after npm run build; Redis at
# REDIS_URL, default 127.0.0.1:6379):
#
#   bash bench/redis-command-instructions.sh [get|store|resilient]... [N=2000]
#
# See bench/redis-command-loop.ts for the three modes; the parts are those of instructions.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "Cannot run bench/redis-command-instructions.sh because valgrind is not installed. Fix: apt-get install -y valgrind" >&2; exit 1; }
N=${N:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
modes=("$@")
if [ ${#modes[@]} -eq 0 ]; then modes=(get store resilient); fi
for mode in "${modes[@]}"; do
  CALLGRIND=1 valgrind --tool=callgrind --instr-atstart=no --smc-check=all --callgrind-out-file="$work/out.$mode" \
    node dist/bench/redis-command-loop.js "$mode" "$N" 2>"$work/err.$mode" || { cat "$work/err.$mode" >&2; exit 1; }
  callgrind_annotate --inclusive=no --threshold=100 "$work/out.$mode" |
    awk -v n="$N" -v label="redis $mode" -v unit=call -v note="$N calls after 5000, four in flight" -f bench/callgrind-split.awk
done
