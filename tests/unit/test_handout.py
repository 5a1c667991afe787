"""The handout: every step with its caption, screenshot and mistakes, self-contained, printable."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from PIL import Image

from autofill.training.guides import GUIDES
from autofill.training.handout import HandoutStep, render_handout, write_handout


def png(width: int, height: int, colour: str = "white") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


STEPS = [
    HandoutStep("login", png(1280, 800)),
    HandoutStep("fill_certificate", png(1280, 800, "blue")),
    HandoutStep("upload", png(390, 844, "red")),
    HandoutStep("read_preview", None, note="预览与档案一致"),
]


def test_each_step_has_its_caption_screenshot_and_mistakes() -> None:
    html = render_handout("正常申请（经典版界面）", "演示 <全流程>", STEPS)
    sections = html.split('<section class="step"')[1:]
    assert len(sections) == 4
    assert GUIDES["login"].caption in sections[0]
    assert "第一步：登录平台，定位服务" in sections[0]
    assert "第三步：填写申请表单，上传材料" in sections[1]
    assert "证书信息校验失败" in sections[1]  # the seed's FAQ 1 belongs to the form
    assert "材料上传失败或格式不符" in sections[2]  # FAQ 3 to the upload
    assert "<img" not in sections[3] and "预览与档案一致" in sections[3]
    assert 'class="phone"' in sections[2] and 'class="phone"' not in sections[0]
    # text from the scenario is escaped
    assert "演示 &lt;全流程&gt;" in html


def test_the_handout_is_self_contained() -> None:
    html = render_handout("t", "d", STEPS)
    sources = re.findall(r'src="([^"]+)"', html)
    assert len(sources) == 3
    for src in sources:
        assert src.startswith("data:image/png;base64,")
        Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).verify()
    assert "http://" not in html and "https://" not in html
    assert "<link" not in html and "<script" not in html


def test_print_css_sets_a4_and_a_page_per_step() -> None:
    html = render_handout("t", "d", STEPS)
    assert "@page { size: A4;" in html
    assert re.search(r"@media print \{.*section\.step \{ break-before: page;", html, re.S)


def test_write_handout_creates_the_folder(tmp_path: Path) -> None:
    out = write_handout(tmp_path / "out" / "handout.html", "t", "d", STEPS[:1])
    assert out.read_text("utf-8").startswith("<!doctype html>")


def test_step_mode_waits_for_enter_at_each_step() -> None:
    from autofill.training.overlay import DemoObserver

    asked: list[str] = []
    observer = DemoObserver(pause=True, ask=asked.append)
    observer.step_started("validate", None, None)
    observer.step_started("upload:bank_card", None, None)
    assert len(asked) == 2
    assert "申请前的必备功课" in asked[0]
    assert "上传材料：银行卡" in asked[1] and "按回车继续" in asked[1]
