# Splits `callgrind_annotate --inclusive=no --threshold=100` output into work, compile and gc per
# unit (request or call), by the namespace of each function: V8's optimizing compilers and its
# garbage collector come in bursts, the rest ("work") repeats. Used by instructions.sh and
# redis-command-instructions.sh; variables: n (units), label, unit, note.
/PROGRAM TOTALS/ { next }
match($0, /^ *[0-9,]+ +\(/) {
  ir = substr($0, RSTART, RLENGTH); gsub(/[ ,(]/, "", ir)
  if ($0 ~ /compiler::|maglev::|Maglev|turboshaft::|OptimizedCompilationJob|TurbofanCompilationJob/) compile += ir
  else if ($0 ~ /Scaveng|Heap::|MarkCompact|Marking|Sweeper|Evacuat|MemoryChunk|RememberedSet|SlotSet|GCTracer|IterateAndScavenge|ConcurrentMarking|MinorMarkSweep|heap::base::/) gc += ir
  else rest += ir
}
END {
  total = compile + gc + rest
  printf "%s: %d instructions/%s: work %d, compile %d, gc %d (%s)\n", label, total / n, unit, rest / n, compile / n, gc / n, note
}
