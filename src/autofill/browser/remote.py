"""Remote browsers: `--browser-ws URL` connects to Playwright browser servers instead of launching.

A server is `playwright run-server --port N` (started with the same Playwright version as this
tool) on a machine of its own, or any service that speaks Playwright's protocol. Each
connection asks the server to launch a Chromium with the tool's launch options (headless, the
flags of `autofill.browser.find`), sent in the `x-playwright-launch-options` header; a
`launch-options` JSON in the URL's query adds to them (e.g. `"executablePath"`, which a server
takes only when started with `--unsafe`).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from importlib.metadata import version
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from playwright.sync_api import Browser, Playwright
from playwright.sync_api import Error as PlaywrightError

from autofill.browser.find import CHROMIUM_ARGS
from autofill.errors import BrowserUnreachable
from autofill.messages import t

#: how long connecting to a server (and its launching a browser) may take
CONNECT_TIMEOUT_MS = 30_000
#: how long the server's HTTP answer may take when the endpoints are checked at start
PROBE_TIMEOUT_S = 5.0


def connect_error(url: str, why: str, *, lang: str = "zh") -> BrowserUnreachable:
    release = ".".join(version("playwright").split(".")[:2])
    url = shown(url)
    return BrowserUnreachable(
        t("remote.unreachable", lang, url=url, why=why, release=release),
        errors=[{"path": "--browser-ws", "message": f"{url}: {why}"}],
    )


def shown(endpoint: str) -> str:
    """The endpoint as printed: no user, password or query (a service's token may be there)."""
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def split(endpoint: str, *, lang: str = "zh") -> tuple[str, dict[str, Any]]:
    """The URL to connect to and the launch options to send (the URL's own added to the tool's)."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("ws", "wss") or not parts.netloc:
        raise BrowserUnreachable(
            t("remote.not_ws", lang, endpoint=endpoint),
            errors=[{"path": "--browser-ws", "message": f"not a ws:// URL: {endpoint}"}],
        )
    query = parse_qsl(parts.query, keep_blank_values=True)
    theirs: dict[str, Any] = {}
    rest = []
    for key, value in query:
        if key != "launch-options":
            rest.append((key, value))
            continue
        try:
            theirs = json.loads(value)
        except ValueError:
            theirs = None  # type: ignore[assignment]
        if not isinstance(theirs, dict):
            raise BrowserUnreachable(
                t("remote.launch_options", lang, endpoint=endpoint),
                errors=[{"path": "--browser-ws", "message": "launch-options is not a JSON object"}],
            )
    url = urlunsplit(parts._replace(query=urlencode(rest)))
    return url, theirs


def launch_options(headless: bool, extra: dict[str, Any]) -> dict[str, Any]:
    """What the server launches: headless or not, our Chromium flags, then the URL's options."""
    return {"headless": headless, "args": list(CHROMIUM_ARGS), **extra}


def probe(endpoint: str, *, lang: str = "zh") -> None:
    """Checks that a server answers at `endpoint` (its plain HTTP answer), before any run starts."""
    url, _ = split(endpoint, lang=lang)
    parts = urlsplit(url)
    http = urlunsplit(parts._replace(scheme="https" if parts.scheme == "wss" else "http"))
    try:
        with urllib.request.urlopen(http, timeout=PROBE_TIMEOUT_S) as answer:
            answer.read(64)
    except urllib.error.HTTPError:
        return  # it answered: a service with its own pages; the connection will tell
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise connect_error(endpoint, str(reason), lang=lang) from None


def connect(p: Playwright, endpoint: str, headless: bool = True, slow_mo: float = 0) -> Browser:
    """A browser launched for us by the server at `endpoint`; BrowserUnreachable if it is not."""
    url, extra = split(endpoint)
    header = json.dumps(launch_options(headless, extra))
    try:
        return p.chromium.connect(
            url,
            headers={"x-playwright-launch-options": header},
            slow_mo=slow_mo,
            timeout=CONNECT_TIMEOUT_MS,
        )
    except PlaywrightError as exc:
        first = str(exc.message).strip().splitlines()[0] if exc.message else type(exc).__name__
        raise connect_error(endpoint, first.replace(url, shown(url))[:200]) from None
