from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image

from autofill import samples
from autofill.documents import check_documents
from autofill.policy import evaluate
from autofill.profile import load_profile, validate_profile
from autofill.samples import (
    DOCUMENTS,
    cjk_font_file,
    example_profile,
    render_samples,
    write_example,
)

REPO = Path(__file__).resolve().parents[2]


def test_the_samples_are_real_images_of_the_right_size(sample_images: dict[str, bytes]) -> None:
    assert set(sample_images) == set(DOCUMENTS)
    for data in sample_images.values():
        assert len(data) < 1024 * 1024
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG" and min(image.size) >= 600
            # a drawing, not a blank page: many distinct colours
            assert len(image.convert("RGB").getcolors(1 << 20) or []) > 50


def test_a_cjk_font_is_found_on_this_machine() -> None:
    font = cjk_font_file()
    assert font is not None and Path(font).is_file()


def test_write_example_refuses_to_overwrite(tmp_path: Path) -> None:
    write_example(tmp_path)
    with pytest.raises(FileExistsError):
        write_example(tmp_path)
    assert len(write_example(tmp_path, overwrite=True)) == 7


def test_the_example_written_by_the_setup_is_valid_with_the_tracked_documents() -> None:
    # scripts/bootstrap.sh writes examples/profile.json beside the tracked sample documents
    path = REPO / "examples" / "profile.json"
    assert path.is_file(), "examples/profile.json is written by `sh scripts/bootstrap.sh`"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["documents"] == DOCUMENTS
    profile = load_profile(path)
    assert all(r.ok and not r.will_prepare for r in check_documents(profile))
    for relative in DOCUMENTS.values():
        assert not Path(relative).is_absolute()


@pytest.mark.parametrize(
    "today", [date(2026, 11, 30), date(2027, 10, 21), date(2028, 2, 29), date(2031, 1, 1)]
)
def test_the_example_is_eligible_on_any_day(today: date) -> None:
    data = example_profile(today)
    assert data["certificate"]["issue_date"] == (today - timedelta(days=41)).isoformat()
    report = evaluate(validate_profile(data, today=today), today)
    assert report.eligible, [r for r in report.rules if r.result == "fail"]


def test_write_example_dates_the_profile_from_shanghais_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(samples, "today_shanghai", lambda: date(2031, 1, 1))
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "mine.jpg").write_bytes(b"left alone")
    written = write_example(tmp_path, profile_only=True)
    assert written == [tmp_path / "profile.json"]
    data = json.loads(written[0].read_text(encoding="utf-8"))
    assert data["certificate"]["issue_date"] == "2030-11-21"
    assert data["prior_claims"][0]["granted_on"] == "2027-07-01"
    assert [p.name for p in (tmp_path / "documents").iterdir()] == ["mine.jpg"]


def test_without_a_cjk_font_the_samples_are_still_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(samples, "cjk_font_file", lambda: None)
    samples.font.cache_clear()
    try:
        images = render_samples()
    finally:
        samples.font.cache_clear()
    assert len(images) == 6
    for data in images.values():
        with Image.open(io.BytesIO(data)) as image:
            assert min(image.size) >= 600
