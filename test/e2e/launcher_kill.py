"""Kill switch for the e2e launcher: stop a run at a chosen AWS request, so a test can kill -9 it there.

A test proving that a command killed at any moment converges when run again needs the kill to
land at a known point, the same point on every run with the same seed. Timing a kill from
outside lands wherever the machine happens to be; counting requests does not. So:

  POST /_e2e/kill  {"accessKey": K, "after": N}
      Requests signed with access key K (a run signs with its own key) pass until N have been
      answered; from the (N+1)-th on, each is held: not passed to moto, not answered.
  GET  /_e2e/kill?accessKey=K  ->  {"seen": n, "passed": [...], "held": ["SageMaker.CreateEndpoint", ...]}
      The test polls until something is held, then kills the process (kill -9). "passed" names
      the requests let through, in order (a clean run's list shows where its creates fall).
  POST /_e2e/kill  {"accessKey": K, "release": true}
      Ends the hold: each held request is dropped without being applied (its connection is
      cut, as for a process that died before its request reached AWS), and K passes freely.

  POST /_e2e/kill  {"accessKey": K, "after": N, "loseFirst": ["^POST /restapis$", ...]}
      Also, the first request of K whose "METHOD /path" (or X-Amz-Target) matches each regular
      expression is applied by moto and then its answer is lost (the connection is cut), as when
      AWS applies a create and the response never arrives: the SDK retries it. Deterministic,
      where the fault injector's shares are random.

A held request is never applied, so "killed after N requests" means exactly the first N took
effect (a request answered but not yet read by the process counts as taken). Requests of
other access keys, and /_e2e and /moto-api, are never held.
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs

from launcher_wire import WSGIApp, access_key, apply_then_cut, cut

# How long a held request waits for its release at most: a test that forgets to release
# must not leave the server's threads waiting forever.
HOLD_LIMIT_SECONDS = 120


class KillSwitch:
    """WSGI middleware that holds a run's requests after the N-th (see the module docstring)."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.runs: dict[str, dict[str, Any]] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/_e2e/kill":
            return self.control(environ, start_response)
        if path.startswith("/_e2e") or path.startswith("/moto-api"):
            return self.app(environ, start_response)
        key = access_key(environ)
        lose = False
        with self.lock:
            run = self.runs.get(key)
            if run is not None:
                name = target(environ)
                for pattern in list(run["loseFirst"]):
                    if re.search(pattern, name):
                        run["loseFirst"].remove(pattern)
                        run["lost"].append(name)
                        lose = True
                        break
                run["seen"] += 1
                hold = run["seen"] > run["after"]
                if hold:
                    run["held"].append(target(environ))
                    release = run["release"]
                else:
                    run["passed"].append(target(environ))
            else:
                hold = False
        if not hold and lose:
            return self.lose_answer(environ, start_response)
        if not hold:
            return self.app(environ, start_response)
        release.wait(HOLD_LIMIT_SECONDS)
        return cut(environ, start_response)

    def lose_answer(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        """Lets moto apply the request, then cuts the connection before any answer is sent."""
        return apply_then_cut(self.app, environ, start_response)

    def control(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        if environ.get("REQUEST_METHOD") == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = json.loads(environ["wsgi.input"].read(length) or b"{}")
            key = str(body.get("accessKey") or "")
            with self.lock:
                if body.get("release"):
                    run = self.runs.pop(key, None)
                    if run is not None:
                        run["release"].set()
                    return reply(start_response, run)
                run = {
                    "after": int(body["after"]),
                    "seen": 0,
                    "passed": [],
                    "held": [],
                    "loseFirst": list(body.get("loseFirst") or []),
                    "lost": [],
                    "release": threading.Event(),
                }
                self.runs[key] = run
                return reply(start_response, run)
        key = parse_qs(environ.get("QUERY_STRING", "")).get("accessKey", [""])[0]
        with self.lock:
            return reply(start_response, self.runs.get(key))


def reply(start_response: Callable[..., Any], run: dict[str, Any] | None) -> list[bytes]:
    state = (
        {"seen": run["seen"], "passed": list(run["passed"]), "held": list(run["held"]), "lost": list(run["lost"])}
        if run
        else {"seen": 0, "passed": [], "held": [], "lost": []}
    )
    data = json.dumps(state).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def target(environ: dict[str, Any]) -> str:
    """The request's name: X-Amz-Target (JSON protocols), else "METHOD /path" (REST and query protocols)."""
    return environ.get("HTTP_X_AMZ_TARGET") or f"{environ.get('REQUEST_METHOD', 'GET')} {environ.get('PATH_INFO', '')}"


def install(app: WSGIApp) -> WSGIApp:
    """Wraps the launcher's app; outermost, so a held request reaches neither the counter nor moto."""
    return KillSwitch(app)
