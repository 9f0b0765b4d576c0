"""The library changes no global state: importing it, or running a pack on experta, leaves the process as it was."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

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


#: a command line's option in a text: --depth, --why-not
_FLAG = re.compile(r"(?<![\w-])--[a-z]")
#: a command line or an option quoted as documentation quotes it (`amity assess --why-not TARGET`, `--on`)
_QUOTED = re.compile(r"`(?:amity |--)[^`]*`")
#: a command on a line of its own, as a generated file's comment or a console block writes it
_COMMAND_LINE = re.compile(r"(?m)^[#$\s]*amity .*$")


def flags_named(source: str) -> list[tuple[int, str]]:
    """The texts of a module that name a command line's option outside a whole command line (``amity assess
    --why-not``, ``python -m ... --write``, the scaffold's instructions) and an option's own declaration
    (``--write``): a message that sends the reader to a flag, which the web page and the library's callers
    have not got. Docstrings and comments are not read."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    parts = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "{}".join(p.value if isinstance(p, ast.Constant) else "" for p in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings or id(node) in parts:
                continue
            text = node.value
        else:
            continue
        if text.startswith(("amity ", "python -m ")) or re.fullmatch(r"--[a-z-]+", text):
            continue  # a command line, whole (the scaffold's instructions), or an option's own declaration
        said = _QUOTED.sub("", text.split("python -m ", 1)[0])  # less what documentation quotes
        said = _COMMAND_LINE.sub("", said)  # and commands on lines of their own (the scaffold's files)
        if _FLAG.search(said):
            found.append((node.lineno, text))
    return found


def test_the_library_never_names_a_command_line_flag():
    engine = Path(__file__).resolve().parents[2] / "engine"
    offenders = [
        f"{path.name}:{n}: {text!r}"
        for path in sorted(engine.glob("*.py"))
        for n, text in flags_named(path.read_text(encoding="utf-8"))
    ]
    offenders += [
        f"{path.name}:{n}"
        for path in sorted(engine.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "exit_code" in line
    ]
    assert offenders == []


def test_the_flag_finder_sees_a_flag_in_a_message():
    # a check that cannot fail is a defect: the wordings the library had, and ones it may not have
    found = flags_named(
        '''
def f(name, n):
    """Docstrings may say --depth."""
    a = f"{name} … ({n} more steps; --depth or --verbose)"
    b = "use `amity assess` without --why-not"  # the option is not in the command quoted
    c = "give the answers file, its --save file"
    parser.add_argument("--write")
    d = "Only with `amity assess --why-not TARGET`; `--on` takes any dataset"  # documentation quotes them
    e = f"differs from {name}; run python -m amity.engine.schema_build --write"
    return "amity pack diff OLD NEW --on DATA"
'''
    )
    assert [n for n, _ in found] == [4, 5, 6]


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


#: what a run of `amity validate FILE --output OUT --quiet --jobs 1` leaves until it needs it, a cost at every
#: start else: the workers' pickling, tempfile (and shutil and random, for one function), decimal (for a few
#: messages), difflib (for a misspelling; click imports it itself for a short option such as -o, which it
#: tries as a long option first, so the run gives its options long), the summary's reporter (a quiet run shows none)
_LEFT_FOR_LATER = (
    "pickle",
    "tempfile",
    "shutil",
    "random",
    "decimal",
    "difflib",
    "multiprocessing",
    "amity.cli.reporters.summary",
)


def _left_imported(tmp_path, extra: str = "", jobs: int = 1, modules: tuple[str, ...] = _LEFT_FOR_LATER) -> list[str]:
    """Which of modules a run of `amity validate` of a file of one row with ``jobs`` has imported."""
    path = tmp_path / "rows.csv"
    path.write_text("id,parties,legal_basis\nx,USA;GBR,ratified_treaty\n", encoding="utf-8")  # a valid row
    run = (
        f"import sys\n{extra}\nfrom amity.cli.main import main\n"
        f"main(['validate', {str(path)!r}, '--output', {str(tmp_path / 'out.csv')!r}, '--quiet', '--jobs', "
        f"'{jobs}'], standalone_mode=False)\n"
        f"print(' '.join(m for m in {modules!r} if m in sys.modules))"
    )
    probe = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True, check=True)
    assert ",x,USA;GBR,ok," in (tmp_path / "out.csv").read_text(encoding="utf-8")  # the run assessed its row
    return probe.stdout.split()


def test_a_run_of_one_process_imports_nothing_it_leaves_for_later(tmp_path):
    assert _left_imported(tmp_path) == []


def test_the_left_for_later_probe_sees_a_module_imported(tmp_path):
    assert _left_imported(tmp_path, "import tempfile, decimal") == ["tempfile", "shutil", "random", "decimal"]
    assert _left_imported(tmp_path, "import amity.cli.reporters.summary") == ["amity.cli.reporters.summary"]


#: what a run with workers does without, though it starts processes: multiprocessing, and what its connections
#: bring (tempfile, subprocess), all paid before the first worker started (the pool forks its own)
_NOT_FOR_WORKERS = ("multiprocessing", "tempfile", "subprocess")


def test_a_run_with_workers_starts_them_without_multiprocessing(tmp_path):
    assert _left_imported(tmp_path, jobs=2, modules=_NOT_FOR_WORKERS) == []


def test_the_workers_probe_sees_multiprocessing_imported(tmp_path):
    seen = _left_imported(tmp_path, "import multiprocessing.connection", jobs=2, modules=_NOT_FOR_WORKERS)
    assert seen == list(_NOT_FOR_WORKERS)


def _yaml_read_by(tmp_path, data: str, name: str) -> bool:
    """Whether a run of `amity validate` on data (in a file called name) against the core pack imports PyYAML."""
    path = tmp_path / name
    path.write_text(data, encoding="utf-8")
    run = (
        "from amity.cli.main import main\n"
        f"main(['validate', {str(path)!r}, '-o', {str(tmp_path / 'out.csv')!r}, '-q', '--jobs', '1'], "
        "standalone_mode=False)\n"
        "print('yaml' in sys.modules)"
    )
    probe = subprocess.run([sys.executable, "-c", f"import sys\n{run}"], capture_output=True, text=True, check=True)
    return probe.stdout.split()[-1] == "True"


def test_validating_a_csv_file_against_a_bundled_pack_reads_no_yaml(tmp_path):
    """PyYAML takes longer to import than the rest of what the run imports: the bundled pack is read ahead
    (``read_ahead``) and the CSV needs no YAML, so a CSV run never imports it."""
    assert not _yaml_read_by(tmp_path, "id,parties,legal_basis\nx,USA;GBR,treaty\n", "rows.csv")


def test_the_yaml_probe_sees_yaml_read(tmp_path):
    assert _yaml_read_by(tmp_path, "- id: x\n  parties: [USA, GBR]\n  legal_basis: treaty\n", "rows.yaml")
