# What the start-up benchmarks (first-window.py, first-frame-size.py)
# share: a private Xvfb, the times salve's debug log notes, and stopping a
# program that was started to be timed.
import os
import signal
import subprocess
import sys


def start_xvfb(who):
    """An Xvfb on a free display: (process, ":N")."""
    r, w = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x900x24",
                             "-nolisten", "tcp"], pass_fds=[w],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(w)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(r, 16)
        if not chunk:
            sys.exit("%s: Xvfb did not start" % who)
        number += chunk
    os.close(r)
    return xvfb, ":" + number.decode().strip()


def logged(log, marker):
    """The monotonic time (s) that salve's log, an open binary file, gives
    after @marker (its debug lines give µs), or None."""
    log.seek(0)
    for line in log.read().decode(errors="replace").splitlines():
        if marker in line:
            return int(line.split(marker)[1].split()[0]) / 1e6
    return None


def stop(proc):
    """Ends a program as a session would (SIGTERM), killing it if it hangs."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
