"""Fixtures of the offline tests: the example applicant's profile, written with its documents."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from autofill.samples import EXAMPLE_PROFILE, render_samples

ProfileWriter = Callable[..., Path]


@pytest.fixture(scope="session")
def sample_images() -> dict[str, bytes]:
    return render_samples(EXAMPLE_PROFILE)


def example_data() -> dict[str, Any]:
    """A fresh deep copy of the example profile, to be changed by a test."""
    return copy.deepcopy(EXAMPLE_PROFILE)


@pytest.fixture
def write_profile(tmp_path: Path, sample_images: dict[str, bytes]) -> ProfileWriter:
    """Writes a profile (the example, or `data`) and the six sample documents under tmp_path."""

    def write(data: dict[str, Any] | None = None, name: str = "profile.json") -> Path:
        data = example_data() if data is None else data
        for item, image in sample_images.items():
            target = tmp_path / EXAMPLE_PROFILE["documents"][item]
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                target.write_bytes(image)
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        return path

    return write
