"""`autofill login` and `autofill logout`: log in once and keep the session, or forget it."""

from pathlib import Path
from typing import Annotated

import typer

from autofill.cli.common import (
    check_lang,
    command_errors,
    err_console,
    finish,
)
from autofill.cli.options import (
    DebugOption,
    DeviceOption,
    HeadedOption,
    JsonOption,
    LangOption,
    LayoutOption,
    LoginOption,
    LoginTimeoutOption,
    PortalUrlOption,
    RunsDirOption,
    SlowMoOption,
    SmsOption,
    TextsOption,
    help_text,
)
from autofill.cli.run import (
    connector,
    run_context,
)
from autofill.errors import BadInput
from autofill.login_options import DEFAULT_TIMEOUT_S
from autofill.messages import t
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
    from autofill.flow.types import kept_session, portal_session
    from autofill.profile import load_profile

    ctx = run_context(
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
    connect = connector(portal_url, layout, ctx.runs_dir, sms_code_command, lang)
    with connect(profile) as access, ctx.open_page(ctx.browser, None) as page:
        session = portal_session(page, ctx, access, None)
        session.log_in()
        kept = kept_session(ctx, access)
    if kept is None:
        message = t("cli.login_rehearsal", lang)
        return {"exit_code": 0, "message": message, "session_file": None}
    return {
        "exit_code": 0,
        "message": t("cli.login_kept", lang, path=kept.path),
        "session_file": str(kept.path),
    }


def register(app: typer.Typer) -> None:
    """Adds `login` and `logout` to the `autofill` app."""

    @app.command("login")
    def login_command(
        profile: Annotated[Path, typer.Argument(help=help_text("login.profile"))],
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
        profile: Annotated[Path | None, typer.Argument(help=help_text("logout.profile"))] = None,
        portal_url: Annotated[
            str | None, typer.Option("--portal-url", help=help_text("logout.portal_url"))
        ] = None,
        all_sessions: Annotated[bool, typer.Option("--all", help=help_text("logout.all"))] = False,
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
                        t("cli.logout_all_alone", lang),
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
                        t("cli.logout_which", lang),
                        errors=[
                            {
                                "path": "PROFILE" if profile is None else "--portal-url",
                                "message": "missing",
                            }
                        ],
                    )
                from autofill.profile import load_profile

                applicant = load_profile(profile, lang=lang)
                kept = KeptSession.of(base, portal_url, applicant.applicant.id_number, lang=lang)
                removed = [str(kept.path)] if kept.remove() else []
        message = (
            t("cli.logout_done", lang, count=len(removed))
            if removed
            else t("cli.logout_none", lang)
        )
        if not json_mode:
            for name in removed:
                err_console.print(f"  {name}", soft_wrap=True)
        finish({"exit_code": 0, "message": message, "removed": removed}, json_mode)
