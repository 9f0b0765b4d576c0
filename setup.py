"""Build amity as pyproject.toml describes it, with the modules every row goes through compiled by mypyc.

The modules in ``COMPILED`` are Python, type-checked by mypy --strict, and mypyc
compiles them to C extensions where the build has a C compiler: the same code,
about a third faster end to end (bench/README.md, "Compiled"). Where it cannot
(no compiler, no Python headers, ``AMITY_PURE=1``, or an editable install, whose
sources must take effect as they are edited), amity installs as pure Python and
behaves the same; ``amity --version`` says which build is installed, ``pip install
-v .`` why, and ``AMITY_COMPILE=required`` makes a build that cannot compile fail.
CI runs the test suite on both builds.

mypyc names a module after its place under a package root, and amity's modules
live in ``engine/`` but import as ``amity.engine``: they are compiled from a copy
laid out as installed (``build/mypyc/amity/engine``).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

try:
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # setuptools before 70.1: the wheel package's
    from wheel.bdist_wheel import bdist_wheel  # type: ignore[no-redef]

#: the modules compiled: the evaluation, its conditions and trace, the label check and its wording, the schemas' checks
#: that every profile passes, and the validation of datasets that runs them row by row and builds its records
#: (``frozen``) (bench/README.md, "Compiled")
COMPILED = (
    "conditions",
    "evaluator",
    "frozen",
    "label_check",
    "schema_checks",
    "trace",
    "validation",
    "wording",
)
ROOT = Path(__file__).resolve().parent
STAGE = ROOT / "build" / "mypyc"
REQUIRED = os.environ.get("AMITY_COMPILE") == "required"


def _pure(why: object) -> None:
    """Say why amity installs as pure Python (or, with AMITY_COMPILE=required, fail the build)."""
    if REQUIRED:
        raise SystemExit(f"amity: AMITY_COMPILE=required, but the build cannot compile: {why}")
    print(f"amity: installing as pure Python ({str(why)[:300]}); it behaves the same, more slowly", file=sys.stderr)


class _OptionalBuildExt(build_ext):
    """Compiles the extensions where it can; a build that fails leaves amity pure Python, and says so."""

    def run(self) -> None:
        if self.inplace or getattr(self, "editable_mode", False):  # editable: the sources take effect as edited
            self.extensions = self.distribution.ext_modules = []
            return
        try:
            super().run()
        except Exception as exc:  # no compiler, or a compiler that fails: pure Python, which behaves the same
            for ext in self.extensions:  # none of them, not some: a module needs the shared library beside it
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            self.extensions = self.distribution.ext_modules = []
            _pure(exc)


class _Wheel(bdist_wheel):
    """A wheel tagged for what the build made: for this Python and platform if it compiled, else pure."""

    def run_command(self, command: str) -> None:
        if command == "build":
            # an earlier build's extensions are not this one's: one of a module no longer compiled (or of any,
            # where this build is pure) would go into the wheel, and Python imports an extension before the source
            for stale in ROOT.glob("build/lib*/amity/engine/*"):
                if stale.suffix in (".so", ".pyd"):
                    stale.unlink()
        super().run_command(command)
        if command == "build":  # bdist_wheel reads root_is_pure after building, to lay out and tag the wheel
            self.root_is_pure = not self.distribution.has_ext_modules()


def _extensions() -> list[object]:
    if os.environ.get("AMITY_PURE") or not _compiling():
        return []
    try:
        from mypyc.build import mypycify
    except ImportError as exc:
        _pure(f"mypyc is not available: {exc}")
        return []
    here = Path.cwd()
    try:
        shutil.rmtree(STAGE, ignore_errors=True)
        shutil.copytree(
            ROOT / "engine", STAGE / "amity" / "engine", ignore=shutil.ignore_patterns("__pycache__", "*.so")
        )
        # mypy reads this configuration alone: the project's own (strict, with the stubs installed) is CI's
        (STAGE / "mypy.ini").write_text("[mypy]\nignore_missing_imports = True\nexplicit_package_bases = True\n")
        os.chdir(STAGE)  # mypy reads the package root from here (explicit package bases)
        return list(
            mypycify(
                ["--config-file", "mypy.ini", "--no-incremental", *(f"amity/engine/{name}.py" for name in COMPILED)],
                opt_level="3",
                group_name="amity.engine._compiled",  # its shared library installs in the package, not beside it
                target_dir=str(STAGE / "c"),
            )
        )
    except (Exception, SystemExit) as exc:  # the sources do not compile (mypy exits), or no copy to compile
        _pure(f"mypyc could not compile: {exc}")
        return []
    finally:
        os.chdir(here)


def _compiling() -> bool:
    """Whether this run of setup.py builds a wheel or an installation (not its metadata), not an editable one."""
    commands = set(sys.argv[1:])
    return bool(commands & {"bdist_wheel", "build", "build_ext", "install"}) and not commands & {
        "editable_wheel",
        "develop",
    }


setup(ext_modules=_extensions(), cmdclass={"build_ext": _OptionalBuildExt, "bdist_wheel": _Wheel})
