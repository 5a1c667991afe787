from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from typer.testing import CliRunner, Result

from autofill.cli import app, common
from tests.unit.conftest import ProfileWriter, example_data

runner = CliRunner()
FULL_ID = "310101199203154321"
#: the day the `check --on` tests judge on; their example was issued 41 days before (2026-10-20)
ON = "2026-11-30"


@pytest.fixture(autouse=True)
def wide_console() -> Iterator[None]:
    # rich wraps table cells at 80 columns when not on a terminal; keep lines whole for asserts
    saved = common.out_console.width, common.err_console.width
    common.out_console.width = common.err_console.width = 240
    yield
    common.out_console.width, common.err_console.width = saved


def run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def as_json(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def broken_profile(write_profile: ProfileWriter) -> Path:
    data = example_data()
    data["applicant"]["id_number"] = "310101199203154323"
    del data["applicant"]["employer"]
    data["certificate"]["issue_date"] = "2099-01-01"
    return write_profile(data, "broken.json")


# ---- validate ---------------------------------------------------------------------------


def test_validate_a_good_profile(write_profile: ProfileWriter) -> None:
    result = run("validate", str(write_profile()))
    assert result.exit_code == 0, result.output
    assert "档案有效，材料齐全" in result.stdout
    assert "身份证人像面" in result.stdout and "原样上传" in result.stdout


def test_validate_json(write_profile: ProfileWriter) -> None:
    result = run("validate", str(write_profile()), "--json")
    data = as_json(result)
    assert result.exit_code == 0 and data["exit_code"] == 0 and data["errors"] == []
    assert data["documents"][0]["label"] == "身份证人像面"
    assert all(d["ok"] for d in data["documents"])


def test_validate_reports_every_error_with_exit_2(write_profile: ProfileWriter) -> None:
    result = run("validate", str(broken_profile(write_profile)), "--json")
    data = as_json(result)
    assert result.exit_code == 2 and data["exit_code"] == 2
    paths = {e["path"] for e in data["errors"]}
    assert paths == {"applicant.id_number", "applicant.employer", "certificate.issue_date"}
    assert FULL_ID[:-1] not in result.stdout


def test_validate_in_english(write_profile: ProfileWriter) -> None:
    result = run("validate", str(broken_profile(write_profile)), "--lang", "en")
    assert result.exit_code == 2
    assert "the profile has 3 error(s)" in result.stderr
    assert (
        "applicant.employer (employer): an employed applicant needs the employer" in result.stderr
    )


def test_validate_reports_documents(write_profile: ProfileWriter, tmp_path: Path) -> None:
    (tmp_path / "virus.jpg").write_bytes(b"MZ" + b"\x00" * 100)
    data = example_data()
    data["documents"]["bank_card"] = "virus.jpg"
    result = run("validate", str(write_profile(data)), "--json")
    assert result.exit_code == 2
    errors = as_json(result)["errors"]
    assert errors[0]["path"] == "documents.bank_card" and "EXE" in errors[0]["message"]


def test_broken_json_exits_2_with_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text('{"policy": }', encoding="utf-8")
    result = run("validate", str(tmp_path / "p.json"))
    assert result.exit_code == 2 and "第 1 行第 12 列" in result.stderr


def test_an_unknown_language_is_bad_input(write_profile: ProfileWriter) -> None:
    assert run("validate", str(write_profile()), "--lang", "fr").exit_code == 2


# ---- check ------------------------------------------------------------------------------


def pinned() -> dict[str, Any]:
    """The example as written on ON, for the tests that judge on a fixed day."""
    return example_data(date.fromisoformat(ON))


def test_check_the_good_profile(write_profile: ProfileWriter) -> None:
    result = run("check", str(write_profile(pinned())), "--on", ON)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "申请截止：2027-10-20（还剩 324 天）" in out
    assert "补贴金额：2500 × 80% = 2000元" in out
    for name in ("申请对象", "法定劳动年龄", "社会保险", "证书取得方式", "同职业同等级只享受一次"):
        assert name in out
    assert FULL_ID not in out


def test_check_json_keys(write_profile: ProfileWriter) -> None:
    data = as_json(run("check", str(write_profile(pinned())), "--on", ON, "--json"))
    assert data["exit_code"] == 0 and data["eligible"] is True
    assert data["amount"] == 2000 and data["amount_explained"] == "2500 × 80% = 2000元"
    assert data["deadline"] == "2027-10-20" and data["days_left"] == 324
    assert {"rule", "result", "reason"} <= set(data["rules"][0])


def test_check_the_day_after_the_deadline_exits_3(write_profile: ProfileWriter) -> None:
    result = run("check", str(write_profile(pinned())), "--on", "2027-10-21", "--json")
    data = as_json(result)
    assert result.exit_code == 3 and data["exit_code"] == 3
    window = next(r for r in data["rules"] if r["rule"] == "window")
    assert window["result"] == "fail" and "截止日期 2027-10-20，已过 1 天" in window["reason"]
    assert data["amount"] is None


def test_check_employer_recognition_exits_3(write_profile: ProfileWriter) -> None:
    data = pinned()
    data["certificate"]["route"] = "企业直接认定"
    result = run("check", str(write_profile(data)), "--on", ON)
    assert result.exit_code == 3
    assert "企业直接认定取得的证书不属于补贴范围" in result.stdout


def test_check_an_invalid_profile_exits_2_and_writes_nothing(
    write_profile: ProfileWriter, tmp_path: Path
) -> None:
    ics = tmp_path / "out" / "deadline.ics"
    result = run("check", str(broken_profile(write_profile)), "--ics", str(ics))
    assert result.exit_code == 2
    assert not ics.exists() and not ics.parent.exists()


def test_check_writes_the_calendar(write_profile: ProfileWriter, tmp_path: Path) -> None:
    ics = tmp_path / "deadline.ics"
    result = run("check", str(write_profile(pinned())), "--on", ON, "--ics", str(ics))
    assert result.exit_code == 0
    assert "提前 30、7、1 天提醒" in result.stdout
    event = next(iter(Calendar.from_ical(ics.read_bytes()).walk("VEVENT")))
    assert str(event.decoded("dtstart")) == "2027-10-20"


def test_check_writes_no_calendar_when_not_eligible(
    write_profile: ProfileWriter, tmp_path: Path
) -> None:
    ics = tmp_path / "deadline.ics"
    result = run("check", str(write_profile(pinned())), "--on", "2027-10-21", "--ics", str(ics))
    assert result.exit_code == 3 and not ics.exists()
    assert "截止日期已过，未写日历文件" in result.stdout
    data = pinned()
    data["certificate"]["route"] = "competition"
    result = run("check", str(write_profile(data, "c.json")), "--on", ON, "--ics", str(ics))
    assert result.exit_code == 3 and not ics.exists()
    assert "不符合条件，未写日历文件" in result.stdout


def test_check_a_bad_date(write_profile: ProfileWriter) -> None:
    result = run("check", str(write_profile(pinned())), "--on", "2027-13-01", "--json")
    assert result.exit_code == 2
    assert as_json(result)["errors"][0]["path"] == "--on"


def test_check_national_in_english(write_profile: ProfileWriter) -> None:
    data = pinned()
    data["policy"] = "national"
    data["social_insurance"]["unemployment_insurance_months"] = 6
    result = run("check", str(write_profile(data)), "--on", ON, "--lang", "en", "--json")
    assert result.exit_code == 3
    assert "6 months of unemployment insurance, fewer than 12" in as_json(result)["message"]


# ---- schema and init --------------------------------------------------------------------


def test_schema_prints_the_json_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "职业技能提升补贴申请档案"
    wrapped = as_json(run("schema", "--json"))
    assert wrapped["exit_code"] == 0 and wrapped["schema"] == schema


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_init_writes_a_valid_example_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "start"
    result = run("init", str(target))
    assert result.exit_code == 0
    assert len(list((target / "documents").glob("*.jpg"))) == 6
    assert run("validate", str(target / "profile.json")).exit_code == 0
    (target / "profile.json").write_text('{"mine": true}', encoding="utf-8")
    before = digest(target)
    again = run("init", str(target), "--json")
    assert again.exit_code == 2 and "--force" in as_json(again)["message"]
    assert digest(target) == before
    assert run("init", str(target), "--force").exit_code == 0
    assert json.loads((target / "profile.json").read_text(encoding="utf-8"))["policy"] == "shanghai"


def test_validate_says_what_preparation_will_do(
    write_profile: ProfileWriter, tmp_path: Path
) -> None:
    from PIL import Image

    image = Image.new("RGB", (900, 700), "white")
    exif = Image.Exif()
    exif[0x0112] = 3
    image.save(tmp_path / "upside-down.jpg", exif=exif.tobytes())
    data = example_data()
    data["documents"]["certificate_level"] = "upside-down.jpg"
    result = run("validate", str(write_profile(data)), "--json")
    assert result.exit_code == 0
    level = next(d for d in as_json(result)["documents"] if d["item"] == "certificate_level")
    assert level["will_prepare"] is True
    assert level["preparation"] == "将按 EXIF 方向转正后另存副本上传，原文件不变"
    assert level["notes"] == ["EXIF 方向标记为 3（照片是旋转的）"]


# ---- personal numbers in what is printed --------------------------------------------------

#: a file named after its owner's numbers, written as people write them
NUMBERED_NAME = "王示例 310101 19920315 4321 卡6222-0202-1234-5678-909 +86 138 0013 8000.json"
NUMBER_DIGITS = ("3101011992031543", "19920315", "0202", "1234567", "5678909", "00138000")


def _digits_only(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _leaks(text: str) -> list[str]:
    digits = _digits_only(text)
    return [d for d in NUMBER_DIGITS if d in digits]


def test_json_error_messages_and_paths_are_masked_like_the_console(tmp_path: Path) -> None:
    missing = tmp_path / NUMBERED_NAME
    result = run("check", str(missing), "--json")
    data = as_json(result)
    assert result.exit_code == 2 and data["exit_code"] == 2
    assert data["errors"] and _leaks(result.stdout) == [], result.stdout
    assert "310***********4321" in data["errors"][0]["path"]
    assert "6222 **** **** 8909" in data["errors"][0]["message"]
    assert "+86 138****8000" in data["errors"][0]["message"]
    console = run("check", str(missing))
    assert console.exit_code == 2
    assert _leaks(console.stderr) == [] and "310***********4321" in console.stderr


def test_validate_masks_document_paths_in_the_table_and_the_errors(
    write_profile: ProfileWriter,
) -> None:
    data = example_data()
    data["documents"]["bank_card"] = "documents/" + NUMBERED_NAME.replace(".json", ".jpg")
    path = write_profile(data)
    for args in ((), ("--json",)):
        result = run("validate", str(path), *args)
        assert result.exit_code == 2
        assert "6222 **** **** 8909" in result.stdout
        assert _leaks(result.stdout + result.stderr) == [], result.stdout
