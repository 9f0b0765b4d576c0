"""How the tests start amity as a process: as a terminal's shell starts a program."""

from __future__ import annotations

import signal


def as_a_shell_starts_it() -> None:
    """In the child, before amity starts: the stop signals at their defaults, as a terminal's shell starts a
    program. A test run started under nohup (SIGHUP ignored) or in a script's background (SIGINT ignored)
    hands the ignoring on to what it starts, and amity keeps a signal its caller ignores ignored, as it
    should: a test that stops amity with that signal then waits out its timeout or finds the run finished."""
    for signum in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)


def as_a_background_job_starts_it() -> None:
    """As a shell starts a job in the background, without job control: SIGINT ignored, the others at their
    defaults."""
    as_a_shell_starts_it()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
