#!/bin/bash
# Reading one long quoted cell (a 1 MiB note) against its peer, the same
# bytes as 10,000 short rows, both through `salvectl import --dry-run`.
# libcsv grows its cell buffer by 128 bytes unless told otherwise; the
# reader makes it double. Measured on an ASan build (the case that hurt):
# 11.0 s for the long cell with the fixed step, 0.2 s doubling, against
# 0.5 s for the short rows.
#
#   bench/bench-long-cell.sh SALVECTL
set -euo pipefail

salvectl="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
with open(work + "/long.csv", "w") as f:
    f.write('date,pain,note\n2026-03-01,3,"' + "x" * (1024 * 1024) + '"\n')
with open(work + "/short.csv", "w") as f:
    f.write("date,pain,note\n" + "".join("2026-03-01,3,%s\n" % ("x" * 90) for _ in range(10000)))
PY

"$salvectl" --db "$work/b.db" profile add Bench >/dev/null
for name in long short; do
  start=$(date +%s%N)
  "$salvectl" --db "$work/b.db" import "$work/$name.csv" --profile Bench --dry-run >/dev/null 2>&1
  end=$(date +%s%N)
  printf '%-6s %d ms\n' "$name" $(( (end - start) / 1000000 ))
done
