"""The worker pool: answers in order, taken as soon as they are sent, and a dead worker said so."""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import threading
import time
from pathlib import Path

import pytest
from amity.engine.workers import WorkerPool

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the pool forks its workers here")

_BIG = 4 << 20  # an answer far larger than a socket's buffer: its sender waits until it is read


def _nothing() -> None:
    pass


def _answer(task: tuple[str, int]) -> bytes:
    folder, i = task
    Path(folder, f"started-{i}").touch()
    return bytes([i]) * _BIG


def _square_or_fail(n: int) -> int:
    if n < 0:
        raise ValueError(f"negative: {n}")
    return n * n


def _echo(task: list[int]) -> list[int]:
    return task


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_a_workers_answers_are_taken_while_nobody_asks_for_them(tmp_path):
    """Each answer is read as it is sent, so the worker goes on to its next task at once."""
    with WorkerPool(1, _nothing, (), _answer) as pool:
        results = [pool.submit((str(tmp_path), i)) for i in range(3)]
        deadline = time.monotonic() + 20
        while not (tmp_path / "started-2").exists():  # the third task began: the first two answers were taken
            assert time.monotonic() < deadline, "the worker waits for its answers to be asked for"
            time.sleep(0.01)
        assert [r.get() for r in results] == [bytes([i]) * _BIG for i in range(3)]


def test_answers_come_in_the_order_of_the_tasks_and_an_error_where_it_is_asked_for():
    with WorkerPool(2, _nothing, (), _square_or_fail) as pool:
        results = [pool.submit(n) for n in (3, -1, 4, 5)]
        assert results[0].get() == 9
        with pytest.raises(ValueError, match="negative: -1"):
            results[1].get()
        assert [r.get() for r in results[2:]] == [16, 25]


def test_a_worker_killed_mid_task_is_said_to_have_died():
    with WorkerPool(1, _nothing, (), _sleep) as pool:
        result = pool.submit(30.0)
        (worker,) = pool.workers
        os.kill(worker.process.pid, signal.SIGKILL)
        start = time.monotonic()
        with pytest.raises(
            RuntimeError, match=rf"worker process {worker.process.pid} was killed by SIGKILL \(exit code -9\)"
        ):
            result.get()
        assert time.monotonic() - start < 10


def test_a_task_sent_to_a_worker_already_gone_is_said_to_have_died(capfd):
    """A worker that died between two tasks makes its feeder's writes fail, which must not raise there
    (nor print anything), but where the answer is asked for."""
    with WorkerPool(1, _nothing, (), _square_or_fail) as pool:
        assert pool.submit(3).get() == 9
        (worker,) = pool.workers
        os.kill(worker.process.pid, signal.SIGKILL)
        worker.process.join()
        # small tasks and one more than a pipe holds: each write fails, however far the reader has got
        results = [pool.submit(n) for n in range(4)] + [pool.submit(list(range(200_000)))]
        with pytest.raises(
            RuntimeError, match=rf"worker process {worker.process.pid} was killed by SIGKILL \(exit code -9\)"
        ):
            results[0].get()
    assert worker.gone  # the feeder's write failed, quietly (it is joined as the pool closes)
    assert capfd.readouterr().err == ""


def test_a_task_that_cannot_be_pickled_is_the_callers_error_at_once():
    """Raised where it is submitted, not left to hang the answer that never comes."""
    with WorkerPool(1, _nothing, (), _square_or_fail) as pool:
        with pytest.raises((AttributeError, TypeError, pickle.PicklingError)):
            pool.submit(lambda: 1)
        assert pool.workers[0].sent == 0  # not counted: the least busy worker is still told apart
        assert pool.submit(4).get() == 16


def _asked(results: list, within: float) -> list | None:
    """The answers of results, asked for in order from a thread of their own; None if they do not all come
    within that many seconds (a test fails, rather than waits for ever on an answer that never comes)."""
    got: queue.SimpleQueue[list] = queue.SimpleQueue()
    asking = threading.Thread(target=lambda: got.put([r.get() for r in results]), daemon=True)
    asking.start()
    asking.join(timeout=within)
    return None if asking.is_alive() else got.get(timeout=5)


def _gated(task: tuple[str, str]) -> int:
    """A quick task, or one that waits until the test opens the gate (a file)."""
    kind, folder = task
    while kind == "wait" and not Path(folder, "open").exists():
        time.sleep(0.005)
    return os.getpid()


def test_a_task_goes_to_a_worker_that_has_answered_not_to_one_still_busy(tmp_path):
    """Answers are counted as they come, not as they are asked for. A run asks for them in order: while
    it waits on a busy worker's answer, the other worker's answers wait to be asked for. Were they
    counted only then, the two workers would look as busy, and the next task could go to the busy one
    (in turns, so that the quicker worker waited on the slower one, as it did)."""
    folder = str(tmp_path)
    with WorkerPool(2, _nothing, (), _gated) as pool:
        busy, free = pool.workers
        first = pool.submit(("wait", folder))  # the busy worker's, until the gate opens
        second = pool.submit(("quick", folder))  # the free one's: answered, not asked for
        deadline = time.monotonic() + 20
        while free.answers.empty():  # its answer has come (taken by the pool, not yet asked for)
            assert time.monotonic() < deadline, "the free worker's answer never came"
            time.sleep(0.01)
        third = pool.submit(("quick", folder))
        answers = _asked([second, third], within=20)
        Path(folder, "open").touch()
        assert answers is not None, "the third task went to the busy worker, behind the gate"
        assert answers == [free.process.pid, free.process.pid]
        assert first.get() == busy.process.pid


def test_a_signal_while_the_pool_closes_stops_its_workers_at_once():
    """Leaving the block by an interrupt kills the workers, even one that comes while closing waits for
    them to finish their tasks: none is left to the exit hook."""

    class Stop(Exception):
        pass

    def stop(*_: object) -> None:
        raise Stop

    previous = signal.signal(signal.SIGALRM, stop)
    try:
        pool = WorkerPool(1, _nothing, (), _sleep)
        pool.submit(30.0)  # closing waits for it
        (worker,) = pool.workers
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(Stop):
            pool.close()
        assert worker.process.exitcode == -signal.SIGKILL
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        pool.kill()


def test_a_send_waits_for_a_full_pipe_without_waiting_on_the_answers():
    """Tasks and answers larger than a pipe holds: the feeder's writes wait for the worker to take
    tasks, and the worker's answers are taken meanwhile, so neither waits on the other for ever."""
    big = [list(range(60_000)) for _ in range(8)]
    with WorkerPool(1, _nothing, (), _echo) as pool:
        results = [pool.submit(task) for task in big]
        assert [r.get() for r in results] == big


def test_submitting_never_waits_on_a_busy_workers_full_pipe(tmp_path):
    """Tasks far larger than a pipe holds, for a worker busy with a task that waits on a gate: each is
    handed to the worker's feeder, so the caller goes on while the worker is busy (in a run, to give the
    other workers their tasks), and every answer comes once the gate opens."""
    folder = str(tmp_path)
    gate = Path(folder, "open")
    opener = threading.Timer(20, gate.touch)  # were submitting to wait on the pipe, this would free it
    opener.start()
    try:
        with WorkerPool(1, _nothing, (), _gated_echo) as pool:
            first = pool.submit(("wait", folder, b""))
            big = [("quick", folder, bytes([i]) * _BIG) for i in range(4)]
            results = [pool.submit(task) for task in big]
            assert not gate.exists(), "submitting waited for the busy worker to take its tasks"
            gate.touch()
            answers = _asked([first, *results], within=30)
            assert answers is not None, "the answers never came"
            assert answers == [b"", *(task[2] for task in big)]
    finally:
        opener.cancel()


def test_a_feeder_whose_pipe_is_closed_mid_write_ends_quietly():
    """The pool's kill closes a pipe once its feeder is done; were a write to meet a pipe closed under it
    (a closed channel's write fails with OSError), the feeder ends, the worker taken for gone."""
    from amity.engine.workers import _Channel, _Worker

    closed = _Channel(*os.pipe())
    closed.close()
    worker = _Worker.__new__(_Worker)  # its feeder alone: no process
    worker.conn, worker.gone, worker.tasks = closed, False, queue.SimpleQueue()
    for item in (b"task", b"another", None):
        worker.tasks.put(item)
    worker._feed()  # returns: it took every item, the last one ending it
    assert worker.gone and worker.tasks.empty()


def _gated_echo(task: tuple[str, str, bytes]) -> bytes:
    kind, folder, data = task
    _gated((kind, folder))
    return data


def test_every_worker_is_forked_while_this_process_runs_no_other_thread(monkeypatch):
    """A fork copies only the thread that calls it: a lock another thread holds stays held in the child
    (Python 3.12 warns of it). So the feeders and readers start once every worker is forked."""
    import threading

    threads_at_fork: list[list[str]] = []  # the pool's (other tests may leave threads of their own running)
    fork = os.fork

    def counting_fork() -> int:
        threads_at_fork.append([t.name for t in threading.enumerate() if t.name.startswith("amity-")])
        return fork()

    monkeypatch.setattr(os, "fork", counting_fork)
    with WorkerPool(3, _nothing, (), _square_or_fail) as pool:
        assert [r.get() for r in [pool.submit(n) for n in range(6)]] == [n * n for n in range(6)]
    assert threads_at_fork == [[], [], []]


def test_a_pool_that_fails_while_forking_kills_what_it_started(monkeypatch):
    """A fork that fails part way: the workers already forked are killed, and nothing waits on threads
    that never started."""
    fork, forks = os.fork, []

    def failing_second_fork() -> int:
        forks.append(0)
        if len(forks) == 2:
            raise OSError("no more processes")
        pid = fork()
        forks[-1] = pid  # in this process: the worker's pid (in the worker, 0)
        return pid

    monkeypatch.setattr(os, "fork", failing_second_fork)
    with pytest.raises(OSError, match="no more processes"):
        WorkerPool(2, _nothing, (), _square_or_fail)
    first = forks[0]
    assert len(forks) == 2 and first > 0
    with pytest.raises(ChildProcessError):  # killed and reaped already: no child of that pid is left to wait for
        os.waitpid(first, os.WNOHANG)


def _fail_to_start() -> None:
    raise RuntimeError("the pack is not there")


def _unpicklable(n: int) -> object:
    return lambda: n


def test_a_worker_that_cannot_set_up_says_why_where_each_answer_is_asked_for(capfd):
    """Its set-up's error is the answer to each of its tasks, not a worker gone without a word."""
    with WorkerPool(1, _fail_to_start, (), _square_or_fail) as pool:
        results = [pool.submit(n) for n in range(2)]
        for result in results:
            with pytest.raises(RuntimeError, match="the pack is not there"):
                result.get()
    assert capfd.readouterr().err == ""  # and no traceback


def test_an_answer_that_cannot_be_sent_is_its_error_where_it_is_asked_for(capfd):
    with WorkerPool(1, _nothing, (), _unpicklable) as pool:
        result = pool.submit(1)
        with pytest.raises((AttributeError, TypeError, pickle.PicklingError)):
            result.get()
        with pytest.raises((AttributeError, TypeError, pickle.PicklingError)):  # and the worker goes on
            pool.submit(2).get()
        assert pool.workers[0].process.exitcode is None
    assert capfd.readouterr().err == ""


def _pid(_: object) -> int:
    return os.getpid()


def _pipes_held(pid: int) -> set[int]:
    """The pipes (by inode) a process holds a descriptor of."""
    held = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(FileNotFoundError):
            target = os.readlink(fd)
            if target.startswith("pipe:["):
                held.add(int(target[len("pipe:[") : -1]))
    return held


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads a process's descriptors from /proc")
def test_no_worker_holds_another_workers_pipes():
    """A worker forked after another inherits this process's ends of that one's pipes; it closes them, so
    that each pipe's ends are held by this process and its own worker alone (a worker sees the end of its
    tasks when this process is gone, not when the last worker is)."""
    with WorkerPool(3, _nothing, (), _pid) as pool:
        results = [pool.submit(n) for n in range(3)]  # one each: each has answered, its set-up done
        assert {r.get() for r in results} == {w.process.pid for w in pool.workers}
        own = {w.process.pid: {os.fstat(fd).st_ino for fd in (w.conn.reading, w.conn.writing)} for w in pool.workers}
        for pid, pipes in own.items():
            others = set().union(*(p for other, p in own.items() if other != pid))
            assert pipes <= _pipes_held(pid), "a worker lacks its own pipes"
            assert not (others & _pipes_held(pid)), f"worker {pid} holds another worker's pipe"


def test_a_message_is_read_whole_however_the_pipe_cuts_it():
    """Each message is its length, then its bytes, which a pipe gives in pieces of at most what it holds:
    both are read to their end, and a message whose sender is gone mid-way is the end of the channel."""
    from amity.engine.workers import _Channel

    reading, writing = os.pipe()
    channel_in, channel_out = _Channel(reading, -1), _Channel(-1, writing)
    message = bytes(range(256)) * 4_096  # 1 MiB: more than a pipe holds
    sender = threading.Thread(
        target=lambda: (channel_out.send_bytes(message), channel_out.send_bytes(b"")), daemon=True
    )
    try:
        sender.start()
        assert channel_in.recv_bytes() == message
        assert channel_in.recv_bytes() == b""
        sender.join(timeout=20)
        os.write(writing, (10).to_bytes(8, "little") + b"cut")  # ten bytes said, three sent, then the end
        channel_out.close()
        with pytest.raises(EOFError):
            channel_in.recv_bytes()
    finally:  # a sender still writing fails at once (EPIPE) rather than keep the test's process waiting
        channel_in.close()
        channel_out.close()


def test_a_message_is_written_whole_though_signals_cut_the_writes():
    """A write into a full pipe that a signal interrupts returns what it wrote so far: the rest is written
    after it, so the reader gets the whole message (its length said first, its bytes after)."""
    from amity.engine.workers import _Channel

    reading, writing = os.pipe()
    channel_in, channel_out = _Channel(reading, -1), _Channel(-1, writing)
    message = bytes(range(256)) * 16_384  # 4 MiB, written by this thread, the one signals interrupt
    got: queue.SimpleQueue[bytes] = queue.SimpleQueue()

    def slow_reader() -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # the writing thread's to take, not this one's
        time.sleep(0.05)  # let the pipe fill, so that the write waits and the signals cut it
        got.put(bytes(channel_in.recv_bytes()))

    interrupted = []
    previous = signal.signal(signal.SIGALRM, lambda *_: interrupted.append(1))
    reader = threading.Thread(target=slow_reader, daemon=True)
    try:
        reader.start()
        signal.setitimer(signal.ITIMER_REAL, 0.001, 0.001)
        channel_out.send_bytes(message)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    reader.join(timeout=20)
    assert interrupted, "no signal came while writing"
    assert got.get(timeout=1) == message
    channel_in.close()
    channel_out.close()


class _Unrebuildable:
    """Pickles, and fails to unpickle: ``pickle.loads`` calls ``_refuse``."""

    def __reduce__(self):
        return (_refuse, ())


def _refuse() -> None:
    raise ValueError("cannot rebuild this task")


class _Unpicklable(Exception):
    """An error that cannot be pickled (it holds a function made on the spot)."""

    def __init__(self) -> None:
        super().__init__("with a lambda")
        self.hook = lambda: None


def _fail_unpicklably(_: object) -> None:
    raise _Unpicklable


def test_a_task_the_worker_cannot_rebuild_is_its_error_and_the_worker_goes_on(capfd):
    with WorkerPool(1, _nothing, (), _echo) as pool:
        with pytest.raises(ValueError, match="cannot rebuild this task"):
            pool.submit(_Unrebuildable()).get()
        assert pool.submit([1, 2]).get() == [1, 2]
    assert capfd.readouterr().err == ""


def test_an_error_that_cannot_be_pickled_comes_back_in_words():
    with WorkerPool(1, _nothing, (), _fail_unpicklably) as pool:
        with pytest.raises(RuntimeError, match=r"_Unpicklable\('with a lambda'\), an error that cannot be pickled"):
            pool.submit(1).get()
        assert pool.workers[0].process.exitcode is None  # it goes on


def _exit_with(code: int) -> None:
    raise SystemExit(code)


def _print_then_exit(task: tuple[str, str]) -> None:
    import sys

    path, text = task
    # standard output on a file, as under `amity validate > out`: buffered, so that only a flush writes it
    sys.stdout = open(path, "w", encoding="utf-8")  # noqa: SIM115 - left open: the worker's exit must write it
    print(text)
    raise SystemExit(3)


def test_a_worker_that_exits_ends_with_its_code_and_what_it_printed(tmp_path):
    """os._exit flushes nothing and skips Python's handling of SystemExit: the worker does both itself."""
    printed = tmp_path / "stdout.txt"
    with WorkerPool(1, _nothing, (), _print_then_exit) as pool:
        result = pool.submit((str(printed), "the worker's last words"))
        (worker,) = pool.workers
        with pytest.raises(RuntimeError, match=rf"worker process {worker.process.pid} died \(exit code 3\)"):
            result.get()
    assert printed.read_text(encoding="utf-8") == "the worker's last words\n"


def _read_input(_: object) -> str:
    import sys

    return sys.stdin.read()


def test_a_worker_reads_no_input_of_this_process(tmp_path, monkeypatch):
    """Standard input is this process's (amity validate - reads it): a worker that reads it reads nothing."""
    source = tmp_path / "input.txt"
    source.write_text("this process's rows\n", encoding="utf-8")
    with open(source, encoding="utf-8") as given:
        monkeypatch.setattr("sys.stdin", given)
        with WorkerPool(1, _nothing, (), _read_input) as pool:
            assert pool.submit(0).get() == ""
        assert given.read() == "this process's rows\n"  # still there for this process
