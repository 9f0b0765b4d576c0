"""The ``amity`` command. It parses options, calls the library, and reports.

Exit codes: 0 success; 1 a broken rule pack or an internal failure; 2 bad
input, an unknown pack, bad usage, or an unwritable output; 130/143 interrupted.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import functools
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, TypeVar

import click
from amity.engine import ENGINES, AmityError, Assessor, InputError, UsageError, load_pack
from amity.engine.errors import CasesNotAPack, PackNotFound, Problem, closest, did_you_mean
from amity.engine.vocabulary import load_schema, schema_names
from amity.engine.workers import WorkerLost

from .output import (
    STOP_SIGNALS,
    WRITTEN,
    OutputError,
    check_read_once,
    silence_stdout,
    write_stdout,
    written_before,
)
from .reporters import ASSESSMENT_FORMATS, assessment_reporter
from .reporters.common import fitting_echo, fitting_read, plural, terminal_safe, terminal_width
from .reporters.json_reporter import dumps, json_lines

if TYPE_CHECKING:
    from amity.engine.packtest import Coverage

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES = """\b
Exit codes:
  0  success
  1  a broken rule pack, or an internal failure
  2  bad input, an unknown pack (or a file that is none), bad usage, or an output that cannot be written
  129, 130, 143  interrupted (SIGHUP: the terminal closed; SIGINT; SIGTERM)"""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # only for --version: it costs start-up time

    try:
        return version("amity")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from amity.engine import BUILD  # how this installation runs the rules (setup.py): the same results

        click.echo(f"amity, version {_version()} ({BUILD})")
        ctx.exit()


def exit_code(error: AmityError) -> int:
    """2 for what the user asked or gave (input, usage, a pack that does not exist, an output that
    cannot be written); 1 for a broken pack."""
    if isinstance(error, (InputError, UsageError, PackNotFound, OutputError)):
        return 2
    return 1


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM reached amity: the run stops, cleans up, and exits 128 + the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: Any) -> None:
    # the first signal starts the shutdown; a second one must not interrupt its cleanup
    for s in STOP_SIGNALS:
        signal.signal(s, signal.SIG_IGN)
    raise Interrupted(signum)


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """While a command runs, SIGINT and SIGTERM raise Interrupted (in the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # a signal the caller ignores stays ignored (a background job's SIGINT: Ctrl-C is for the foreground)
    previous = {s: signal.getsignal(s) for s in STOP_SIGNALS if signal.getsignal(s) is not signal.SIG_IGN}
    for s in previous:
        signal.signal(s, _stop)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """A stop signal that comes during the block waits until it is done, then stops the run as it would have.

    For a save that must not be cut short: a closed terminal ends the input and sends SIGHUP at once, and
    the SIGHUP landed in the middle of writing the interview's answers, which were then not written.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {s: signal.getsignal(s) for s in STOP_SIGNALS}
    for s, handler in previous.items():
        if handler is _stop:  # an ignored signal stays ignored (a second one, during the shutdown)
            signal.signal(s, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if caught:
        _stop(caught[0], None)


#: the errors only writing gives: a full disk, a quota, a file past its size limit; and a standard output the
#: caller closed (``output.ClosedOutput``: amity reads no file by descriptor, so no reading fails so)
WRITE_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EBADF)


def stdout_unwritable(exc: OSError) -> NoReturn:
    """Standard output cannot be written (a full disk): say so, located, and exit 2."""
    click.echo(f"error: <stdout>: cannot write standard output: {exc.strerror}", err=True)
    kept = written_before()
    if kept is not None:
        click.echo(kept, err=True)
    silence_stdout()  # what is still buffered for it would fail again at exit
    sys.exit(2)


def report_errors(func: F) -> F:
    """Turn library errors into located messages and exit codes, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with stop_signals():
            return _reported(func, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _reported(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    WRITTEN.clear()  # this run's (a test runs many in one process)
    try:
        return func(*args, **kwargs)
    except AmityError as exc:
        for problem in exc.problems:
            flag = f" [--{problem.option.replace('_', '-')}]" if problem.option else ""
            click.echo(terminal_safe(f"error: {problem}{flag}"), err=True)
        if len(exc.problems) > 1:
            click.echo(f"{len(exc.problems):,} errors", err=True)
        if any(p.location.file == "<stdout>" for p in exc.problems):
            kept = written_before()
            if kept is not None:
                click.echo(kept, err=True)
            silence_stdout()  # what is still buffered for it would fail again at exit
        sys.exit(exit_code(exc))
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except OSError as exc:
        if exc.errno not in WRITE_ERRORS:
            raise _internal(exc) from None
        stdout_unwritable(exc)
    except WorkerLost as exc:  # killed from outside, most often by the system when memory runs out
        click.echo(f"error: {exc}: the run stopped", err=True)
        click.echo(
            "amity: a worker is killed so only from outside amity (say, by the system when memory runs out); "
            "run again, with fewer jobs (--jobs 1) if memory is short",
            err=True,
        )
        sys.exit(1)
    except KeyboardInterrupt as exc:  # Ctrl-C (SIGINT), SIGTERM or a closed terminal (SIGHUP): 130, 143, 129
        try:
            click.echo("amity: interrupted", err=True)
            sys.stdout.flush()
        except (OSError, ValueError):  # the terminal is gone: no one reads it, and the last flush must not fail
            silence_stdout(stderr=True)
        sys.exit(128 + getattr(exc, "signum", signal.SIGINT))
    except (click.exceptions.Exit, click.ClickException, click.Abort):
        raise
    except Exception as exc:  # an internal failure: say so plainly
        raise _internal(exc) from None


def _internal(exc: Exception) -> BaseException:
    if os.environ.get("AMITY_DEBUG"):
        return exc
    click.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
    click.echo("this is a bug in amity; run again with AMITY_DEBUG=1 for the details and report it", err=True)
    return SystemExit(1)


class HintingGroup(click.Group):
    """A group that points the words users try for its commands at the command meant (``SYNONYMS``: a word,
    and the command's path under the group), in click's own "No such command" error.

    Click's own "did you mean" finds misspellings (``lnt``), not synonyms
    (``scaffold``) nor a command of a subgroup (``amity lint`` for ``amity pack
    lint``). The words are not made aliases: one name is taught by the help, the
    README and a course's handouts, and an error that teaches it keeps it so.
    """

    SYNONYMS: ClassVar[dict[str, str]] = {}

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as exc:
            meant = self.SYNONYMS.get(exc.command_name.casefold())
            # nothing near, to click: a command cut short, or a synonym's typo?
            if meant is None and not exc.possibilities:
                commands = self.list_commands(ctx)
                near = closest(exc.command_name.casefold(), [*commands, *self.SYNONYMS])
                if near in commands:  # 'amity int': interview (click's likeness of spelling finds none)
                    raise click.exceptions.NoSuchCommand(
                        exc.command_name, f"No such command {exc.command_name!r}. Did you mean {near!r}?", ctx=ctx
                    ) from None
                meant = self.SYNONYMS[near] if near else None  # 'amity pack tset': amity test
            if meant is None:
                raise
            # a path under this group, or one from the top ('amity test' from 'amity pack')
            top = meant.startswith("amity ")
            group = ctx.find_root() if top else ctx
            command: click.Command | None = group.command
            for part in meant.split()[1:] if top else meant.split():
                command = command.get_command(ctx, part) if isinstance(command, click.Group) else None
            usage = " ".join(command.collect_usage_pieces(ctx)) if command is not None else "--help"
            path = meant if top else f"{ctx.command_path} {meant}"
            raise click.exceptions.NoSuchCommand(
                exc.command_name,
                f"No such command {exc.command_name!r}. Did you mean {meant!r}? (usage: {path} {usage})",
                ctx=ctx,
            ) from None


class AmityGroup(HintingGroup):
    """amity's commands: an instructor's words for the pack toolkit point at ``amity pack ...``."""

    SYNONYMS: ClassVar[dict[str, str]] = {
        **dict.fromkeys(("scaffold", "init", "new", "create"), "pack new"),
        "lint": "pack lint",
        "doc": "pack doc",
        "docs": "pack doc",
        "diff": "pack diff",
    }


@click.group(
    cls=AmityGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES
    + " (amity interview saves the answers first)\n  amity serve exits 0 on Ctrl-C or SIGTERM: that is how it stops",
)
@click.option(
    "--version", "-V", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
    help="Show the version and exit.",
)  # fmt: skip
def main() -> None:
    """amity: classify relationships between states, check their labels, and explain why.

    It forward-chains over a declarative rule pack (by default the bundled
    'core' pack) to infer a relationship's level, its risks, whether it is
    used to hedge, and whether its official label is inflated or deflated.
    """


class RefusedValue(click.BadParameter):
    """A value an option or argument refuses, said in amity's form, as every other error is: one line that names
    the option, what it was given and what it expects, with the nearest choice (click's own said 'Invalid value
    for ...' under a usage screen, and suggested nothing). Exits 2, as bad input does."""

    def __init__(self, problem: Problem, ctx: click.Context | None, param: click.Parameter | None) -> None:
        super().__init__(str(problem), ctx=ctx, param=param)
        self.problem = problem

    def show(self, file: Any = None) -> None:
        click.echo(terminal_safe(f"error: {self.problem}"), err=True)


def _named(param: click.Parameter | None) -> str:
    """How the command line names a parameter: an option by its long name (--format), an argument by its metavar."""
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return param.human_readable_name if param is not None else "the value"


def _given(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


class _InAmitysForm(click.ParamType):
    """A click type whose refusal is a ``RefusedValue``: what it expects, and a suggestion where one fits."""

    expected: str

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            problem = Problem(f"{_named(param)} {_given(value)}: expected {self.expected}", suggestion=self.hint(value))
            raise RefusedValue(problem, ctx, param) from None

    def hint(self, value: Any) -> str | None:
        return None


class Choice(_InAmitysForm, click.Choice):
    """click's Choice, refused in amity's form, with the choice a slip most likely meant ('jsn': 'json')."""

    def __init__(self, choices: Iterable[str]) -> None:
        click.Choice.__init__(self, list(choices))
        self.expected = f"one of {', '.join(map(str, self.choices))}"

    def hint(self, value: Any) -> str | None:
        return did_you_mean(value, [str(c) for c in self.choices])


class WholeNumber(_InAmitysForm, click.IntRange):
    """A whole number from ``least`` up (to ``most``), refused in amity's form: ``what`` says what it is."""

    def __init__(self, least: int, what: str, most: int | None = None) -> None:
        click.IntRange.__init__(self, min=least, max=most)
        self.expected = f"a whole number from {least} " + ("up" if most is None else f"to {most}") + f": {what}"


class Percentage(_InAmitysForm, click.FloatRange):
    """A percentage from 0 to 100, refused in amity's form."""

    def __init__(self) -> None:
        click.FloatRange.__init__(self, 0, 100)
        self.expected = "a percentage from 0 to 100"


engine_option = click.option(
    "--engine",
    type=Choice(sorted(ENGINES)),
    default="python",
    show_default=True,
    help="The evaluator: amity's own (python), or experta, the reference engine (slower; the same results).",
)

pack_option = click.option(
    "--pack",
    "-p",
    default="core",
    show_default=True,
    metavar="NAME|PATH",
    help="Rule pack: a bundled pack's name, or a path to a pack.yaml or its folder.",
)


DATASET_FORMATS = ["csv", "tsv", "jsonl", "yaml", "json", "parquet"]
RESULT_FORMATS = ["csv", "tsv", "jsonl", "json", "parquet"]

input_format_option = click.option(
    "--input-format",
    type=Choice(DATASET_FORMATS),
    help="The dataset's format (default: from the file name; else CSV if --delimiter is given; else from its first line).",
)
delimiter_option = click.option(
    "--delimiter",
    metavar="CHAR",
    callback=lambda _ctx, _param, value: _delimiter(value),
    help="What separates the cells of a CSV file (default ','; 'tab' or '\\t' for a tab; TSV files use a tab). "
    "Input of no stated format (standard input, a file without extension) is then CSV.",
)
ignore_columns_option = click.option(
    "--ignore-unknown-columns",
    is_flag=True,
    help="Skip the columns (CSV, TSV, Parquet) or top-level fields (JSON Lines, JSON, YAML) that are not fields of the vocabulary.",
)


def _delimiter(value: str | None) -> str | None:
    if value is None:
        return None
    given = value
    if value.lower() == "tab" or value == "\\t":
        value = "\t"
    if value == '"':
        refused = "a quote cannot separate cells: it encloses a cell that holds the delimiter"
    elif value in ("\r", "\n"):
        refused = "a line end cannot separate cells: it ends a row"
    elif len(value) != 1:
        refused = "expected one character"
    else:
        return value
    suggestion = "e.g. --delimiter ';', or --delimiter tab for a tab"
    raise RefusedValue(Problem(f"--delimiter {given!r}: {refused}", suggestion=suggestion), None, None)


@main.command(
    epilog="""\b
Examples:
  amity assess examples/us-japan.yaml
  amity assess examples/china-russia.yaml --format json
  amity assess profiles.yaml --pack rules/core --format markdown > report.md
  cat profile.json | amity assess -
  amity assess data/relationships.csv --row 5          # one row of a dataset, with its trace
  amity assess data/relationships.csv --id chn-pak-2023 -f json
  amity assess examples/*.yaml -f jsonl                  # one line per assessment, however many
"""
    + "\n"
    + EXIT_CODES
)
@click.argument("paths", metavar="PATH|-...", nargs=-1, required=True)
@pack_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=Choice(sorted(ASSESSMENT_FORMATS)),
    default="text",
    show_default=True,
    help="text for a person; json for programs: one object for one profile, a list when PATH holds a list, "
    "several PATHs are given or --id matches several rows; jsonl: one assessment per line, one shape however "
    "many (for scripts and shell globs); markdown with a Mermaid diagram of the derivation.",
)
@click.option(
    "--why-not",
    "why_not",
    metavar="TARGET",
    help="Also explain why the relationship does not reach TARGET, and the smallest changes of facts that would: "
    "a level (e.g. comprehensive_strategic_partnership, or csp), <risk>=<rating> (entrapment=high), hedging or no-hedging.",
)
@click.option(
    "--depth",
    type=WholeNumber(0, "how many findings down 'How' goes"),
    help="Text: how many findings down 'How' goes (default 2).",
)
@click.option("--verbose", "-v", is_flag=True, help="Text: the whole 'How' tree, with long values in full.")
@click.option(
    "--row",
    "row_numbers",
    type=WholeNumber(1, "a row number, as amity validate counts them"),
    metavar="N",
    multiple=True,
    help="Assess row N of a dataset (as `amity validate` numbers its rows, from 1); given again, each row named, "
    "in that order.",
)
@click.option(
    "--id",
    "row_ids",
    metavar="ID",
    multiple=True,
    help="Assess the row of a dataset whose id is ID (every row with it, if several have it); given again, each id's.",
)
@input_format_option
@delimiter_option
@ignore_columns_option
@engine_option
@report_errors
def assess(
    paths: tuple[str, ...],
    pack: str,
    fmt: str,
    why_not: str | None,
    depth: int | None,
    verbose: bool,
    row_numbers: tuple[int, ...],
    row_ids: tuple[str, ...],
    input_format: str | None,
    delimiter: str | None,
    ignore_unknown_columns: bool,
    engine: str,
) -> None:
    """Assess the relationship profile(s) in PATH (YAML or JSON; '-' reads standard input), or in several.

    A file holds one profile or a list of them, in the relationship vocabulary
    (see `amity schema relationship`); several files are assessed in turn, as
    one list. Absent or null fields are unknown: amity says what it cannot
    decide and which facts would decide it.

    With --row or --id, PATH is a dataset in any format `amity validate` reads
    (CSV, TSV, JSON Lines, a YAML or JSON list, Parquet), and amity assesses
    that one row, read as `amity validate` reads it: the drill-down from a
    validation's results to the full assessment and its trace.
    """
    from amity.engine.errors import Location, Problem, UsageError
    from amity.engine.explain import level_notes
    from amity.engine.whynot import parse_target
    from amity.engine.whynot import why_not as explain_why_not

    broken: list[Any] = []  # with --id: the row where the dataset breaks off, if it does
    target = parse_target(why_not) if why_not else None
    if target is not None and fmt not in ("text", "json", "jsonl"):  # the others have no place for it
        raise UsageError(
            Problem(
                f"--why-not is said in the text, JSON and JSON Lines reports, not in {fmt}",
                suggestion="choose -f text, -f json or -f jsonl with --why-not",
                option="why_not",
            )
        )
    if row_numbers and row_ids:
        raise UsageError(Problem("choose rows by number (--row) or by id (--id), not both"))
    if (row_numbers or row_ids) and len(paths) > 1:
        raise UsageError(Problem("--row and --id choose rows of one dataset", suggestion="give one PATH"))
    if paths.count("-") > 1:  # the second would find it read to its end already, and say it is empty
        raise UsageError(
            Problem(
                f"standard input ('-') is named {paths.count('-')} times: it can be read only once",
                suggestion="name '-' once, or save the input to a file and name the file",
            )
        )
    check_read_once(paths)  # the same stream under two names ('-' and /dev/stdin, a named pipe twice)
    path = paths[0]
    source = "<stdin>" if path == "-" else path
    if row_numbers or row_ids:
        from amity.engine.dataset import read_rows
        from amity.engine.drilldown import find_rows

        rows = read_rows(
            path,
            input_format,
            ignore_unknown_columns=ignore_unknown_columns,
            delimiter=delimiter,
            # a fault after the last row makes no row: find_rows does not see it
            on_stop=lambda row: broken.append(row) if row.whole else None,
        )
        with contextlib.closing(rows):
            chosen = find_rows(rows, source, numbers=row_numbers, idents=row_ids, on_break=broken.append)
        profiles = [row.profile for row in chosen if row.profile is not None]
        many = len(profiles) > 1
    else:
        if input_format or delimiter or ignore_unknown_columns:
            raise UsageError(
                Problem(
                    "--input-format, --delimiter and --ignore-unknown-columns read a dataset",
                    suggestion="choose its row with --row N or --id ID",
                )
            )
        from pathlib import Path

        from amity.engine.profiles import load_profiles

        profiles, many, problems = [], len(paths) > 1, []
        for each in paths:  # every file's problems at once
            suffix = Path(each).suffix.lower()
            if suffix in (".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".parquet"):
                problems.append(
                    Problem(
                        f"a dataset ({suffix[1:]}): assess reads one row of it at a time",
                        Location(each),
                        "choose the row with --row N or --id ID, or validate every row with `amity validate`",
                    )
                )
                continue
            try:
                found, listed = load_profiles(each)
            except InputError as exc:
                problems += exc.problems
                continue
            profiles += found
            many = many or listed
        if problems:
            raise InputError(problems)
    assessor = Assessor(load_pack(pack), engine=engine)
    results = [assessor.assess(p, checked=True) for p in profiles]
    if fmt == "text":
        from .reporters.text import report as text_report

        notes = [level_notes(assessor, p, a, target) for p, a in zip(profiles, results, strict=True)]
        write_stdout(text_report(results, many, notes=notes, depth=depth, verbose=verbose))
    elif fmt in ("json", "jsonl") and target is not None:
        data = []
        for p, a in zip(profiles, results, strict=True):
            data.append({**a.as_dict(), "why_not": explain_why_not(assessor, p, target[1], target[0]).as_dict()})
        write_stdout(json_lines(data) if fmt == "jsonl" else dumps(data if many else data[0]))
    else:
        write_stdout(assessment_reporter(fmt)(results, many))
    if row_ids:
        _repeated_ids(chosen, source)
    if broken:  # rows with the id may follow the break (or the file is malformed after its last row)
        said = ", ".join(f"'{ident}'" for ident in dict.fromkeys(row_ids))
        held = f"the rows with the id{'s' if len(set(row_ids)) > 1 else ''} {said} are from"
        broke_off(broken[0], source, held=held)


def _repeated_ids(found: list[Any], source: str) -> None:
    """Warn, on standard error, of each id chosen with --id that is on several rows: every one was assessed,
    and in which order, and how to choose one."""
    rows_of: dict[str, list[Any]] = {}
    for row in found:
        rows_of.setdefault(row.identity[0], []).append(row)
    for ident, rows in rows_of.items():
        if len(rows) > 1:
            at = ", ".join(f"row {r.number} (line {r.line})" if r.line is not None else f"row {r.number}" for r in rows)
            click.echo(
                terminal_safe(
                    f"warning: {source}: the id '{ident}' is on {len(rows)} rows: {at}; each is assessed, in "
                    f"that order (to choose one: --row N, e.g. --row {rows[0].number})"
                ),
                err=True,
            )


@main.command(
    epilog="\b\nExamples:\n  amity schema relationship > relationship.schema.json\n  amity schema pack"
    "\n\n\b\nExit codes:\n  0  the schema was printed\n  2  bad usage: no schema of that name"
)
@click.argument("name", type=Choice(schema_names()))
@report_errors
def schema(name: str) -> None:
    """Print the JSON Schema NAME: relationship, pack, assessment, ..."""
    click.echo(dumps(load_schema(name)), nl=False)


@main.command(
    "test",
    epilog="""\b
Examples:
  amity test core
  amity test path/to/my-pack --coverage --fail-under 100
  amity test path/to/my-pack --cases more-cases.yaml
  amity test rules/a/tests.yaml rules/b      (several packs, e.g. from pre-commit)

\b
Exit codes:
  0  every case passes (and coverage is at least --fail-under)
  1  a case fails, coverage is under --fail-under, or a pack is broken
  2  bad input, an unknown pack, or bad usage""",
)
@click.argument("packs", nargs=-1, metavar="[NAME|PATH]...")
@click.option("--cases", metavar="FILE", help="A test file other than the pack's tests.yaml.")
@click.option(
    "--coverage",
    is_flag=True,
    help="Report which of the pack's own rules no case fired, and which of its lexicon and grammar entries "
    "decided no case's label, with a case that would cover each, ready to paste; the base rules it disables are "
    "listed apart, not counted.",
)
@click.option(
    "--fail-under",
    type=Percentage(),
    metavar="PERCENT",
    help="Exit 1 when coverage is under PERCENT (implies --coverage).",
)
@engine_option
@report_errors
def test_pack(packs: tuple[str, ...], cases: str | None, coverage: bool, fail_under: float | None, engine: str) -> None:
    """Run rule packs' test cases: facts in, expected conclusions out.

    Each NAME|PATH is a bundled pack's name, a pack's folder or pack.yaml, or a tests.yaml
    (the pack beside it); by default 'core'. A failing case is shown with its
    file and line and a diff: '-' what it expects, '+' what the pack concluded.
    """
    from amity.engine import packtest
    from amity.engine.errors import Problem, UsageError
    from amity.engine.pack import display_path

    targets = _test_targets(packs or ("core",))
    if cases and len(targets) > 1:
        raise UsageError(Problem("--cases names the cases of one pack; give one pack", option="cases"))
    passed = failed = 0
    under: list[str] = []
    for spec, tests_path in targets:
        try:
            run = packtest.run_pack(spec, cases or tests_path, engine=engine)
        except CasesNotAPack as exc:
            raise _cases_alone(exc, spec) from None
        for r in run.results:
            click.echo(terminal_safe(f"{'PASS' if r.passed else 'FAIL'} {r.case.test_id}"))
            if not r.passed:
                for line in r.report():
                    click.echo(terminal_safe(f"  {line}"))
        failed += run.failed
        passed += len(run.results) - run.failed
        if coverage or fail_under is not None:
            cov = run.coverage()
            click.echo(_coverage_line(cov))
            if cov.uncovered_rules:
                click.echo(f"  rules no case fired: {', '.join(cov.uncovered_rules)}")
            if cov.uncovered_designations:
                click.echo(f"  entries and rungs that decided no case's label: {', '.join(cov.uncovered_designations)}")
            if cov.disabled:
                click.echo(f"  rules it disables, neither covered nor uncovered: {', '.join(cov.disabled)}")
            for line in _ways_to_cover(cov, cases or next((display_path(p) for p in run.pack.test_files), None)):
                click.echo(terminal_safe(line))
            if fail_under is not None and cov.percent < fail_under:
                under.append(f"{cov.pack} {cov.percent:.1f}%")
    click.echo(f"{passed:,} passed, {failed:,} failed")
    if under:
        click.echo(f"amity: coverage under --fail-under {fail_under:g}: {', '.join(under)}", err=True)
    if failed or under:
        sys.exit(1)


def _cases_alone(exc: CasesNotAPack, spec: str) -> CasesNotAPack:
    """`amity test FILE`, FILE a file of test cases with no pack.yaml beside it: how to run them with their pack
    (giving the pack alone would run the pack's own cases, not these)."""
    import shlex
    from dataclasses import replace

    from amity.engine.packtest import pack_of_cases

    pack = pack_of_cases(exc.pack, spec)
    command = f"amity test {shlex.quote(pack) if pack else 'PACK'} --cases {shlex.quote(spec)}"
    which = f"pack '{exc.pack}'" if exc.pack else "the pack they test"
    hint = f"run them with their pack: {command}" + (
        "" if pack else f", where PACK is the folder of {which}; or save the file as tests.yaml in that folder"
    )
    return CasesNotAPack([replace(p, suggestion=hint) for p in exc.problems], exc.pack)


def _ways_to_cover(cov: Coverage, cases_file: str | None) -> list[str]:
    """How to cover what no case covered: a case per rule or entry, ready to paste into the cases file (each
    passes as written: its facts were assessed with the pack); or why there is none."""
    lines = [f"  {way.unit}: {way.note}" for way in cov.ways if way.facts is None]
    found = [way for way in cov.ways if way.facts is not None]
    if found:
        where = cases_file or "the pack's cases file"
        them = ("the others" if lines else "them") if len(found) > 1 else ("the other" if lines else "it")
        these = "these cases" if len(found) > 1 else "this case"
        each = "each passes" if len(found) > 1 else "it passes"
        lines.append(f"  to cover {them}, add {these} under cases: in {where} ({each} as written):")
        lines += [f"  {line}" for way in found for line in way.case_lines()]
    return lines


def _coverage_line(cov: Coverage) -> str:
    """The coverage of a pack's own rules and deciding entries in one line; what the pack has none of is said so
    ('no rules of its own'), not counted '0/0'."""
    rules = (
        f"{len(cov.rules) - len(cov.uncovered_rules):,}/{len(cov.rules):,} rules fired"
        if cov.rules
        else "no rules of its own"
    )
    entries = (
        f"{len(cov.designations) - len(cov.uncovered_designations):,}/{len(cov.designations):,} "
        "lexicon and grammar entries decided a label"
        if cov.designations
        else "no lexicon or grammar entries of its own that decide a label"
    )
    if not cov.total:
        return f"coverage of {cov.pack}: nothing of its own to cover ({rules}; {entries})"
    return f"coverage of {cov.pack}: {cov.percent:.1f}% ({rules}, {entries})"


def _test_targets(specs: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """(pack, cases file or None) for each argument; a tests.yaml stands for the pack beside it. Each pack once."""
    from pathlib import Path

    from amity.engine.pack import find_pack

    seen: dict[Path, tuple[str, str | None]] = {}
    for spec in specs:
        path = Path(spec)
        tests_path = None
        if path.is_file() and path.name != "pack.yaml" and (path.parent / "pack.yaml").is_file():
            tests_path, spec = str(path), str(path.parent)
        seen.setdefault(find_pack(spec).resolve(), (spec, tests_path))
    return list(seen.values())


#: With --jobs left to its default, a file of fewer batches than this (of 256 rows: up to 1,024 rows)
#: starts no worker: there, starting them costs about what they save (1,000 rows took 0.20 s with
#: one job or two).
WORKERS_FROM = 5


def max_jobs() -> int:
    """The most worker processes --jobs accepts: 4 per core, and never more than 64.

    More workers than that only add memory (each compiles the pack) and start-up
    time; a typo such as --jobs 100000 would otherwise fork until the machine stalls.
    """
    from amity.engine.validation import default_jobs

    return min(64, 4 * default_jobs())


def worker_count(value: str | None) -> int | None:
    """The worker processes --jobs asks for (None: not given), a whole number from 1 to ``max_jobs()``.

    The option takes text and is checked here, so that a value click's own types refuse (0, -3, abc) is
    said in amity's form, with what this machine has, as a value past the most it can use is.
    """
    from amity.engine.errors import Problem, UsageError
    from amity.engine.validation import default_jobs

    if value is None:
        return None
    cores = default_jobs()
    one_or_more = f"use --jobs 1 or more; this machine has {plural(cores, 'core')}: --jobs {cores} runs one per core"
    try:
        jobs = int(value)
    except ValueError:
        raise UsageError(
            Problem(f"--jobs '{value}': expected a whole number of worker processes", suggestion=one_or_more)
        ) from None
    if jobs < 1:
        raise UsageError(Problem(f"--jobs {jobs}: a run needs at least one worker process", suggestion=one_or_more))
    most = max_jobs()
    if jobs > most:
        raise UsageError(
            Problem(
                f"--jobs {jobs} is more than this machine can use (at most {most}: 4 per core, and 64)",
                suggestion=f"use --jobs {cores}, one per core",
            )
        )
    return jobs


def jobs_option(help: str, default: str | None = None) -> Callable[[F], F]:
    """--jobs/-j N, given to the command as ``jobs_given``: text, which ``worker_count`` checks in amity's form."""
    return click.option(
        "--jobs",
        "-j",
        "jobs_given",
        type=str,
        metavar="N",
        default=default,
        show_default=default is not None,
        help=help,
    )


FAIL_ON = ("inflated", "deflated", "unrecognized", "undeclared", "undecided", "error")


def _fail_on(value: str | None) -> set[str]:
    from amity.engine.errors import Problem, UsageError, did_you_mean

    if value is None:
        return set()
    wanted = {v.strip() for v in value.split(",") if v.strip()}
    if not wanted:  # --fail-on "": a slip, not a wish to fail on nothing (leave the option out for that)
        raise UsageError(Problem("--fail-on: no kind given", suggestion=f"choose from {', '.join(FAIL_ON)}"))
    for v in sorted(wanted):
        if v not in FAIL_ON:
            raise UsageError(
                Problem(
                    f"--fail-on: unknown kind '{v}'",
                    suggestion=did_you_mean(v, FAIL_ON) or f"choose from {', '.join(FAIL_ON)}",
                )
            )
    return wanted


def _results_format(fmt: str | None, output: str | None, explain: bool) -> str:
    """The results format: as given, else from --output's extension, else JSON Lines.

    Without an extension that names a format, a stream (standard output, and what is
    written as one: /dev/stdout, /dev/null, a named pipe, a device) gets JSON Lines;
    a file (a regular file, or a new path) is an error, never silently JSON Lines.
    """
    from amity.engine.errors import Location, Problem, UsageError

    from .output import is_stream, is_terminal, writes_stdout
    from .reporters.rows import BINARY, FORMATS, format_of

    to_file = output is not None and output != "-"
    if fmt is None and to_file:
        assert output is not None
        fmt = format_of(output)
        if fmt is None and not is_stream(output):
            known = ", ".join(s for suffixes in FORMATS.values() for s in suffixes)
            raise UsageError(
                Problem(
                    f"--output '{output}': cannot tell the results format from the file name",
                    Location(output),
                    f"name it with one of {known}, or choose the format with --format",
                )
            )
    fmt = fmt or "jsonl"
    # one rule for every spelling of standard output (none, '-', /dev/stdout) and for a terminal named
    # with -o: binary results go to a file or a pipe (| duckdb, > r.parquet), never to a terminal
    if fmt in BINARY and is_terminal(output):
        named = output is not None and output != "-" and not writes_stdout(output)
        raise UsageError(
            Problem(
                f"{fmt.capitalize()} is a binary file format: it is not written to a terminal",
                Location(output) if named else Location(),
                "name a file with --output, or send standard output to a file or a pipe (> results.parquet)",
            )
        )
    if explain and fmt not in ("jsonl", "json"):
        raise UsageError(
            Problem(
                f"--explain adds each row's trace to JSON Lines or JSON results; {fmt} has one column per value",
                suggestion="choose --format jsonl or json, or name the output .jsonl or .json",
            )
        )
    return fmt


@main.command(
    epilog="""\b
Examples:
  amity validate data/relationships.csv --report report.html
  amity validate dyads.jsonl --output results.csv --jobs 2
  amity validate dyads.parquet -o results.parquet
  amity validate export.csv --delimiter ';' -o results.tsv
  amity validate dataset.csv --fail-on inflated,error --quiet
  amity validate dataset.csv --explain -o traces.jsonl
  cat rows.jsonl | amity validate - --format csv > results.csv

\b
Exit codes:
  0  every row was assessed or reported (and nothing matched --fail-on)
  1  a row matched --fail-on; a broken pack; a worker killed from outside (say, out of memory);
     an internal failure
  2  bad usage, an unknown pack, an unreadable file or header, a bad row with --strict, an
     unwritable output; an input that breaks off (a YAML or JSON list cut short): the rows before
     the break are in the results, the break is one more error row, and the rest was not read
  129, 130, 143  interrupted (SIGHUP, SIGINT, SIGTERM): the workers are stopped, no partial file is left"""
)
@click.argument("path", metavar="PATH|-")
@pack_option
@input_format_option
@delimiter_option
@click.option("--output", "-o", metavar="FILE", help="Write the results here (atomically) instead of standard output.")
@click.option(
    "--format", "-f", "fmt", type=Choice(RESULT_FORMATS),
    help="Results format (default: from --output's extension; jsonl on standard output, and on a device or "
    "pipe such as -o /dev/stdout whose name has none; an output file whose extension names no format is an error). "
    "Parquet goes to a file or a pipe, never to a terminal.",
)  # fmt: skip
@click.option(
    "--report",
    metavar="FILE",
    help="Also write a report for a person: FILE.html (self-contained) or FILE.md (its charts as SVG files beside it).",
)
@click.option("--explain", is_flag=True, help="Add each row's trace (the rules that fired, and why) to JSON results.")
@jobs_option(
    "Worker processes (default: the machine's cores, for a file of over 1,024 rows; at most 4 per core, and 64)."
)
@click.option("--strict", is_flag=True, help="Stop at the first bad row instead of reporting it and carrying on.")
@click.option(
    "--fail-on", metavar="KINDS", help=f"Exit 1 if any row is one of these (comma-separated): {', '.join(FAIL_ON)}."
)
@ignore_columns_option
@click.option("--quiet", "-q", is_flag=True, help="No progress line and no summary.")
@engine_option
@report_errors
def validate(
    path: str,
    pack: str,
    input_format: str | None,
    delimiter: str | None,
    output: str | None,
    fmt: str | None,
    report: str | None,
    explain: bool,
    jobs_given: str | None,
    strict: bool,
    fail_on: str | None,
    ignore_unknown_columns: bool,
    quiet: bool,
    engine: str,
) -> None:
    """Validate the official labels of every relationship in a dataset (CSV, TSV, JSON Lines, YAML/JSON list, Parquet).

    Each row is assessed with the pack; the results come out one per input row,
    in input order: the inferred level (or the possible levels and the facts that
    would decide), the verdict on the declared label and the reasons for it, and
    the risk ratings. A bad row is reported with its line and field, and the run
    carries on. A summary follows: on standard error when the results go to
    standard output, else on standard output.
    """
    from amity.engine.dataset import read_batches
    from amity.engine.errors import Location, Problem, UsageError
    from amity.engine.validation import BATCH, Summary, default_jobs, validate_batches

    from .output import atomic_output, check_distinct, check_target, is_stream, writes_stdout
    from .progress import Progress, count_rows
    from .reporters.rows import RowWriter

    _no_collection_at_exit()
    kinds = _fail_on(fail_on)
    wanted = worker_count(jobs_given)
    workers_from = 0
    if wanted is None:  # one worker per core, for a file of more than a few batches
        jobs = default_jobs()
        # reading a stream ahead would hold back its first results until 1,024 rows have come
        workers_from = WORKERS_FROM if path != "-" and os.path.isfile(path) else 0
    else:
        jobs = wanted
    if report and not report.lower().endswith((".html", ".htm", ".md")):
        raise UsageError(Problem("--report must name a .html or .md file", Location(report)))
    check_target(output, "--output")  # first: a folder named as the output is said to be one
    check_target(report, "--report")
    fmt = _results_format(fmt, output, explain)
    charts: list[tuple[str, str | None]] = []
    if report and report.lower().endswith(".md"):  # its charts are written beside it: they must not clobber either
        from pathlib import Path

        from .reporters.summary import chart_names

        charts = [("--report's chart", str(Path(report).with_name(n))) for n in chart_names(Path(report).stem)]
    check_distinct([("--output", output), ("--report", report), *charts], [("PATH", path)])
    loaded = load_pack(pack)
    summary = Summary()
    progress = Progress(not quiet, lambda: count_rows(path, input_format))
    stopped: list[Any] = []  # the row where the input broke off, if it did
    batches = read_batches(
        path,
        input_format,
        ignore_unknown_columns=ignore_unknown_columns,
        delimiter=delimiter,
        size=BATCH,
        on_stop=stopped.append,
    )
    try:
        # the input is closed however the run ends (an error's traceback would keep the reader alive)
        with _collecting_less(), contextlib.closing(batches), atomic_output(output) as out:
            writer = RowWriter(fmt, out)
            # the workers read, check, assess and render whole batches; this process writes what they make
            results = validate_batches(
                batches,
                loaded,
                jobs=jobs,
                strict=strict,
                # read after the run by its text, a report or --fail-on: with none of them, none is kept (the
                # records are the same, and the workers send back nothing to merge)
                progress=progress if progress.enabled else None,
                summary=summary if not quiet or report or kinds else None,
                engine=engine,
                explain=explain,
                render=writer.render,
                # the rows a summary lists, and the count of rows sharing their facts: none are shown
                keep_rows=report is not None or not quiet,
                count_shared=report is not None or not quiet,
                workers_from=workers_from,
            )
            try:
                with contextlib.closing(results):  # closing stops the workers on any exit
                    for rendered in results:
                        writer.write_batch(rendered)
            except KeyboardInterrupt:
                # interrupted (Ctrl-C, SIGTERM): the rows written stay as they are, each line whole; a JSON array
                # is left open, so that no reader takes the rows for all of them (the exit code says the same)
                raise
            except BaseException:
                # rows already written stay well formed (a JSON array is closed); with none, nothing is
                # written: a failed run leaves no header or '[]' that a reader would take for an empty result
                writer.close(complete=False)
                raise
            writer.close()
    finally:
        progress.done()
    source = "<stdin>" if path == "-" else path
    if report or not quiet:
        from .reporters import summary as summary_reporters  # here: a quiet run writes no summary

        pack_name = f"{loaded.name} {loaded.version}"
        # where the rows a summary leaves out of a list can be read back: a results file, not a stream
        results_at = summary_reporters.Results(None if is_stream(output) else output, fmt)
        if report:
            _write_report(report, summary, source, pack_name, results_at)
        if not quiet:
            text = summary_reporters.text(summary, source, results_at, report, pack_name)
            write_stdout(text, err=writes_stdout(output))
    counts = {k: summary.errors if k == "error" else summary.verdicts.get(k, 0) for k in kinds}
    hits = {k for k, n in counts.items() if n}
    if hits:  # how many rows of each kind, so that a failed check says how far it is from passing
        matched = ", ".join(f"{k} ({plural(counts[k], 'row')})" for k in sorted(hits))
        click.echo(f"amity: rows matched --fail-on: {matched}", err=True)
    if stopped:  # a short read is no bad row: the results lack rows, whatever --fail-on says
        broke_off(stopped[0], source)
    if hits:
        sys.exit(1)


def broke_off(row: Any, source: str, held: str = "the results hold") -> NoReturn:
    """Say, even with --quiet, that the input broke off at row (``Row.stops``) and was not read to its end
    (what ``held`` its first rows: the results, a diff), or, where the fault comes after the last row
    (``Row.whole``), that it was read to its end but is malformed; exit 2."""
    for problem in row.problems:
        click.echo(terminal_safe(f"error: {problem}"), err=True)
    if row.whole:  # the fault comes after the last row: none is missing, but the file is not well formed
        read = plural(row.number - 1, "row")
        click.echo(
            terminal_safe(
                f"amity: {source} was read to its end ({read}, none missing), but it is malformed: mend it as the error above says"
            ),
            err=True,
        )
        sys.exit(2)
    at = f", line {row.line}" if row.line is not None else ""
    read = f"{row.number - 1:,} rows" if row.number != 2 else "row"
    click.echo(
        terminal_safe(
            f"amity: {source} was not read to its end: {held} its first {read}, "
            f"then the break (row {row.number:,}{at}); the rows after the break are missing"
        ),
        err=True,
    )
    sys.exit(2)


@contextlib.contextmanager
def _collecting_less() -> Iterator[None]:
    """A long run's garbage collection, made cheaper; as it was after.

    What exists when the run starts (the modules, the pack) lives as long as the
    run: it is frozen out of the collector's way, and the collector runs less often
    (each collection walks every object still young, and a run keeps many alive: the
    batch in hand, the caches), so that fewer of them are walked again and again.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 10_000), threshold[1], threshold[2])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _no_collection_at_exit() -> None:
    """Let the interpreter end without its last garbage collection.

    That collection walks every object still alive (after a long run, the caches of
    the reading, the assessment and the writing: tens of milliseconds) only to free
    memory that the exit gives back anyway. The objects are frozen out of its way at
    exit, once everything else is done; the files amity writes are closed before.
    """
    global _EXIT_HOOKED
    if not _EXIT_HOOKED:
        _EXIT_HOOKED = True
        atexit.register(gc.freeze)  # registered before the workers' hooks: it runs after them


_EXIT_HOOKED = False


def _write_report(report: str, summary: Any, source: str, pack_name: str, results: Any) -> None:
    """The HTML report, or the Markdown report and its charts (SVG files beside it, named after it)."""
    from pathlib import Path

    from .output import atomic_output
    from .reporters import summary as summary_reporters

    if not report.lower().endswith(".md"):
        with atomic_output(report, "--report") as handle:
            handle.write(summary_reporters.html_report(summary, source, pack_name, results))
        return
    target = Path(report)
    text, charts = summary_reporters.markdown_report(summary, source, pack_name, target.stem, results)
    for name, svg in charts.items():
        with atomic_output(str(target.with_name(name)), "--report") as handle:
            handle.write(svg)
    with atomic_output(report, "--report") as handle:
        handle.write(text)


@main.command(
    epilog="""\b
Examples:
  amity interview                                  # answers in amity-interview.yaml
  amity interview --save usa-jpn.yaml              # another case, in a file of its own
  amity interview --resume amity-interview.yaml    # go on where you stopped
  amity interview --answers examples/us-india.yaml --format json

\b
At any question: unknown, why [FIELD], how, whynot LEVEL, facts, change FIELD, back, help, quit.
Arrow keys edit the line, and up and down recall earlier lines (where Python has readline).
An interview resumed after its end asks first: Enter shows the assessment, change FIELD changes an answer.

\b
Saving: the answers (--save) and the transcript (--transcript) are written together, at quit,
at Ctrl-C, at the end of input (Ctrl-D) and at the end of the interview. amity never writes over
a file of another interview: a new interview refuses to start when --save or --transcript exists
(go on with --resume FILE, choose another --save, or start over with --replace); --resume FILE
saves back into FILE (a file with comments, which saving would drop, is refused: add --save NEW).
With --answers FILE, nothing is written unless --save or --transcript is given: then the answers
(unknown where FILE says nothing) and the transcript are saved as above.

\b
Exit codes:
  0  the interview ended, or you stopped it with quit or Ctrl-D (your answers are saved)
  1  a broken rule pack, or an internal failure
  2  bad input, an unknown pack, bad usage, or a file amity will not write over
  129, 130, 143  interrupted by a closed terminal (SIGHUP), Ctrl-C (SIGINT) or SIGTERM: the answers
     given so far are saved first
"""
)
@pack_option
@click.option("--resume", metavar="FILE", help="Go on from the answers saved in FILE (a profile, as `quit` saves it).")
@click.option(
    "--answers",
    metavar="FILE",
    help="Answer every question from the profile in FILE (unknown where it says nothing), without asking: "
    "'field: value' lines, or a list of '- field: value' items.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="With --answers: the transcript as text, or as JSON (`amity schema transcript`).",
)
@click.option(
    "--save",
    metavar="FILE",
    help="Where the answers are saved (default: the --resume FILE, else amity-interview.yaml).",
)
@click.option(
    "--transcript", metavar="FILE", help="Where the transcript goes (default: beside --save, .transcript.json)."
)
@click.option(
    "--replace", is_flag=True, help="Start a new interview even if --save or --transcript holds an earlier one."
)
@engine_option
@report_errors
def interview(
    pack: str,
    resume: str | None,
    answers: str | None,
    fmt: str,
    save: str | None,
    transcript: str | None,
    replace: bool,
    engine: str,
) -> None:
    """Interview: amity asks about a relationship one fact at a time, and explains as it goes.

    It always asks the fact that can narrow the level and the risks the most,
    never one that cannot change them, and stops once the level, the risks and
    hedging are decided (or every fact that could decide them is unknown). It
    ends with the assessment, as `amity assess` gives it, and saves the answers
    and a transcript.
    """
    from amity.engine.errors import Problem, UsageError
    from amity.engine.interview import Consultation
    from amity.engine.profiles import load_one_profile

    from . import interview as ui
    from .output import check_distinct, check_target

    if resume and answers:
        raise UsageError(Problem("--resume and --answers cannot be used together", option="answers"))
    assessor = Assessor(load_pack(pack), engine=engine)
    if answers:
        keep = save is not None or transcript is not None  # --answers alone writes no file, as before
        if keep:  # checked before any answer is read, as for an interview at the terminal
            save = save or "amity-interview.yaml"
            transcript = ui.transcript_for(save, transcript)
            check_target(save, "--save")
            check_target(transcript, "--transcript")
            # the answers file is never written over, not even with --replace (it is for an earlier interview)
            check_distinct([("--save", save), ("--transcript", transcript)], [("--answers", answers)])
            ui.check_not_overwriting(save, transcript, None, replace)
        consultation = ui.from_answers(assessor, load_one_profile(answers))
        if keep and save is not None and transcript is not None:  # saved before it is shown: | less quit early
            with held_signals():
                ui.save_both(consultation, save, transcript)
        if fmt == "json":
            click.echo(dumps(consultation.transcript()), nl=False)
        else:
            click.echo(ui.transcript_text(consultation, assessor), nl=False)
        if keep:
            # on standard error: standard output is the transcript alone (with --format json, data)
            click.echo(terminal_safe(ui.saved_text(save, transcript)), err=True)
        return
    save = save or resume or "amity-interview.yaml"
    transcript = ui.transcript_for(save, transcript)
    check_target(save, "--save")
    check_target(transcript, "--transcript")
    if resume:
        consultation = Consultation.from_profile(assessor, load_one_profile(resume))
        # the answers are saved back into --resume FILE (or --save's), the transcript never (with --replace too)
        check_distinct([("--transcript", transcript)], [("--resume", resume)])
    ui.check_not_overwriting(save, transcript, resume, replace)
    read = line_reader()

    fitting_echo(click.echo)(
        f"amity interview (pack {assessor.pack.name} {assessor.pack.version}). Type help at any question."
    )
    if resume:
        click.echo(ui.resuming(consultation))
    else:
        try:
            case = ui.ask_case(fitting_read(read, click.echo), fitting_echo(click.echo))
        except EOFError:  # Ctrl-D
            click.echo("")
            case = None
        except KeyboardInterrupt:  # interrupted, exit 130, as anywhere else; said on a line of its own, not
            # after the prompt ('...for organisations): amity: interrupted'), with what became of the answers
            ui.told(click.echo, "", "Stopped before the first question; nothing to save.")
            raise
        if case is None:
            click.echo("Stopped before the first question; nothing to save.")
            return
        consultation = Consultation(assessor, case)
    echo = fitting_echo(click.echo)  # wrapped at spaces to a terminal's width: a narrow one cut words in half
    if ui.interact(consultation, read, echo, save, transcript):
        ui.finish(consultation, assessor, echo, save, transcript)


def line_reader() -> Callable[[str], str]:
    """How the interactive prompts read a line: input(), with line editing and history at a terminal.

    Importing readline is what gives input() the arrow keys, Ctrl-A/E/P/N and the history of the
    lines typed so far; it exists where Python was built with it (not on Windows), and it is
    loaded only when standard input is a terminal (a pipe needs none of it).
    """
    if sys.stdin is None:  # closed by the caller (amity interview <&-): no line will come, as at Ctrl-D
        return _no_input
    if sys.stdin.isatty():
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401

    return input


def _no_input(prompt: str) -> str:
    """input() when standard input is closed: the end of the input at once (it raised RuntimeError)."""
    click.echo(prompt, nl=False)
    raise EOFError


@main.command(
    epilog="""\b
Examples:
  amity quiz                                  # choose among the bundled scenarios
  amity quiz eu-china-2023 --trainee ana      # a bundled scenario, by name
  amity quiz my-scenarios/                    # choose among the scenarios in a folder
  amity quiz scenario.yaml --answers mine.yaml --format json
  amity quiz report transcripts/              # a class's results, for the instructor
  amity quiz scenarios/ --check               # do the scenarios agree with the engine?

\b
At any question: a number or a name, skip, back, help, quit.

\b
Exit codes:
  0  success; also when you stop (quit, or the end of the input: Ctrl-D): nothing is saved;
     also in a folder where a scenario file does not load: its errors are shown, the others offered
  1  --check found a scenario that disagrees with the engine or the seed; a broken pack
  2  bad input (a scenario, an answers file; a folder where no scenario loads, or, with --check,
     where one does not: the others are checked all the same; for report, a folder where no
     transcript loads), an unknown pack, or bad usage
  129, 130, 143  interrupted (SIGHUP, Ctrl-C: SIGINT; SIGTERM): nothing is saved,
                 unless the result was being shown: its transcript is saved first"""
)
@click.argument("target", required=False, metavar="[SCENARIO|DIR|report]")
@click.argument("folder", required=False, metavar="[DIR]")
@pack_option
@click.option(
    "--answers",
    metavar="FILE",
    help="Answer from FILE (level, risks, hedging, verdict, code) without asking: 'key: answer' lines, or a list "
    "of '- key: answer' items.",
)
@click.option(
    "--format", "-f", "fmt", type=Choice(["text", "json"]), default="text", show_default=True,
    help="With --answers or report: text, or JSON (a transcript, `amity schema transcript`).",
)  # fmt: skip
@click.option("--trainee", metavar="NAME", help="Your name, for the transcript and the class report.")
@click.option("--save", metavar="FILE", help="Where the transcript goes (default: <scenario>[-<trainee>].quiz.json).")
@click.option("--replace", is_flag=True, help="Write over a transcript already there (it is refused otherwise).")
@click.option("--check", is_flag=True, help="Check the scenarios against the engine and the seed instead of asking.")
@engine_option
@report_errors
def quiz(
    target: str | None,
    folder: str | None,
    pack: str,
    answers: str | None,
    fmt: str,
    trainee: str | None,
    save: str | None,
    replace: bool,
    check: bool,
    engine: str,
) -> None:
    """Quiz: read a scenario, predict the level and the risks, and see what amity concludes and why.

    A scenario tells a relationship as a news brief or a cable would. You
    predict its level and risks (and code some facts); amity then reveals its
    own answer with the reasoning, explains each difference through why-not,
    scores your answers and saves a transcript. `amity quiz report DIR` sums
    up a class's transcripts.
    """
    from pathlib import Path

    from amity.engine.errors import InputError, Location, Problem, UsageError
    from amity.engine.scenarios import (
        SCENARIO_DIR,
        check_scenario,
        class_report,
        find_scenarios,
        load_answers,
        load_scenario,
        load_scenarios,
        mark,
    )

    from . import quiz as ui
    from .output import check_distinct, writes_stdout

    if target == "report":
        if not folder:
            raise UsageError(
                Problem("amity quiz report needs a folder of transcripts", suggestion="amity quiz report DIR")
            )
        where = Path(folder)
        if not where.is_dir():
            raise UsageError(
                Problem(
                    "not a folder", Location(folder), f"give the folder that holds it: amity quiz report {where.parent}"
                )
                if where.exists()
                else Problem("no such folder", Location(folder))
            )
        found = sorted(where.glob("*.json"))
        r = class_report(found)
        if not r.transcripts:  # nothing to sum up: the wrong folder, or not one transcript loads
            raise InputError(
                [
                    *r.rejected,
                    Problem(
                        f"no quiz transcript in this folder loads ({plural(len(r.rejected), 'error')} above)"
                        if found
                        else "no quiz transcript (*.json) in this folder",
                        Location(folder),
                        "amity quiz saves one per run, as <scenario>[-<trainee>].quiz.json: "
                        "give the folder where the class's transcripts were collected",
                    ),
                ]
            )
        for p in r.rejected:
            click.echo(terminal_safe(f"error: {p}"), err=True)
        click.echo(dumps(r.as_dict()) if fmt == "json" else terminal_safe(ui.report_text(r)), nl=False)
        return
    if folder:
        raise UsageError(Problem(f"unexpected argument '{folder}'", suggestion="give one scenario or folder"))
    paths = find_scenarios(target or SCENARIO_DIR)
    assessor = Assessor(load_pack(pack), engine=engine)
    if check:
        # each scenario as a trainee knows it (its title, its file for locating), in the menu's order; a file
        # that does not load is reported, located, and the others are checked all the same
        loaded = load_scenarios(paths)
        bad = 0
        for s in loaded.scenarios:
            problems = check_scenario(s, assessor)
            for p in problems:
                click.echo(terminal_safe(f"error: {p}"), err=True)
            bad += bool(problems)
            click.echo(terminal_safe(f"{'FAIL' if problems else 'ok  '} {s.title} ({s.path})"))
        for path, problems in loaded.broken:
            for p in problems:
                click.echo(terminal_safe(f"error: {p}"), err=True)
            click.echo(terminal_safe(f"FAIL {path}: left out ({plural(len(problems), 'error')} above)"))
        good = len(loaded.scenarios)
        summary = f"{plural(good - bad, 'agrees', 'agree')}, {plural(bad, 'disagrees', 'disagree')}"
        if loaded.broken:
            summary += f", {len(loaded.broken)} left out"
        click.echo(summary)
        if loaded.broken:
            sys.exit(2)
        if bad:
            sys.exit(1)
        return

    read = line_reader()
    if len(paths) == 1:
        scenario = load_scenario(paths[0])
    elif answers:
        raise UsageError(Problem("--answers needs one scenario, not a folder", option="answers"))
    else:
        loaded = load_scenarios(paths)  # by title, as the web page lists them
        if not loaded.scenarios:  # nothing to offer: bad input, every problem of every file
            raise InputError(loaded.problems)
        if loaded.broken:  # as the web page does: the broken files said, located; the others offered
            for p in loaded.problems:
                click.echo(terminal_safe(f"error: {p}"), err=True)
            broken = len(loaded.broken)
            click.echo(
                f"{plural(broken, 'scenario file')} of {len(paths)} {'is' if broken == 1 else 'are'} left out "
                f"(the errors above); the menu offers the other {len(loaded.scenarios)}.",
                err=True,
            )
        menu = list(loaded.scenarios)
        try:
            chosen = ui.choose(menu, read, fitting_echo(click.echo))
        except KeyboardInterrupt:  # interrupted, exit 130; said on a line of its own, not after the prompt
            click.echo("\nStopped before a scenario was chosen; nothing saved.")
            raise
        if chosen is None:  # quit, or the end of the input: a choice, exit 0, said as every stop is
            click.echo("Stopped before a scenario was chosen; nothing saved.")
            return
        scenario = menu[chosen]
    trainee = trainee.strip() if trainee is not None else None  # as the web page takes it: ' ana ' is ana
    # the scenario and the answers are never written over, not even with --replace (it is for a transcript)
    inputs = [(what, path) for what, path in (("SCENARIO", scenario.path), ("--answers", answers)) if path]
    if save is not None:  # before the transcript's own check, which would call the scenario a transcript
        check_distinct([("--save", save)], inputs)
    target_file = ui.transcript_path(scenario, trainee, save, replace=replace)  # before any answer is given
    check_distinct([("--save", target_file)], inputs)
    if answers:
        given = load_answers(answers, scenario)
        result = mark(scenario, assessor, given, trainee)
        if fmt == "json":  # standard output is the transcript: where it was saved goes to stderr

            def show() -> None:
                if not writes_stdout(target_file):  # (--save - is standard output itself: the transcript once)
                    click.echo(dumps(result.transcript()), nl=False)

            ui.shown_and_saved(result, target_file, show, functools.partial(click.echo, err=True))
        else:
            show_text = functools.partial(ui.reveal, result, assessor, click.echo, terminal_width())
            ui.shown_and_saved(result, target_file, show_text, click.echo)
        return
    try:
        # Bold and underline at a terminal only (and not under NO_COLOR): a pipe or a file gets plain words
        styled = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        given = ui.run(scenario, read, click.echo, styled, terminal_width())
    except (ui.Quit, EOFError):  # quit, or the end of the input (Ctrl-D): a choice, exit 0
        click.echo("\nStopped; nothing saved.")
        return
    except KeyboardInterrupt:  # Ctrl-C: interrupted, exit 130 (report_errors)
        click.echo("\nStopped; nothing saved.")
        raise
    result = mark(scenario, assessor, given, trainee)
    reveal = functools.partial(ui.reveal, result, assessor, click.echo, terminal_width())
    ui.shown_and_saved(result, target_file, reveal, click.echo)


# `amity pack ...` lives in its own module; importing it registers the group on `main`.
from . import pack as _pack  # noqa: E402, F401
from . import serve as _serve  # noqa: E402, F401
