"""Running a command as a separate process, timed, with the peak memory of its whole process tree (Linux)."""

from __future__ import annotations

import subprocess
import threading
import time


def status_kib(field: str, pid: int | str = "self") -> int:
    """A memory field of a process's /proc status (VmRSS, VmHWM), in KiB; 0 when it has none."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            total += status_kib("VmRSS", p)
            with open(f"/proc/{p}/task/{p}/children") as f:
                stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_watched(command: list[str]) -> tuple[float, int, int]:
    """Run command: its wall time in seconds, the peak resident memory of its process tree in KiB
    (sampled every 20 ms), and its exit code.

    The run ends when it is waited for, not at the next look at its memory (up to 20 ms later,
    which would weigh more on a shorter run): the memory is looked at from a thread meanwhile.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(command)
    peak = [0]
    ended = threading.Event()

    def watch() -> None:
        while True:  # at once, then every 20 ms
            peak[0] = max(peak[0], tree_rss_kib(proc.pid))
            if ended.wait(0.02):
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    code = proc.wait()
    elapsed = time.perf_counter() - start
    ended.set()
    watcher.join()
    return elapsed, peak[0], code
