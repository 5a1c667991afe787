"""`autofill portal serve`: serve the mock portal, started through `autofill.rehearsal.embedded`."""

from pathlib import Path
from typing import Annotated

import typer

from autofill.cli.options import help_text

portal_app = typer.Typer(help=help_text("portal"))


@portal_app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help=help_text("portal.host"))] = "127.0.0.1",
    port: Annotated[int, typer.Option(help=help_text("portal.port"))] = 8000,
    layout: Annotated[str, typer.Option(help=help_text("portal.layout"))] = "classic",
    db: Annotated[Path | None, typer.Option(help=help_text("portal.db"))] = None,
    seed: Annotated[int, typer.Option(help=help_text("portal.seed"))] = 0,
    policy: Annotated[str, typer.Option(help=help_text("portal.policy"))] = "shanghai",
    latency_ms: Annotated[str, typer.Option(help=help_text("portal.latency"))] = "0",
    error_rate: Annotated[float, typer.Option(help=help_text("portal.error_rate"))] = 0.0,
    session_ttl_s: Annotated[int | None, typer.Option(help=help_text("portal.session_ttl"))] = None,
    cert_db_lag_days: Annotated[int, typer.Option(help=help_text("portal.cert_db_lag"))] = 0,
    upload_fail_rate: Annotated[
        float, typer.Option(help=help_text("portal.upload_fail_rate"))
    ] = 0.0,
    submit_drop: Annotated[bool, typer.Option(help=help_text("portal.lose_answer"))] = False,
    mangle_preview: Annotated[
        str | None, typer.Option(help=help_text("portal.mangle_preview"))
    ] = None,
    sms_login: Annotated[bool, typer.Option(help=help_text("portal.sms_login"))] = False,
    captcha: Annotated[bool, typer.Option(help=help_text("portal.captcha"))] = False,
    sso: Annotated[bool, typer.Option(help=help_text("portal.sso"))] = False,
) -> None:
    """Serve the mock portal until Ctrl-C."""
    from pydantic import ValidationError

    from autofill.rehearsal.embedded import portal_settings, serve_mock

    try:
        settings = portal_settings(
            dict(
                host=host,
                port=port,
                layout=layout,
                db=db,
                seed=seed,
                policy=policy,
                latency_ms=latency_ms,
                error_rate=error_rate,
                session_ttl_s=session_ttl_s,
                cert_db_lag_days=cert_db_lag_days,
                upload_fail_rate=upload_fail_rate,
                submit_drop=submit_drop,
                mangle_preview=mangle_preview or False,
                sms_login=sms_login,
                captcha=captcha,
                sso=sso,
            )
        )
    except ValidationError as exc:
        for err in exc.errors():
            flag = "--" + "-".join(str(p) for p in err["loc"]).replace("_", "-")
            typer.echo(f"{flag}: {err['msg']}", err=True)
        raise typer.Exit(code=2) from None
    serve_mock(settings)


def register(app: typer.Typer) -> None:
    """Adds the `portal` group to the `autofill` app."""
    app.add_typer(portal_app, name="portal")
