#!/usr/bin/env python3
# Time from process start to the first visible window: the X MapNotify of
# its top-level, seen by `xev -root -event substructure` on a private Xvfb,
# for salve, gnome-calculator (another libadwaita app people know) and a
# bare AdwApplicationWindow. Runs are interleaved so that drift hits every
# program alike; each program gets one warm-up run first (caches filled, as
# on any start but the very first) and its own XDG folders.
#
#   bench/first-window.py BUILDDIR [RUNS]      (default 9 runs; or $BENCH_RUNS)
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

TARGET = 0.8  # salve / gnome-calculator

build = os.path.abspath(sys.argv[1])
runs = int(sys.argv[2] if len(sys.argv) > 2 else os.environ.get("BENCH_RUNS", "9"))
work = tempfile.mkdtemp(prefix="salve-bench-")

# A session bus with nothing to activate: single-instance apps register
# their name on it, and no desktop portal starts half-way through a run
# (its start would be charged to whichever program asked first).
DBUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
""" % work

programs = [
    ("salve", [os.path.join(build, "src/ui/salve")]),
    ("gnome-calculator", [shutil.which("gnome-calculator") or "/usr/bin/gnome-calculator"]),
    ("bare AdwApplicationWindow", [os.path.join(build, "bench/bare-window")]),
]


def start_xvfb():
    r, w = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x900x24",
                             "-nolisten", "tcp"], pass_fds=[w],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(w)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(r, 16)
        if not chunk:
            sys.exit("first-window: Xvfb did not start")
        number += chunk
    os.close(r)
    return xvfb, ":" + number.decode().strip()


def start_bus():
    config = os.path.join(work, "bus.conf")
    with open(config, "w") as f:
        f.write(DBUS_CONFIG)
    bus = subprocess.Popen(["dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return bus, bus.stdout.readline().strip()


class MapWatcher:
    """Reads xev's report of the root window's children as it comes."""

    def __init__(self, display):
        self.proc = subprocess.Popen(["stdbuf", "-oL", "xev", "-display", display, "-root",
                                      "-event", "substructure"],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.fd = self.proc.stdout.fileno()
        os.set_blocking(self.fd, False)
        self.buf = b""
        time.sleep(0.3)  # xev selects its events before the first run
        self.drain()

    def drain(self):
        while select.select([self.fd], [], [], 0)[0]:
            if not os.read(self.fd, 65536):
                break
        self.buf = b""

    def wait_map(self, deadline):
        """Returns the time of the first MapNotify of a managed top-level."""
        while time.monotonic() < deadline:
            if not select.select([self.fd], [], [], 0.05)[0]:
                continue
            now = time.monotonic()
            self.buf += os.read(self.fd, 65536)
            # An event is a block of lines; the MapNotify's second line
            # tells whether it is a real top-level (override NO) or a menu.
            blocks = self.buf.split(b"\n\n")
            self.buf = blocks.pop()
            for block in blocks:
                if block.lstrip().startswith(b"MapNotify") and b"override NO" in block:
                    return now
            if self.buf.lstrip().startswith(b"MapNotify") and b"override NO" in self.buf:
                return now
        return None


def cpu_ms(pid):
    """CPU time of all the process's threads so far (schedstat: ns on CPU)."""
    total = 0
    try:
        for task in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/schedstat" % (pid, task)) as f:
                total += int(f.read().split()[0])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return total / 1e6


def run_once(watcher, name, argv, env):
    watcher.drain()
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    mapped = watcher.wait_map(start + 30)
    cpu = cpu_ms(proc.pid)
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if mapped is None:
        sys.exit("first-window: %s showed no window within 30 s" % name)
    return (mapped - start) * 1000.0, cpu


def main():
    for tool in ("Xvfb", "xev", "dbus-daemon", "stdbuf"):
        if not shutil.which(tool):
            sys.exit("first-window: %s is missing (bench/run installs it)" % tool)
    for name, argv in programs:
        if not os.access(argv[0], os.X_OK):
            sys.exit("first-window: %s is missing: %s" % (name, argv[0]))

    xvfb, display = start_xvfb()
    bus, address = start_bus()
    watcher = MapWatcher(display)
    envs = {}
    for i, (name, argv) in enumerate(programs):
        home = os.path.join(work, "home%d" % i)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "WAYLAND", "GSETTINGS"))}
        env.update({
            "DISPLAY": display,
            "GDK_BACKEND": "x11",
            "DBUS_SESSION_BUS_ADDRESS": address,
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, "config"),
            "XDG_DATA_HOME": os.path.join(home, "data"),
            "XDG_CACHE_HOME": os.path.join(home, "cache"),
            "XDG_RUNTIME_DIR": os.path.join(home, "run"),
            "GSETTINGS_BACKEND": "memory",
            "LC_ALL": "C.UTF-8",
        })
        if name == "salve":
            env["GSETTINGS_SCHEMA_DIR"] = os.path.join(build, "data")
        for d in ("config", "data", "cache", "run"):
            os.makedirs(os.path.join(home, d), mode=0o700, exist_ok=True)
        envs[name] = env

    times = {name: [] for name, _ in programs}
    cpus = {name: [] for name, _ in programs}
    try:
        for name, argv in programs:
            run_once(watcher, name, argv, envs[name])  # warm-up
        for _ in range(runs):
            for name, argv in programs:
                wall, cpu = run_once(watcher, name, argv, envs[name])
                times[name].append(wall)
                cpus[name].append(cpu)
    finally:
        for p in (watcher.proc, bus, xvfb):
            p.terminate()
            p.wait()
        shutil.rmtree(work, ignore_errors=True)

    med = {name: statistics.median(t) for name, t in times.items()}
    salve, calc, bare = (med[name] for name, _ in programs)
    print("first visible window (X MapNotify under Xvfb), median of %d runs, ms:" % runs)
    # CPU time until the map is the steadier figure on a busy machine.
    for name, _ in programs:
        t = sorted(times[name])
        print("  %-26s %7.1f ms   (min %.1f, max %.1f; CPU until then %.1f ms)"
              % (name, med[name], t[0], t[-1], statistics.median(cpus[name])))
    ratio = salve / calc
    print("  salve / gnome-calculator   %7.2f     (target <= %.2f: %s)"
          % (ratio, TARGET, "met" if ratio <= TARGET else "NOT MET"))
    print("  salve / bare window        %7.2f" % (salve / bare))
    cpu = {name: statistics.median(c) for name, c in cpus.items()}
    names = [name for name, _ in programs]
    print("  CPU until mapped: salve / gnome-calculator %.2f, salve / bare window %.2f"
          % (cpu[names[0]] / cpu[names[1]], cpu[names[0]] / cpu[names[2]]))
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
