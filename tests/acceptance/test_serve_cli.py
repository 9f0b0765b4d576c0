"""`amity serve` as a command: it prints its address, binds loopback by default and says so, warns for
another host, refuses a bad folder or a taken port with exit 2, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import urllib.request

from amity.cli.main import main
from amity.cli.serve import is_loopback
from amity.engine.scenarios import SCENARIO_DIR
from click.testing import CliRunner

from tests.processes import as_a_background_job_starts_it

from .serving import AMITY, serving


def test_serves_pages_and_stops_cleanly_on_ctrl_c():
    with serving() as (url, proc, _):
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
            assert "<h1>amity</h1>" in response.read().decode()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "amity serve: stopped." in out
    assert "Traceback" not in err and "Traceback" not in out


def test_a_closed_terminal_or_sigterm_stops_it_as_ctrl_c_does():
    """A closed terminal (SIGHUP) broke into uvicorn's loop and printed a traceback: now it shuts down as on
    Ctrl-C, and so does SIGTERM."""
    for signum in (signal.SIGHUP, signal.SIGTERM):
        with serving() as (_, proc, _):
            proc.send_signal(signum)
            out, err = proc.communicate(timeout=30)
        assert (proc.returncode, err) == (0, ""), signum
        assert out.endswith("amity serve: stopped.\n")


def test_a_background_job_is_not_stopped_by_ctrl_c():
    """A shell's background job ignores SIGINT, so that a Ctrl-C stops the foreground only: uvicorn's own
    handler stopped the page; now it serves on, as every other command keeps an ignored signal ignored, and
    SIGTERM still stops it."""
    with serving(started=as_a_background_job_starts_it) as (url, proc, _):
        proc.send_signal(signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):  # a shutdown, had it been taken, takes a tenth of that
            proc.wait(timeout=2)
        assert proc.poll() is None
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert (proc.returncode, err) == (0, "") and out.endswith("amity serve: stopped.\n")


def test_its_address_line_names_the_pack_it_serves(tmp_path):
    """The pack is named as its pack.yaml names it, with its version, however it was given: a path ('pack .',
    from a pack's own folder) said nothing of which pack, or which version of it, the page runs."""
    from pathlib import Path

    import amity.engine

    ladder = Path(amity.engine.__file__).parents[1] / "rules" / "china-ladder"
    with serving("--pack", ".", cwd=ladder) as (_, _proc, head):
        pass
    assert "(pack china-ladder 1.0.0; Ctrl-C stops)" in head
    with serving() as (_, _proc, head):
        pass
    assert "(pack core 1.0.0; Ctrl-C stops)" in head


def test_loopback_by_default_is_said_and_another_host_warns():
    with serving() as (_, proc, head):
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert "only this machine can open the page" in head and "warning" not in err
    with serving("--host", "0.0.0.0") as (_, proc, head):
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert "warning: listening on 0.0.0.0" in err and "only this machine" not in head


def test_is_loopback():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.1.2.3")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("example.org")


def test_a_taken_port_and_a_missing_folder_exit_2_without_a_traceback(tmp_path):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = taken.getsockname()[1]
        r = CliRunner().invoke(main, ["serve", "--port", str(port)])
    finally:
        taken.close()
    assert r.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["serve", "--scenarios", str(tmp_path / "nope")])
    assert r.exit_code == 2 and "no such folder" in r.output
    r = CliRunner().invoke(main, ["serve", "--pack", "no-such-pack"])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_a_scenarios_folder_where_no_scenario_loads_is_bad_input_and_a_broken_one_is_said(tmp_path):
    """The server started on a folder where no scenario loaded, and said nothing at the terminal of a broken
    one: the instructor who gave the folder learnt of it only from the quiz's page (an empty quiz, there)."""
    (tmp_path / "x.yaml").write_bytes(b"\x89PNG\r\n\x1a\n")
    # a process with a timeout: a server that starts serves until stopped
    r = subprocess.run(
        [str(AMITY), "serve", "--scenarios", str(tmp_path), "--port", "0"], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"error: {tmp_path / 'x.yaml'}:1:1: the file is a PNG image, not text" in r.stderr
    assert "amity serve:" not in r.stdout + r.stderr
    shutil.copy(SCENARIO_DIR / "sorrel-pact.yaml", tmp_path)
    with serving("--scenarios", str(tmp_path)) as (url, proc, _):
        with urllib.request.urlopen(url + "quiz", timeout=30) as response:
            assert "/quiz/sorrel-pact" in response.read().decode()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert f"error: {tmp_path / 'x.yaml'}:1:1: the file is a PNG image, not text" in err
    assert "1 scenario file of 2 is left out (the errors above); the quiz offers the other 1." in err
    assert "Traceback" not in err


def test_a_broken_pack_exits_1_as_the_help_says(tmp_path):
    """A pack that does not load is a broken pack (exit 1), as for every command; --help listed only an internal failure."""
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "pack: broken\nversion: 1.0.0\ndescription: d\nrules:\n  - id: a\n    description: d\n    rationale: r\n"
        "    source: {citation: c}\n    when: {finding: nope}\n    then: [{level: partnership}]\n"
    )
    r = CliRunner().invoke(main, ["serve", "--pack", str(broken), "--port", "0"])
    assert r.exit_code == 1 and "which no rule concludes" in r.output and "Traceback" not in r.output
    helptext = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "\n    1  a broken rule pack, or an internal failure\n" in helptext
    assert "\n    2  bad usage: an unknown pack," in helptext


def test_the_readme_serve_commands_are_the_commands_options():
    """Every `amity serve` line of the README uses options the command has, and the section names the
    browser packages the tests need."""
    import re

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = re.findall(r"^\.venv/bin/amity serve(.*?)(?:#.*)?$", readme, re.M)
    assert len(lines) >= 3
    helptext = CliRunner().invoke(main, ["serve", "--help"]).output
    for line in lines:
        for option in re.findall(r"--[a-z-]+", line):
            assert option in helptext, (line, option)
    assert "apt-get install -y chromium chromium-driver" in readme


def test_the_wheel_ships_every_template_and_asset():
    """Package data covers every file the pages load (no CDN, no build step: they must be in the wheel)."""
    import fnmatch
    import tomllib

    from tests.conftest import ROOT

    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["amity.web"]
    files = [p.relative_to(ROOT / "web").as_posix() for p in (ROOT / "web").rglob("*") if p.is_file()]
    shipped = [f for f in files if f.endswith((".html", ".css", ".js", ".svg"))]
    assert any(f.startswith("templates/") for f in shipped) and "static/amity.css" in shipped
    for f in shipped:
        assert any(fnmatch.fnmatch(f, g) for g in globs), f
