"""The library changes no global state: importing it, or running a pack on experta, leaves the process as it was."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import collections, logging, sys
    before = (list(logging.getLogger().handlers), logging.getLogger().level, hasattr(collections, "Mapping"))
    import amity.engine
    from amity.engine import Assessor
    {action}
    after = (list(logging.getLogger().handlers), logging.getLogger().level, hasattr(collections, "Mapping"))
    print("experta" in sys.modules, before == after, after)
    """
)


def probe(action: str) -> str:
    code = PROBE.format(action=action)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()


def test_importing_the_library_imports_no_experta_and_changes_nothing():
    experta_loaded, unchanged, *_ = probe("Assessor('core').assess({'parties': ['USA', 'JPN']})")
    assert experta_loaded == "False"
    assert unchanged == "True"


def test_the_experta_engine_leaves_logging_and_collections_as_they_were():
    experta_loaded, unchanged, *_ = probe("Assessor('core', engine='experta').assess({'parties': ['USA', 'JPN']})")
    assert experta_loaded == "True"
    assert unchanged == "True"


def test_the_probe_sees_a_change_when_there_is_one():
    # a check that cannot fail is a defect: the same probe notices a handler left behind
    _, unchanged, *_ = probe("logging.basicConfig()")
    assert unchanged == "False"


def test_the_library_never_names_a_command_line_flag():
    from pathlib import Path

    engine = Path(__file__).resolve().parents[2] / "engine"
    offenders = [
        f"{path.name}:{n}"
        for path in sorted(engine.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "pass --" in line or "use --" in line or "exit_code" in line
    ]
    assert offenders == []


#: what `amity validate --jobs 1` never uses: the worker processes' machinery, the assessment
#: reporters and what they explain with, and the web server's sockets
_UNUSED_BY_VALIDATE = (
    "multiprocessing",
    "ctypes",
    "socket",
    "amity.cli.reporters.text",
    "amity.cli.reporters.markdown",
    "amity.engine.explain",
    "amity.engine.whynot",
)


def _imported_by(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {_UNUSED_BY_VALIDATE!r} if m in sys.modules))"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()


def test_the_command_starts_without_what_validate_never_uses():
    assert _imported_by("import amity.cli.main") == []


def test_the_start_up_probe_sees_a_module_imported():
    seen = _imported_by("import amity.cli.main, amity.cli.reporters.text, multiprocessing")
    # what multiprocessing itself imports (socket, in CPython 3.11) is CPython's business: not asserted
    assert {"multiprocessing", "amity.cli.reporters.text", "amity.engine.explain", "amity.engine.whynot"} <= set(seen)
