"""The training handout: one self-contained HTML page, a screenshot and the words for each step."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

from jinja2 import Environment, select_autoescape

from autofill.dates import now_shanghai
from autofill.training.guides import StepGuide, guide_for


@dataclass(frozen=True)
class HandoutStep:
    """One step as it happened in a demo: which step, its screenshot (PNG), an optional note."""

    step: str
    screenshot: bytes | None
    note: str = ""
    #: whether the control of the step is outlined (the orange box) in the screenshot
    outlined: bool = False

    @property
    def guide(self) -> StepGuide:
        return guide_for(self.step)


@dataclass(frozen=True)
class _Row:
    title: str
    subtitle: str
    caption: str
    mistakes: tuple[str, ...]
    image_uri: str | None
    note: str
    phone: bool
    outlined: bool


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _is_portrait(png: bytes) -> bool:
    # a PNG's IHDR holds width and height at bytes 16–24: enough to tell a phone screenshot
    if len(png) < 24 or not png.startswith(b"\x89PNG"):
        return False
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    return height > width * 1.3


def render_handout(
    title: str, description: str, steps: list[HandoutStep], generated: datetime | None = None
) -> str:
    """The handout's HTML: images embedded as data URIs, print CSS for A4, one step a page."""
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string(
        resources.files("autofill").joinpath("templates/handout.html").read_text("utf-8")
    )
    rows = []
    for s in steps:
        g = s.guide
        rows.append(
            _Row(
                title=g.title,
                subtitle=g.subtitle,
                caption=g.caption,
                mistakes=g.mistakes,
                image_uri=_data_uri(s.screenshot) if s.screenshot else None,
                note=s.note,
                phone=bool(s.screenshot) and _is_portrait(s.screenshot or b""),
                outlined=bool(s.screenshot) and s.outlined,
            )
        )
    when = (generated or now_shanghai()).strftime("%Y年%m月%d日")
    return template.render(title=title, description=description, steps=rows, generated=when)


def write_handout(path: Path, title: str, description: str, steps: list[HandoutStep]) -> Path:
    """Writes the handout to `path` (its folder is created) and returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_handout(title, description, steps), encoding="utf-8")
    return path
