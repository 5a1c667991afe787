"""A cap on the body of every form post, applied before any route reads it."""

from __future__ import annotations

import re

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: a form of the portal posts a few KB at most (a 500-character 审核意见 is 4.5 KB encoded)
FORM_BODY_LIMIT = 64 * 1024
TOO_LARGE = "413 请求内容过大"
#: routes that bound their own bodies: the streamed upload (1 MB file) and /__mock__ (JSON)
_OWN_LIMITS = re.compile(r"^/(__mock__/|apply/[^/]+/materials/[^/]+$)")


class _TooLarge(Exception):
    """The body went past the limit while a route was reading it."""


class FormBodyLimit:
    """Answers 413 to a POST whose body passes FORM_BODY_LIMIT, before it is read into memory.

    A declared Content-Length over the limit is refused at once; a chunked body is counted as
    it arrives and refused as soon as it passes the limit.
    """

    def __init__(self, app: ASGIApp, limit: int = FORM_BODY_LIMIT) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        if _OWN_LIMITS.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await PlainTextResponse(TOO_LARGE, status_code=413)(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _TooLarge:
            if not started:
                await PlainTextResponse(TOO_LARGE, status_code=413)(scope, receive, send)
