"""Wire-level helpers the e2e launcher's middlewares share: who signed a request, cut a connection, lose an answer.

Two launcher features need the same wire-level tricks: the fault injector (random shares of lost
answers) and the kill switch (dropped held requests, deterministic lost answers). Both must look
to the SDK exactly like the network failures they stand for, so they live here, once.
"""

from __future__ import annotations

import socket
from typing import Any, Callable, Iterable

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def cut(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """Closes the connection without an answer, as a connection dropped on the way.

    Werkzeug's write to the shut socket then fails as a dropped connection, which it ignores; the
    client sees its socket closed before any byte of an answer (the SDK's "socket hang up").
    """
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    start_response("500 Internal Server Error", [("Content-Length", "0")])
    return [b""]


def apply_then_cut(app: WSGIApp, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """Lets the emulator apply the request in full, then cuts the connection before any answer.

    This is AWS applying a change whose response never arrives: the change stands and the SDK
    retries, so a create meets "already exists" on its second attempt.
    """

    def discard(status: str, headers: list[Any], exc_info: Any = None) -> Callable[[bytes], None]:
        return lambda _data: None

    result = app(environ, discard)
    try:
        for _ in result:
            pass
    finally:
        close = getattr(result, "close", None)
        if close:
            close()
    return cut(environ, start_response)


def access_key(environ: dict[str, Any]) -> str:
    """The access key a request is signed with (SigV4's Credential=KEY/...), or "" when unsigned.

    Each test run signs with its own key, so launcher settings scoped by key touch only that run.
    """
    auth = environ.get("HTTP_AUTHORIZATION", "")
    return auth.split("Credential=", 1)[1].split("/", 1)[0] if "Credential=" in auth else ""
