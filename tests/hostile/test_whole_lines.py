"""Writing to a stream in whole lines (``cli.output.in_whole_lines``) while a stop signal comes, in this process:
the signal is sent from inside the write, as a Ctrl-C lands while a reader is slow to take the rows."""

from __future__ import annotations

import errno
import os
import signal
import threading

import pytest
from amity.cli.main import Interrupted, held_signals, stop_signals
from amity.cli.output import in_whole_lines

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="POSIX signals")


@pytest.fixture(autouse=True)
def in_the_foreground():
    """SIGINT as a foreground run has it: a suite started as a background job of a shell without job control
    (``pytest &`` in a script) inherits it ignored, and ``stop_signals`` rightly leaves an ignored signal
    ignored, so these tests, which send it, found nothing to stop them."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


DATA = b"".join(b'{"row": %d, "level": "partnership"}\n' % i for i in range(2000))


def _signalled_at_first_write(into: bytearray):
    """A write that takes a part of its first piece, cut short mid-line by a SIGINT sent while it writes."""
    calls: list[int] = []

    def write(view: memoryview) -> int:
        calls.append(len(view))
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # the handler runs before kill returns (this is the main thread)
            view = view[:1000]
        into.extend(view)
        return len(view)

    return write


def test_a_stop_signal_ends_the_write_at_the_end_of_a_line():
    assert threading.current_thread() is threading.main_thread()
    got = bytearray()
    with pytest.raises(Interrupted), stop_signals():
        in_whole_lines(_signalled_at_first_write(got), DATA)
    assert 1000 < len(got) < len(DATA) and DATA.startswith(got) and got.endswith(b"\n")


def test_a_save_that_holds_the_stop_signals_is_written_whole():
    """`amity quiz --save -` writes the transcript to standard output while the stop signals wait for it
    (``held_signals``): a SIGINT in the middle of it ended the transcript at the end of a line, the rest lost
    (the write said all was written), and only then stopped the run. Held, the signal waits for the whole."""
    got = bytearray()
    said: list[int] = []
    with pytest.raises(Interrupted), stop_signals(), held_signals():  # stopped when the save is done
        said.append(in_whole_lines(_signalled_at_first_write(got), DATA))
    assert bytes(got) == DATA, f"written {len(got):,} of {len(DATA):,} bytes"
    assert said == [len(DATA)]


def test_an_alarm_someone_else_set_is_left_to_them():
    """A SIGALRM handler of the caller's (a test's time limit) is theirs while amity writes: the alarm reached
    amity's own handler of the line's grace, which took it for a stop that never came (an IndexError)."""
    rang: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: rang.append(signum))
    try:
        got = bytearray()

        def write(view: memoryview) -> int:
            if not rang:
                os.kill(os.getpid(), signal.SIGALRM)
            got.extend(view)
            return len(view)

        with stop_signals():
            assert in_whole_lines(write, DATA) == len(DATA)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert rang == [signal.SIGALRM] and bytes(got) == DATA


def test_a_stream_that_takes_nothing_is_an_error_not_a_loop():
    """A raw stream made non-blocking by another program (``python -u``: standard output unbuffered) takes
    nothing and says so with None: the write tried again for ever."""
    calls: list[int] = []

    def write(view: memoryview) -> int | None:
        calls.append(len(view))
        if len(calls) > 100:
            pytest.fail("the write is tried again and again")
        return None

    with pytest.raises(OSError) as caught, stop_signals():
        in_whole_lines(write, DATA)
    assert caught.value.errno == errno.EAGAIN and len(calls) == 1


def test_a_stop_signal_while_the_handlers_are_put_in_place_leaves_none_of_them_behind(monkeypatch):
    """A Ctrl-C that came after the line's alarm handler was put in place and before the write began left it
    there (it was put in place outside the try that takes it back): a later SIGALRM in the same process (the
    library's caller, a test) reached a handler of a write long done."""
    put = signal.signal
    calls: list[int] = []

    def interrupted_meanwhile(signum, handler):
        calls.append(signum)
        previous = put(signum, handler)
        if len(calls) == 2:  # the alarm's handler is in place; the stop comes before the write
            raise Interrupted(signal.SIGINT)
        return previous

    with stop_signals():
        monkeypatch.setattr(signal, "signal", interrupted_meanwhile)
        with pytest.raises(Interrupted):
            in_whole_lines(lambda view: len(view), DATA)
        monkeypatch.setattr(signal, "signal", put)
        assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL
