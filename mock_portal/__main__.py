"""`python -m mock_portal`: serve the mock portal (same flags as `autofill portal serve`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import ValidationError

from mock_portal.server import serve
from mock_portal.settings import PortalSettings


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m mock_portal", description="模拟上海人社网上服务平台（职业技能提升补贴）"
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000, help="0 = any free port (printed)")
    p.add_argument("--layout", choices=["classic", "modern"], default="classic")
    p.add_argument("--db", type=Path, default=None, help="SQLite file (default: a temporary one)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--policy", choices=["shanghai", "national"], default="shanghai")
    p.add_argument("--latency-ms", default="0", help="ms added to every response: N or MIN,MAX")
    p.add_argument("--error-rate", type=float, default=0.0)
    p.add_argument("--session-ttl-s", type=int, default=None)
    p.add_argument("--cert-db-lag-days", type=int, default=0)
    p.add_argument("--upload-fail-rate", type=float, default=0.0)
    p.add_argument("--submit-drop", action="store_true")
    p.add_argument("--mangle-preview", nargs="?", const="银行卡号", default=None, metavar="LABEL")
    p.add_argument("--sms-login", action="store_true")
    p.add_argument("--captcha", action="store_true", help="图形验证码 on the login form")
    p.add_argument(
        "--sso", action="store_true", help="log in on a 统一身份认证 site on another port"
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = PortalSettings(
            host=args.host,
            port=args.port,
            layout=args.layout,
            db=args.db,
            seed=args.seed,
            policy=args.policy,
            latency_ms=args.latency_ms,
            error_rate=args.error_rate,
            session_ttl_s=args.session_ttl_s,
            cert_db_lag_days=args.cert_db_lag_days,
            upload_fail_rate=args.upload_fail_rate,
            submit_drop=args.submit_drop,
            mangle_preview=args.mangle_preview or False,
            sms_login=args.sms_login,
            captcha=args.captcha,
            sso=args.sso,
        )
    except ValidationError as exc:
        for err in exc.errors():
            print(
                f"--{'-'.join(str(p) for p in err['loc']).replace('_', '-')}: {err['msg']}",
                file=sys.stderr,
            )
        return 2
    serve(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
