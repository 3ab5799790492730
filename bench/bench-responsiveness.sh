#!/bin/bash
# bench/run responsiveness: the longest stall of the GTK thread per action
# (bench-responsiveness.c) on a 1M-entry diary with 50 patients, beside
# the one-frame target. One database, several runs, each in a new process
# under Xvfb with the schemas of the build folder: the stall of one run
# varies by several ms from the next on the same machine, so each action
# shows the median of the runs and their spread.
#
#   bench/bench-responsiveness.sh BUILD [N-ENTRIES]
#
# Environment: BENCH_RUNS (runs, default 5).
set -euo pipefail
B="$1"
n="${2:-1000000}"
runs="${BENCH_RUNS:-5}"
target=16
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

export GSETTINGS_SCHEMA_DIR="$B/data" GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
"$B/bench/bench-responsiveness" make "$work/long.db" "$n"
for ((r = 1; r <= runs; r++)); do
  xvfb-run -a -s "-screen 0 1280x1024x24" "$B/bench/bench-responsiveness" run "$work/long.db" >"$work/run-$r"
  grep -c "^stall" "$work/run-$r" >/dev/null || { echo "bench-responsiveness: run $r printed nothing" >&2; exit 1; }
  awk -F '\t' -v r="$r" '/^stall/ { printf "  run %d: %-22s %6.1f ms (CPU %5.1f)\n", r, $2, $3, $4 }' "$work/run-$r"
done

cat "$work"/run-* | awk -F '\t' -v n="$n" -v target="$target" -v runs="$runs" '
  function median(list,   a, k, i, j, t) {
    k = split(list, a, " ")
    for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    lo = a[1]; hi = a[k]
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  /^stall/ {
    if (!($2 in wall)) order[++m] = $2
    wall[$2] = wall[$2] " " $3; cpu[$2] = cpu[$2] " " $4
  }
  END {
    printf "%-22s %12s %10s %12s %10s\n", "action", "stall (ms)", "spread", "CPU (ms)", "target"
    for (i = 1; i <= m; i++) {
      a = order[i]; w = median(wall[a]); wlo = lo; whi = hi; c = median(cpu[a])
      ok = w <= target; missed += !ok
      printf "%-22s %12.1f %4.0f-%-5.0f %12.1f %7d ms %s\n", a, w, wlo, whi, c, target, ok ? "ok" : "MISSED"
      rows = rows sprintf("row: longest GTK-thread stall: %s (%d entries, 50 patients) | %.1f ms (median of %d runs: %.0f-%.0f; GTK-thread CPU %.1f ms) | <= %d ms | %s\n",
                          a, n, w, runs, wlo, whi, c, target, ok ? "met" : "NOT MET")
    }
    printf "%s", rows
    exit missed > 0
  }'
