"""`amity serve` as a command: it prints its address, binds loopback by default and says so, warns for
another host, refuses a bad folder or a taken port with exit 2, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import signal
import socket
import urllib.request

from amity.cli.main import main
from amity.cli.serve import is_loopback
from click.testing import CliRunner

from .serving import serving


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
