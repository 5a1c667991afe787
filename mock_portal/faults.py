"""Faults of the spec's table: their state (seeded RNG, switchable at run time) and the middleware."""

from __future__ import annotations

import asyncio
import random
import threading
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from mock_portal.settings import PortalSettings, parse_latency

BUSY_MESSAGE = "系统繁忙，请稍后再试"
#: the label whose value `mangle_preview: true` alters on the preview
DEFAULT_MANGLED_LABEL = "银行卡号"


@dataclass
class Faults:
    """The faults in force."""

    seed: int
    latency_ms: int | tuple[int, int]
    error_rate: float
    session_ttl_s: int | None
    cert_db_lag_days: int
    upload_fail_rate: float
    submit_drop: bool
    mangle_preview: bool | str
    sms_login: bool
    captcha: bool
    layout: str

    @classmethod
    def from_settings(cls, s: PortalSettings) -> Faults:
        # every fault is a start-up setting of the same name
        return cls(**{f.name: getattr(s, f.name) for f in fields(cls)})

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        if isinstance(self.latency_ms, tuple):
            data["latency_ms"] = list(self.latency_ms)
        return data


class FaultsIn(BaseModel):
    """The body of POST /__mock__/faults: any keys of the table; null puts a key back to its default."""

    model_config = ConfigDict(extra="forbid")
    seed: int | None = None
    latency_ms: int | tuple[int, int] | None = None
    error_rate: float | None = Field(default=None, ge=0.0, le=1.0)
    session_ttl_s: int | None = Field(default=None, ge=1)
    cert_db_lag_days: int | None = Field(default=None, ge=0)
    upload_fail_rate: float | None = Field(default=None, ge=0.0, le=1.0)
    submit_drop: bool | None = None
    mangle_preview: bool | str | None = None
    sms_login: bool | None = None
    captcha: bool | None = None
    layout: Literal["classic", "modern"] | None = None

    @field_validator("latency_ms", mode="before")
    @classmethod
    def _latency(cls, value: object) -> object:
        return None if value is None else parse_latency(value)


class FaultState:
    """The faults now in force, their start-up defaults and the RNG every random fault draws from."""

    def __init__(self, settings: PortalSettings) -> None:
        self.defaults = Faults.from_settings(settings)
        self._lock = threading.Lock()
        self.current = replace(self.defaults)
        self.rng = random.Random(self.defaults.seed)

    def reset(self) -> None:
        with self._lock:
            self.current = replace(self.defaults)
            self.rng = random.Random(self.current.seed)

    def update(self, body: FaultsIn) -> Faults:
        with self._lock:
            for key in body.model_fields_set:
                value = getattr(body, key)
                setattr(self.current, key, getattr(self.defaults, key) if value is None else value)
            if "seed" in body.model_fields_set:
                self.rng = random.Random(self.current.seed)
            return replace(self.current)

    def chance(self, rate: float) -> bool:
        """True with probability `rate`, drawn from the seeded RNG (replayable)."""
        if rate <= 0:
            return False
        with self._lock:
            return self.rng.random() < rate

    def latency_seconds(self) -> float:
        latency = self.current.latency_ms
        if isinstance(latency, tuple):
            with self._lock:
                return self.rng.randint(latency[0], latency[1]) / 1000
        return latency / 1000

    def take_submit_drop(self) -> bool:
        """True once after `submit_drop` was switched on: the submission is then dropped."""
        with self._lock:
            if self.current.submit_drop:
                self.current.submit_drop = False
                return True
            return False

    def random_digits(self, n: int) -> str:
        with self._lock:
            return "".join(str(self.rng.randint(0, 9)) for _ in range(n))

    def mangled_label(self) -> str | None:
        value = self.current.mangle_preview
        if value is True:
            return DEFAULT_MANGLED_LABEL
        return value or None


BUSY_PAGE = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{BUSY_MESSAGE}</title>
<link rel="stylesheet" href="/static/classic.css"></head><body>
<div class="mock-banner">模拟环境 · 仅供测试与培训</div>
<header class="site-header"><div class="site-header__inner"><span class="site-name">上海市人力资源和社会保障网上服务平台</span></div></header>
<main class="page"><section class="card"><h1>{BUSY_MESSAGE}</h1><p class="muted">502 Bad Gateway</p></section></main>
</body></html>"""


class FaultMiddleware:
    """Adds latency to every response and answers a share of page/form requests with 502."""

    def __init__(self, app: ASGIApp, state: FaultState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        delay = self.state.latency_seconds()
        if delay > 0:
            # the portal's own simulated slowness, not a test waiting
            await asyncio.sleep(delay)
        path: str = scope["path"]
        is_page = not path.startswith(("/__mock__", "/static/"))
        if is_page and self.state.chance(self.state.current.error_rate):
            await HTMLResponse(BUSY_PAGE, status_code=502)(scope, receive, send)
            return
        await self.app(scope, receive, send)
