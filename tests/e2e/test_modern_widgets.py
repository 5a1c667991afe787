"""The modern layout's widgets in a real Chromium: a page built from its macros, driven like a person.

The page is rendered from `modern/base.html` and `modern/_fields.html` by a small Starlette app of
this module, which serves the portal's static files and records what the browser posts: each test
then checks what the server would receive (the select's value, the date as YYYY-MM-DD, the file).
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import uvicorn
from jinja2 import Environment, FileSystemLoader, select_autoescape
from playwright.sync_api import Locator, Page, ViewportSize, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "mock_portal" / "templates"
STATIC = ROOT / "mock_portal" / "static"
HARNESS = Path(__file__).resolve().parent / "modern_harness"

CSRF = "csrf-test-token"
BANKS = [
    ("icbc", "中国工商银行"),
    ("abc", "中国农业银行"),
    ("boc", "中国银行"),
    ("ccb", "中国建设银行"),
    ("bocom", "交通银行"),
    ("psbc", "中国邮政储蓄银行"),
    ("cmb", "招商银行"),
    ("spdb", "上海浦东发展银行"),
    ("bosc", "上海银行"),
    ("srcb", "上海农商银行"),
    ("cib", "兴业银行"),
]
# The smallest PNG there is: what the thumbnail route answers.
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000200e2a0e3a10000000049454e44ae426082"
)
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


@dataclass
class Harness:
    """The running harness: its base URL and what the browser has posted to it."""

    url: str
    posts: list[dict[str, Any]] = field(default_factory=list)
    uploads: list[dict[str, Any]] = field(default_factory=list)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader([str(TEMPLATES), str(HARNESS)]),
        autoescape=select_autoescape(["html"]),
    )
    env.globals["static_url"] = lambda path: f"/static/{path}"
    return env


def _material(file_name: str, size: int, item: str) -> SimpleNamespace:
    return SimpleNamespace(
        file_name=file_name, size_text=f"{size / 1024:.1f} KB", thumb_url=f"/thumb/{item}"
    )


def fragment(html: str) -> HTMLResponse:
    """An upload item as the portal answers upload.js: marked as a fragment to swap in."""
    return HTMLResponse(html, headers={"X-Upload-Fragment": "1"})


def _app(harness: Harness) -> Starlette:
    env = _environment()
    fields: Any = env.get_template("modern/_fields.html").module

    async def widgets(request: Request) -> HTMLResponse:
        kind = request.query_params.get("user")
        logged_in = kind is not None
        html = env.get_template("widgets.html").render(
            layout="modern",
            user=SimpleNamespace(masked_name="王**", kind=kind) if logged_in else None,
            csrf_token=CSRF,
            breadcrumb=[("首页", "/"), ("个人办事", "/services"), ("职业技能提升补贴申请", None)],
            steps=(["填写申请", "预览确认", "提交成功"], 1),
            flash="草稿已保存" if logged_in else None,
            errors=["请填写姓名", "银行卡号校验失败"] if logged_in else [],
            banks=BANKS,
            bank_card=_material("银行卡正面.jpg", 2048, "bank_card"),
        )
        return HTMLResponse(html)

    async def submit(request: Request) -> HTMLResponse:
        async with request.form() as form:
            harness.posts.append(
                {"query": dict(request.query_params), "form": dict(form.multi_items())}
            )
        return HTMLResponse("<!doctype html><title>已提交</title><h1>已提交</h1>")

    async def upload(request: Request) -> HTMLResponse:
        item = request.path_params["item"]
        async with request.form() as form:
            upload_file = form["file"]
            assert not isinstance(upload_file, str)
            content = await upload_file.read()
            harness.uploads.append(
                {
                    "item": item,
                    "file_name": upload_file.filename,
                    "content": content,
                    "csrf_token": form.get("csrf_token"),
                    "requested_with": request.headers.get("x-requested-with"),
                }
            )
        material = _material(upload_file.filename or "", len(content), item)
        return fragment(
            fields.upload_item(
                "身份证人像面", item, f"/upload/{item}", f"/delete/{item}", CSRF, material
            )
        )

    async def delete(request: Request) -> HTMLResponse:
        item = request.path_params["item"]
        async with request.form() as form:
            harness.uploads.append(
                {"item": item, "deleted": True, "csrf_token": form.get("csrf_token")}
            )
        label = "银行卡" if item == "bank_card" else "身份证人像面"
        return fragment(fields.upload_item(label, item, f"/upload/{item}", f"/delete/{item}", CSRF))

    async def thumb(request: Request) -> Response:
        return Response(PNG_1PX, media_type="image/png")

    routes: list[BaseRoute] = [
        Route("/widgets", widgets),
        Route("/submit", submit, methods=["POST"]),
        Route("/upload/{item}", upload, methods=["POST"]),
        Route("/delete/{item}", delete, methods=["POST"]),
        Route("/thumb/{item}", thumb),
    ]
    routes.append(Mount("/static", app=StaticFiles(directory=STATIC)))
    return Starlette(routes=routes)


@pytest.fixture(scope="session")
def base_url() -> str | None:
    # pytest-playwright's own base_url fixture is an instance method, which pytest 9 warns about
    # (and warnings are errors here); these tests use absolute URLs.
    return None


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    # The socket listens before the server thread starts: early requests queue, none is refused.
    harness = Harness(url=f"http://127.0.0.1:{sock.getsockname()[1]}")
    config = uvicorn.Config(_app(harness), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    yield harness
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture
def widgets(page: Page, harness: Harness) -> Page:
    harness.posts.clear()
    harness.uploads.clear()
    page.set_viewport_size(DESKTOP)
    page.goto(f"{harness.url}/widgets")
    return page


def form_item(page: Page, label: str) -> Locator:
    """The one fallback for labels not tied to inputs: the form item that holds the label text."""
    return page.locator(".el-form-item").filter(
        has=page.locator(".el-form-item__label", has_text=re.compile(f"^{re.escape(label)}$"))
    )


def submit(page: Page, harness: Harness, button: str = "下一步") -> dict[str, Any]:
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_role("heading", name="已提交")).to_be_visible()
    return harness.posts[-1]


def open_listbox(page: Page) -> Locator:
    listbox = page.get_by_role("listbox")
    expect(listbox).to_have_count(1)
    return listbox


def date_input(page: Page, label: str) -> Locator:
    return form_item(page, label).locator(".el-date-editor .el-input__inner")


def calendar(page: Page) -> Locator:
    return page.locator(".el-picker-panel.el-date-picker").filter(visible=True)


# ---------- the chrome ----------


def test_chrome_without_a_user_shows_banner_and_platform_but_no_user_links(
    widgets: Page,
) -> None:
    expect(widgets.get_by_text("模拟环境 · 仅供测试与培训")).to_be_visible()
    expect(widgets.get_by_text("上海市人力资源和社会保障网上服务平台", exact=True)).to_be_visible()
    expect(widgets.get_by_role("link", name="我的办件")).to_have_count(0)
    expect(widgets.get_by_role("button", name="退出")).to_have_count(0)
    expect(widgets).to_have_title(re.compile("^控件测试页"))
    assert "width=device-width" in (
        widgets.locator('meta[name="viewport"]').get_attribute("content") or ""
    )


def test_chrome_with_a_user_shows_masked_name_cases_link_and_logout_form(
    page: Page, harness: Harness
) -> None:
    page.goto(f"{harness.url}/widgets?user=citizen")
    header = page.locator("header")
    expect(header.get_by_text("王**")).to_be_visible()
    expect(header.get_by_role("link", name="我的办件")).to_be_visible()
    logout = header.get_by_role("button", name="退出")
    expect(logout).to_be_visible()
    logout_form = header.locator("form").filter(has=page.get_by_role("button", name="退出"))
    expect(logout_form).to_have_attribute("method", "post")
    expect(logout_form.locator('input[name="csrf_token"]')).to_have_value(CSRF)
    expect(page.get_by_role("status")).to_have_text("草稿已保存")


def test_chrome_for_a_reviewer_links_the_console_instead_of_my_cases(
    page: Page, harness: Harness
) -> None:
    page.goto(f"{harness.url}/widgets?user=reviewer")
    header = page.locator("header")
    expect(header.get_by_role("link", name="审核工作台")).to_have_attribute("href", "/review")
    expect(header.get_by_role("link", name="我的办件")).to_have_count(0)
    expect(header.get_by_role("button", name="退出")).to_be_visible()


def test_breadcrumb_links_all_but_the_current_page(widgets: Page) -> None:
    crumbs = widgets.get_by_role("navigation", name="面包屑")
    expect(crumbs.get_by_role("link", name="首页")).to_have_attribute("href", "/")
    expect(crumbs.get_by_role("link", name="个人办事")).to_have_attribute("href", "/services")
    expect(crumbs.get_by_role("link", name="职业技能提升补贴申请")).to_have_count(0)
    expect(crumbs.get_by_text("职业技能提升补贴申请")).to_have_attribute("aria-current", "page")


def test_step_bar_marks_the_current_step(widgets: Page) -> None:
    expect(widgets.locator(".el-step__title")).to_have_text(["填写申请", "预览确认", "提交成功"])
    current = widgets.locator('[aria-current="step"]')
    expect(current.locator(".el-step__title")).to_have_text("预览确认")
    expect(current.locator(".el-step__icon")).to_have_css("background-color", "rgb(64, 158, 255)")


def test_form_errors_box_lists_every_message(page: Page, harness: Harness) -> None:
    page.goto(f"{harness.url}/widgets?user=citizen")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("请修正以下问题")
    expect(alert.get_by_role("listitem")).to_have_text(["请填写姓名", "银行卡号校验失败"])


def test_no_errors_no_box(widgets: Page) -> None:
    expect(widgets.get_by_role("alert")).to_have_count(0)
    expect(widgets.get_by_text("请修正以下问题")).to_have_count(0)


# ---------- text fields, labels, hints, errors ----------


def test_labels_are_not_tied_to_their_controls(widgets: Page) -> None:
    for label in ("姓名", "联系电话", "开户银行", "发证日期", "身份证人像面"):
        expect(widgets.get_by_label(label, exact=True)).to_have_count(0)
        expect(
            form_item(widgets, label).locator("label.el-form-item__label")
        ).not_to_have_attribute("for", re.compile(".*"))


def test_ids_are_not_stable_between_page_loads(widgets: Page) -> None:
    controls = widgets.get_by_role("combobox").first
    first_id = controls.get_attribute("aria-controls")
    widgets.reload()
    second_id = widgets.get_by_role("combobox").first.get_attribute("aria-controls")
    assert first_id and second_id and first_id != second_id
    ids_in_form = widgets.locator("form [id]")
    expect(ids_in_form).to_have_count(0)


def test_text_field_found_by_its_form_item_posts_what_was_typed(
    widgets: Page, harness: Harness
) -> None:
    form_item(widgets, "姓名").locator("input").fill("王示例")
    posted = submit(widgets, harness)
    assert posted["form"]["name"] == "王示例"
    assert posted["form"]["id_number"] == "310***********4323"
    assert posted["form"]["csrf_token"] == CSRF
    assert posted["form"]["action"] == "next"


def test_readonly_field_cannot_be_typed_in(widgets: Page) -> None:
    field_input = form_item(widgets, "证件号码").locator("input")
    expect(field_input).not_to_be_editable()
    expect(field_input).to_have_value("310***********4323")


def test_readonly_row_shows_label_and_value(widgets: Page) -> None:
    expect(form_item(widgets, "户籍")).to_have_text(re.compile(r"^\s*户籍\s*本市\s*$"))


def test_required_label_has_red_asterisk_and_optional_has_none(widgets: Page) -> None:
    def asterisk(label: str) -> list[str]:
        return (
            form_item(widgets, label)
            .locator(".el-form-item__label")
            .evaluate(
                "el => [getComputedStyle(el, '::before').content, getComputedStyle(el, '::before').color]"
            )
        )

    assert asterisk("姓名") == ['"*"', "rgb(245, 108, 108)"]
    assert asterisk("就业状态")[0] in ("none", "normal")


def test_error_is_red_beside_the_control_and_hint_is_grey_below(widgets: Page) -> None:
    phone = form_item(widgets, "联系电话")
    error = phone.get_by_text("请填写正确的联系电话")
    expect(error).to_be_visible()
    expect(error).to_have_css("color", "rgb(245, 108, 108)")
    expect(phone.locator(".el-input__wrapper")).to_have_css(
        "box-shadow", re.compile(r"rgb\(245, 108, 108\)")
    )
    hint = form_item(widgets, "姓名").get_by_text("与证件上的姓名一致")
    expect(hint).to_have_css("color", "rgb(144, 147, 153)")
    control_box = form_item(widgets, "姓名").locator("input").bounding_box()
    hint_box = hint.bounding_box()
    assert control_box and hint_box and hint_box["y"] >= control_box["y"] + control_box["height"]


def test_look_is_element_plus(widgets: Page) -> None:
    next_button = widgets.get_by_role("button", name="下一步")
    expect(next_button).to_have_css("background-color", "rgb(64, 158, 255)")
    expect(next_button).to_have_css("border-radius", "4px")
    expect(widgets.locator("body")).to_have_css("font-size", "14px")
    expect(widgets.locator(".portal-header")).to_have_css(
        "background-image", re.compile(r"rgb\(11, 79, 156\)")
    )


# ---------- buttons ----------


def test_button_name_value_and_formaction_are_posted(widgets: Page, harness: Harness) -> None:
    assert submit(widgets, harness, "暂存")["form"]["action"] == "save"
    widgets.go_back()
    posted = submit(widgets, harness, "另存为")
    assert posted["query"] == {"copy": "1"}
    assert "action" not in posted["form"]


def test_disabled_button_cannot_be_pressed(widgets: Page) -> None:
    expect(widgets.get_by_role("button", name="不可用")).to_be_disabled()


# ---------- el-select ----------


def test_select_list_is_teleported_to_the_end_of_body_and_hidden(widgets: Page) -> None:
    last = widgets.locator("body > .el-select-dropdown")
    expect(last).to_have_count(2)
    assert widgets.evaluate("() => document.body.lastElementChild.classList.contains('el-popper')")
    expect(widgets.locator("form .el-select-dropdown")).to_have_count(0)
    expect(widgets.get_by_role("listbox")).to_have_count(0)  # hidden ones are not in the tree


def test_select_shows_chosen_value_text_and_placeholder(widgets: Page) -> None:
    expect(form_item(widgets, "就业状态").locator(".el-input__inner")).to_have_value("在职")
    bank = form_item(widgets, "开户银行").locator(".el-input__inner")
    expect(bank).to_have_value("")
    expect(bank).to_have_attribute("placeholder", "请选择")
    expect(bank).not_to_be_editable()


def test_choosing_an_option_shows_it_closes_the_list_and_posts_its_value(
    widgets: Page, harness: Harness
) -> None:
    combobox = form_item(widgets, "开户银行").get_by_role("combobox")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    combobox.click()
    expect(combobox).to_have_attribute("aria-expanded", "true")
    listbox = open_listbox(widgets)
    listbox.get_by_role("option", name="上海农商银行").click()  # below the fold of the list
    expect(widgets.get_by_role("listbox")).to_have_count(0)
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(combobox.locator(".el-input__inner")).to_have_value("上海农商银行")
    combobox.click()
    expect(open_listbox(widgets).get_by_role("option", selected=True)).to_have_text("上海农商银行")
    widgets.keyboard.press("Escape")
    posted = submit(widgets, harness)
    assert posted["form"]["bank"] == "srcb"
    assert posted["form"]["employment"] == "employed"


def test_select_fires_change_on_its_hidden_input(widgets: Page) -> None:
    widgets.evaluate(
        """() => { window.changes = [];
        document.addEventListener('change', e => window.changes.push(e.target.name + '=' + e.target.value)); }"""
    )
    form_item(widgets, "就业状态").get_by_role("combobox").click()
    widgets.get_by_role("option", name="灵活就业").click()
    assert widgets.evaluate("() => window.changes") == ["employment=flexible"]


def test_select_closes_on_escape_and_outside_click_without_changing(
    widgets: Page, harness: Harness
) -> None:
    combobox = form_item(widgets, "就业状态").get_by_role("combobox")
    combobox.click()
    expect(open_listbox(widgets)).to_be_visible()
    widgets.keyboard.press("Escape")
    expect(widgets.get_by_role("listbox")).to_have_count(0)
    combobox.click()
    expect(open_listbox(widgets)).to_be_visible()
    widgets.get_by_role("heading", name="控件测试页").click()
    expect(widgets.get_by_role("listbox")).to_have_count(0)
    assert submit(widgets, harness)["form"]["employment"] == "employed"


def test_opening_one_select_closes_the_other(widgets: Page) -> None:
    form_item(widgets, "就业状态").get_by_role("combobox").click()
    expect(open_listbox(widgets)).to_contain_text("灵活就业")
    form_item(widgets, "开户银行").get_by_role("combobox").click()
    expect(open_listbox(widgets)).to_contain_text("中国工商银行")


def test_select_by_keyboard_and_enter_does_not_submit(widgets: Page, harness: Harness) -> None:
    form_item(widgets, "开户银行").get_by_role("combobox").click()
    expect(open_listbox(widgets)).to_be_visible()
    widgets.keyboard.press("ArrowDown")
    widgets.keyboard.press("ArrowDown")
    widgets.keyboard.press("Enter")
    expect(widgets.get_by_role("listbox")).to_have_count(0)
    expect(form_item(widgets, "开户银行").locator(".el-input__inner")).to_have_value("中国银行")
    widgets.keyboard.press("Enter")  # on the closed select: opens it again, submits nothing
    expect(open_listbox(widgets)).to_be_visible()
    assert len(harness.posts) == 0


def place_at(page: Page, control: Locator, where: str) -> None:
    """Scrolls the page so that the control sits at the top or the bottom of the window."""
    control.evaluate(f"el => el.scrollIntoView({{block: '{where}'}})")


@pytest.mark.parametrize("where", ["start", "end"])
def test_poppers_open_under_their_control_or_above_it_when_there_is_no_room(
    widgets: Page, where: str
) -> None:
    window: ViewportSize = {"width": 1280, "height": 640}
    widgets.set_viewport_size(window)
    combobox = form_item(widgets, "开户银行").get_by_role("combobox")
    date_editor = form_item(widgets, "发证日期").locator(".el-date-editor")
    for control, popper in (
        (combobox, widgets.get_by_role("listbox")),
        (date_editor, calendar(widgets)),
    ):
        place_at(widgets, control, where)
        control.click()
        expect(popper).to_be_visible()
        box = control.bounding_box()
        popper_box = popper.bounding_box()
        assert box and popper_box
        if where == "start":
            assert 0 < popper_box["y"] - (box["y"] + box["height"]) < 20
        else:
            assert 0 < box["y"] - (popper_box["y"] + popper_box["height"]) < 20
        assert popper_box["y"] >= 0 and popper_box["y"] + popper_box["height"] <= window["height"]
        assert abs(popper_box["x"] - box["x"]) < 16
        widgets.keyboard.press("Escape")
        expect(popper).to_have_count(0)


# ---------- el-date-picker ----------


def test_date_input_opens_a_calendar_under_it(widgets: Page) -> None:
    field_input = date_input(widgets, "发证日期")
    expect(field_input).to_have_attribute("placeholder", "选择日期")
    field_input.click()
    panel = calendar(widgets)
    expect(panel).to_be_visible()
    assert widgets.evaluate(
        "() => document.body.lastElementChild.classList.contains('el-picker-panel')"
    )
    expect(panel.get_by_role("button", name="上个月")).to_be_visible()
    expect(panel.locator("th")).to_have_text(["一", "二", "三", "四", "五", "六", "日"])


def test_calendar_opens_at_the_value_and_picks_a_day_by_month_navigation(
    widgets: Page, harness: Harness
) -> None:
    date_input(widgets, "出生日期").click()
    panel = calendar(widgets)
    expect(panel.locator(".el-date-picker__header")).to_contain_text("1992 年")
    expect(panel.locator(".el-date-picker__header")).to_contain_text("3 月")
    expect(panel.locator("td.current")).to_have_text("15")
    panel.get_by_role("button", name="下个月").click()
    panel.get_by_role("button", name="下个月").click()
    expect(panel.locator(".el-date-picker__header")).to_contain_text("5 月")
    panel.get_by_role("button", name="前一年").click()
    expect(panel.locator(".el-date-picker__header")).to_contain_text("1991 年")
    panel.locator("td.available").get_by_text("7", exact=True).click()
    expect(panel).to_have_count(0)
    expect(date_input(widgets, "出生日期")).to_have_value("1991-05-07")
    assert submit(widgets, harness)["form"]["birth_date"] == "1991-05-07"


def test_calendar_year_and_month_views(widgets: Page, harness: Harness) -> None:
    date_input(widgets, "发证日期").click()
    panel = calendar(widgets)
    year_label = panel.locator(".el-date-picker__header-label").filter(has_text="年")
    year = year_label.inner_text().split()[0]  # the browser's year: always in the decade shown
    year_label.click()
    years = panel.locator(".el-year-table")
    expect(years).to_be_visible()
    panel.get_by_role("button", name="前一年").click()  # a decade back in the year view
    panel.get_by_role("button", name="后一年").click()
    years.get_by_text(year, exact=True).click()
    panel.locator(".el-month-table").get_by_text("十月", exact=True).click()
    expect(panel.locator(".el-date-picker__header")).to_contain_text(f"{year} 年")
    expect(panel.locator(".el-date-picker__header")).to_contain_text("10 月")
    panel.locator("td.available").get_by_text("20", exact=True).click()
    expect(date_input(widgets, "发证日期")).to_have_value(f"{year}-10-20")
    assert submit(widgets, harness)["form"]["issue_date"] == f"{year}-10-20"


def test_typing_a_date_and_enter_sets_it_without_submitting(
    widgets: Page, harness: Harness
) -> None:
    field_input = date_input(widgets, "发证日期")
    field_input.fill("2026-10-20")
    panel = calendar(widgets)
    expect(panel.locator("td.available").get_by_text("20", exact=True)).to_be_visible()
    expect(panel.locator(".el-date-picker__header")).to_contain_text("10 月")
    field_input.press("Enter")
    expect(calendar(widgets)).to_have_count(0)
    expect(field_input).to_have_value("2026-10-20")
    assert len(harness.posts) == 0
    assert submit(widgets, harness)["form"]["issue_date"] == "2026-10-20"


def test_typing_a_date_and_leaving_the_field_sets_it_normalised(
    widgets: Page, harness: Harness
) -> None:
    field_input = date_input(widgets, "发证日期")
    field_input.fill("2026/1/5")
    field_input.press("Tab")
    expect(form_item(widgets, "发证日期").locator(".el-date-editor")).to_have_attribute(
        "aria-expanded", "false"
    )
    expect(field_input).to_have_value("2026-01-05")
    assert submit(widgets, harness)["form"]["issue_date"] == "2026-01-05"


def test_typing_nonsense_goes_back_to_the_last_date(widgets: Page, harness: Harness) -> None:
    field_input = date_input(widgets, "出生日期")
    field_input.fill("2026-02-30")
    field_input.press("Tab")
    expect(field_input).to_have_value("1992-03-15")
    field_input.fill("")
    field_input.press("Enter")
    expect(field_input).to_have_value("")
    posted = submit(widgets, harness)
    assert posted["form"]["birth_date"] == ""


def test_calendar_closes_on_escape_and_outside_click(widgets: Page) -> None:
    date_input(widgets, "发证日期").click()
    expect(calendar(widgets)).to_be_visible()
    widgets.keyboard.press("Escape")
    expect(calendar(widgets)).to_have_count(0)
    date_input(widgets, "发证日期").click()
    expect(calendar(widgets)).to_be_visible()
    widgets.get_by_role("heading", name="控件测试页").click()
    expect(calendar(widgets)).to_have_count(0)
    expect(date_input(widgets, "发证日期")).to_have_value("")


# ---------- el-checkbox ----------


def test_checkbox_posts_on_only_when_ticked(widgets: Page, harness: Harness) -> None:
    assert "agree" not in submit(widgets, harness)["form"]
    widgets.go_back()
    box = widgets.get_by_label("我已阅读并知晓申请须知")
    box.check()
    expect(box).to_be_checked()
    assert submit(widgets, harness)["form"]["agree"] == "on"


def test_checkbox_ticks_by_clicking_its_text(widgets: Page) -> None:
    widgets.get_by_text("我已阅读并知晓申请须知").click()
    expect(widgets.get_by_role("checkbox", name="我已阅读并知晓申请须知")).to_be_checked()


# ---------- el-upload ----------


def test_upload_item_shows_drop_area_with_button_and_hidden_input(widgets: Page) -> None:
    item = form_item(widgets, "身份证人像面")
    expect(item.locator(".el-upload.el-upload--text .el-upload-dragger")).to_have_text(
        "将文件拖到此处，或点击上传"
    )
    expect(item.get_by_role("button", name="点击上传")).to_be_visible()
    expect(item.locator('input[type="file"]')).to_be_hidden()
    expect(item.get_by_text("已上传")).to_have_count(0)


def test_upload_through_the_hidden_input(widgets: Page, harness: Harness, tmp_path: Path) -> None:
    scan = tmp_path / "身份证正面.png"
    scan.write_bytes(PNG_1PX)
    item = form_item(widgets, "身份证人像面")
    form_item(widgets, "姓名").locator("input").fill("王示例")  # typed, not yet saved
    item.locator('input[type="file"]').set_input_files(scan)
    uploaded = form_item(widgets, "身份证人像面")
    expect(uploaded.get_by_text("已上传")).to_be_visible()
    expect(uploaded.get_by_text("身份证正面.png")).to_be_visible()
    expect(uploaded.get_by_role("img")).to_have_attribute("src", "/thumb/id_front")
    expect(uploaded.get_by_role("button", name="删除")).to_be_visible()
    sent = harness.uploads[-1]
    assert sent["item"] == "id_front"
    assert sent["file_name"] == "身份证正面.png"
    assert sent["content"] == PNG_1PX
    assert sent["csrf_token"] == CSRF
    assert sent["requested_with"] == "fetch"
    expect(form_item(widgets, "姓名").locator("input")).to_have_value("王示例")


def test_click_to_upload_opens_the_file_chooser(
    widgets: Page, harness: Harness, tmp_path: Path
) -> None:
    scan = tmp_path / "id.png"
    scan.write_bytes(PNG_1PX)
    with widgets.expect_file_chooser() as chooser_info:
        form_item(widgets, "身份证人像面").get_by_role("button", name="点击上传").click()
    chooser = chooser_info.value
    assert not chooser.is_multiple()
    chooser.set_files(scan)
    expect(form_item(widgets, "身份证人像面").get_by_text("id.png")).to_be_visible()
    assert len(harness.posts) == 0  # the button is not a submit button


def test_drop_a_file_on_the_drop_area(widgets: Page, harness: Harness) -> None:
    dragger = form_item(widgets, "身份证人像面").locator(".el-upload-dragger")
    transfer = widgets.evaluate_handle(
        """() => { const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array([37, 80, 68, 70, 45, 49, 46, 55])], 'scan.pdf',
                              {type: 'application/pdf'}));
        return dt; }"""
    )
    dragger.dispatch_event("dragenter", {"dataTransfer": transfer})
    dragger.dispatch_event("dragover", {"dataTransfer": transfer})
    expect(form_item(widgets, "身份证人像面")).to_have_class(re.compile("is-dragover"))
    expect(dragger).to_have_css("border-top-style", "dashed")
    expect(dragger).to_have_css("border-top-color", "rgb(64, 158, 255)")
    dragger.dispatch_event("drop", {"dataTransfer": transfer})
    expect(form_item(widgets, "身份证人像面").get_by_text("scan.pdf")).to_be_visible()
    assert harness.uploads[-1]["content"] == b"%PDF-1.7"


def test_uploaded_item_shows_name_thumbnail_and_delete_removes_it(
    widgets: Page, harness: Harness
) -> None:
    item = form_item(widgets, "银行卡")
    expect(item.get_by_text("银行卡正面.jpg")).to_be_visible()
    expect(item.get_by_text("已上传")).to_be_visible()
    expect(item.get_by_role("img", name="银行卡缩略图")).to_be_visible()
    item.get_by_role("button", name="删除").click()
    expect(form_item(widgets, "银行卡").get_by_text("已上传")).to_have_count(0)
    expect(form_item(widgets, "银行卡").get_by_role("button", name="点击上传")).to_be_visible()
    assert harness.uploads[-1] == {"item": "bank_card", "deleted": True, "csrf_token": CSRF}
    assert len(harness.posts) == 0


# ---------- a phone's screen ----------


@pytest.fixture
def phone(widgets: Page) -> Page:
    widgets.set_viewport_size(PHONE)
    return widgets


def test_phone_page_does_not_scroll_sideways(phone: Page) -> None:
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_phone_form_items_stack_label_over_control(phone: Page) -> None:
    for label in ("姓名", "开户银行", "发证日期", "身份证人像面"):
        item = form_item(phone, label)
        label_box = item.locator(".el-form-item__label").bounding_box()
        content_box = item.locator(".el-form-item__content").bounding_box()
        assert label_box and content_box
        assert content_box["y"] >= label_box["y"] + label_box["height"] - 1, label
        assert content_box["width"] > 300, label


def test_phone_dropdown_and_calendar_fit_the_screen(phone: Page, harness: Harness) -> None:
    form_item(phone, "开户银行").get_by_role("combobox").click()
    listbox = open_listbox(phone)
    box = listbox.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    listbox.get_by_role("option", name="招商银行").click()
    date_input(phone, "发证日期").click()
    panel = calendar(phone)
    expect(panel).to_be_visible()
    panel_box = panel.bounding_box()
    assert (
        panel_box and panel_box["x"] >= 0 and panel_box["x"] + panel_box["width"] <= PHONE["width"]
    )
    panel.locator("td.available").get_by_text("1", exact=True).click()
    posted = submit(phone, harness)
    assert posted["form"]["bank"] == "cmb"
    assert re.fullmatch(r"\d{4}-\d{2}-01", posted["form"]["issue_date"])
