"""The scenario loader: valid files load, bad ones name the file and the dotted path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autofill.errors import BadInput
from autofill.scenarios.files import (
    apply_overrides,
    collect,
    load_scenario,
    materialize_profile,
    scenario_schema,
)
from autofill.scenarios.model import Operator, ReuploadAction, ReviewAction

REPO = Path(__file__).resolve().parents[2]

PROFILE = {
    "policy": "shanghai",
    "certificate": {"number": "S000031000001263000123", "issue_date": "2026-10-20"},
    "prior_claims": [{"occupation": "电工", "level": 4, "granted_on": "2023-06-01"}],
    "documents": {"id_front": "documents/id-front.jpg"},
}

GOOD = """\
title: 退回补正后重新上传
description: 审核人员退回补正，申请人重新上传证书等级页后办件回到待审核。
portal:
  layout: modern
  faults: {seed: 7, latency_ms: [10, 50]}
  review: {mode: manual}
  applicant:
    social_insurance.status: paying
profile:
  path: profile.json
  overrides:
    certificate.issue_date: 2025-12-01
operator: approve
expect: {exit_code: 0, case_status: 待审核, cases: 1}
then:
  - review: return
    reason: 证书等级页不清晰
  - advance_days: 1
  - reupload: [certificate_level]
  - expect: {case_status: 待审核}
"""


def write(folder: Path, name: str, text: str) -> Path:
    (folder / "profile.json").write_text(json.dumps(PROFILE, ensure_ascii=False), "utf-8")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads_with_its_actions_typed(tmp_path: Path) -> None:
    found = load_scenario(write(tmp_path, "return.yaml", GOOD))
    s = found.scenario
    assert found.name == "return"
    assert s.portal.layout == "modern"
    assert s.portal.faults.as_body() == {"seed": 7, "latency_ms": [10, 50]}
    assert s.operator is Operator.APPROVE
    assert isinstance(s.then[0], ReviewAction) and s.then[0].reason == "证书等级页不清晰"
    assert isinstance(s.then[2], ReuploadAction)
    assert s.expect.cases == 1


def test_every_error_names_the_file_and_the_dotted_path(tmp_path: Path) -> None:
    bad = (
        GOOD.replace("exit_code: 0", "exit_code: 9")
        .replace("operator: approve", "operator: maybe\nsurprise: 1")
        .replace("reupload: [certificate_level]", "reupload: [passport]")
    )
    path = write(tmp_path, "bad.yaml", bad)
    with pytest.raises(BadInput) as caught:
        load_scenario(path)
    paths = {e["path"] for e in caught.value.errors}
    assert f"{path}: expect.exit_code" in paths
    assert f"{path}: operator" in paths
    assert f"{path}: surprise" in paths
    assert f"{path}: then.2.reupload" in paths
    assert str(path) in caught.value.message


def test_broken_yaml_says_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", "title: x\nexpect: {exit_code: 0\n")
    with pytest.raises(BadInput) as caught:
        load_scenario(path)
    assert "broken.yaml" in caught.value.message
    assert "行" in caught.value.message


def test_a_missing_profile_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "x.yaml", GOOD.replace("path: profile.json", "path: nowhere.json"))
    with pytest.raises(BadInput) as caught:
        load_scenario(path)
    assert caught.value.errors == [{"path": f"{path}: profile.path", "message": "文件不存在"}]


def test_collect_reports_every_bad_file_at_once(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", GOOD.replace("title: 退回补正后重新上传\n", ""))
    (tmp_path / "c.yaml").write_text(GOOD.replace("layout: modern", "layout: retro"), "utf-8")
    with pytest.raises(BadInput) as caught:
        collect([tmp_path])
    paths = {e["path"] for e in caught.value.errors}
    assert paths == {f"{tmp_path / 'b.yaml'}: title", f"{tmp_path / 'c.yaml'}: portal.layout"}


def test_overrides_set_dotted_paths_and_list_items() -> None:
    out = apply_overrides(
        PROFILE,
        {
            "certificate.issue_date": __import__("datetime").date(2025, 10, 19),
            "prior_claims.0.level": 3,
        },
        where="s.yaml",
    )
    assert out["certificate"]["issue_date"] == "2025-10-19"
    assert out["prior_claims"][0]["level"] == 3
    assert PROFILE["certificate"]["issue_date"] == "2026-10-20"  # the original is untouched


def test_an_override_past_the_end_of_a_list_is_an_error() -> None:
    with pytest.raises(BadInput) as caught:
        apply_overrides(PROFILE, {"prior_claims.3.level": 3}, where="s.yaml")
    assert caught.value.errors[0]["path"] == "s.yaml: prior_claims.3.level"


def test_the_materialized_profile_finds_the_original_documents(tmp_path: Path) -> None:
    found = load_scenario(write(tmp_path, "return.yaml", GOOD))
    out = json.loads(materialize_profile(found, tmp_path / "run").read_text("utf-8"))
    assert out["certificate"]["issue_date"] == "2025-12-01"
    assert out["documents"]["id_front"] == str(tmp_path / "documents" / "id-front.jpg")


def test_the_schema_file_is_the_model_schema() -> None:
    on_disk = json.loads((REPO / "scenarios" / "schema.json").read_text("utf-8"))
    assert on_disk == scenario_schema()


def test_every_shipped_scenario_loads() -> None:
    found = collect([REPO / "scenarios"])
    assert len(found) >= 20
    assert all(f.scenario.title and f.scenario.description for f in found)


def test_relative_dates_keep_deadline_scenarios_fresh() -> None:
    today = __import__("datetime").date(2026, 11, 29)
    out = apply_overrides(
        PROFILE, {"certificate.issue_date": "today-12m-1d"}, where="s.yaml", today=today
    )
    assert out["certificate"]["issue_date"] == "2025-11-28"
    end_of_month = __import__("datetime").date(2026, 3, 31)
    out = apply_overrides(
        PROFILE, {"certificate.issue_date": "today-1m"}, where="s", today=end_of_month
    )
    assert out["certificate"]["issue_date"] == "2026-02-28"


def test_the_shipped_scenarios_cover_every_fault_step_and_refusal() -> None:
    found = [f.scenario for f in collect([REPO / "scenarios"])]
    faults = {k for s in found for k in s.portal.faults.as_body()}
    assert faults >= {
        "latency_ms",
        "error_rate",
        "session_ttl_s",
        "cert_db_lag_days",
        "upload_fail_rate",
        "submit_drop",
        "mangle_preview",
        "sms_login",
        "captcha",
    }
    assert {s.seed_step for s in found} >= {1, 2, 3, 4, 5, 6}
    assert {s.portal.layout for s in found} == {"classic", "modern"}
    assert any(s.portal.device for s in found)
    messages = {m for s in found for m in s.expect.messages()}
    for refusal in (
        "证书信息校验失败",
        "社保信息比对异常",
        "非本市户籍人员须为在本市就业参保的在职人员",
        "已超过申请时限",
        "不可重复申请",
        "机关事业单位在编人员",
    ):
        assert refusal in messages, refusal
    exits = {s.expect.exit_code for s in found}
    assert exits >= {0, 2, 3, 4, 5, 6}
    operators = {s.operator for s in found}
    assert operators == {"approve", "decline", "none"}
