"""`autofill doctor`: is this machine ready to drive the portal, and is the portal what the map says?

The machine checks look at what a run needs before it starts: the browser the tool would launch
and its version, a headless launch with the tool's own flags (and whether its sandbox is on, and
why), CJK fonts, Chromium's Chinese locale pack, the runs folder. Each gives a `Check` (ok, a
warning, or a failure with the fix). Every outside lookup goes through `Machine`, so that tests
can stand in a machine that lacks one thing.

The portal check (`portal_survey`) walks the portal read-only (`autofill.portal.survey`) and
holds the portal map against its pages.
"""

from __future__ import annotations

import os
import stat
import subprocess
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from autofill.errors import AutofillError, ExitCode
from autofill.messages import t

if TYPE_CHECKING:
    from autofill.profile import Profile

Level = Literal["ok", "warn", "fail"]

#: how long `<browser> --version` and a headless launch may take
VERSION_TIMEOUT_S = 20
LAUNCH_TIMEOUT_MS = 60_000
FC_LIST = ("fc-list", ":lang=zh", "family")
#: Chromium's Chinese interface texts, beside the real browser binary
LOCALE_PAK = Path("locales") / "zh-CN.pak"


@dataclass(frozen=True)
class Check:
    """One line of the machine report: ✓ (ok), ! (a warning) or ✗ (a failure), with the fix."""

    check: str
    level: Level
    detail: str
    fix: str = ""

    @property
    def ok(self) -> bool:
        return self.level != "fail"

    @property
    def mark(self) -> str:
        return {"ok": "✓", "warn": "!", "fail": "✗"}[self.level]

    def as_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "ok": self.ok,
            "warning": self.level == "warn",
            "detail": self.detail,
            "fix": self.fix,
        }


def _run(argv: Sequence[str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout, check=False)


def _launch(kwargs: dict[str, Any]) -> None:
    """Launches Chromium headless with the tool's arguments and closes it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(**kwargs, timeout=LAUNCH_TIMEOUT_MS)
        browser.close()


def _find_browser() -> Path:
    from autofill.browser.find import find_browser

    return find_browser()


def _launch_args() -> dict[str, Any]:
    from autofill.browser.find import launch_args

    return launch_args(headless=True)


@dataclass
class Machine:
    """The lookups the machine checks make; tests replace one at a time."""

    find_browser: Callable[[], Path] = _find_browser
    launch_args: Callable[[], dict[str, Any]] = _launch_args
    run: Callable[[Sequence[str], float], subprocess.CompletedProcess[str]] = _run
    launch: Callable[[dict[str, Any]], None] = _launch
    euid: Callable[[], int] = os.geteuid
    fc_list: Sequence[str] = FC_LIST
    #: where a browser's locale pack may be besides next to the executable itself
    locale_dirs: Sequence[Path] = field(default_factory=lambda: [Path("/usr/lib/chromium")])


def machine_checks(runs_dir: Path, lang: str = "zh", machine: Machine | None = None) -> list[Check]:
    """Every machine check, in the order a run needs them."""
    m = machine or Machine()
    checks: list[Check] = []
    try:
        browser = m.find_browser()
    except AutofillError as exc:
        checks.append(Check("browser", "fail", exc.message, t("doctor.browser.fix", lang)))
        browser = None
    if browser is not None:
        checks.append(Check("browser", "ok", str(browser)))
        checks.append(_version(m, browser, lang))
        checks.append(_headless(m, lang))
        checks.append(_sandbox(m, lang))
    checks.append(_fonts(m, lang))
    if browser is not None:
        checks.append(_locale_pack(m, browser, lang))
    checks.append(runs_dir_check(runs_dir, lang))
    return checks


def _version(m: Machine, browser: Path, lang: str) -> Check:
    try:
        done = m.run([str(browser), "--version"], VERSION_TIMEOUT_S)
        line = done.stdout.strip().splitlines()[0] if done.stdout.strip() else ""
    except (OSError, subprocess.SubprocessError) as exc:
        done, line = None, type(exc).__name__
    if done is not None and done.returncode == 0 and line:
        return Check("browser_version", "ok", line)
    why = line or (done.stderr.strip()[:200] if done is not None else "")
    return Check(
        "browser_version",
        "warn",
        t("doctor.version.failed", lang, error=why),
        t("doctor.version.fix", lang, path=browser),
    )


def _headless(m: Machine, lang: str) -> Check:
    args = m.launch_args()
    started = time.monotonic()
    try:
        m.launch(args)
    except Exception as exc:  # whatever stops a launch is what the user must see
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
        return Check(
            "headless_launch",
            "fail",
            t("doctor.launch.failed", lang, error=first),
            t("doctor.launch.fix", lang),
        )
    took = f"{time.monotonic() - started:.1f}"
    flags = " ".join(str(a) for a in args.get("args", []))
    return Check("headless_launch", "ok", t("doctor.launch.ok", lang, seconds=took, flags=flags))


def _sandbox(m: Machine, lang: str) -> Check:
    # the launch arguments are the tool's own (launch_args); the doctor only reports what they
    # decide: "--no-sandbox" among the flags, or Playwright's `chromium_sandbox` left false
    # (Playwright then adds "--no-sandbox" itself)
    args = m.launch_args()
    flags = [str(a) for a in args.get("args", [])]
    off = "--no-sandbox" in flags or not args.get("chromium_sandbox", False)
    root = m.euid() == 0
    if off and root:
        return Check("sandbox", "ok", t("doctor.sandbox.off_root", lang))
    if off:
        return Check(
            "sandbox", "warn", t("doctor.sandbox.off_user", lang), t("doctor.sandbox.fix_on", lang)
        )
    if root:
        return Check(
            "sandbox", "fail", t("doctor.sandbox.on_root", lang), t("doctor.sandbox.fix_root", lang)
        )
    return Check("sandbox", "ok", t("doctor.sandbox.on", lang))


def _fonts(m: Machine, lang: str) -> Check:
    fix = t("doctor.fonts.fix", lang)
    try:
        done = m.run(m.fc_list, VERSION_TIMEOUT_S)
    except (OSError, subprocess.SubprocessError) as exc:
        command = " ".join(m.fc_list)
        return Check(
            "cjk_fonts", "fail", t("doctor.fonts.no_fc_list", lang, command=command, error=exc), fix
        )
    families = sorted(
        {line.split(",")[0].strip() for line in done.stdout.splitlines() if line.strip()}
    )
    if done.returncode != 0 or not families:
        return Check("cjk_fonts", "fail", t("doctor.fonts.none", lang), fix)
    return Check(
        "cjk_fonts", "ok", t("doctor.fonts.ok", lang, count=len(families), example=families[0])
    )


def locale_candidates(browser: Path, extra_dirs: Sequence[Path] = ()) -> list[Path]:
    """Where the browser's zh-CN.pak would be: beside the real binary (through links), and, for
    a launcher script such as Debian's /usr/bin/chromium, beside the binary it starts."""
    real = browser.resolve()
    dirs = [real.parent]
    try:
        head = real.read_bytes()[:2]
    except OSError:
        head = b""
    if head == b"#!":
        dirs += list(extra_dirs)
    seen: list[Path] = []
    for d in dirs:
        pak = d / LOCALE_PAK
        if pak not in seen:
            seen.append(pak)
    return seen


def _locale_pack(m: Machine, browser: Path, lang: str) -> Check:
    candidates = locale_candidates(browser, m.locale_dirs)
    env = m.launch_args().get("env") or {}
    ui = env.get("LANGUAGE") or env.get("LANG") or ""
    found = next((p for p in candidates if p.is_file()), None)
    if found is None:
        where = (
            "、".join(str(p) for p in candidates)
            if lang == "zh"
            else ", ".join(map(str, candidates))
        )
        return Check(
            "locale_pack",
            "warn",
            t("doctor.locale.missing", lang, paths=where),
            t("doctor.locale.fix", lang),
        )
    if not ui.startswith("zh"):
        return Check(
            "locale_pack",
            "warn",
            t("doctor.locale.not_chinese", lang, path=found, ui=ui or "-"),
            t("doctor.locale.fix_env", lang),
        )
    return Check("locale_pack", "ok", t("doctor.locale.ok", lang, path=found, ui=ui))


def runs_dir_check(path: Path, lang: str = "zh") -> Check:
    """The runs folder: a folder, mode 0700, owned by this user and writable — or creatable."""
    shown = str(path)
    if path.exists() or path.is_symlink():
        if not path.is_dir():
            return Check(
                "runs_dir",
                "fail",
                t("doctor.runs.not_dir", lang, path=shown),
                t("doctor.runs.fix_other", lang),
            )
        info = path.stat()
        if info.st_uid != os.geteuid():
            return Check(
                "runs_dir",
                "fail",
                t("doctor.runs.not_owner", lang, path=shown, uid=info.st_uid),
                t("doctor.runs.fix_other", lang),
            )
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077:
            return Check(
                "runs_dir",
                "fail",
                t("doctor.runs.mode", lang, path=shown, mode=f"{mode:04o}"),
                t("doctor.runs.fix_mode", lang, path=shown),
            )
        if not _writable(path):
            return Check(
                "runs_dir",
                "fail",
                t("doctor.runs.not_writable", lang, path=shown),
                t("doctor.runs.fix_writable", lang, path=shown),
            )
        return Check("runs_dir", "ok", t("doctor.runs.ok", lang, path=shown))
    parent = next((p for p in path.absolute().parents if p.exists()), Path("/"))
    if not parent.is_dir() or not _writable(parent):
        return Check(
            "runs_dir",
            "fail",
            t("doctor.runs.cannot_create", lang, path=shown, parent=parent),
            t("doctor.runs.fix_other", lang),
        )
    return Check("runs_dir", "ok", t("doctor.runs.will_create", lang, path=shown, parent=parent))


def _writable(folder: Path) -> bool:
    """Whether a file can really be made there (access() says yes to root on a read-only mount)."""
    probe = folder / f".autofill-doctor-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return False
    os.close(fd)
    probe.unlink(missing_ok=True)
    return True


# ---- the report ----------------------------------------------------------------------------


@dataclass
class Report:
    """What `autofill doctor` found: the machine's checks and, when asked, the portal's texts."""

    checks: list[Check]
    lang: str = "zh"
    survey: Any = None  # autofill.portal.survey.Survey, when the portal was walked
    portal_url: str | None = None
    embedded: bool = False
    #: set when the walk could not start (no browser, a bad profile is raised instead)
    portal_error: AutofillError | None = None

    @property
    def machine_failed(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    @property
    def exit_code(self) -> int:
        if self.machine_failed:
            return int(ExitCode.BAD_INPUT)
        if self.portal_error is not None:
            return int(self.portal_error.exit_code)
        if self.survey is not None:
            stopped = self.survey.stopped
            if stopped is not None:
                # unreachable stays 6; a refused login, or a login page that is not what the
                # map says (a label missing, no logged-in page after it), is the portal's: 4
                code = stopped.cause.exit_code if stopped.cause else ExitCode.PORTAL_REFUSED
                unreachable = code == ExitCode.PORTAL_UNAVAILABLE
                return int(ExitCode.PORTAL_UNAVAILABLE if unreachable else ExitCode.PORTAL_REFUSED)
            if self.survey.missing:
                return int(ExitCode.PORTAL_REFUSED)
        return int(ExitCode.OK)

    @property
    def message(self) -> str:
        lang = self.lang
        if self.machine_failed:
            names = "、" if lang == "zh" else ", "
            titles = names.join(t(f"doctor.title.{c.check}", lang) for c in self.machine_failed)
            return t("doctor.machine_failed", lang, names=titles)
        if self.portal_error is not None:
            return self.portal_error.message
        if self.survey is None:
            return t("doctor.machine_ok", lang)
        s = self.survey
        stopped = ""
        if s.stopped is not None:
            stopped = t(f"doctor.portal.{s.stopped.why}", lang, error=s.stopped.message)
            if not s.missing:
                return stopped
            stopped += "；" if lang == "zh" else "; "
        if s.missing:
            sep = "、" if lang == "zh" else ", "
            names = sep.join(
                f"“{f.text}”（{f.key}）" if lang == "zh" else f"“{f.text}” ({f.key})"
                for f in s.missing
            )
            return stopped + t("doctor.portal.missing", lang, count=len(s.missing), names=names)
        return t("doctor.portal.ok", lang, found=s.count("found"), unchecked=s.count("not_checked"))

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "exit_code": self.exit_code,
            "message": self.message,
            "checks": [c.as_json() for c in self.checks],
        }
        if self.survey is not None:
            out["portal_url"] = self.portal_url
            out["embedded"] = self.embedded
            out["texts"] = [f.as_json() for f in self.survey.findings]
            out["counts"] = {
                r: self.survey.count(r) for r in ("found", "missing", "not_checked", "unknown")
            }
        return out


# ---- the portal ----------------------------------------------------------------------------


def walk_portal(
    profile: Profile,
    texts: Any,
    connect: Callable[[Any], AbstractContextManager[Any]],
    headed: bool = False,
    log_in: Callable[[Any, Any], None] | None = None,
    open_form: bool = False,
) -> tuple[Any, Any]:
    """Opens the portal for the profile (the embedded mock, or `--portal-url`), walks it
    read-only in a headless browser and returns the survey and how the portal was reached.

    `log_in(page, access)` logs in on the login page; the default types the profile's account
    and password (and an SMS code when asked). A login by a person (`--login manual`) would be
    passed here.
    """
    from autofill.browser.context import BrowserOptions, open_page
    from autofill.portal.login import LoginPage
    from autofill.portal.survey import survey

    def typed(page: Any, access: Any) -> None:
        c = access.credentials
        LoginPage(page, texts).log_in(c.username, c.password, c.sms_code)

    login = log_in or typed
    with (
        connect(profile) as access,
        open_page(BrowserOptions(headed=headed, trace=False), None) as page,
    ):
        found = survey(page, texts, access.url, lambda p: login(p, access), open_form)
    return found, access
