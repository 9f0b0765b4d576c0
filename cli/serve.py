"""``amity serve``: the interview, the quiz and assessments as a local web page (``amity.web``).

The command only parses its options, binds the socket and runs the server; the pages are
``amity.web.app``.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click
from amity.engine import load_pack
from amity.engine.errors import InputError, Location, Problem, UsageError

from .main import STOP_SIGNALS, WholeNumber, main, pack_option, report_errors
from .reporters.common import plural, terminal_safe

if TYPE_CHECKING:
    import socket

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach an address bound on host."""
    import ipaddress  # here: every command starts with this module loaded, and only serve needs it

    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; a located UsageError when the address cannot be had."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UsageError(Problem(f"cannot use the host '{host}': {exc.strerror or exc}", option="host")) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise UsageError(
            Problem(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                Location(f"{host}:{port}"),
                "choose another --port (0 picks a free one)",
                option="port",
            )
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@main.command(
    epilog="""\b
Examples:
  amity serve                              # http://127.0.0.1:8000/ on this machine only
  amity serve --port 0                     # any free port; the address is printed
  amity serve --scenarios class-scenarios/ # the quiz offers the scenarios of that folder
  amity serve --host 0.0.0.0               # a classroom network (prints a warning: no login, no TLS)

\b
Exit codes:
  0  stopped by Ctrl-C (SIGINT) or SIGTERM: the way to stop the server, not an interruption
  1  a broken rule pack, or an internal failure
  2  bad usage: an unknown pack, a folder that does not exist, a port in use, missing web dependencies;
     bad input: a --scenarios folder where no scenario loads (where some do not, their errors are shown,
     and the quiz offers the others)
"""
)
@pack_option
@click.option("--scenarios", metavar="DIR", help="The folder of scenarios the quiz offers (default: the bundled ones).")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="The address to listen on (loopback: this machine only)."
)
@click.option(
    "--port",
    type=WholeNumber(0, "the port (0: any free port)", 65535),
    default=8000,
    show_default=True,
    help="The port (0: any free port).",
)
@report_errors
def serve(pack: str, scenarios: str | None, host: str, port: int) -> None:
    """Serve the interview, the quiz and assessments as a local web page; Ctrl-C stops it (exit 0).

    Everything runs on this machine; the page loads nothing from the network.
    """
    from pathlib import Path

    try:
        import uvicorn
        from amity.web.app import create_app
    except ImportError as exc:  # the optional web dependencies are missing
        raise UsageError(
            Problem(f"amity serve needs its web dependencies ({exc.name})", suggestion="pip install 'amity[serve]'")
        ) from None

    if scenarios is not None and not Path(scenarios).is_dir():
        raise UsageError(
            Problem(
                "no such folder", Location(scenarios), "give a folder of scenario files (*.yaml)", option="scenarios"
            )
        )
    from amity.engine.scenarios import (
        SCENARIO_DIR,
        find_scenarios,
        load_scenarios,
    )  # here: every command loads this module

    loaded = load_pack(pack)
    # said at the terminal, where the instructor who gave the folder is: the page shows them only on the quiz's list
    paths = find_scenarios(scenarios if scenarios is not None else SCENARIO_DIR)
    offered = load_scenarios(paths)
    if not offered.scenarios:  # a quiz with nothing to offer: every problem of every file, exit 2
        raise InputError(offered.problems)
    for p in offered.problems:
        click.echo(terminal_safe(f"error: {p}"), err=True)
    if offered.broken:
        broken = len(offered.broken)
        click.echo(
            f"{plural(broken, 'scenario file')} of {len(paths)} {'is' if broken == 1 else 'are'} left out "
            f"(the errors above); the quiz offers the other {len(offered.scenarios)}.",
            err=True,
        )
    app = create_app(loaded, scenarios, loaded_scenarios=offered)
    sock = bind(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    if is_loopback(host):
        click.echo("Listening on the loopback address: only this machine can open the page.")
    else:
        click.echo(
            f"warning: listening on {host}: other machines on the network can open the page; "
            "it has no login and no encryption. Use --host 127.0.0.1 to keep it on this machine.",
            err=True,
        )
    address = f"amity serve: http://{shown}:{bound_port}/  (pack {loaded.name} {loaded.version}; Ctrl-C stops)"

    class Server(uvicorn.Server):
        """Says its address once it serves: a Ctrl-C from then on always meets uvicorn's own handler."""

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            """uvicorn's graceful shutdown on a closed terminal (SIGHUP) too, as on SIGINT and SIGTERM: the
            SIGHUP interrupted its loop and printed a traceback. A stop signal the caller ignores (a background
            job's SIGINT) stays ignored, as in every other command."""
            ignored = [s for s in STOP_SIGNALS if signal.getsignal(s) is signal.SIG_IGN]
            with super().capture_signals():
                closed = signal.signal(signal.SIGHUP, self.handle_exit)
                for s in ignored:
                    signal.signal(s, signal.SIG_IGN)
                try:
                    yield
                finally:
                    signal.signal(signal.SIGHUP, closed)

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                click.echo(address)

    server = Server(uvicorn.Config(app, log_level="warning", server_header=False, access_log=False))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shuts down on Ctrl-C, then raises the signal again for the caller
        pass
    finally:
        sock.close()
    click.echo("amity serve: stopped.")
