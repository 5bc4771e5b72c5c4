"""A real ``mkdocs serve`` in a subprocess, on a free port, for the tests that edit a project
while it is served (tests/site/test_serve_*.py, tests/browser/test_serve_errors.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import make_mini_project

#: As in the real mkdocs.yml, the navigation lists the index pages, not every entry.
NAV = "nav:\n  - Accueil: index.md\n  - Lois: lois/index.md\n  - Cas: cas/index.md\n"


def age(project: Path) -> None:
    """Files of a fresh project look written long ago (edited less than 2 s before a build, an
    input other than the entries always gets a full build: its change might not have been seen)."""
    old = time.time() - 3600
    for path in [project / "mkdocs.yml", *project.rglob("docs/**/*")]:
        os.utime(path, (old, old))


def mini_served_project(project: Path, *, nav: bool = True) -> Path:
    """The mini project (``conftest.make_mini_project``), with the real site's kind of ``nav:``."""
    make_mini_project(project)
    if nav:
        with open(project / "mkdocs.yml", "a", encoding="utf-8") as stream:
            stream.write(NAV)
    age(project)
    return project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``mkdocs serve --strict`` of a project; :meth:`get` asks it for a page."""

    def __init__(self, proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.proc, self.port, self.log = proc, port, log
        self.url = f"http://127.0.0.1:{port}/"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def get(self, path: str) -> tuple[int, str]:
        """The status and the text of ``path``'s answer (an error status too)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=60) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def wait_for(self, what: str, check: Callable[[], bool], seconds: float = 120) -> None:
        """Until ``check()`` is true (the server still running), else fail with the log."""
        deadline = time.monotonic() + seconds
        while not check():
            assert self.proc.poll() is None, f"mkdocs serve stopped:\n{self.output()}"
            assert time.monotonic() < deadline, f"{what}: not seen in {seconds} s\n{self.output()}"
            time.sleep(0.1)


@contextmanager
def mkdocs_serve(project: Path, log: Path) -> Iterator[Server]:
    """``mkdocs serve --strict`` in ``project`` (output in ``log``), once it answers; stopped after."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    server = Server(proc, port, log)

    def answers() -> bool:
        try:
            server.get("")
        except OSError:
            return False
        return True

    try:
        server.wait_for("the server's first answer", answers)
        yield server
    finally:
        proc.terminate()
        proc.wait(timeout=30)
