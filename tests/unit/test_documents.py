from __future__ import annotations

import hashlib
import io
import json
import os
import random
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter

from autofill.documents import check_documents, encode_within, prepare_documents
from autofill.errors import BadInput
from autofill.profile import load_profile
from tests.unit.conftest import ProfileWriter, example_data

MB = 1024 * 1024


def noise(width: int, height: int, seed: int = 1) -> Image.Image:
    rng = random.Random(seed)
    return Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def with_document(write_profile: ProfileWriter, item: str, name: str) -> Path:
    data = example_data()
    data["documents"][item] = name
    return write_profile(data)


def report_of(profile_path: Path, item: str, lang: str = "zh"):  # type: ignore[no-untyped-def]
    reports = {r.item: r for r in check_documents(load_profile(profile_path), lang)}
    return reports[item]


def test_the_sample_documents_pass_and_need_no_preparation(write_profile: ProfileWriter) -> None:
    reports = check_documents(load_profile(write_profile()))
    assert [r.label for r in reports] == [
        "身份证人像面", "身份证国徽面", "证书封面", "证书个人信息页", "证书等级页", "银行卡",
    ]  # fmt: skip
    for r in reports:
        assert r.ok and r.problems == [] and r.kind == "jpeg"
        assert min(r.width or 0, r.height or 0) >= 600
        assert 0 < r.size < MB
        assert not r.will_prepare and r.plan == "原样上传"


def test_a_missing_file(write_profile: ProfileWriter) -> None:
    report = report_of(with_document(write_profile, "bank_card", "documents/nope.jpg"), "bank_card")
    assert not report.ok and "文件不存在" in report.problems[0]


def test_an_empty_file(write_profile: ProfileWriter, tmp_path: Path) -> None:
    (tmp_path / "empty.jpg").write_bytes(b"")
    report = report_of(with_document(write_profile, "id_front", "empty.jpg"), "id_front")
    assert report.problems == ["文件是空的（0 字节）；请重新导出或重新拍摄"]


def test_a_renamed_exe_is_caught_by_its_content(
    write_profile: ProfileWriter, tmp_path: Path
) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 2000)
    path = with_document(write_profile, "id_front", "photo.jpg")
    assert "Windows 程序（EXE）" in report_of(path, "id_front").problems[0]
    assert "Windows program (EXE)" in report_of(path, "id_front", "en").problems[0]


def test_text_renamed_to_png_is_an_unknown_format(
    write_profile: ProfileWriter, tmp_path: Path
) -> None:
    (tmp_path / "scan.png").write_text("hello, not an image", encoding="utf-8")
    report = report_of(with_document(write_profile, "id_back", "scan.png"), "id_back")
    assert "不是 JPG、PNG 或 PDF" in report.problems[0]


def test_a_truncated_image(write_profile: ProfileWriter, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    noise(900, 700).save(buffer, "JPEG", quality=90)
    (tmp_path / "cut.jpg").write_bytes(buffer.getvalue()[: buffer.tell() // 2])
    report = report_of(
        with_document(write_profile, "certificate_info", "cut.jpg"), "certificate_info"
    )
    assert not report.ok and "无法完整解码" in report.problems[0]


def test_a_too_small_image(write_profile: ProfileWriter, tmp_path: Path) -> None:
    Image.new("RGB", (800, 599), "white").save(tmp_path / "small.png")
    report = report_of(with_document(write_profile, "bank_card", "small.png"), "bank_card")
    assert report.kind == "png"
    assert report.problems == [
        "图片太小：800×599 像素，短边至少需要 600 像素；请用更高分辨率重新拍摄或扫描"
    ]


def test_a_good_pdf_and_an_extension_that_lies(
    write_profile: ProfileWriter, tmp_path: Path
) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(tmp_path / "cover.jpg")  # a PDF named .jpg
    report = report_of(
        with_document(write_profile, "certificate_cover", "cover.jpg"), "certificate_cover"
    )
    assert report.ok and report.kind == "pdf"
    assert any("按内容处理" in note for note in report.notes)


def test_an_encrypted_pdf(write_profile: ProfileWriter, tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret", algorithm="RC4-128")
    writer.write(tmp_path / "locked.pdf")
    report = report_of(
        with_document(write_profile, "certificate_level", "locked.pdf"), "certificate_level"
    )
    assert report.problems == ["PDF 已加密（有密码）；请导出一份未加密的 PDF"]


def test_a_pdf_without_pages_and_a_broken_pdf(write_profile: ProfileWriter, tmp_path: Path) -> None:
    PdfWriter().write(tmp_path / "blank.pdf")
    path = with_document(write_profile, "certificate_level", "blank.pdf")
    assert report_of(path, "certificate_level").problems == ["PDF 没有页面；请重新导出"]
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n this is not really a pdf")
    path = with_document(write_profile, "certificate_level", "broken.pdf")
    assert "PDF 无法打开" in report_of(path, "certificate_level").problems[0]


def test_a_pdf_over_1_mb_is_an_error_advising_compression(
    write_profile: ProfileWriter, tmp_path: Path
) -> None:
    noise(1500, 1500).save(tmp_path / "big.pdf", "PDF", quality=95)
    assert (tmp_path / "big.pdf").stat().st_size > MB
    report = report_of(
        with_document(write_profile, "certificate_cover", "big.pdf"), "certificate_cover"
    )
    assert not report.ok and "请压缩" in report.problems[0] and "超过 1.0 MB" in report.problems[0]


def test_an_image_over_1_mb_is_prepared_under_1_mb_and_the_original_is_unchanged(
    write_profile: ProfileWriter, tmp_path: Path
) -> None:
    noise(2400, 1600).save(tmp_path / "big.png")
    original = tmp_path / "big.png"
    before = sha256(original)
    assert original.stat().st_size > MB
    profile_path = with_document(write_profile, "id_front", "big.png")
    report = report_of(profile_path, "id_front")
    assert report.ok and report.will_prepare and "将重新压缩为 JPG 副本" in report.plan
    dest = tmp_path / "run" / "prepared"
    files = prepare_documents(load_profile(profile_path), dest)
    prepared = files["id_front"]
    assert prepared == dest / "id_front.jpg"
    assert prepared.stat().st_size < MB
    with Image.open(prepared) as image:
        assert image.format == "JPEG" and min(image.size) >= 600
    assert sha256(original) == before
    # the other five need nothing and are uploaded as they are, from where they are
    assert files["bank_card"] == load_profile(profile_path).document_path("bank_card")
    assert sorted(p.name for p in dest.iterdir()) == ["id_front.jpg"]


def exif_rotated(path: Path, size: tuple[int, int] = (900, 700)) -> None:
    image = Image.new("RGB", size, "white")
    image.paste(Image.new("RGB", (100, 100), "red"), (0, 0))  # a marker in the top-left corner
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    image.save(path, "JPEG", exif=exif.tobytes())


def test_an_exif_rotated_image_is_noted_and_turned_upright_in_a_copy(
    write_profile: ProfileWriter, tmp_path: Path
) -> None:
    exif_rotated(tmp_path / "rotated.jpg")
    before = sha256(tmp_path / "rotated.jpg")
    profile_path = with_document(write_profile, "certificate_info", "rotated.jpg")
    report = report_of(profile_path, "certificate_info")
    assert report.ok and report.orientation == 6 and report.will_prepare
    assert "EXIF 方向标记为 6" in report.notes[0]
    files = prepare_documents(load_profile(profile_path), tmp_path / "prepared")
    with Image.open(files["certificate_info"]) as image:
        assert image.size == (700, 900)
        assert image.getexif().get(0x0112) is None
        # the red marker moved to the top-right corner: the pixels were turned, not just tagged
        assert image.getpixel((650, 50))[0] > 200 and image.getpixel((650, 50))[1] < 80
    assert sha256(tmp_path / "rotated.jpg") == before


def test_prepare_refuses_with_every_problem_and_writes_nothing(
    write_profile: ProfileWriter, tmp_path: Path
) -> None:
    (tmp_path / "empty.jpg").write_bytes(b"")
    noise(2400, 1600).save(tmp_path / "big.png")
    data = example_data()
    data["documents"].update(id_front="empty.jpg", id_back="missing.jpg", bank_card="big.png")
    dest = tmp_path / "prepared"
    with pytest.raises(BadInput) as caught:
        prepare_documents(load_profile(write_profile(data)), dest)
    assert [e["path"] for e in caught.value.errors] == ["documents.id_front", "documents.id_back"]
    assert not dest.exists()


def test_a_symlink_is_followed_and_its_target_reported(
    write_profile: ProfileWriter, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    exif_rotated(outside / "real.jpg")
    before = sha256(outside / "real.jpg")
    (tmp_path / "link.jpg").symlink_to(outside / "real.jpg")
    profile_path = with_document(write_profile, "id_back", "link.jpg")
    report = report_of(profile_path, "id_back")
    assert report.ok and any(str(outside / "real.jpg") in note for note in report.notes)
    # a link already in the destination is replaced, never written through
    dest = tmp_path / "prepared"
    dest.mkdir()
    victim = outside / "victim.jpg"
    victim.write_bytes(b"do not touch")
    (dest / "id_back.jpg").symlink_to(victim)
    files = prepare_documents(load_profile(profile_path), dest)
    assert files["id_back"] == dest / "id_back.jpg"
    assert not (dest / "id_back.jpg").is_symlink()
    assert victim.read_bytes() == b"do not touch"
    assert sha256(outside / "real.jpg") == before
    assert sorted(os.listdir(dest)) == ["id_back.jpg"]


def test_encode_within_keeps_the_short_side_or_gives_up() -> None:
    image = noise(1600, 1000)
    data = encode_within(image, 200_000, 600)
    assert data is not None and len(data) < 200_000
    with Image.open(io.BytesIO(data)) as small:
        assert min(small.size) >= 600
    assert encode_within(noise(700, 700), 10_000, 600) is None


def test_reports_serialise_for_json(write_profile: ProfileWriter) -> None:
    report = check_documents(load_profile(write_profile()))[0]
    assert json.dumps({"path": str(report.path), "size": report.size})
