"""Network latency for the e2e launcher: every AWS request waits a set time before it is served.

The emulator answers on the loopback interface in a few milliseconds, while AWS answers over the
network: tens of milliseconds within a region, more across regions. Work that overlaps requests
(a fleet command reading six (account, region) pairs at once) gains from that overlap only when
requests take time in flight, so a figure measured with no latency says little about AWS. A test
or bench that wants the network's share sets it here:

  POST /_e2e/latency  {"ms": N, "accessKey"?: K}
      Every later AWS request (not /_e2e, not /moto-api) waits N ms before moto sees it; with
      accessKey, only requests signed with K (a test's own run). 0 turns it off.
  GET  /_e2e/latency  -> {"ms": N, "byKey": {K: N, ...}}

The wait is a sleep on the request's own server thread (the server is threaded), so requests in
flight at once wait together, as on a network; it adds no work to the emulator.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any, Callable, Iterable

from launcher_wire import WSGIApp, access_key


class Latency:
    """WSGI middleware that delays each AWS request by the set latency (see the module docstring)."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.seconds = 0.0
        self.by_key: dict[str, float] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/_e2e/latency":
            return self.control(environ, start_response)
        if not path.startswith("/_e2e/") and not path.startswith("/moto-api"):
            key = access_key(environ)
            with self.lock:
                seconds = self.by_key.get(key, self.seconds)
            if seconds > 0:
                time.sleep(seconds)
        return self.app(environ, start_response)

    def control(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        if environ.get("REQUEST_METHOD") == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            body = json.loads(environ["wsgi.input"].read(size) or b"{}")
            ms = body.get("ms")
            if not isinstance(ms, (int, float)) or isinstance(ms, bool) or ms < 0 or ms > 10_000:
                data = json.dumps({"error": f"ms must be a number of milliseconds from 0 to 10000, found {ms!r}"}).encode()
                start_response("400 Bad Request", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
                return [data]
            key = body.get("accessKey")
            with self.lock:
                if isinstance(key, str) and key:
                    self.by_key[key] = ms / 1000
                else:
                    self.seconds = ms / 1000
        with self.lock:
            data = json.dumps({"ms": self.seconds * 1000, "byKey": {k: v * 1000 for k, v in self.by_key.items()}}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]


def install(app: WSGIApp) -> WSGIApp:
    """Wraps the launcher's app: the latency applies before any other middleware sees a request."""
    return Latency(app)
