"""Finding a Chromium to drive: `AUTOFILL_BROWSER`, Playwright's own, or a system one on PATH."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from autofill.errors import BrowserNotFound
from autofill.messages import t

SYSTEM_BROWSERS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
)

# Flags for a display-less machine with a closed network: without the background-networking
# ones Chromium keeps trying to reach Google's hosts at every start. The sandbox is not here:
# `sandbox_decision()` turns it off only where Chromium cannot start with it.
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def chinese_ui_env() -> dict[str, str]:
    """The browser's environment with a Chinese interface: with Debian's chromium-l10n, file
    inputs read "选择文件" and date inputs "年/月/日", as on an applicant's own computer.

    Only LANGUAGE chooses the interface's language. The locale itself stays one that exists and
    is UTF-8 (a zh_CN.UTF-8 that the machine has not generated would leave Chromium in the C
    locale, unable to take a file whose name is Chinese).
    """
    env = {**os.environ, "LANGUAGE": "zh_CN:zh"}
    if "utf" not in env.get("LANG", "").lower().replace("-", ""):
        env["LANG"] = "C.UTF-8"
    return env


#: the catalogue key of the hint given when no browser is found
INSTALL_HINT = "find.install_hint"


def _playwright_chromium() -> Path | None:
    """Playwright's own Chromium, when `playwright install chromium` has put one in place."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dependency
        return None
    try:
        with sync_playwright() as p:
            path = Path(p.chromium.executable_path)
    except Exception:
        return None
    return path if path.exists() else None


def find_browser(*, lang: str = "zh") -> Path:
    """The Chromium executable to launch, by the lookup order of `cli.md`; else BrowserNotFound."""
    named = os.environ.get("AUTOFILL_BROWSER")
    if named:
        path = Path(named) if os.sep in named else Path(shutil.which(named) or named)
        if path.exists() and os.access(path, os.X_OK):
            return path
        raise BrowserNotFound(
            t("find.not_executable", lang, named=named, hint=t(INSTALL_HINT, lang))
        )
    own = _playwright_chromium()
    if own is not None:
        return own
    for name in SYSTEM_BROWSERS:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise BrowserNotFound(t(INSTALL_HINT, lang))


@dataclass(frozen=True)
class SandboxDecision:
    """Whether Chromium runs in its sandbox, and why (for the run's log and the README)."""

    sandboxed: bool
    reason: str


def _sysctl(proc_sys: Path, name: str) -> str | None:
    try:
        return (proc_sys / name).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def sandbox_decision(
    euid: int | None = None, proc_sys: Path = Path("/proc/sys")
) -> SandboxDecision:
    """Chromium's sandbox stays on unless Chromium cannot start with it.

    It cannot as root (Chromium refuses: "Running as root without --no-sandbox is not
    supported"), nor where unprivileged user namespaces, which its sandbox is built on, are
    switched off (Debian's `kernel.unprivileged_userns_clone`, `user.max_user_namespaces`,
    Ubuntu's AppArmor restriction); the Debian package has no setuid helper to fall back on.
    """
    uid = os.geteuid() if euid is None else euid
    if uid == 0:
        return SandboxDecision(False, "running as root: Chromium refuses its sandbox as root")
    switches = (
        ("kernel/unprivileged_userns_clone", "0"),
        ("user/max_user_namespaces", "0"),
        ("kernel/apparmor_restrict_unprivileged_userns", "1"),
    )
    for name, off in switches:
        if _sysctl(proc_sys, name) == off:
            setting = name.replace("/", ".")
            return SandboxDecision(False, f"user namespaces unavailable ({setting} = {off})")
    return SandboxDecision(True, "user namespaces available: Chromium's sandbox is on")


def launch_args(headless: bool = True, slow_mo: float = 0) -> dict[str, object]:
    """Keyword arguments for `chromium.launch()` with the browser found by `find_browser()`.

    Playwright adds `--no-sandbox` itself unless `chromium_sandbox` is true.
    """
    return {
        "executable_path": str(find_browser()),
        "headless": headless,
        "slow_mo": slow_mo,
        "chromium_sandbox": sandbox_decision().sandboxed,
        "args": list(CHROMIUM_ARGS),
        "env": chinese_ui_env(),
    }
