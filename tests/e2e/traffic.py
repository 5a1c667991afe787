"""Reading the mock portal's request log (`GET /__mock__/traffic`) the way its operator would:
how many logged-in sessions were open at once, how many page loads fell in a window of time."""

from __future__ import annotations

from typing import Any


def page_loads(hits: list[dict[str, Any]]) -> list[float]:
    """When each page load arrived: a page asked for (a navigation, a form posted) or a
    fetch/XHR call. The redirect a page is answered with comes along with it, as do its
    styles, scripts and images."""
    loads: list[float] = []
    redirected: dict[str, float] = {}  # session -> when its last page answered with a redirect
    for hit in sorted(hits, key=lambda h: h["at"]):
        if hit["dest"] not in ("document", "empty"):
            continue
        session = hit["session"]
        follows = hit["dest"] == "document" and redirected.pop(session, None) is not None
        if hit["dest"] == "document" and 300 <= hit["status"] < 400:
            redirected[session] = hit["done"]
        if not follows:
            loads.append(hit["at"])
    return loads


def most_in_window(times: list[float], window_s: float) -> int:
    """The most of `times` in any half-open window of `window_s` seconds."""
    ordered = sorted(times)
    return max(
        (sum(1 for t in ordered if start <= t < start + window_s) for start in ordered), default=0
    )


def sessions_at_once(hits: list[dict[str, Any]]) -> int:
    """The most logged-in sessions (a citizen's) that were open at the same moment: a session is
    open from its first request to the answer of its last."""
    spans: dict[str, tuple[float, float]] = {}
    for hit in hits:
        if hit["login"] != "citizen":
            continue
        first, last = spans.get(hit["session"], (hit["at"], hit["done"]))
        spans[hit["session"]] = (min(first, hit["at"]), max(last, hit["done"]))
    edges = sorted([(a, 1) for a, _ in spans.values()] + [(b, -1) for _, b in spans.values()])
    open_now = peak = 0
    for _, change in edges:
        open_now += change
        peak = max(peak, open_now)
    return peak
