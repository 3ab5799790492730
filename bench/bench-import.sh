#!/bin/bash
# CSV import speed and memory: `salvectl import` (every row validated and
# checked for duplicates, one transaction, into a fresh database) against
# `sqlite3 .import --csv` of the same file into a plain table created
# first, in the same run, for 10k rows (a typical therapist's file), 100k
# and 1M. Each size runs several rounds, the two programs taking turns;
# the figures are medians and the ratio is of the median rows/s, with the
# round-by-round spread beside it. Peak memory of salvectl for 100k and 1M
# rows shows it does not grow with the file.
#
#   bench/bench-import.sh SALVECTL [ROWS]     (default 1000000)
#
# Environment: BENCH_RUNS (rounds per size; default 9 for 10k, 5 for
# 100k, 3 for the largest).
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
# a note, several entries a day. The last entry is on 31 Dec 2025, so no
# row lies ahead of the day the bench runs (Salve refuses those); an entry
# every 97 minutes, closer together when the rows would otherwise begin
# before 1901 (Salve's first year is 1900): every 65 minutes for 1M rows.
generate () {
  python3 - "$1" "$2" <<'PY'
import sys, datetime
n, path = int(sys.argv[1]), sys.argv[2]
regions = ["onderrug", "nek", "knie", "schouder", ""]
end = datetime.datetime(2025, 12, 31, 21, 0)
span = end - datetime.datetime(1901, 1, 1, 0, 0)
step = min(datetime.timedelta(minutes=97), datetime.timedelta(minutes=span // datetime.timedelta(minutes=1) // n))
start = end - step * (n - 1)
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

# Prints "WALL_SECONDS PEAK_KB CPU_SECONDS" of a command. The wall clock
# is read to the microsecond (a 10k import takes a few tens of ms); CPU
# time is printed too: on a busy machine it varies less than the wall
# clock.
measure () {
  local t0 t1
  t0=$EPOCHREALTIME
  /usr/bin/time -f "%M %U %S" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
    cat "$work/err" >&2; return 1; }
  t1=$EPOCHREALTIME
  awk -v t0="$t0" -v t1="$t1" '{ printf "%.6f %s %.2f\n", t1 - t0, $1, $2 + $3 }' "$work/time"
}

salve_round () {
  local n="$1" csv="$2" summary
  rm -f "$work/salve.db"*
  "$salvectl" --db "$work/salve.db" profile add Bench >/dev/null
  measure "$salvectl" --db "$work/salve.db" import "$csv" --profile Bench >>"$work/salve-$n"
  summary="$(tail -1 "$work/out")"
  if [ "$summary" != "read $n, imported $n, duplicates 0, rejected 0" ]; then
    echo "bench-import: unexpected summary: $summary" >&2
    return 1
  fi
}

peer_round () {
  local n="$1" csv="$2" peer_rows
  rm -f "$work/peer.db"*
  sqlite3 "$work/peer.db" "CREATE TABLE diary (datum TEXT, tijd TEXT, pijn TEXT, locatie TEXT, opmerking TEXT);"
  measure sqlite3 "$work/peer.db" ".import --csv --skip 1 $csv diary" >>"$work/peer-$n"
  peer_rows="$(sqlite3 "$work/peer.db" "SELECT count(*) FROM diary")"
  [ "$peer_rows" = "$n" ] || { echo "bench-import: sqlite3 imported $peer_rows rows" >&2; return 1; }
}

# run_size ROWS ROUNDS TARGET: prints the medians, the ratio against its
# target and the spread; fails when the target is missed.
run_size () {
  local n="$1" rounds="${BENCH_RUNS:-$2}" target="$3" csv="$work/diary-$1.csv"
  generate "$n" "$csv"
  : >"$work/salve-$n"; : >"$work/peer-$n"

  for ((r = 0; r < rounds; r++)); do
    # Turn about, so neither always runs on a disk the other just filled.
    if ((r % 2 == 0)); then
      salve_round "$n" "$csv" && peer_round "$n" "$csv" || return 1
    else
      peer_round "$n" "$csv" && salve_round "$n" "$csv" || return 1
    fi
  done

  paste -d ' ' "$work/salve-$n" "$work/peer-$n" | awk -v n="$n" -v target="$target" -v rss="$work/rss-$n" '
    function median(a, k,   i, j, t, b) {
      for (i = 1; i <= k; i++) b[i] = a[i]
      for (i = 2; i <= k; i++) for (j = i; j > 1 && b[j - 1] > b[j]; j--) { t = b[j]; b[j] = b[j - 1]; b[j - 1] = t }
      return k % 2 ? b[(k + 1) / 2] : (b[k / 2] + b[k / 2 + 1]) / 2
    }
    { k++; s[k] = ($1 > 0 ? $1 : 1e-6); skb[k] = $2; sc[k] = $3;
           q[k] = ($4 > 0 ? $4 : 1e-6); qkb[k] = $5; qc[k] = $6; ratio[k] = q[k] / s[k] }
    END {
      ms = median(s, k); mq = median(q, k); r = mq / ms;
      lo = ratio[1]; hi = ratio[1];
      for (i = 2; i <= k; i++) { lo = (ratio[i] < lo ? ratio[i] : lo); hi = (ratio[i] > hi ? ratio[i] : hi) }
      printf "  %8d rows: salvectl import %9.0f rows/s (%.3f s wall, %.2f s CPU, peak RSS %.1f MB)\n",
             n, n / ms, ms, median(sc, k), median(skb, k) / 1024;
      printf "  %8s       sqlite3 .import  %9.0f rows/s (%.3f s wall, %.2f s CPU, peak RSS %.1f MB)\n",
             "", n / mq, mq, median(qc, k), median(qkb, k) / 1024;
      printf "  %8s       ratio salvectl/sqlite3 (rows/s): %.2fx (target >= %.2f: %s); %d rounds: median %.2f, %.2f-%.2f\n",
             "", r, target, (r >= target ? "met" : "NOT MET"), k, median(ratio, k), lo, hi;
      printf "row: salvectl import vs sqlite3 .import --csv, rows/s, %s rows | %.2fx (%d rounds: %.2f-%.2f) | >= %.1fx | %s\n",
             (n >= 1000000 ? (n / 1000000) "M" : (n / 1000) "k"), r, k, lo, hi, target, (r >= target ? "met" : "NOT MET");
      printf "%d\n", median(skb, k) > rss;
      exit (r >= target ? 0 : 1)
    }'
}

status=0
run_size 10000 9 1.0 || status=1
run_size 100000 5 1.0 || status=1
run_size "$rows" 3 1.2 || status=1
awk -v a="$(cat "$work/rss-100000")" -v b="$(cat "$work/rss-$rows")" -v n="$rows" 'BEGIN {
  printf "  peak RSS of salvectl: 100k rows %.1f MB, %d rows %.1f MB (x%.2f for x%d the rows)\n",
         a / 1024, n, b / 1024, b / a, n / 100000 }'
exit "$status"
