"""Fixtures of the offline tests: the example applicant's profile, written with its documents."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from autofill.samples import DOCUMENTS, example_profile, render_samples

ProfileWriter = Callable[..., Path]


@pytest.fixture(scope="session")
def sample_images() -> dict[str, bytes]:
    return render_samples(example_profile())


def example_data(today: date | None = None) -> dict[str, Any]:
    """A fresh example profile, to be changed by a test: dated relative to `today`, which a
    test judging on a fixed day passes (else Shanghai's today)."""
    return example_profile(today)


@pytest.fixture
def write_profile(tmp_path: Path, sample_images: dict[str, bytes]) -> ProfileWriter:
    """Writes a profile (the example, or `data`) and the six sample documents under tmp_path."""

    def write(data: dict[str, Any] | None = None, name: str = "profile.json") -> Path:
        data = example_data() if data is None else data
        for item, image in sample_images.items():
            target = tmp_path / DOCUMENTS[item]
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                target.write_bytes(image)
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        return path

    return write
