"""A client of the mock portal's `/__mock__` test-control API (portal.md), for scenarios and demos."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from autofill.errors import PortalUnavailable
from autofill.messages import t


@dataclass(frozen=True)
class MockCase:
    """A case as `GET /__mock__/cases` answers it."""

    case_no: str
    id_number: str
    certificate_number: str
    status: str
    submitted_at: str | None
    fields: dict[str, Any]
    materials: dict[str, Any]


class MockControl:
    """Resets, provisions and steers a running mock portal over HTTP (loopback only)."""

    def __init__(self, base_url: str, timeout: float = 30, *, lang: str = "zh") -> None:
        self.base_url = base_url.rstrip("/")
        self.lang = lang
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        try:
            response = self._http.request(method, path, json=body)
        except httpx.HTTPError as exc:
            raise PortalUnavailable(
                t("control.unreachable", self.lang, url=f"{self.base_url}{path}", detail=exc)
            ) from exc
        if response.status_code >= 400:
            raise PortalUnavailable(
                t(
                    "control.refused",
                    self.lang,
                    method=method,
                    path=path,
                    status=response.status_code,
                    body=response.text[:300],
                )
            )
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    def reset(self) -> None:
        """Empties all state and loads the default fixtures: a fresh portal."""
        self._call("POST", "/__mock__/reset")

    def faults(self, body: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = self._call("POST", "/__mock__/faults", body)
        return result

    def clear_faults(self, layout: str) -> dict[str, Any]:
        """Every fault back to its default, and the given layout.

        The keys are the ones the portal says are in force (its answer to an empty update), so
        that this client keeps no list of its own to fall behind the portal's.
        """
        body: dict[str, Any] = dict.fromkeys(self.faults({}))
        body["layout"] = layout
        return self.faults(body)

    def clock(self, body: dict[str, Any]) -> str:
        result: dict[str, Any] = self._call("POST", "/__mock__/clock", body)
        return str(result.get("now", ""))

    def now(self) -> str:
        result: dict[str, Any] = self._call("GET", "/__mock__/clock")
        return str(result.get("now", ""))

    def review_policy(self, body: dict[str, Any]) -> None:
        self._call("POST", "/__mock__/review", body)

    def add_citizen(self, citizen: dict[str, Any]) -> None:
        self._call("POST", "/__mock__/citizens", citizen)

    def cases(self) -> list[MockCase]:
        answer = self._call("GET", "/__mock__/cases")
        rows = answer.get("cases", answer) if isinstance(answer, dict) else answer
        return [
            MockCase(
                case_no=str(r.get("case_no", "")),
                id_number=str(r.get("id_number", "")),
                certificate_number=str(r.get("certificate_number") or ""),
                status=str(r.get("status", "")),
                submitted_at=r.get("submitted_at"),
                fields=dict(r.get("fields") or {}),
                materials=dict(r.get("materials") or {}),
            )
            for r in rows
        ]

    def review(self, case_no: str, decision: str, reason: str | None = None) -> None:
        body: dict[str, Any] = {"decision": decision}
        if reason:
            body["reason"] = reason
        self._call("POST", f"/__mock__/cases/{case_no}/review", body)

    def sms_code(self, phone: str) -> str:
        result: dict[str, Any] = self._call("GET", f"/__mock__/sms?phone={phone}")
        return str(result.get("code", ""))
