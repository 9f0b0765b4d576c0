"""Writing output files safely (the progress line is in progress.py).

A regular file (or a new path) is written atomically: to a temporary ``.part``
file beside it, renamed over it when complete, keeping the old file's mode. A
symbolic link is written through, to its target. Anything else (a terminal, a
pipe, ``/dev/null``, ``/dev/stdout``, a FIFO, a device) is written as a stream:
it is never replaced by a regular file.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import signal
import stat
import sys
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click
from amity.engine.errors import AmityError, Location, Problem, UsageError


class OutputError(AmityError):
    """An output could not be written (a full disk, a closed device): exit 2."""

    exit_code = 2


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def is_stream(path: str | None) -> bool:
    """Whether path is standard output or something that is not a regular file (written as it goes).

    A name of standard output (``/dev/stdout``, ``/dev/fd/1``) is one even when the shell
    sent standard output to a regular file (``> results.jsonl``, ``>> all.jsonl``).
    """
    if path is None or path == "-":
        return True
    found = _stat(path)
    if found is None or stat.S_ISDIR(found.st_mode):  # a folder is no stream: check_target says so
        return False
    return not stat.S_ISREG(found.st_mode) or _same(found, _fstat(sys.stdout))


def writes_stdout(path: str | None) -> bool:
    """Whether results sent to path end up on standard output (then the summary goes to stderr)."""
    return path is None or path == "-" or _same(_stat(path), _fstat(sys.stdout))


def is_terminal(path: str | None) -> bool:
    """Whether results sent to path show on a terminal: standard output that is one (however it is
    named: none, '-', ``/dev/stdout``), or a path that names one (``/dev/tty``). A pipe, a file the
    shell redirects to, ``/dev/null`` are not: bytes that are no text may go there."""
    if path is None or path == "-" or writes_stdout(path):
        try:
            return sys.stdout.isatty()
        except (ValueError, AttributeError):  # closed, or no real stream
            return False
    found = _stat(path)
    if found is None or not stat.S_ISCHR(found.st_mode):
        return False
    try:  # only a character device can be a terminal; opening one neither blocks nor makes it ours
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


def check_target(path: str | None, option: str) -> None:
    """Fail early, before any work, if an output file could not be written at path."""
    if is_stream(path):
        return
    assert path is not None
    target = Path(os.path.realpath(path))  # a symbolic link is written through, in its target's folder
    folder = target.parent
    if os.path.isdir(path):
        raise UsageError(Problem(f"{option} '{path}' is a folder", Location(path), "name a file in it"))
    if not folder.is_dir():
        raise UsageError(
            Problem(f"{option}: cannot write '{path}': no folder '{folder}'", Location(path), "create the folder first")
        )
    if not os.access(folder, os.W_OK):
        raise UsageError(
            Problem(f"{option}: cannot write in folder '{folder}'", Location(path), "check its permissions")
        )
    try:
        most = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):  # a file system that does not say: the write itself will tell
        most = None
    size = len(os.fsencode(target.name))
    written = len(os.fsencode(_part_name(target)))  # the name the file is written under first
    if most is not None and written > most:
        longer = written - size
        why = (
            f"this file system takes at most {most:,}"
            if size > most
            else f"amity writes the file first under a name {longer} bytes longer,"
            f" and this file system takes at most {most:,}"
        )
        raise UsageError(
            Problem(
                f"{option}: the file name is too long ({size:,} bytes; {why})",
                Location(path[:60] + "..." if len(path) > 63 else path),
                f"choose a name of at most {most - longer:,} bytes",
            )
        )
    _check_creatable(path, folder, option)


def _random_part() -> str:
    """The 8 random characters of a new file's name."""
    return os.urandom(4).hex()


def new_file(folder: Path | str, prefix: str, suffix: str) -> tuple[int, str]:
    """A file created in folder for this process alone, readable by its owner only, of a name no file had:
    prefix, 8 random characters, suffix; its descriptor (open for writing) and path. What
    ``tempfile.mkstemp`` makes, without importing tempfile (and shutil and random) at every start for the one
    function (bench/README.md, "Start-up")."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):  # a name taken (one chance in 4 billion) is drawn again, as mkstemp does
        path = os.path.join(folder, f"{prefix}{_random_part()}{suffix}")
        try:
            return os.open(path, flags | getattr(os, "O_BINARY", 0), 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no name left for a new file", str(folder))


def _check_creatable(path: str, folder: Path, option: str) -> None:
    """Refuse a folder that takes no new file although it is there and writable (``/proc``, ``/sys``,
    a full disk): a file is created in it and removed, as the output's own ``.part`` file will be."""
    try:
        fd, probe = new_file(folder, f".amity.{os.getpid()}.", ".part")
    except OSError as exc:
        raise UsageError(
            Problem(
                f"{option}: cannot write '{path}': no new file can be created in folder '{folder}'"
                f" ({exc.strerror or exc})",
                Location(path),
                f"name a file in a folder where you can create files, e.g. ./{Path(path).name}",
            )
        ) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)


def kept_in(path: str) -> str:
    """Where a saved file went, read after 'is' or 'are': 'saved in answers.yaml'; for what is no file (a
    device, a pipe), what happened to it: '--save /dev/null' said it was saved there."""
    if is_kept(path):
        return f"saved in {path}"
    if _same(_stat(path), _stat(os.devnull)):
        return f"sent to {path}, which keeps nothing"
    return f"sent to {path}, which is not a file: nothing is kept there to read back"


def is_kept(path: str) -> bool:
    """Whether what is written at path stays there as a file, to be read back (resumed, assessed)."""
    found = _stat(path)
    return found is None or stat.S_ISREG(found.st_mode)


def _same(a: os.stat_result | None, b: os.stat_result | None) -> bool:
    return a is not None and b is not None and os.path.samestat(a, b)


def check_distinct(outputs: Iterable[tuple[str, str | None]], inputs: Iterable[tuple[str, str]]) -> None:
    """Refuse to write over an input, or to write two outputs to one file.

    ``outputs`` and ``inputs`` are (option, path) pairs; '-' as an input is standard input.
    Files are compared by identity (device and inode, so links and other spellings count),
    and paths that do not exist yet by their resolved names.
    """
    named = [(option, path) for option, path in outputs if path is not None and path != "-"]
    for option, path in named:
        out = _stat(path)
        if out is not None and not (stat.S_ISREG(out.st_mode) or stat.S_ISFIFO(out.st_mode)):
            continue  # a terminal or a device is a stream, not a file to lose
        for what, source in inputs:
            found = _stat(source) if source != "-" else _fstat(sys.stdin)
            if _same(out, found):
                raise UsageError(
                    Problem(
                        f"{option} '{path}' is the input {what}: writing it would destroy the data being read",
                        Location(path),
                        "write the results to another file",
                    )
                )
    for i, (option_a, a) in enumerate(named):
        for option_b, b in named[i + 1 :]:
            if _same(_stat(a), _stat(b)) or os.path.realpath(a) == os.path.realpath(b):
                if is_stream(a):
                    continue
                raise UsageError(
                    Problem(
                        f"{option_b} '{b}' is the same file as {option_a} '{a}': one would overwrite the other",
                        Location(b),
                        f"give {option_b} a file of its own",
                    )
                )


def check_read_once(paths: Iterable[str]) -> None:
    """Refuse a stream named twice among the inputs: standard input under two names ('-' and /dev/stdin), a
    named pipe, a terminal. It can be read only once: the second name found it read to its end and said
    "the file is empty" (a pipe), or waited for more (a terminal, a named pipe with no writer left).

    Names are compared by identity (device and inode), as ``check_distinct`` compares them; a regular file
    named twice (also through /dev/stdin) can be read again, and /dev/null is always empty.
    """
    named: dict[tuple[int, int], list[str]] = {}
    for path in paths:
        found = _fstat(sys.stdin) if path == "-" else _stat(path)
        if found is None or not (
            stat.S_ISFIFO(found.st_mode) or stat.S_ISSOCK(found.st_mode) or stat.S_ISCHR(found.st_mode)
        ):
            continue
        if _same(found, _stat(os.devnull)):
            continue
        names = named.setdefault((found.st_dev, found.st_ino), [])
        names.append(path)
        if len(names) == 2:
            stdin = _fstat(sys.stdin)
            what = "standard input" if _same(found, stdin) else f"'{names[0]}'"
            kind = (
                "a terminal"
                if stat.S_ISCHR(found.st_mode)
                else "a pipe"
                if stat.S_ISFIFO(found.st_mode)
                else "a stream"
            )
            raise UsageError(
                Problem(
                    f"{what} is named twice ('{names[0]}' and '{path}'): {kind} can be read only once",
                    Location(path),
                    "name it once, or save the input to a file and name the file",
                )
            )


def _fstat(stream: IO[str]) -> os.stat_result | None:
    try:
        return os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):  # no real file (e.g. under a test runner)
        return None


#: what this run has written whole, in words ('out.yaml', 'the pack my-course/ (11 files)'): said when standard
#: output fails afterwards, so that the user knows what stands and what was lost (the run exits 2 all the same)
WRITTEN: list[str] = []


def written(what: str) -> None:
    """Note that ``what`` is written whole (a file, or a pack's folder), in case standard output fails later."""
    WRITTEN.append(what)


def written_before() -> str | None:
    """What to say, when standard output has failed, about what was written whole before it; None if nothing was."""
    if not WRITTEN:
        return None
    return f"amity: written in full before standard output failed: {', '.join(WRITTEN)}"


def _failed(path: str, exc: OSError) -> OutputError:
    where = "standard output" if path == "-" else f"'{path}'"
    hint = "free some space, or write elsewhere" if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) else None
    return OutputError(
        Problem(f"cannot write {where}: {exc.strerror or exc}", Location("<stdout>" if path == "-" else path), hint)
    )


def write_stdout(text: str, *, err: bool = False) -> None:
    """click.echo, with a full disk or a closed device on standard output a located error.

    Standard output is written in whole lines, as ``atomic_output`` writes it (`amity validate`'s rows): a stop
    signal waits for the end of the line being written (``in_whole_lines``), so that a reader of a pipe
    (`amity assess -f jsonl ... | jq`) is never left half a line."""
    if not err:
        out = _Checked(sys.stdout, "-", lines=True)
        out.write(text)
        out.flush()
        return
    try:
        click.echo(text, nl=False, err=err)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _failed("-", exc) from None


class ClosedOutput(io.TextIOBase):
    """Standard output when the caller closed it (``amity assess FILE >&-``): Python then has none, and
    click wrote nothing, exit 0 (the results lost unsaid), or amity failed as an internal error. Writing
    here fails as a full disk does: ``error: <stdout>: cannot write standard output: ...``, exit 2."""

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it is closed (send it to a file, or to /dev/null to discard it)")


def silence_stdout(*, stderr: bool = False) -> None:
    """Point standard output (and STDERR: standard error too) at /dev/null, so that the interpreter's last
    flush cannot fail again (it exits 120 when it does)."""
    for stream, wanted in ((sys.stdout, True), (sys.stderr, stderr)):
        if wanted:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())


# --------------------------------------------------------------------------- partial files


def _part_prefix(target: Path) -> str:
    return f".{target.name}."


def _part_name(target: Path) -> str:
    """The longest name of target's partial file, whatever the process: a process id has at most 7 digits
    (Linux's greatest, 4194304), and ``new_file`` adds 8 random characters."""
    return f"{_part_prefix(target)}{'9' * 7}.{'x' * 8}.part"


def _owner_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but another user's
        return True
    return True


def remove_stale_parts(target: Path) -> list[Path]:
    """Remove the partial files of target left by runs that were killed (SIGKILL, a crash).

    A partial file is named ``.<name>.<pid>.<random>.part``; one whose process is
    gone can only be left over. Those of a run still going are left alone.
    """
    removed = []
    prefix = _part_prefix(target)
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".part")):
            continue
        pid = name[len(prefix) :].split(".", 1)[0]
        if not pid.isdigit() or _owner_alive(int(pid)):
            continue
        with contextlib.suppress(FileNotFoundError):
            entry.unlink()
            removed.append(entry)
    return removed


#: the signals that stop a run (``main.stop_signals``): Ctrl-C, a plain kill, and SIGHUP (the terminal closed)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
#: how long a run stopped while it writes to a stream waits for the reader to take the rest of the line
LINE_GRACE = 2.0
#: the most written at once to a stream, that a stop signal waits for: up to the end of a line past it
_PIECE = 1 << 16


def in_whole_lines(write: Callable[[memoryview], int | None], data: bytes) -> int:
    """Write data with ``write`` (a binary stream's), so that a stop signal (Ctrl-C, SIGTERM) ends it at the end of
    a line, not in the middle of one: the signal waits for the line being written, then stops the run as it
    would have. A stream cannot be taken back, and a reader of the rows (a pipe to a program) was left a last
    row cut short. A reader that takes nothing for ``LINE_GRACE`` seconds after the signal does not hold the
    run: it stops there. A write that a signal cut short returns what it wrote; the rest is written after it.
    A signal held until a save is done (``held_signals``) is handed on at the end of the line, and the rest of
    the data is written: a save is written whole."""
    stops = {s: h for s in STOP_SIGNALS if callable(h := signal.getsignal(s))}  # amity's own, during a run
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGALRM) is not (
        signal.SIG_DFL
    ):  # signals are the main thread's; an alarm someone else set (a test's time limit) is left alone
        stops = {}
    caught: list[int] = []

    def hold(signum: int, frame: Any) -> None:
        if not caught:
            caught.append(signum)
            signal.setitimer(signal.ITIMER_REAL, LINE_GRACE)

    def give_up(signum: int, frame: Any) -> None:  # the reader took nothing: stop mid-line, as before
        stops[caught[0]](caught[0], frame)

    view = memoryview(data)

    def put(start: int, end: int) -> int:
        """Write data[start:end]; where it ends: what the write took."""
        taken = write(view[start:end])
        if not taken:  # a stream that takes nothing now (made non-blocking by another program)
            raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))
        return start + taken

    start = 0
    alarm: Any = None
    try:  # the handlers are put in place within: a signal that comes meanwhile leaves none of them behind
        if stops:
            alarm = signal.signal(signal.SIGALRM, give_up)
            for s in stops:
                signal.signal(s, hold)
        while start < len(data) and not (caught and (start == 0 or data[start - 1 : start] == b"\n")):
            end = data.find(b"\n", start if caught else start + _PIECE)  # a line's end, or a piece's
            start = put(start, len(data) if end < 0 else end + 1)
    finally:
        if caught:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if alarm is not None:
            signal.signal(signal.SIGALRM, alarm)
        for s, handler in stops.items():
            if signal.getsignal(s) is hold:  # not if the run was stopped meanwhile (its handler ignores more)
                signal.signal(s, handler)
    if caught:  # stops the run; a handler that holds the signal until a save is done (held_signals) returns
        stops[caught[0]](caught[0], None)
    while start < len(data):  # held: the rest is written, whole
        start = put(start, len(data))
    return len(data)


#: the encoder of each text stream written under as bytes (``_Checked.write``): one per stream, for all the writes
#: to it, so that a byte order mark (PYTHONIOENCODING=utf-16, utf-32, utf-8-sig) is written where the text stream
#: itself writes one, once; text encoded a write at a time carried one before every write
_ENCODERS: weakref.WeakKeyDictionary[IO[str], codecs.IncrementalEncoder] = weakref.WeakKeyDictionary()


def _encoder_of(stream: IO[str]) -> codecs.IncrementalEncoder:
    """The incremental encoder kept for ``stream``, which writes no byte order mark: the text stream writes its
    own start, by writing nothing through it. So the mark is where Python puts it (at a file's start; not past
    it, nor, for UTF-16 and UTF-32, on a pipe; once), whether the text stream was written before or not."""
    encoder = _ENCODERS.get(stream)
    if encoder is None:
        encoder = codecs.getincrementalencoder(stream.encoding)(stream.errors or "strict")
        stream.write("")
        stream.flush()
        encoder.setstate(0)  # past the start, as TextIOWrapper sets its own encoder where its file is
        with contextlib.suppress(TypeError):  # a stream that cannot be referred to weakly gets one per write
            _ENCODERS[stream] = encoder
    return encoder


class _Checked:
    """A text stream whose failed writes (a full disk, a closed device) are located errors; written to a stream
    (``lines``), a stop signal waits for the end of the line being written (``in_whole_lines``)."""

    def __init__(self, stream: IO[str], path: str, *, lines: bool = False) -> None:
        self.stream = stream
        self.path = path
        self.lines = lines

    def write(self, text: str) -> int:
        try:
            if self.lines and self._lines_of() is not None:
                self.write_bytes(_encoder_of(self.stream).encode(text))
                return len(text)
            return self.stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _failed(self.path, exc) from None

    def write_bytes(self, data: bytes) -> int:
        """UTF-8 written under the text stream, after what was written as text."""
        try:
            self.stream.flush()
            buffer: IO[bytes] = self.stream.buffer  # type: ignore[attr-defined]
            if self.lines and self._lines_of() is not None:
                return in_whole_lines(buffer.write, data)
            return buffer.write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _failed(self.path, exc) from None

    def _lines_of(self) -> IO[bytes] | None:
        """The binary stream under the text stream, written in whole lines (``in_whole_lines``) where signals
        can stop a write (POSIX, where a text stream's line ends are written as they are)."""
        buffer = getattr(self.stream, "buffer", None)
        return buffer if hasattr(signal, "setitimer") and buffer is not None else None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _failed(self.path, exc) from None

    def __getattr__(self, name: str) -> Any:  # fileno, buffer (Parquet writes bytes to it), ...
        return getattr(self.stream, name)


class _WrittenBack(_Checked):
    """The file of an atomic output, sent on to the disk as its text is written.

    Every few MiB written through ``write`` or ``write_bytes`` (text, CSV, TSV,
    JSON; not Parquet, whose writer writes to ``buffer`` itself), the kernel is
    asked to start writing back what was written since: on Linux, advising
    ``POSIX_FADV_DONTNEED`` starts the writeback of dirty pages without waiting
    for it (Python has no ``sync_file_range``). The fsync that ends the output,
    which is what makes the file durable, then has little left to wait for: a
    run that writes a large file does not end with a pause while it reaches the disk.
    """

    EVERY = 8 << 20  # characters (bytes, for UTF-8 that is mostly ASCII)

    def __init__(self, stream: IO[str], path: str) -> None:
        super().__init__(stream, path)
        self.since_hint = 0  # written since the last hint
        self.hinted_to = 0  # the offset the hints have reached

    def write(self, text: str) -> int:
        n = super().write(text)
        self._written(len(text))
        return n

    def write_bytes(self, data: bytes) -> int:
        n = super().write_bytes(data)
        self._written(len(data))
        return n

    def _written(self, size: int) -> None:
        self.since_hint += size
        if self.since_hint < self.EVERY or not hasattr(os, "posix_fadvise"):
            return
        self.flush()
        fd = self.stream.fileno()
        end = os.lseek(fd, 0, os.SEEK_CUR)
        with contextlib.suppress(OSError):  # only a hint
            os.posix_fadvise(fd, self.hinted_to, end - self.hinted_to, os.POSIX_FADV_DONTNEED)
        self.hinted_to, self.since_hint = end, 0


@contextmanager
def atomic_output(path: str | None, option: str = "--output") -> Iterator[IO[str]]:
    """A file that appears whole at path when the block succeeds, and not at all otherwise.

    None or '-' is standard output, and so is a path that names it (``/dev/stdout``): it is
    written through amity's own standard output, never opened again (which would truncate a
    file the shell appends to, ``>> all.jsonl``) nor replaced (which would lose that file's
    earlier lines). A path that is not a regular file (a device, a FIFO) is opened and
    written as a stream. A symbolic link is written through to its target. An existing
    file keeps its mode.
    """
    if path is None or path == "-" or writes_stdout(path):
        out = _Checked(sys.stdout, "-", lines=True)
        yield out  # type: ignore[misc]
        out.flush()
        return
    check_target(path, option)
    if is_stream(path):
        try:
            stream = open(path, "w", encoding="utf-8", errors="backslashreplace", newline="")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise _failed(path, exc) from None
        try:
            yield _Checked(stream, path, lines=True)  # type: ignore[misc]
        finally:
            try:
                stream.close()
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise _failed(path, exc) from None
        return
    target = Path(os.path.realpath(path))  # through a symbolic link, to the file it names
    for stale in remove_stale_parts(target):
        click.echo(f"amity: removed '{stale}', left by a run that was killed", err=True)
    existing = _stat(str(target))
    try:
        fd, tmp = new_file(target.parent, f"{_part_prefix(target)}{os.getpid()}.", ".part")
    except OSError as exc:
        raise _failed(path, exc) from None
    try:
        handle = os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="")  # as stdout (cli.run)
        try:
            yield _WrittenBack(handle, path)  # type: ignore[misc]
        except BaseException:
            with contextlib.suppress(OSError):  # flushing may fail too (a full disk): the file goes anyway
                handle.close()
            raise
        try:
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            if existing is not None:  # keep the file's mode (and, where allowed, its owner)
                os.chmod(tmp, stat.S_IMODE(existing.st_mode))
                with contextlib.suppress(OSError):
                    os.chown(tmp, existing.st_uid, existing.st_gid)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, target)
            written(path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                handle.close()
            raise _failed(path, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
