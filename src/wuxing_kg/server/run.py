"""`serve`: uvicorn with an h11 protocol that answers 414/431 instead of a reset."""

from __future__ import annotations

from typing import Any

from ..errors import BadInputError
from .app import create_app
from .config import ServerConfig
from .headers import SECURITY_HEADERS


def serve(config: ServerConfig, *, announce: Any = print) -> None:
    """Run the server until interrupted. BadInputError (exit 2) if there is no store."""
    import uvicorn

    if not config.store.is_dir():
        raise BadInputError(str(config.store), "no store here; create one with `wuxing-kg ingest FILES` first")
    if config.site is not None and not config.site.is_dir():
        raise BadInputError(str(config.site), "no such site directory (build one with `wuxing-kg view -o DIR`)")
    app = create_app(config)
    announce(
        f"wuxing-kg: SPARQL endpoint http://{config.host}:{config.port}/sparql, query page http://{config.host}:{config.port}/ "
        f"(store {config.store}, timeout {config.timeout:g} s, max rows {config.max_rows}, {config.workers} workers)"
    )
    uvicorn.run(app, host=config.host, port=config.port, log_level="warning", access_log=False,
                http=_h11_protocol(config.max_request_bytes),
                h11_max_incomplete_event_size=_head_limit(config.max_request_bytes))


# Room for the headers of a request whose URL is at the limit: the app answers 414 with its
# own message up to there; only a request head beyond this reaches h11's limit.
_HEADER_ROOM = 64 * 1024


def _head_limit(max_request_bytes: int) -> int:
    return max_request_bytes + _HEADER_ROOM


def _h11_protocol(max_request_bytes: int) -> type:
    """uvicorn's h11 protocol, answering a request head over h11's buffer limit with 414
    (request line too long) or 431 (headers too large) instead of a bare 400.

    h11 refuses a head bigger than its buffer before the app sees it; uvicorn then sends
    400 and closes at once, and the client, still sending its URL, gets a reset and never
    reads the answer. Here the answer is sent, our side is shut for writing, and what the
    client still sends is read and dropped for a moment, so it reads the status.
    """
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    limit = _head_limit(max_request_bytes)

    class LimitAwareH11Protocol(H11Protocol):  # type: ignore[misc]
        _draining = False

        def data_received(self, data: bytes) -> None:
            if self._draining:
                return  # the answer is out; drop the rest of the oversized request
            super().data_received(data)

        def send_400_response(self, msg: str) -> None:
            buffered = self.conn.trailing_data[0]
            if len(buffered) <= limit:
                super().send_400_response(msg)
                return
            line_end = buffered.find(b"\r\n")
            if line_end == -1 or line_end > max_request_bytes:
                status, text = 414, (f"Request URL longer than {max_request_bytes} bytes, the server's limit "
                                     "(--max-request-bytes); POST the query instead.\n")
            else:
                status, text = 431, "Request headers too large.\n"
            body = text.encode()
            headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                       (b"connection", b"close"), *SECURITY_HEADERS]
            try:
                self.transport.write(self.conn.send(h11.Response(status_code=status, headers=headers)))
                self.transport.write(self.conn.send(h11.Data(data=body)))
                self.transport.write(self.conn.send(h11.EndOfMessage()))
            except h11.LocalProtocolError:  # h11 will not frame it: plain bytes, same answer
                self.transport.write(b"HTTP/1.1 %d %s\r\n" % (status, b"URI Too Long" if status == 414 else b"Request Header Fields Too Large")
                                     + b"".join(n + b": " + v + b"\r\n" for n, v in headers) + b"\r\n" + body)
            self._draining = True
            if self.transport.can_write_eof():
                self.transport.write_eof()
            self.loop.call_later(2.0, self.transport.close)

    return LimitAwareH11Protocol
