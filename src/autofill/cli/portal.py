"""`autofill portal serve`: serve the mock portal, started through `autofill.rehearsal.embedded`."""

from pathlib import Path
from typing import Annotated

import typer

portal_app = typer.Typer(
    help="模拟门户：在本机运行上海人社网上服务平台的模拟环境（测试与培训用）。"
)


@portal_app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="监听地址。")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口；0 表示任选空闲端口（会打印出来）。")] = 8000,
    layout: Annotated[str, typer.Option(help="页面布局：classic 或 modern。")] = "classic",
    db: Annotated[Path | None, typer.Option(help="SQLite 数据库文件（默认临时文件）。")] = None,
    seed: Annotated[int, typer.Option(help="随机故障的种子，便于复现。")] = 0,
    policy: Annotated[str, typer.Option(help="补贴政策：shanghai 或 national。")] = "shanghai",
    latency_ms: Annotated[
        str, typer.Option(help="每个响应增加的延迟（毫秒）：N 或 MIN,MAX。")
    ] = "0",
    error_rate: Annotated[float, typer.Option(help="页面请求返回 502 的比例（0–1）。")] = 0.0,
    session_ttl_s: Annotated[int | None, typer.Option(help="会话空闲多少秒后过期。")] = None,
    cert_db_lag_days: Annotated[int, typer.Option(help="发证不足这么多天的证书查不到。")] = 0,
    upload_fail_rate: Annotated[float, typer.Option(help="上传失败的比例（0–1）。")] = 0.0,
    submit_drop: Annotated[
        bool, typer.Option(help="下一次“确认提交”或“重新提交”入库后返回 504（一次）。")
    ] = False,
    mangle_preview: Annotated[
        str | None, typer.Option(help="在预览页篡改该标签的值（例如 银行卡号）。")
    ] = None,
    sms_login: Annotated[bool, typer.Option(help="登录需要短信验证码。")] = False,
    captcha: Annotated[bool, typer.Option(help="登录页要求图形验证码（只有人能通过）。")] = False,
    sso: Annotated[
        bool, typer.Option(help="在另一端口的统一身份认证平台登录，凭一次性票据回到门户。")
    ] = False,
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
