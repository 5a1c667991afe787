"""Chromium's sandbox: off only where Chromium cannot start with it (root, no user namespaces)."""

from __future__ import annotations

from pathlib import Path

import pytest

from autofill.browser.find import CHROMIUM_ARGS, launch_args, sandbox_decision


def proc_sys(root: Path, **values: str) -> Path:
    """A stand-in for /proc/sys holding the given settings (`kernel__x` → kernel/x)."""
    for name, value in values.items():
        path = root / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value + "\n")
    return root


def test_a_normal_user_with_user_namespaces_keeps_the_sandbox(tmp_path: Path) -> None:
    found = proc_sys(
        tmp_path, kernel__unprivileged_userns_clone="1", user__max_user_namespaces="63000"
    )
    decision = sandbox_decision(euid=1000, proc_sys=found)
    assert decision.sandboxed
    # nothing known about the kernel: the sandbox stays on
    assert sandbox_decision(euid=1000, proc_sys=tmp_path / "missing").sandboxed


def test_root_runs_without_the_sandbox_and_says_why(tmp_path: Path) -> None:
    decision = sandbox_decision(euid=0, proc_sys=proc_sys(tmp_path))
    assert not decision.sandboxed
    assert "root" in decision.reason


@pytest.mark.parametrize(
    "setting",
    [
        {"kernel__unprivileged_userns_clone": "0"},
        {"user__max_user_namespaces": "0"},
        {"kernel__apparmor_restrict_unprivileged_userns": "1"},
    ],
)
def test_no_user_namespaces_means_no_sandbox(tmp_path: Path, setting: dict[str, str]) -> None:
    decision = sandbox_decision(euid=1000, proc_sys=proc_sys(tmp_path, **setting))
    assert not decision.sandboxed
    assert "user namespaces" in decision.reason


def test_launch_args_follow_the_decision_and_never_force_no_sandbox(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert "--no-sandbox" not in CHROMIUM_ARGS
    monkeypatch.setattr(
        "autofill.browser.find.sandbox_decision",
        lambda: sandbox_decision(euid=1000, proc_sys=tmp_path),
    )
    args = launch_args()
    assert args["chromium_sandbox"] is True
    assert "--no-sandbox" not in args["args"]  # type: ignore[operator]


def test_the_browser_speaks_chinese_in_a_locale_that_exists(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from autofill.browser.find import chinese_ui_env

    monkeypatch.delenv("LANG", raising=False)
    env = chinese_ui_env()
    assert env["LANGUAGE"].startswith("zh_CN")
    # never a zh_CN.UTF-8 the machine may not have: Chromium would fall back to C and refuse
    # a file whose name is Chinese
    assert env["LANG"] == "C.UTF-8"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert chinese_ui_env()["LANG"] == "en_US.UTF-8"
