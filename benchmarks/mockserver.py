"""The mock portal in its own process, as a user starts it, with its control API at hand."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from benchmarks.measure import peak_rss_mib

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def pythonpath_env() -> dict[str, str]:
    """The environment for a child process that runs this checkout's code."""
    env = dict(os.environ)
    paths = [str(ROOT / "src"), str(ROOT)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


class MockServer:
    """`python -m mock_portal` on a free loopback port with a fresh SQLite file; stopped on exit."""

    def __init__(self, *flags: str, start_timeout_s: float = 30.0) -> None:
        self.flags = list(flags)
        self.start_timeout_s = start_timeout_s
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._dir = tempfile.TemporaryDirectory(prefix="bench-mock-")
        self.db = Path(self._dir.name) / "portal.db"
        self.log = Path(self._dir.name) / "portal.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.control = httpx.Client(base_url=self.url, timeout=30.0)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> MockServer:
        command = [sys.executable, "-m", "mock_portal", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--db", str(self.db), *self.flags]
        self.proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=pythonpath_env(),
            cwd=ROOT,
        )
        listening = threading.Event()
        threading.Thread(target=self._drain, args=(listening,), daemon=True).start()
        # the server says when it listens (uvicorn's "running on" line, or its port); then the
        # control API must answer
        if not listening.wait(self.start_timeout_s) or self.proc.poll() is not None:
            self.stop()
            raise RuntimeError(f"mock portal did not start: {self.log.read_text()[-2000:]}")
        if self.control.get("/__mock__/clock").status_code != 200:
            raise RuntimeError("mock portal's /__mock__/clock did not answer 200")
        return self

    def _drain(self, listening: threading.Event) -> None:
        """Copies the server's output to its log file and notices the line saying it listens."""
        assert self.proc is not None and self.proc.stdout is not None
        with self.log.open("ab") as log:
            for line in self.proc.stdout:
                log.write(line)
                log.flush()
                text = line.decode(errors="replace").lower()
                if "running on" in text or f":{self.port}" in text:
                    listening.set()
        listening.set()  # the process ended: the caller sees it by poll()

    def peak_rss_mib(self) -> float:
        return peak_rss_mib(self.pid)

    def mock(self, method: str, path: str, json: Any = None) -> Any:
        """A `/__mock__` call; the answer's JSON (None for 204)."""
        response = self.control.request(method, f"/__mock__/{path}", json=json)
        if response.status_code >= 400:
            raise RuntimeError(f"/__mock__/{path}: {response.status_code} {response.text[:500]}")
        return response.json() if response.content else None

    def cases(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.mock("GET", "cases")
        return found

    def stop(self) -> None:
        self.control.close()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._dir.cleanup()

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
