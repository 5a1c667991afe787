"""`autofill login` and `autofill logout`: log in once and keep the session, or forget it."""

from pathlib import Path
from typing import Annotated

import typer

from autofill.cli.common import (
    DebugOption,
    JsonOption,
    LangOption,
    check_lang,
    command_errors,
    err_console,
    finish,
)
from autofill.cli.run import (
    DeviceOption,
    HeadedOption,
    LayoutOption,
    LoginOption,
    LoginTimeoutOption,
    PortalUrlOption,
    RunsDirOption,
    SlowMoOption,
    SmsOption,
    TextsOption,
    _connector,
    _context,
)
from autofill.errors import BadInput
from autofill.login_options import DEFAULT_TIMEOUT_S
from autofill.runs import default_runs_dir


def log_in_once(
    profile_path: Path,
    portal_url: str | None,
    *,
    login: str = "auto",
    login_timeout: float = DEFAULT_TIMEOUT_S,
    runs_dir: Path | None = None,
    portal_texts: Path | None = None,
    headed: bool = False,
    slow_mo: float = 0,
    device: str | None = None,
    layout: str | None = None,
    sms_code_command: str | None = None,
    lang: str = "zh",
) -> dict[str, object]:
    """Logs the profile's applicant in to the portal (by the tool or by a person) and keeps the session.

    The login of `autofill login`, for any command that needs one without filling anything
    (`autofill doctor`, say). Returns `{"exit_code", "message", "session_file"}`; raises our
    errors (exit 2 bad input, 4 refused, 5 a person is needed, 6 unreachable).
    """
    from autofill.flow import kept_session, portal_session
    from autofill.profile import load_profile

    ctx = _context(
        False,
        lang,
        runs_dir,
        portal_texts,
        headed,
        slow_mo,
        device,
        True,
        login=login,
        login_timeout=login_timeout,
    )
    profile = load_profile(profile_path, lang=lang)
    connect = _connector(portal_url, layout, ctx.runs_dir, sms_code_command)
    with connect(profile) as access, ctx.open_page(ctx.browser, None) as page:
        session = portal_session(page, ctx, access, None)
        session.log_in()
        kept = kept_session(ctx, access)
    if kept is None:
        message = "已登录内置模拟门户（演练）；每次运行都是新的模拟门户，会话不保存"
        return {"exit_code": 0, "message": message, "session_file": None}
    return {
        "exit_code": 0,
        "message": f"已登录，会话已保存：{kept.path}",
        "session_file": str(kept.path),
    }


def register(app: typer.Typer) -> None:
    """Adds `login` and `logout` to the `autofill` app."""

    @app.command("login")
    def login_command(
        profile: Annotated[Path, typer.Argument(help="申请人资料文件（JSON）：用其证件号码登录。")],
        portal_url: PortalUrlOption = None,
        login: LoginOption = "auto",
        login_timeout: LoginTimeoutOption = DEFAULT_TIMEOUT_S,
        headed: HeadedOption = False,
        slow_mo: SlowMoOption = 0,
        device: DeviceOption = None,
        layout: LayoutOption = None,
        portal_texts: TextsOption = None,
        runs_dir: RunsDirOption = None,
        sms_code_command: SmsOption = None,
        json_mode: JsonOption = False,
        lang: LangOption = "zh",
        debug: DebugOption = False,
    ) -> None:
        """只登录门户并保存会话（不填表）；之后的 run、submit、status、amend 沿用它，不必再登录。"""
        with command_errors(json_mode, debug, lang):
            result = log_in_once(
                profile,
                portal_url,
                login=login,
                login_timeout=login_timeout,
                runs_dir=runs_dir,
                portal_texts=portal_texts,
                headed=headed,
                slow_mo=slow_mo,
                device=device,
                layout=layout,
                sms_code_command=sms_code_command,
                lang=lang,
            )
        finish(result, json_mode)

    @app.command("logout")
    def logout_command(
        profile: Annotated[
            Path | None, typer.Argument(help="申请人资料文件：删除该申请人在 --portal-url 的会话。")
        ] = None,
        portal_url: Annotated[
            str | None, typer.Option("--portal-url", help="会话所属的门户地址。")
        ] = None,
        all_sessions: Annotated[
            bool, typer.Option("--all", help="删除运行记录目录下保存的全部会话。")
        ] = False,
        runs_dir: RunsDirOption = None,
        json_mode: JsonOption = False,
        lang: LangOption = "zh",
        debug: DebugOption = False,
    ) -> None:
        """删除保存的登录会话：某位申请人在某个门户的，或 --all 全部。"""
        from autofill.kept_sessions import KeptSession, session_files

        with command_errors(json_mode, debug, lang):
            check_lang(lang)
            base = runs_dir or default_runs_dir()
            if all_sessions:
                if profile is not None or portal_url is not None:
                    raise BadInput(
                        "--all 不能与资料文件或 --portal-url 同用",
                        errors=[
                            {"path": "--all", "message": "alone, or PROFILE with --portal-url"}
                        ],
                    )
                files = session_files(base)
                for path in files:
                    path.unlink(missing_ok=True)
                removed = [str(p) for p in files]
            else:
                if profile is None or portal_url is None:
                    raise BadInput(
                        "请给出申请人资料文件和 --portal-url，或用 --all 删除全部会话",
                        errors=[
                            {
                                "path": "PROFILE" if profile is None else "--portal-url",
                                "message": "missing",
                            }
                        ],
                    )
                from autofill.profile import load_profile

                applicant = load_profile(profile, lang=lang)
                kept = KeptSession.of(base, portal_url, applicant.applicant.id_number)
                removed = [str(kept.path)] if kept.remove() else []
        message = f"已删除 {len(removed)} 个保存的会话" if removed else "没有保存的会话可删除"
        if not json_mode:
            for name in removed:
                err_console.print(f"  {name}", soft_wrap=True)
        finish({"exit_code": 0, "message": message, "removed": removed}, json_mode)
