"""The progress line of a long run: rows done (of the total, when known), the rate, the time left.

It is drawn on standard error only when that is a terminal, from the run's
first second on, and redrawn by a ticker thread at least once a second, even
while a slow batch holds every row back. The total comes from counting the
file's rows in another thread (a Parquet file's footer says it at once); it
is not known for standard input or for YAML and JSON lists.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import IO

__all__ = ["Progress", "count_rows", "render"]


def count_rows(path: str, fmt: str | None) -> int | None:
    """How many rows a dataset file holds, as far as counting lines tells; None when that cannot tell.

    CSV and TSV: the lines that are not blank, less the header (a cell that
    spans lines makes this an overestimate). JSON Lines: the lines that are
    not blank. Parquet: its footer. YAML and JSON lists, and standard input: None.
    """
    from amity.engine.dataset import input_format
    from amity.engine.errors import AmityError

    if path == "-":
        return None
    try:
        fmt = input_format(path, fmt)  # as given, else by the file's extension: as the reading decides it
    except AmityError:
        return None
    if fmt == "parquet":
        from amity.engine.tables import parquet_row_count

        return parquet_row_count(path)
    if fmt not in ("csv", "tsv", "jsonl"):
        return None
    try:
        with open(path, "rb") as handle:
            lines = sum(1 for line in handle if line.strip())
    except OSError:  # the reading itself reports what is wrong
        return None
    return max(0, lines - 1) if fmt in ("csv", "tsv") else lines


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def render(rows: int, elapsed: float, total: int | None) -> str:
    """The progress line: rows done (of the total), the rate, the time left."""
    rate = rows / elapsed if elapsed > 0 else 0.0
    if total is not None and total >= rows and total > 0:
        done = f"{rows:,} of {total:,} {'row' if total == 1 else 'rows'} ({100 * rows / total:.0f}%)"
        left = f"{_duration((total - rows) / rate)} left" if rate > 0 else "time left unknown"
        return f"amity: {done} · {rate:,.0f} rows/s · {left}"
    return f"amity: {rows:,} {'row' if rows == 1 else 'rows'} · {rate:,.0f} rows/s · {_duration(elapsed)} so far"


class Progress:
    """Call it with the rows done so far; call ``done()`` when the run ends (it stops the ticker).

    ``total`` is a number of rows, or a function that counts them (called once,
    in a thread). The threads start at the first call, which ``validate_rows``
    makes when the run begins, after any worker processes have been started: no
    process is forked while a thread of this runs.
    """

    def __init__(
        self,
        enabled: bool,
        total: int | Callable[[], int | None] | None = None,
        *,
        stream: IO[str] | None = None,
        interval: float = 0.5,
        delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.total: int | None = total if isinstance(total, int) else None
        self._count = total if callable(total) else None
        self.interval = interval
        self.delay = delay
        self.clock = clock
        self.start = clock()
        self.rows = 0
        self.shown = False
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def __call__(self, rows: int) -> None:
        if not self.enabled:
            return
        self.rows = rows
        if not self._threads:
            self._begin()

    def _begin(self) -> None:
        ticker = threading.Thread(target=self._tick, name="amity-progress", daemon=True)
        self._threads.append(ticker)
        if self._count is not None:
            counter = threading.Thread(target=self._counted, name="amity-count", daemon=True)
            self._threads.append(counter)
            counter.start()
        ticker.start()

    def _counted(self) -> None:
        assert self._count is not None
        self.total = self._count()

    def _tick(self) -> None:
        while not self._stop.wait(self.interval):
            self.draw()

    def draw(self) -> None:
        """Write the line now (from the run's first second on)."""
        elapsed = self.clock() - self.start
        if elapsed < self.delay:
            return
        with self._lock:
            if not self._stop.is_set():
                self._write(elapsed)

    def _write(self, elapsed: float) -> None:
        self.stream.write("\r" + render(self.rows, elapsed, self.total) + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        """Stop the ticker; if a line was drawn, draw it once more with the final count and end it."""
        with self._lock:
            self._stop.set()
        for thread in self._threads:
            if thread.name == "amity-progress":
                thread.join()
        if self.shown:
            self._write(self.clock() - self.start)
            self.stream.write("\n")
            self.stream.flush()
