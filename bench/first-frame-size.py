#!/usr/bin/env python3
# Start-up cost against the size of the diary: salve started on a 3-month
# diary (bench/make-demo-diary) and on the same diary with a million older
# entries, under Xvfb. Salve's debug log says when the first frame with its
# views was painted and when the diary view first painted its data (the
# headline and the chart); both are printed, timed from the process start
# on the monotonic clock. Runs alternate between the two databases so that
# drift on a busy machine hits both alike; each database gets one warm-up
# run first (caches filled, as on any start but the very first).
#
# Entries are written in UTC and salve runs with TZ=UTC, so the diary's
# days are those of the entries' own times.
#
# With a second build folder (BEFORE), that build runs too, interleaved, on
# databases made by its own salvectl: the figures of two versions from one
# run.
#
#   bench/first-frame-size.py BUILDDIR [BEFORE-BUILDDIR]   ($BENCH_RUNS runs, default 11)
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import logged, start_xvfb, stop

TARGET = 1.1  # 1M-entry diary / 3-month diary, first frame with the data
N_ENTRIES = 1000000
STEP_SECONDS = 90
VIEWS_PAINTED = "First frame with the views painted at "
DATA_PAINTED = "First frame with the diary's data painted at "

builds = [os.path.abspath(b) for b in sys.argv[1:3]]
runs = int(os.environ.get("BENCH_RUNS", "11"))
work = tempfile.mkdtemp(prefix="salve-bench-")
make_demo_diary = os.path.join(os.path.dirname(os.path.abspath(__file__)), "make-demo-diary")


def make_dbs(build, folder, env):
    """A 3-month diary and the same with N_ENTRIES older entries."""
    small = os.path.join(folder, "3-month.db")
    large = os.path.join(folder, "1M.db")
    salvectl = os.path.join(build, "src/cli/salvectl")
    for path in (small, large):
        subprocess.run([sys.executable, make_demo_diary, salvectl, path, "Anna", "2026-03-31"],
                       env=env, check=True, stdout=subprocess.DEVNULL)
    con = sqlite3.connect(large)
    pid, first = con.execute("SELECT profile_id, min(at_unix) FROM diary_entries").fetchone()
    with con:
        con.execute("WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < ?) "
                    "INSERT INTO diary_entries (profile_id, at, at_unix, pain, region) "
                    "SELECT ?, strftime('%Y-%m-%dT%H:%M:%S+00:00', t, 'unixepoch'), t, "
                    "       (n * 7 + n / 97) % 11, 'neck' "
                    "FROM (SELECT n, ? - n * ? AS t FROM i)",
                    (N_ENTRIES, pid, first, STEP_SECONDS))
    con.close()
    return small, large


def run_once(build, db, env):
    """Milliseconds from start to the frame with the views and to the
    frame with the diary's data."""
    env = dict(env, SALVE_DB=db)
    with tempfile.TemporaryFile(dir=work) as log:
        start = time.monotonic()
        proc = subprocess.Popen([os.path.join(build, "src/ui/salve")], env=env,
                                stdout=log, stderr=subprocess.STDOUT)
        deadline = start + 60
        while (data := logged(log, DATA_PAINTED)) is None and time.monotonic() < deadline:
            time.sleep(0.005)
        views = logged(log, VIEWS_PAINTED)
        stop(proc)
    if views is None or data is None:
        sys.exit("first-frame-size: %s painted no diary data within 60 s" % build)
    return (views - start) * 1000.0, (data - start) * 1000.0


def main():
    if not builds:
        sys.exit("usage: first-frame-size.py BUILDDIR [BEFORE-BUILDDIR]")
    for build in builds:
        for program in ("src/ui/salve", "src/cli/salvectl"):
            if not os.access(os.path.join(build, program), os.X_OK):
                sys.exit("first-frame-size: %s is missing in %s" % (program, build))

    xvfb, display = start_xvfb("first-frame-size")
    cases = []  # (label, build, db, env)
    try:
        for b, build in enumerate(builds):
            home = os.path.join(work, "home%d" % b)
            env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "WAYLAND", "GSETTINGS"))}
            env.update({
                "DISPLAY": display,
                "GDK_BACKEND": "x11",
                "HOME": home,
                "XDG_CONFIG_HOME": os.path.join(home, "config"),
                "XDG_DATA_HOME": os.path.join(home, "data"),
                "XDG_CACHE_HOME": os.path.join(home, "cache"),
                "XDG_RUNTIME_DIR": os.path.join(home, "run"),
                "GSETTINGS_BACKEND": "memory",
                "GSETTINGS_SCHEMA_DIR": os.path.join(build, "data"),
                "G_MESSAGES_DEBUG": "salve-window salve-diary-view",
                "NO_AT_BRIDGE": "1",
                "LC_ALL": "C.UTF-8",
                "TZ": "UTC",
            })
            for d in ("config", "data", "cache", "run"):
                os.makedirs(os.path.join(home, d), mode=0o700, exist_ok=True)
            t0 = time.monotonic()
            small, large = make_dbs(build, os.path.join(home, "data"), env)
            name = "this build" if b == 0 else "before"
            print("%s: databases made in %.1f s" % (name, time.monotonic() - t0))
            cases += [(name, "3-month", build, small, env), (name, "1M", build, large, env)]

        times = {(c[0], c[1]): [] for c in cases}
        for case in cases:
            run_once(case[2], case[3], case[4])  # warm-up
        for _ in range(runs):
            for name, size, build, db, env in cases:
                times[(name, size)].append(run_once(build, db, env))
    finally:
        xvfb.terminate()
        xvfb.wait()
        shutil.rmtree(work, ignore_errors=True)

    print("time from start under Xvfb, median of %d runs, ms:" % runs)
    print("  %-24s %22s %22s" % ("", "frame with the views", "frame with the data"))
    status = 0
    for name in dict.fromkeys(c[0] for c in cases):
        med = {}
        for size in ("3-month", "1M"):
            views = [v for v, _ in times[(name, size)]]
            data = [d for _, d in times[(name, size)]]
            med[size] = (statistics.median(views), statistics.median(data))
            print("  %-24s %7.1f (%6.1f-%6.1f) %7.1f (%6.1f-%6.1f)"
                  % ("%s, %s" % (name, size), med[size][0], min(views), max(views),
                     med[size][1], min(data), max(data)))
        ratio = med["1M"][1] / med["3-month"][1]
        if name == "this build":
            print("row: first frame with the diary's data, 1M-entry vs 3-month diary | %.2fx (%.0f ms vs %.0f ms) "
                  "| <= %.1fx | %s" % (ratio, med["1M"][1], med["3-month"][1], TARGET,
                                       "met" if ratio <= TARGET else "NOT MET"))
        print("  %s: 1M / 3-month: views %.2f, data %.2f (target <= %.2f: %s)"
              % (name, med["1M"][0] / med["3-month"][0], ratio, TARGET,
                 "met" if ratio <= TARGET else "NOT MET"))
        if name == "this build" and ratio > TARGET:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
