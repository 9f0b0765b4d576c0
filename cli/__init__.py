"""amity's command line: a thin click layer over ``amity.engine``."""

from __future__ import annotations


def run() -> None:
    """The ``amity`` command: ``main``, with a stop signal during start-up said as during a run.

    Importing the command line and the engine takes a tenth of a second, before
    ``main`` handles SIGINT and SIGTERM (``stop_signals``): a Ctrl-C meanwhile
    printed Python's traceback. Until then a stop signal ends the process at once,
    exit 129, 130 or 143, as an interrupted run does (nothing has been written yet). A
    signal the caller ignores (a background job's SIGINT) stays ignored.
    """
    import signal
    import sys

    if sys.stdout is None:  # closed by the caller (amity assess FILE >&-): what is written there fails, located
        from .output import ClosedOutput

        sys.stdout = ClosedOutput()
    # a string that is not Unicode text (a lone surrogate, from a JSON escape such as "\ud800") is written
    # escaped, as JSON escapes it, never a crash; the files amity writes do the same (``output.atomic_output``)
    reconfigure = getattr(sys.stdout, "reconfigure", None)  # none on a standard output replaced by another stream
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    for signum, handler in previous.items():
        if handler in (signal.default_int_handler, signal.SIG_DFL):
            signal.signal(signum, _stopped_starting)
    try:
        from .main import WRITE_ERRORS, main, stdout_unwritable

        try:
            main(prog_name="amity")
        except OSError as exc:  # --help and --version write before any command's own handling (report_errors)
            if exc.errno not in WRITE_ERRORS:
                raise
            stdout_unwritable(exc)
    finally:  # the command's own handling is over (it exits through here)
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stopped_starting(signum: int, frame: object) -> None:
    import os

    os.write(2, b"amity: interrupted\n")
    os._exit(128 + signum)
