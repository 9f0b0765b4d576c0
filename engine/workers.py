"""Worker processes that a run can always stop: no shared locks, and the parent owns shutdown.

``multiprocessing.Pool`` shares one task queue between its workers, guarded by a
lock the waiting worker holds. A worker killed by a signal sent to the whole
process group (a terminal's Ctrl-C, ``kill`` or ``timeout``) can die holding it,
and ``Pool.terminate`` then waits for that lock for ever. Here each worker has a
pipe of its own, ignores SIGINT and SIGTERM (it is the parent's to stop), and
dies with its parent. The parent takes each answer through one reader thread per
worker as soon as it is sent, so a worker never waits for the parent to ask for an
answer before it starts its next task; and it sends each task through one feeder
thread per worker, so the thread that submits never waits on a worker's full pipe
(while one worker is busy, the others get their tasks) and no send waits on a worker
that waits to send an answer back.

The workers are forked (Linux, macOS), and their tasks and answers go through two pipes each,
as messages of a length and bytes: what ``multiprocessing`` would give, without
importing it (its connections bring ``tempfile`` and ``subprocess``), since a run
with workers pays that start-up before any worker starts (bench/README.md, "Start-up").
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}  # the parent's to handle (a closed terminal too)


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """Linux's prctl, looked up once, by the parent before it forks: each worker has it without importing
    ctypes (workers start at once, on cores the parent shares); None where there is none."""
    if not sys.platform.startswith("linux"):  # pragma: no cover - elsewhere the closed pipe ends the worker
        return None
    try:
        import ctypes

        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
        return prctl
    except (OSError, AttributeError):  # pragma: no cover - a C library without it
        return None


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies, even mid-task (PR_SET_PDEATHSIG)."""
    prctl = _prctl()
    if prctl is not None:
        prctl(1, signal.SIGKILL)


def _serve(
    conn: _Channel, initializer: Callable[..., None], initargs: tuple[Any, ...], function: Callable[[Any], Any]
) -> None:
    """A worker's life: ignore the stop signals, set up once, then answer tasks until told to stop.

    Whatever goes wrong with a task (its function's error, a task that cannot be unpickled
    here, an answer that cannot be pickled) is its answer, raised where its result is wanted:
    the worker goes on. It ends when told to stop, or when the parent's end of the channel closes."""
    import pickle

    for signum in _STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    # the parent blocked these signals while it started us: now they are ignored, let them through
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _die_with_parent()
    failed: Exception | None = None
    try:
        initializer(*initargs)
    except Exception as exc:  # the answer to every task: said where a result is wanted, as a task's own error
        failed = exc
    while True:
        try:
            data = conn.recv_bytes()
        except (EOFError, OSError):  # the parent went away
            return
        answer: tuple[bool, Any]
        try:
            task = pickle.loads(data)
            if task is None:
                return
            answer = (False, failed) if failed is not None else (True, function(task))
        except Exception as exc:  # handed to the parent, which raises it where the result is wanted
            answer = (False, exc)
        try:
            conn.send_bytes(_pickled(answer))
        except OSError:  # the parent went away
            return


def _pickled(answer: tuple[bool, Any]) -> bytes:
    """An answer as bytes: a result that cannot be pickled, the error pickling it gave; an error that cannot
    be, its words."""
    import pickle

    try:
        return pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        ok, value = answer
        error = exc if ok else RuntimeError(f"{value!r}, an error that cannot be pickled ({exc})")
        return pickle.dumps((False, error), pickle.HIGHEST_PROTOCOL)


def _checkpoint() -> None:
    """Nothing: entering a Python function runs the handlers of signals that are pending."""


class _Channel:
    """Messages between this process and a worker, each its length (8 bytes) and its bytes, over two pipes:
    one this end reads, one it writes (as a ``multiprocessing`` connection's ``send_bytes`` and ``recv_bytes``)."""

    def __init__(self, reading: int, writing: int) -> None:
        self.reading, self.writing = reading, writing

    def send_bytes(self, data: bytes) -> None:
        pending: list[bytes | memoryview] = [len(data).to_bytes(8, "little"), data]
        while pending:  # a write into a pipe can take part of what it is given (a signal, a full pipe)
            written = os.writev(self.writing, pending)
            while pending and written >= len(pending[0]):
                written -= len(pending.pop(0))
            if written:
                pending[0] = memoryview(pending[0])[written:]

    def recv_bytes(self) -> bytearray:
        return self._exactly(int.from_bytes(self._exactly(8), "little"))

    def _exactly(self, size: int) -> bytearray:
        data = bytearray(size)
        left = memoryview(data)
        while left:
            taken = os.readv(self.reading, [left])
            if not taken:  # the other end is closed: the worker, or this process, is gone
                raise EOFError
            left = left[taken:]
        return data

    def close(self) -> None:
        for fd in (self.reading, self.writing):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.reading = self.writing = -1  # a second close closes nothing (its numbers may be another's by then)


class _Forked:
    """A worker forked from this process: its pid, and how it ended, as ``multiprocessing.Process`` says."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._exitcode: int | None = None
        self._reaped = False  # its status taken (by this object, or by whoever reaped it first)
        self._reaping = threading.Lock()  # one wait at a time: a second would find no child, and no code

    @property
    def exitcode(self) -> int | None:
        """Its exit code, or minus the signal that killed it; None while it runs."""
        self._reap(os.WNOHANG)
        return self._exitcode

    def _reap(self, flags: int) -> None:
        with self._reaping:
            if self._reaped:
                return
            try:
                pid, status = os.waitpid(self.pid, flags)
            except ChildProcessError:  # reaped by someone else: how it ended cannot be told
                self._reaped = True
                return
            if pid:
                self._reaped, self._exitcode = True, os.waitstatus_to_exitcode(status)

    def join(self, timeout: float | None = None) -> None:
        """Wait until it has ended, or at most ``timeout`` seconds."""
        if timeout is None:
            self._reap(0)
            return
        deadline, pause = time.monotonic() + timeout, 0.0005
        while True:
            self._reap(os.WNOHANG)
            left = deadline - time.monotonic()
            if self._reaped or left <= 0:
                return
            time.sleep(min(pause, left))
            pause = min(pause * 2, 0.02)

    def kill(self) -> None:
        if not self._reaped:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


def _no_input() -> None:
    """A worker reads no standard input (this process's, shared): it reads an empty file instead."""
    if sys.stdin is not None:
        with contextlib.suppress(OSError, ValueError):
            sys.stdin.close()
            sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - the worker's for its life


def _flush_standard_streams() -> None:
    """Write out what standard output and error hold (either may be gone, closed or broken: then nothing)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            stream.flush()


def _fork(
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    function: Callable[[Any], Any],
    others: list[_Channel],
) -> tuple[_Channel, _Forked]:
    """Fork a worker serving ``function``; this process's end of its channel, and the worker. ``others``:
    the channels of the workers forked before it, which it closes (theirs alone, so that each sees its end)."""
    tasks_in, tasks_out = os.pipe()
    try:
        answers_in, answers_out = os.pipe()
    except OSError:
        os.close(tasks_in)
        os.close(tasks_out)
        raise
    _flush_standard_streams()  # what they hold would be written twice, once by each process
    try:
        pid = os.fork()
    except BaseException:
        for fd in (tasks_in, tasks_out, answers_in, answers_out):
            os.close(fd)
        raise
    if pid == 0:  # the worker, which never returns from here, nor runs what this process would at exit
        code = 1
        try:
            os.close(tasks_out)
            os.close(answers_in)
            for channel in others:
                channel.close()
            _no_input()
            _serve(_Channel(tasks_in, answers_out), initializer, initargs, function)
            code = 0
        except SystemExit as exc:  # the function asked the process to exit: with its code, as Python would
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            _flush_standard_streams()  # what it printed, which no exit flushes after os._exit
            os._exit(code)
    os.close(tasks_in)
    os.close(answers_out)
    return _Channel(answers_in, tasks_out), _Forked(pid)


class _Worker:
    def __init__(
        self,
        initializer: Callable[..., None],
        initargs: tuple[Any, ...],
        function: Callable[[Any], Any],
        others: list[_Worker],
    ):
        channel, process = _fork(initializer, initargs, function, [w.conn for w in others])
        self.conn: _Channel = channel
        self.process: _Forked = process
        self.sent = 0  # tasks submitted (by the thread that submits), handed to the feeder
        self.answered = 0  # answers taken (by the reader, as they come: before anyone asks for them)
        self.gone = False  # a write failed: the worker is gone (set by the feeder)
        self.answers: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.tasks: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()  # for the feeder; None: no more
        self.reader = threading.Thread(target=self._read, name=f"amity-reader-{self.process.pid}", daemon=True)
        self.feeder = threading.Thread(target=self._feed, name=f"amity-feeder-{self.process.pid}", daemon=True)

    def start_threads(self) -> None:
        """Start the reader and the feeder: once every worker is forked (a fork copies no thread but the
        caller's, and a lock another thread held stays held in the child)."""
        self.reader.start()
        self.feeder.start()

    def send(self, task: Any) -> None:
        """Send a task (None: the last), from the thread that submits: pickled here (a task that cannot be
        pickled is the caller's error, raised here), and written to the pipe by the feeder, so this never waits."""
        import pickle  # here: not at every start (bench/README.md, "Start-up")

        self.tasks.put(pickle.dumps(task, pickle.HIGHEST_PROTOCOL))

    def stop_feeding(self) -> None:
        """Let the feeder end once it has sent what it was given."""
        self.tasks.put(None)

    def _feed(self) -> None:
        """Write each task to the pipe, in turn. A write waits while the pipe is full, never for ever: the
        worker takes its next task once it has sent its answer, which the reader takes as soon as it comes."""
        while (data := self.tasks.get()) is not None:
            if self.gone:
                continue
            try:
                self.conn.send_bytes(data)
            except OSError:
                # the worker is gone, or the pool was killed and closed the pipe mid-write: the parent finds
                # out when it asks for a result
                self.gone = True

    def _read(self) -> None:
        import pickle

        while True:
            try:
                data = self.conn.recv_bytes()
            except Exception:
                # the worker is gone, or the pool was killed and closed the pipe mid-read; or no memory was left
                # for an answer, and the messages after it cannot be told apart: the worker is lost all the same
                self.answers.put(_GONE)
                return
            try:
                answer = pickle.loads(data)
            except Exception as exc:  # an answer that cannot be rebuilt here is raised where it is wanted
                answer = (False, exc)
            self.answered += 1
            self.answers.put(answer)


_GONE = object()  # what a reader leaves once its worker is gone


def _unanswered(worker: _Worker) -> int:
    return worker.sent - worker.answered


class WorkerLost(RuntimeError):
    """A worker process ended before it answered: killed from outside (the system out of memory, a
    ``kill``), or failed in a way Python could not report."""

    def __init__(self, pid: int | None, exitcode: int | None) -> None:
        self.pid, self.exitcode = pid, exitcode
        if exitcode is not None and exitcode < 0:
            try:
                name = signal.Signals(-exitcode).name
            except ValueError:
                name = f"signal {-exitcode}"
            how = f"was killed by {name} (exit code {exitcode})"
        else:
            how = f"died (exit code {exitcode})"
        super().__init__(f"worker process {pid} {how}")


class Result:
    """A task's answer, to be asked for once, in the order the tasks were submitted."""

    def __init__(self, worker: _Worker) -> None:
        self.worker = worker

    def get(self) -> Any:
        worker = self.worker
        answer = worker.answers.get()
        if answer is _GONE:
            worker.answers.put(_GONE)  # for any other result still asked of it
            worker.process.join(timeout=1)  # to say how it ended
            raise WorkerLost(worker.process.pid, worker.process.exitcode)
        ok, value = answer
        if not ok:
            raise value
        return value


class WorkerPool:
    """``jobs`` processes running ``function`` on tasks, each set up once with ``initializer(*initargs)``.

    Use it as a context manager: leaving the block normally lets the workers
    finish and exit; leaving it by an exception (an interrupt included) kills
    them at once. Either way no worker outlives the block.
    """

    def __init__(
        self, jobs: int, initializer: Callable[..., None], initargs: tuple[Any, ...], function: Callable[[Any], Any]
    ) -> None:
        import pickle  # noqa: F401 - here, before the forks: every worker needs it at once, and this process soon

        self.workers: list[_Worker] = []
        _prctl()  # for the workers to inherit
        # a signal that arrives while a worker starts must not reach it before it ignores the signal:
        # block them here (the worker inherits the mask), and let the parent see them right after
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            # what this process has built (the pack, its compiled rules) is hidden from the workers'
            # garbage collector: a collection there would touch every object it inherited, and the
            # kernel would copy each page it touched, in each worker (with two workers, the copying
            # took as long as the work); this process gets its objects back once the workers are forked
            frozen = gc.get_freeze_count() > 0  # by the caller (amity validate freezes what it starts with)
            gc.freeze()
            try:
                for _ in range(jobs):
                    self.workers.append(_Worker(initializer, initargs, function, self.workers))
                for worker in self.workers:
                    worker.start_threads()
            finally:
                if not frozen:
                    gc.unfreeze()
            # a pool left open (say, a generator abandoned mid-run) must not leave workers waiting for
            # tasks once this process ends: the exit hook kills them; close() or kill() removes it
            atexit.register(self.kill)
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
            _checkpoint()  # a signal that came meanwhile is handled here, where the workers get killed
        except BaseException:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
            self.kill()
            raise

    def submit(self, task: Any) -> Result:
        """Send a task to the worker with the fewest tasks still to answer (at once: its feeder writes it).

        The caller bounds the tasks in flight (``validate_batches`` keeps a few per worker):
        a task waits in memory until its worker takes it.

        Answers are counted as they come, not as they are asked for: a caller that asks in
        order, waiting on a slow worker's answer, gives its next tasks to a worker that has
        answered, rather than to the slow one, so that the quicker worker is not held to the
        slower one's pace, as far as the tasks the caller keeps in flight allow (with two
        workers sharing a machine with other work, and with the caller, one often runs slower
        for a while).
        """
        worker = min(self.workers, key=_unanswered)
        worker.send(task)  # a task that cannot be pickled raises here, before it is counted
        worker.sent += 1
        return Result(worker)

    def close(self) -> None:
        """Let each worker finish and exit."""
        try:
            for w in self.workers:
                w.send(None)
                w.stop_feeding()
            for w in self.workers:
                w.process.join(timeout=10)
        finally:  # any that did not exit in time, or all at once if a signal came while waiting
            self.kill()

    def kill(self) -> None:
        """Stop every worker now (SIGKILL: they ignore the polite signals) and reap it."""
        for w in self.workers:
            if w.process.exitcode is None:
                with contextlib.suppress(OSError):
                    w.process.kill()
        for w in self.workers:
            w.process.join()
        for w in self.workers:
            # close the pipe once the feeder and the reader are done with it (their writes and reads fail now
            # that the worker is gone; a pool that failed while forking starts neither)
            w.stop_feeding()
            threads = [t for t in (w.feeder, w.reader) if t.ident is not None]
            for thread in threads:
                thread.join(timeout=2)
            if not any(t.is_alive() for t in threads):  # else left open: its number must not be reused under them
                w.conn.close()
        self.workers = []
        atexit.unregister(self.kill)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        if kind is None:
            self.close()
        else:
            self.kill()
