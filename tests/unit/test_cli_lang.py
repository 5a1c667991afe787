"""The command line's own texts (help, usage, parse errors) read in the person's language.

Chinese by default; English with `--lang en` or AUTOFILL_LANG=en. Each check runs the command
line in a fresh interpreter, as a person does, because the language of help is settled when the
command line is read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autofill.cli.lang import help_lang, translate_click_error

#: the console script, as installed: the usage line names `autofill`
MAIN = "import sys; sys.argv[0] = 'autofill'; from autofill.cli import main; main()"


def autofill(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "AUTOFILL_LANG"}
    env["COLUMNS"] = "200"
    if lang is not None:
        env["AUTOFILL_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-c", MAIN, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=Path(__file__).resolve().parent,
    )


def test_help_is_chinese_by_default_typer_texts_included() -> None:
    done = autofill("run", "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("用法：autofill run")
    for text in ("参数：", "选项：", "显示本帮助并退出。", "门户地址；不给则在本机启动", "[必填]"):
        assert text in done.stdout, text
    for text in ("Usage:", "Options", "Show this message and exit.", "required"):
        assert text not in done.stdout, text


@pytest.mark.parametrize("how", ["--lang en", "--lang=en", "AUTOFILL_LANG=en"])
def test_help_is_english_with_lang_en_or_the_environment(how: str) -> None:
    if how.startswith("AUTOFILL_LANG"):
        done = autofill("run", "--help", lang="en")
    else:
        done = autofill("run", *how.split(" "), "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("Usage: autofill run")
    for text in (
        "Options:",
        "Show this message and exit.",
        "The portal's address",
        "Check the profile and the rules, log in and fill in the form",
        "The applicant's profile (JSON).",
    ):
        assert text in done.stdout, text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in done.stdout), done.stdout


def test_every_commands_help_is_english_with_lang_en() -> None:
    done = autofill("--help", lang="en")
    assert done.returncode == 0
    assert "Check the profile and its six documents (no browser)." in done.stdout
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in done.stdout), done.stdout
    zh = autofill("portal", "serve", "--help")
    assert "运行模拟门户，直到按 Ctrl-C。" in zh.stdout


def test_a_parse_error_is_in_the_persons_language_with_exit_2() -> None:
    zh = autofill("runs", "show", "--bogus")
    assert zh.returncode == 2
    assert "错误：没有这个选项：--bogus" in zh.stderr
    assert "运行 'autofill runs show --help' 查看帮助。" in zh.stderr
    assert "Error" not in zh.stderr

    en = autofill("runs", "show", "--bogus", lang="en")
    assert en.returncode == 2
    assert "Error: No such option: --bogus" in en.stderr
    assert "Try 'autofill runs show --help' for help." in en.stderr


def test_a_bad_option_value_names_the_option_in_chinese() -> None:
    done = autofill("run", "profile.json", "--slow-mo", "-1")
    assert done.returncode == 2
    assert "错误：'--slow-mo' 的取值不对：不能小于 0" in done.stderr


def test_the_language_of_help_comes_from_the_command_line_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AUTOFILL_LANG", "en")
    assert help_lang(["run", "--help"]) == "en"
    assert help_lang(["run", "--lang", "zh", "--help"]) == "zh"
    assert help_lang(["run", "--", "--lang", "zh"]) == "en"
    monkeypatch.setenv("AUTOFILL_LANG", "fr")
    assert help_lang(["run"]) == "zh"


def test_click_messages_not_recognised_stay_as_they_are() -> None:
    assert translate_click_error("something new", "zh") == "something new"
    assert translate_click_error("Missing argument 'PROFILE'.", "zh") == "缺少参数 'PROFILE'。"


def test_error_bullets_name_the_field_in_the_persons_language(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "profile.json"
    profile = json.loads(example.read_text(encoding="utf-8"))
    profile["bank"]["card_number"] = "6222 0000 0000 0001"  # fails the Luhn check
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")

    zh = autofill("check", str(path))
    assert zh.returncode == 2
    assert "  • 银行卡号（bank.card_number）：银行卡号校验不通过（Luhn）" in zh.stderr

    en = autofill("check", str(path), "--lang", "en")
    assert en.returncode == 2
    assert "  • bank.card_number (card number): the card number fails its check" in en.stderr


def test_the_scenario_schema_speaks_the_persons_language() -> None:
    en = autofill("scenario", "schema", "--lang", "en")
    assert en.returncode == 0, en.stderr
    schema = json.loads(en.stdout)
    assert schema["title"] == "autofill scenario file"
    now = schema["$defs"]["PortalSetup"]["properties"]["now"]["description"]
    assert now.startswith("The portal's clock, e.g. 2026-11-29T10:00:00+08:00")

    zh = json.loads(autofill("scenario", "schema").stdout)
    assert zh["title"] == "autofill 场景文件"
    assert zh["$defs"]["AdvanceClock"]["description"].startswith("把门户时钟往前拨")
    assert zh["$defs"]["PortalSetup"]["properties"]["now"]["description"].startswith("门户时钟")
