"""``newslint serve``: the editors' desk and the JSON API on a local port.

The web library is imported here, when the command runs, never on the path of ``check``."""

from __future__ import annotations

import argparse
import re
import socket
import sys

from newslint.cli import SUMMARIES
from newslint.cli.common import add_config_arguments, load_setup
from newslint.errors import NewslintError

HELP = SUMMARIES["serve"]
LOCAL = {"127.0.0.1", "localhost", "::1"}


def _size(value: str) -> int:
    """A size in bytes, or with a unit: 5MB, 500kB, 1.5 MB."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*", value.lower())
    if not m:
        raise argparse.ArgumentTypeError(f"expected a size such as 5MB or 500kB, got {value!r}")
    n = float(m.group(1)) * {"b": 1, None: 1, "kb": 1e3, "mb": 1e6, "gb": 1e9}[m.group(2)]
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1 byte")
    return int(n)


def _port(value: str) -> int:
    if not value.isdigit() or not 0 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {value!r}")
    return int(value)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="folders or files to list, worst first (optional)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_port, default=8765, help="port (default: 8765; 0 picks a free one)")
    p.add_argument("--max-size", type=_size, default=5_000_000, metavar="SIZE",
                   help="largest article accepted, e.g. 5MB (default); larger ones get 413")
    add_config_arguments(p)


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from newslint.web.app import ServeSettings, build_app
    except ImportError as exc:
        if not exc.name or exc.name.split(".")[0] == "newslint":
            raise  # a bug of ours, not a missing extra: say so as it is
        raise NewslintError(f"newslint serve needs its web server ({exc.name} is not installed): pip install 'newslint[serve]'") from None
    from newslint.web.service import Library, Setups

    library = None
    if args.paths:
        from newslint.runner import discover, no_articles

        settings, book = load_setup(args, args.paths)
        if not discover(args.paths, settings):  # a missing path raises here, before the port is taken
            raise no_articles(args.paths)
        library = Library(list(args.paths), settings, book)
        library.refresh()
    setups = Setups(args)
    setups.for_name("<stdin>")  # a broken configuration stops the command now, not the first request
    sock = _listen(args.host, args.port)
    host, port = sock.getsockname()[:2]
    if args.host not in LOCAL:
        print(f"newslint serve: warning: listening on {args.host}, not only this machine: anyone who can reach "
              "it can send articles to check", file=sys.stderr)
    shown = f"[{host}]" if ":" in host else host
    print(f"newslint serve: listening on http://{shown}:{port}/ (Ctrl-C stops)", flush=True)
    app = build_app(ServeSettings(setups, library, args.max_size))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    server.run(sockets=[sock])
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, opened here so that a port in use is one clear line, not a log."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise NewslintError(f"cannot listen on {host}: {exc.strerror}", "--host") from None
    family, _, _, _, addr = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Inherited by accepted connections: the response head and body go out as they are written,
    # not held back by Nagle's algorithm until the client's delayed ACK (40 ms per request).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind(addr)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise NewslintError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", "--port") from None
    return sock
