"""Security headers on every answer; OPTIONS answered per HTTP."""

from __future__ import annotations

from typing import Any

# The query page and the graph pages run inline scripts and styles (vis-network and the
# page data are inlined so a page works from file:// too) and nothing from elsewhere;
# vis-network draws on a canvas and needs no eval. Frames are refused (clickjacking).
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
     b"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
     b"form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)


class SecurityHeaders:
    """ASGI middleware: SECURITY_HEADERS on every HTTP response (unless the app set one)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def allowed_methods(path: str) -> str:
    """The Allow header of a path (RFC 9110 §10.2.1): what its route answers."""
    if path == "/sparql" or path == "*":
        return "GET, HEAD, POST, OPTIONS"
    if path == "/labels":
        return "POST, OPTIONS"
    return "GET, HEAD, OPTIONS"


class AnswerOptions:
    """ASGI middleware: a plain OPTIONS (no CORS preflight) answers 204 with Allow (RFC
    9110 §9.3.7) instead of the router's 405; `OPTIONS *` asks about the server."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            await self.app(scope, receive, send)
            return
        allow = allowed_methods(scope.get("path", "")).encode()
        await send({"type": "http.response.start", "status": 204,
                    "headers": [(b"allow", allow), (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})
