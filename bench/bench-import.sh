#!/bin/bash
# CSV import speed and memory: `salvectl import` (every row validated and
# checked for duplicates, one transaction, into a fresh database) against
# `sqlite3 .import --csv` of the same file into a plain table created
# first, in the same run. Peak memory of salvectl for 100k and 1M rows
# shows it does not grow with the file.
#
#   bench/bench-import.sh SALVECTL [ROWS]     (default 1000000)
set -euo pipefail

salvectl="$1"
rows="${2:-1000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! command -v sqlite3 >/dev/null || [ ! -x /usr/bin/time ]; then
  echo "bench-import: needs sqlite3 and /usr/bin/time (bench/run installs both)" >&2
  exit 1
fi

# A diary as a spreadsheet writes it: day-first dates, times, a region and
# a note, several entries a day.
generate () {
  python3 - "$1" "$2" <<'PY'
import sys, datetime
n, path = int(sys.argv[1]), sys.argv[2]
regions = ["onderrug", "nek", "knie", "schouder", ""]
start = datetime.datetime(1990, 1, 1, 7, 0)
step = datetime.timedelta(minutes=97)
with open(path, "w", newline="") as f:
    f.write("datum,tijd,pijn,locatie,opmerking\r\n")
    t = start
    for i in range(n):
        note = "wandeling, daarna rust" if i % 7 == 0 else ("slecht geslapen" if i % 5 == 0 else "")
        if note and "," in note:
            note = '"' + note + '"'
        f.write("%02d-%02d-%04d,%02d:%02d,%d,%s,%s\r\n" % (t.day, t.month, t.year, t.hour, t.minute,
                                                       (i * 7) % 11, regions[i % 5], note))
        t += step
PY
}

# Prints "WALL_SECONDS PEAK_KB CPU_SECONDS" of a command. CPU time is
# printed too: on a busy machine it varies less than the wall clock.
measure () {
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
    cat "$work/err" >&2; return 1; }
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$work/time"
}

run_once () {
  local n="$1" csv="$work/diary-$1.csv"
  generate "$n" "$csv"

  rm -f "$work/salve.db"*
  "$salvectl" --db "$work/salve.db" profile add Bench >/dev/null
  read -r s_secs s_kb s_cpu < <(measure "$salvectl" --db "$work/salve.db" import "$csv" --profile Bench)
  local summary
  summary="$(tail -1 "$work/out")"
  if [ "$summary" != "read $n, imported $n, duplicates 0, rejected 0" ]; then
    echo "bench-import: unexpected summary: $summary" >&2
    return 1
  fi

  rm -f "$work/peer.db"
  sqlite3 "$work/peer.db" "CREATE TABLE diary (datum TEXT, tijd TEXT, pijn TEXT, locatie TEXT, opmerking TEXT);"
  read -r q_secs q_kb q_cpu < <(measure sqlite3 "$work/peer.db" ".import --csv --skip 1 $csv diary")
  local peer_rows
  peer_rows="$(sqlite3 "$work/peer.db" "SELECT count(*) FROM diary")"
  [ "$peer_rows" = "$n" ] || { echo "bench-import: sqlite3 imported $peer_rows rows" >&2; return 1; }

  awk -v n="$n" -v s="$s_secs" -v q="$q_secs" -v skb="$s_kb" -v qkb="$q_kb" -v sc="$s_cpu" -v qc="$q_cpu" 'BEGIN {
    s = (s > 0 ? s : 0.01); q = (q > 0 ? q : 0.01);
    printf "  %8d rows: salvectl import %9.0f rows/s (%.2f s wall, %.2f s CPU, peak RSS %.1f MB)\n", n, n / s, s, sc, skb / 1024;
    printf "  %8s       sqlite3 .import  %9.0f rows/s (%.2f s wall, %.2f s CPU, peak RSS %.1f MB)\n", "", n / q, q, qc, qkb / 1024;
    printf "  %8s       ratio salvectl/sqlite3 (rows/s): %.2fx %s\n", "", q / s, (q / s >= 1 ? "(at least as fast)" : "(slower)");
  }'
  echo "$s_kb" >"$work/rss-$n"
}

run_once 100000
run_once "$rows"
awk -v a="$(cat "$work/rss-100000")" -v b="$(cat "$work/rss-$rows")" -v n="$rows" 'BEGIN {
  printf "  peak RSS of salvectl: 100k rows %.1f MB, %d rows %.1f MB (x%.2f for x%d the rows)\n",
         a / 1024, n, b / 1024, b / a, n / 100000 }'
