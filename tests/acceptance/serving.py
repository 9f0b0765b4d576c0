"""Start `amity serve` as a real process on a free port, for the command's and the browser's tests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.processes import as_a_shell_starts_it

AMITY = Path(sys.executable).with_name("amity")
ADDRESS = re.compile(r"amity serve: (http://\S+/)")


@contextmanager
def serving(
    *args: str, cwd: Path | None = None, started: Callable[[], None] = as_a_shell_starts_it
) -> Iterator[tuple[str, subprocess.Popen[str], str]]:
    """The address of a running `amity serve --port 0 ARGS`, its process, and what it printed up to the address;
    stopped with Ctrl-C (SIGINT) after (SIGTERM if it ignores SIGINT). `started` prepares the child."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [str(AMITY), "serve", "--port", "0", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd, env=env,
        preexec_fn=started,
    )  # fmt: skip
    try:
        line, head = "", ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline() if proc.stdout else ""
            head += line
            if not line and proc.poll() is not None:
                raise AssertionError(f"amity serve stopped: {proc.stderr.read() if proc.stderr else ''}")
            found = ADDRESS.search(line)
            if found:
                yield found.group(1), proc, head
                break
        else:
            raise AssertionError(f"amity serve printed no address: {line!r}")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT if started is as_a_shell_starts_it else signal.SIGTERM)
            try:
                proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
