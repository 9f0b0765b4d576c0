"""The ``amity`` command. It parses options, calls the library, and reports.

Exit codes: 0 success; 1 a broken rule pack or an internal failure; 2 bad
input, an unknown pack, or bad usage.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TypeVar

import click

from amity.engine import AmityError, Assessor, load_pack
from amity.engine.vocabulary import load_schema, schema_names

from .reporters import ASSESSMENT_REPORTERS
from .reporters.json_reporter import dumps

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES = """\b
Exit codes:
  0  success
  1  a broken rule pack, or an internal failure
  2  bad input, an unknown pack, or bad usage"""


def _version() -> str:
    try:
        return version("amity")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def report_errors(func: F) -> F:
    """Turn library errors into located messages and exit codes, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AmityError as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem}", err=True)
            if len(exc.problems) > 1:
                click.echo(f"{len(exc.problems)} errors", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # an internal failure: say so plainly
            if os.environ.get("AMITY_DEBUG"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo("this is a bug in amity; run again with AMITY_DEBUG=1 for the details and report it", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES,
)
@click.version_option(_version(), "--version", "-V", prog_name="amity")
def main() -> None:
    """amity: classify relationships between states, check their labels, and explain why.

    It forward-chains over a declarative rule pack (by default the bundled
    'core' pack) to infer a relationship's level, its risks, whether it is
    used to hedge, and whether its official label is inflated or deflated.
    """
    # experta configures the root logger on import; keep its messages off the terminal
    logging.getLogger().handlers.clear()
    logging.getLogger().addHandler(logging.NullHandler())


pack_option = click.option(
    "--pack",
    "-p",
    default="core",
    show_default=True,
    metavar="NAME|PATH",
    help="Rule pack: a bundled pack's name, or a path to a pack.yaml or its folder.",
)


@main.command(
    epilog="""\b
Examples:
  amity assess examples/us-japan.yaml
  amity assess examples/china-russia.yaml --format json
  amity assess profiles.yaml --pack rules/core --format markdown > report.md
  cat profile.json | amity assess -
"""
    + "\n"
    + EXIT_CODES
)
@click.argument("path", metavar="PATH|-")
@pack_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(sorted(ASSESSMENT_REPORTERS)),
    default="text",
    show_default=True,
    help="text for a person, json for programs, markdown with a Mermaid diagram of the derivation.",
)
@report_errors
def assess(path: str, pack: str, fmt: str) -> None:
    """Assess the relationship profile(s) in PATH (YAML or JSON; '-' reads standard input).

    A file holds one profile or a list of them, in the relationship vocabulary
    (see `amity schema relationship`). Absent or null fields are unknown: amity
    says what it cannot decide and which facts would decide it.
    """
    from amity.engine.profiles import load_profiles

    profiles, many = load_profiles(path)
    assessor = Assessor(load_pack(pack))
    results = [assessor.assess(p, checked=True) for p in profiles]
    click.echo(ASSESSMENT_REPORTERS[fmt](results, many), nl=False)


@main.command(epilog="\b\nExamples:\n  amity schema relationship > relationship.schema.json\n  amity schema pack")
@click.argument("name", type=click.Choice(schema_names()))
def schema(name: str) -> None:
    """Print the JSON Schema NAME: relationship, pack, assessment, ..."""
    click.echo(dumps(load_schema(name)), nl=False)


@main.command(
    "test",
    epilog="\b\nExamples:\n  amity test core\n  amity test path/to/my-pack\n  amity test path/to/my-pack --cases more-cases.yaml\n\n"
    + "Exit codes: 0 all cases pass, 1 a case fails or the pack is broken, 2 bad input.",
)
@click.argument("pack", default="core", metavar="[NAME|PATH]")
@click.option("--cases", type=click.Path(dir_okay=False), help="A test file other than the pack's tests.yaml.")
@report_errors
def test_pack(pack: str, cases: str | None) -> None:
    """Run a rule pack's test cases: facts in, expected conclusions out."""
    from amity.engine import packtest

    results = packtest.run(pack, cases)
    for r in results:
        click.echo(f"{'PASS' if r.passed else 'FAIL'} {r.case.test_id}")
        for failure in r.failures:
            click.echo(f"     {failure}")
    failed = sum(not r.passed for r in results)
    click.echo(f"{len(results) - failed} passed, {failed} failed")
    if failed:
        sys.exit(1)
