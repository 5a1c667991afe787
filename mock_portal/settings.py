"""The mock portal's start-up settings: address, storage, layout, policy, seed and faults."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LatencyMs = int | tuple[int, int]


class PortalSettings(BaseSettings):
    """Everything `python -m mock_portal` / `autofill portal serve` can set (env: MOCK_PORTAL_*)."""

    model_config = SettingsConfigDict(env_prefix="MOCK_PORTAL_", extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    layout: Literal["classic", "modern"] = "classic"
    db: Path | None = None
    policy: Literal["shanghai", "national"] = "shanghai"
    seed: int = 0
    # faults (see the spec's table); each can also be switched at run time by /__mock__/faults
    latency_ms: LatencyMs = 0
    error_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    session_ttl_s: int | None = Field(default=None, ge=1)
    cert_db_lag_days: int = Field(default=0, ge=0)
    upload_fail_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    submit_drop: bool = False
    mangle_preview: bool | str = False
    sms_login: bool = False
    captcha: bool = False
    #: login on a separate 统一身份认证 site (another port of the same process); start-up only
    sso: bool = False
    # housekeeping
    load_fixtures: bool = True
    access_log: bool = True

    @field_validator("latency_ms", mode="before")
    @classmethod
    def _latency(cls, value: object) -> object:
        return parse_latency(value)


def parse_latency(value: object) -> object:
    """Accepts 50, "50", "20,80", "[20, 80]" or [20, 80]; a range must be ordered."""
    if isinstance(value, str):
        text = value.strip().strip("[]")
        parts = [p for p in text.replace(" ", "").split(",") if p]
        if len(parts) == 1:
            value = int(parts[0])
        elif len(parts) == 2:
            value = [int(parts[0]), int(parts[1])]
        else:
            raise ValueError("latency_ms is an int or [min, max]")
    if isinstance(value, list | tuple):
        if len(value) != 2:
            raise ValueError("latency_ms is an int or [min, max]")
        low, high = int(value[0]), int(value[1])
        if low < 0 or high < low:
            raise ValueError("latency_ms [min, max] needs 0 <= min <= max")
        return (low, high)
    if isinstance(value, int) and value < 0:
        raise ValueError("latency_ms must not be negative")
    return value
