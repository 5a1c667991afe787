"""Hostile uploads: image bombs, bodies of a quarter gigabyte, tricky names; the server stays flat."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from mock_portal import uploads
from tests.conftest import MockPortal
from tests.portal.conftest import Applicant, jpeg

pytestmark = pytest.mark.portal

Make = Callable[..., Applicant]
ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def own_process() -> Iterator[tuple[str, int]]:
    """A portal in a process of its own, so that its memory can be read: (url, pid)."""
    command = [sys.executable, "-m", "mock_portal", "--port", "0"]
    with subprocess.Popen(
        command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            match = re.search(r"http://127\.0\.0\.1:\d+", line)
            assert match, line
            yield match.group(0), proc.pid
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture
def served(own_process: tuple[str, int]) -> tuple[str, int]:
    """That portal, reset to its default fixtures before the test."""
    url, _ = own_process
    assert httpx.post(url + "/__mock__/reset", timeout=30).status_code == 204
    return own_process


def peak_rss(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), in bytes."""
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    assert match, status
    return int(match.group(1)) * 1024


def png_declaring(width: int, height: int) -> bytes:
    """A real PNG of one colour: a few hundred KB that decode to width × height pixels."""
    buf = io.BytesIO()
    Image.new("1", (width, height)).save(buf, "PNG")
    return buf.getvalue()


def test_image_declaring_169_megapixels_is_refused_from_its_header(
    served: tuple[str, int],
) -> None:
    url, pid = served
    bomb = png_declaring(13000, 13000)
    assert len(bomb) < uploads.MAX_UPLOAD_BYTES  # small on the wire: only its header tells
    with Applicant(url) as wang:
        wang.login()
        wang.open_form()
        # a big photo within the limit (36 MP) is taken, with a small thumbnail
        taken = wang.upload("id_back", png_declaring(6000, 6000), "big.png")
        assert taken.status_code == 200 and "已上传" in taken.text
        thumb = re.search(r'src="(/materials/[^"]+/thumb)"', taken.text)
        assert thumb
        with Image.open(io.BytesIO(wang.client.get(thumb.group(1)).content)) as img:
            assert max(img.size) <= uploads.THUMB_SIZE[0]
        before = peak_rss(pid)
        started = time.monotonic()
        response = wang.upload("id_front", bomb, "scan.png")
        elapsed = time.monotonic() - started
        after = peak_rss(pid)
    assert response.status_code == 413
    assert "图片尺寸过大" in response.text and "已上传" not in response.text
    # decoding would take the server up by 169 MB at least (1.4 GB for the same size in RGB)
    assert after - before < 40 * MIB, f"peak grew by {(after - before) / MIB:.0f} MiB"
    assert elapsed < 10, f"{elapsed:.1f} s"


def test_other_requests_are_served_while_a_thumbnail_is_made(
    applicant: Make, portal: MockPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    making = threading.Event()
    release = threading.Event()
    real = uploads._thumbnail

    def slow_thumbnail(data: bytes, kind: str) -> Image.Image:
        making.set()
        release.wait(30)  # held until the other request has been answered (or given up)
        return real(data, kind)

    monkeypatch.setattr(uploads, "_thumbnail", slow_thumbnail)
    wang = applicant()
    wang.login()
    wang.open_form()
    answers: list[httpx.Response] = []
    uploader = threading.Thread(target=lambda: answers.append(wang.upload("id_front")))
    uploader.start()
    try:
        assert making.wait(30), "the upload never reached its thumbnail"
        try:
            other = httpx.get(portal.url + "/login", timeout=5)
        except httpx.TimeoutException:
            pytest.fail("the portal answered nothing while a thumbnail was being made")
        assert other.status_code == 200 and "用户登录" in other.text
    finally:
        release.set()
        uploader.join(30)
    assert answers and answers[0].status_code == 200 and "已上传" in answers[0].text


def _many_fields(boundary: str, total: int, csrf: str | None = None) -> Iterator[bytes]:
    """A multipart body of `total` bytes made of tiny text fields, each named anew: millions."""
    head = b""
    if csrf is not None:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf}\r\n'.encode()
    yield head
    sent, n = len(head), 0
    while sent < total:
        chunk = "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\nx\r\n'
            for i in range(n, n + 16000)
        ).encode()
        n += 16000
        sent += len(chunk)
        yield chunk
    yield f"--{boundary}--\r\n".encode()


def _post_streamed(
    client: httpx.Client, path: str, body: Iterator[bytes], boundary: str, **headers: str
) -> httpx.Response:
    return client.post(
        path,
        content=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Requested-With": "fetch",
            **headers,
        },
        timeout=120,
    )


@pytest.mark.parametrize("with_token", [False, True], ids=["no-token", "valid-token"])
def test_240_megabytes_of_form_fields_leave_the_server_flat(
    served: tuple[str, int], with_token: bool
) -> None:
    url, pid = served
    boundary = "----hostileboundary"
    with Applicant(url) as wang:
        wang.login()
        wang.open_form()
        csrf = wang.csrf() if with_token else None
        before = peak_rss(pid)
        started = time.monotonic()
        response = _post_streamed(
            wang.client,
            f"/apply/{wang.case_no}/materials/id_front",
            _many_fields(boundary, 240 * MIB, csrf),
            boundary,
        )
        elapsed = time.monotonic() - started
        after = peak_rss(pid)
        assert "已上传" not in response.text
        # the case holds no material from it
        assert "已上传" not in wang.get(f"/apply/{wang.case_no}").text
    if with_token:
        assert response.status_code == 400 and "请选择要上传的文件" in response.text
    else:
        assert response.status_code == 403
    assert after - before < 40 * MIB, f"peak grew by {(after - before) / MIB:.0f} MiB"
    assert elapsed < 60, f"{elapsed:.1f} s"


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("\u202egpj.exe", "gpj.exe"),
        ("证书\u2066封面\u2069.jpg", "证书封面.jpg"),
        ("scan\u200f\x85\x1b[31m.jpg", "scan[31m.jpg"),
    ],
)
def test_file_names_lose_direction_overrides_and_controls(
    applicant: Make, portal: MockPortal, sent: str, shown: str
) -> None:
    wang = applicant()
    wang.login()
    wang.open_form()
    response = wang.upload("id_front", jpeg(), sent)
    assert response.status_code == 200 and "已上传" in response.text
    assert shown in response.text
    (case,) = [c for c in portal.cases() if c["case_no"] == wang.case_no]
    assert case["materials"]["身份证人像面"]["file_name"] == shown


def test_ten_thousand_character_name_is_said_to_be_too_long(applicant: Make) -> None:
    wang = applicant()
    wang.login()
    wang.open_form()
    for name in ("证" * 10_000 + ".jpg", "a" * 256 + ".jpg"):
        response = wang.upload("id_front", jpeg(), name)
        assert response.status_code == 400, name[:10]
        assert "文件名过长" in response.text and "请选择要上传的文件" not in response.text
    ok = wang.upload("id_front", jpeg(), "a" * 251 + ".jpg")
    assert ok.status_code == 200 and "已上传" in ok.text


def test_files_and_thumbnails_are_served_with_nosniff(applicant: Make) -> None:
    wang = applicant()
    wang.login()
    wang.open_form()
    page = wang.upload("id_front", jpeg(), "scan.jpg").text
    thumb = re.search(r'src="(/materials/([^/"]+)/thumb)"', page)
    assert thumb
    for path, media in (
        (thumb.group(1), "image/png"),
        (f"/materials/{thumb.group(2)}", "image/jpeg"),
    ):
        response = wang.client.get(path)
        assert response.status_code == 200
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["content-type"] == media
