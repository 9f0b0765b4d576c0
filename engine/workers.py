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
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import queue
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}  # the parent's to handle (a closed terminal too)


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies, even mid-task (PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):  # pragma: no cover - elsewhere the closed pipe ends the worker
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


def _serve(
    conn: Any, initializer: Callable[..., None], initargs: tuple[Any, ...], function: Callable[[Any], Any]
) -> None:
    """A worker's life: ignore the stop signals, set up once, then answer tasks until told to stop."""
    for signum in _STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    # the parent blocked these signals while it started us: now they are ignored, let them through
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _die_with_parent()
    initializer(*initargs)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent went away
            return
        if task is None:
            return
        try:
            answer: tuple[bool, Any] = (True, function(task))
        except Exception as exc:  # handed to the parent, which raises it where the result is wanted
            answer = (False, exc)
        try:
            conn.send(answer)
        except OSError:
            return


def _checkpoint() -> None:
    """Nothing: entering a Python function runs the handlers of signals that are pending."""


class _Worker:
    def __init__(
        self, context: Any, initializer: Callable[..., None], initargs: tuple[Any, ...], function: Callable[[Any], Any]
    ):
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(child, initializer, initargs, function), daemon=False)
        self.process.start()
        child.close()
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
            except (OSError, ValueError, TypeError):
                # the worker is gone, or the pool was killed and closed the pipe mid-write: the parent finds
                # out when it asks for a result
                self.gone = True

    def _read(self) -> None:
        import pickle

        while True:
            try:
                data = self.conn.recv_bytes()
            except (EOFError, OSError, ValueError, TypeError):
                # the worker is gone, or the pool was killed and closed the pipe mid-read
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
        import multiprocessing  # here, not at the top: a run with one job starts no process and needs none of it

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.workers: list[_Worker] = []
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
                    self.workers.append(_Worker(context, initializer, initargs, function))
                for worker in self.workers:
                    worker.start_threads()
            finally:
                if not frozen:
                    gc.unfreeze()
            # a pool left open (say, a generator abandoned mid-run) must not leave the interpreter
            # waiting at exit for workers that wait for tasks; this runs before multiprocessing's own
            # exit hook (atexit runs the last registered first), and close() or kill() removes it
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
