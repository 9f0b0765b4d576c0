"""``amity pack``: the instructors' toolkit for writing, checking, documenting and comparing rule packs.

Each command parses its options, calls the library (``engine.scaffold``,
``engine.lint``, ``engine.packdoc``, ``engine.packdiff``) and reports.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, ClassVar

import click
from amity.engine.errors import Location, Problem, UsageError

from .main import (
    Choice,
    HintingGroup,
    broke_off,
    delimiter_option,
    ignore_columns_option,
    input_format_option,
    jobs_option,
    main,
    report_errors,
    worker_count,
)
from .output import written
from .reporters.common import plural
from .reporters.json_reporter import dumps


class PackGroup(HintingGroup):
    """The ``pack`` group: the words other tools use for making a pack (``scaffold``, ``init``) point at
    ``new`` (``init`` elsewhere works in the current folder, where ``new`` makes one)."""

    SYNONYMS: ClassVar[dict[str, str]] = {
        **dict.fromkeys(("scaffold", "init", "create", "generate", "make"), "new"),
        "test": "amity test",  # a pack's cases are run at the top level
    }


@main.group(
    "pack",
    cls=PackGroup,
    epilog="""\b
Examples:
  amity pack new my-course                 # a pack extending core, with tests and editor support
  amity pack lint my-course                # every problem, located, with a stable code (--strict: warnings fail too)
  amity test my-course --coverage          # its cases, and what they leave untested
  amity pack doc my-course -o my-course.html
  amity pack diff core my-course --on data/relationships.csv""",
)
def pack_group() -> None:
    """Write, check, document and compare rule packs."""


@pack_group.command(
    "new",
    epilog="""\b
Examples:
  amity pack new my-course
  amity pack new vietnam-ladder packs/vietnam --extends core

\b
Exit codes:
  0  the pack was written
  1  the base pack is broken
  2  bad usage: a bad name (or a bundled pack's), a folder that is not empty, an unknown base pack;
     or its list of files could not be written (standard output closed or full: the pack is written)""",
)
@click.argument("name")
@click.argument("directory", required=False, metavar="[DIR]")
@click.option(
    "--extends", default="core", show_default=True, metavar="PACK", help="The pack to build on ('' for none)."
)
@report_errors
def new(name: str, directory: str | None, extends: str) -> None:
    """Scaffold the pack NAME in DIR (default ./NAME): pack.yaml, tests.yaml, a profile, a README, schemas."""
    from amity.engine.scaffold import new_pack

    made = new_pack(name, directory, extends=extends or None)
    written(f"the pack {made.directory}/ ({plural(len(made.files), 'file')})")
    click.echo(f"created {made.directory}/ with {plural(len(made.files), 'file')}:")
    for path in made.files:
        click.echo(f"  {path}")
    click.echo(f"next: amity pack lint {made.spec} && amity test {made.spec} --coverage")


@pack_group.command(
    "lint",
    epilog="""\b
Examples:
  amity pack lint rules/core
  amity pack lint my-course --strict --format json

\b
Codes: AP001-AP005 load errors, AP1xx logic, AP2xx sources, AP3xx the domain,
AP4xx designations (exact entries and the grammar); AP100 marks a question lint could not
decide, AP006 a check left until the errors it needs fixed are; AP007 a test-case file
(tests.yaml) that amity test would refuse.

\b
Exit codes:
  0  no error (with --strict: no error and no warning)
  1  an error was found (with --strict: or a warning)
  2  bad usage, no such pack, or a file that is not a pack (a profile, test cases)""",
)
@click.argument("paths", nargs=-1, required=True, metavar="NAME|PATH...")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@report_errors
def lint_command(paths: tuple[str, ...], strict: bool, fmt: str) -> None:
    """Check packs for every problem at once: located, with a code, a severity and a suggestion.

    A pack.yaml or tests.yaml path stands for its pack (so pre-commit can pass
    changed files); each pack is linted once.
    """
    from amity.engine.lint import lint
    from amity.engine.pack import find_pack

    seen: dict[Path, str] = {}
    for spec in paths:
        path = Path(spec)
        if path.is_file() and path.name != "pack.yaml" and (path.parent / "pack.yaml").is_file():
            spec = str(path.parent)
        seen.setdefault(find_pack(spec).resolve(), spec)
    reports = [lint(spec) for spec in seen.values()]
    if fmt == "json":
        data = [r.as_dict() for r in reports]
        click.echo(dumps(data[0] if len(data) == 1 else data), nl=False)
    else:
        for r in reports:
            for d in r.diagnostics:
                click.echo(str(d))
            counts = ", ".join(plural(r.count(s), s) for s in ("error", "warning", "info"))
            click.echo(f"{r.pack or r.path}: {counts}")
    if any(r.failed(strict=strict) for r in reports):
        sys.exit(1)


@pack_group.command(
    "doc",
    epilog="""\b
Examples:
  amity pack doc rules/core                     # Markdown on standard output
  amity pack doc my-course -o my-course.html    # one self-contained page
  amity pack doc china-ladder -o rules/china-ladder/DOC.md

\b
Exit codes:
  0  the document was written
  1  a broken pack
  2  bad usage, an unknown pack, or an output that cannot be written (or is not .md or .html)""",
)
@click.argument("path", metavar="NAME|PATH")
@click.option("--output", "-o", metavar="FILE.md|FILE.html", help="Write here (format from the extension).")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=Choice(["markdown", "html"]),
    help="Output format (default: from -o, else markdown).",
)
@report_errors
def doc(path: str, output: str | None, fmt: str | None) -> None:
    """Document a pack for students and colleagues: its rules in English, its grammar and lexicon, a graph."""
    from amity.engine import load_pack
    from amity.engine.packdoc import render

    from .output import atomic_output, check_target

    if fmt is None:
        fmt = "html" if output and output.lower().endswith((".html", ".htm")) else "markdown"
    if output and not output.lower().endswith((".html", ".htm", ".md", ".markdown")):
        raise UsageError(Problem("--output must name a .md or .html file", Location(output)))
    check_target(output, "--output")
    text = render(load_pack(path), fmt)
    if output:
        with atomic_output(output, "--output") as handle:
            handle.write(text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@pack_group.command(
    "diff",
    epilog="""\b
Examples:
  amity pack diff core my-course
  amity pack diff core china-ladder --on data/relationships.csv
  amity pack diff core my-course --on dyads.csv --format markdown > changes.md

\b
Exit codes:
  0  the comparison was made (whatever it found)
  1  a broken pack
  2  bad usage, an unknown pack, an unreadable dataset, or one that breaks off (the rows
     before the break are compared)""",
)
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option(
    "--on", "dataset", metavar="DATASET", help="Also assess a dataset with both packs and show the rows that change."
)
@click.option(
    "--format", "-f", "fmt", type=Choice(["text", "markdown", "json"]), default="text", show_default=True,
    help="Output format.",
)  # fmt: skip
@jobs_option("Worker processes (at most 4 per core, and 64).", default="1")
@input_format_option
@delimiter_option
@ignore_columns_option
@report_errors
def diff(
    old: str,
    new: str,
    dataset: str | None,
    fmt: str,
    jobs_given: str,
    input_format: str | None,
    delimiter: str | None,
    ignore_unknown_columns: bool,
) -> None:
    """What changes from pack OLD to pack NEW: rules, grammar, lexicon, and with --on the rows of a dataset."""
    from amity.engine import load_pack, read_rows
    from amity.engine.packdiff import diff_on, diff_packs

    from .reporters.packdiff import render

    jobs = worker_count(jobs_given) or 1
    a, b = load_pack(old), load_pack(new)
    changes = diff_packs(a, b)
    if not dataset and (input_format or delimiter or ignore_unknown_columns):
        raise UsageError(
            Problem("--input-format, --delimiter and --ignore-unknown-columns read a dataset", option="on")
        )
    late: list[Any] = []  # a fault after the last row (a ',' before a JSON list's ']'), which makes no row
    rows = (
        list(
            read_rows(
                dataset,
                input_format,
                ignore_unknown_columns=ignore_unknown_columns,
                delimiter=delimiter,
                on_stop=lambda row: late.append(row) if row.whole else None,
            )
        )
        if dataset
        else []
    )
    on = diff_on(a, b, rows, jobs=jobs) if dataset else None
    click.echo(render(changes, on, dataset, fmt), nl=False)
    if rows and rows[-1].stops:  # the diff lacks the rows after the break: said, and exit 2
        broke_off(rows[-1], str(dataset), held="the diff covers")
    if late:
        broke_off(late[0], str(dataset))
