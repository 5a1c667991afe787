from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from autofill import samples
from autofill.documents import check_documents
from autofill.profile import load_profile
from autofill.samples import EXAMPLE_PROFILE, cjk_font_file, render_samples, write_example

REPO = Path(__file__).resolve().parents[2]


def test_the_samples_are_real_images_of_the_right_size(sample_images: dict[str, bytes]) -> None:
    assert set(sample_images) == set(EXAMPLE_PROFILE["documents"])
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


def test_the_committed_example_is_valid_and_matches_the_generator() -> None:
    path = REPO / "examples" / "profile.json"
    assert json.loads(path.read_text(encoding="utf-8")) == EXAMPLE_PROFILE
    profile = load_profile(path)
    assert all(r.ok and not r.will_prepare for r in check_documents(profile))
    for relative in EXAMPLE_PROFILE["documents"].values():
        assert not Path(relative).is_absolute()


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
