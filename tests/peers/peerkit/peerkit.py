"""Shared plumbing of erpbridge's vendor test peers (standard library only).

Every vendor peer under tests/peers/ is a real HTTP/1.1 server on loopback with the same
test-facing machinery: a log of received requests, failure plans injected through
``/_control/fail``, in-flight counting, the ``/_control/...`` endpoints, and the
``LISTENING <port>`` start-up line the C++ tests and the self-tests read. It lives here once so
that the peers differ only in what their vendor does. A peer imports it after putting this
folder on ``sys.path`` relative to its own file (peers run as scripts).

The control API each peer answers is documented in that peer's README.md; where peers differ
(a route's name, a JSON shape) they override a small hook here rather than change the shape.
"""

import argparse
import json
import signal
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

MAX_BODY_BYTES = 10 * 1024 * 1024
REDACTED_HEADERS = {"authorization", "proxy-authorization", "cookie"}
FAILURE_MODES = {"status", "auth", "delay", "malformed", "drop", "drop_after_processing"}



class PeerState:
    """Request log, failure plans and in-flight counting, one per peer; a reset keeps in_flight
    (requests still being served) and restarts only the maximum from it."""

    def __init__(self):
        self.lock = threading.RLock()
        self.received = []
        self.failures = []
        self.in_flight = 0
        self.max_in_flight = 0

    def log_request(self, entry):
        with self.lock:
            self.received.append(entry)

    def enter(self):
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self):
        with self.lock:
            self.in_flight -= 1

    def add_failure(self, plan):
        with self.lock:
            self.failures.append(plan)

    def take_failure(self, method, path, raw):
        text = raw.decode("utf-8", errors="replace")
        return take_matching_plan(self.lock, self.failures, method, path, text)

    def reset_plumbing(self):
        with self.lock:
            self.received, self.failures = [], []
            self.max_in_flight = self.in_flight


def take_matching_plan(lock, failures, method, path, text=None):
    """Takes one use of the first failure plan matching a request (path, method and, where the
    plan has one, body_contains; None matches anything); a plan used up is removed."""
    with lock:
        for plan in failures:
            if plan["path"] is not None and plan["path"] != path:
                continue
            if plan["method"] is not None and plan["method"] != method:
                continue
            if plan.get("body_contains") is not None and plan["body_contains"] not in text:
                continue
            plan["times"] -= 1
            if plan["times"] <= 0:
                failures.remove(plan)
            return plan
    return None


def failure_plan(spec):
    """Validates a /_control/fail body into a plan with every default filled in."""
    if not isinstance(spec, dict):
        raise ValueError("the body must be a JSON object")
    plan = {"path": spec.get("path"), "method": spec.get("method"),
            "body_contains": spec.get("body_contains"), "times": spec.get("times", 1),
            "mode": spec.get("mode", "status"), "status": spec.get("status", 503),
            "delay_ms": spec.get("delay_ms", 1000), "body": spec.get("body"),
            "retry_after": spec.get("retry_after"), "headers": spec.get("headers") or {}}
    if plan["mode"] not in FAILURE_MODES:
        raise ValueError(f"mode is required to be one of {sorted(FAILURE_MODES)}")
    for name in ("path", "method", "body_contains", "body"):
        if plan[name] is not None and not isinstance(plan[name], str):
            raise ValueError(f"{name} is required to be a string")
    for name, low, high in (("times", 1, 10**6), ("status", 100, 599), ("delay_ms", 0, 600000)):
        value = plan[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"{name} is required to be an integer in [{low}, {high}]")
    if not isinstance(plan["headers"], dict):
        raise ValueError("headers is required to be an object")
    if plan["retry_after"] is not None:
        plan["headers"] = dict(plan["headers"], **{"Retry-After": str(plan["retry_after"])})
    return plan


class PeerHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 keep-alive, every reply with a Content-Length; vendor logic in subclasses.

    A subclass supplies process(), auth_refusal(), vendor_control() and its state's
    reset_documents(); it may override redacted_headers, reply_for_log(), injected_reply(),
    injected_body() and inflight_reply() where its vendor or its README says otherwise."""

    protocol_version = "HTTP/1.1"
    server_version = "peer"
    sys_version = ""
    redacted_headers = REDACTED_HEADERS

    def do_GET(self):
        self.handle_request()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    @property
    def state(self):
        return self.server.state

    def read_body(self):
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        if not length:
            return b""
        n = int(length)
        if n > MAX_BODY_BYTES:
            raise ValueError("body too large")
        return self.rfile.read(n)

    def handle_request(self):
        split = urlsplit(self.path)
        path = unquote(split.path)
        try:
            raw = self.read_body()
        except (ValueError, OSError):
            self.close_connection = True
            self.send(400, "text/plain", b"bad body")
            return
        if path.startswith("/_control/"):
            status, payload = self.control(path, split.query, raw)
            self.send(status, "application/json", json.dumps(payload).encode())
            return
        self.state.enter()
        try:
            entry = self.log_entry(path, split.query, raw)
            try:
                result = self.with_failure_plan(path, split.query, raw)
            except Exception:  # an internal error must still answer
                traceback.print_exc()
                result = (500, {}, "application/json", b'{"error":"internal peer error"}')
            if result is None:
                self.close_connection = True
                return
            status, headers, ctype, body = result
            entry["replyStatus"] = status
            entry["replyBody"] = self.reply_for_log(path, body.decode("utf-8", errors="replace"))
            self.send(status, ctype, body, headers)
        finally:
            self.state.leave()

    def log_entry(self, path, query, raw):
        text = raw.decode("utf-8", errors="replace")
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = None
        headers = {k.lower(): ("***" if k.lower() in self.redacted_headers else v)
                   for k, v in self.headers.items()}
        entry = {"method": self.command, "path": path, "rawPath": self.path,
                 "query": dict(parse_qsl(query, keep_blank_values=True)), "headers": headers,
                 "body": text, "json": parsed, "replyStatus": None, "at": time.time()}
        self.state.log_request(entry)
        return entry

    def with_failure_plan(self, path, query, raw):
        plan = self.state.take_failure(self.command, path, raw)
        mode = plan["mode"] if plan else None
        if mode == "drop":
            return None
        if mode == "status":
            if plan["body"] is not None:
                return plan["status"], dict(plan["headers"]), "application/json", plan["body"].encode()
            headers, ctype, body = self.injected_reply(plan["status"])
            return plan["status"], dict(headers, **plan["headers"]), ctype, body
        if mode == "auth":
            return self.auth_refusal(path, raw)
        if mode == "delay":
            time.sleep(plan["delay_ms"] / 1000.0)
        result = self.process(path, query, raw)
        if mode == "malformed":
            status, headers, ctype, body = result
            return 200, headers, ctype, body[: max(1, len(body) // 2)]
        if mode == "drop_after_processing":
            return None
        if plan and plan["headers"] and mode in ("delay",):
            result[1].update(plan["headers"])
        return result

    def injected_body(self, status):
        """The body of an injected failure; peers answer their vendor's error shape."""
        return json.dumps({"error": "injected failure", "status": status}).encode()

    def reply_for_log(self, path, text):
        """The reply body as the request log keeps it (a peer may shorten or mask it)."""
        return text

    def injected_reply(self, status):
        """Headers, content type and body of a `status` failure without its own body."""
        return {}, "application/json", self.injected_body(status)

    def control(self, path, query, raw):
        try:
            spec = json.loads(raw.decode("utf-8") or "{}") if raw else {}
        except ValueError as e:
            return 400, {"error": f"malformed JSON: {e}"}
        route = (self.command, path)
        if route == ("GET", "/_control/health"):
            return 200, {"ok": True}
        if route == ("GET", "/_control/received"):
            with self.state.lock:
                return 200, {"requests": list(self.state.received)}
        if route == ("GET", self.inflight_route):
            with self.state.lock:
                return 200, self.inflight_reply(self.state.in_flight, self.state.max_in_flight)
        if route == ("POST", "/_control/fail"):
            try:
                self.state.add_failure(failure_plan(spec))
            except ValueError as e:
                return 400, {"error": str(e)}
            return 200, {"ok": True}
        if route == ("POST", "/_control/reset"):
            with self.state.lock:
                self.state.reset_plumbing()
                self.state.reset_documents()
            return 200, {"ok": True}
        return self.vendor_control(self.command, path, spec)

    inflight_route = "/_control/inflight"

    def inflight_reply(self, current, maximum):
        """The in-flight reply's JSON shape (peers name it differently, see their README)."""
        return {"current": current, "max": maximum}

    def send(self, status, ctype, body, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


def serve(handler_class, state, argv_config, extra=None):
    """Runs the server until SIGTERM/SIGINT, after printing the `LISTENING <port>` line tests wait for."""
    server = ThreadingHTTPServer((argv_config.host, argv_config.port), handler_class)
    server.daemon_threads = True
    server.state, server.config, server.verbose = state, argv_config, argv_config.verbose
    for key, value in (extra or {}).items():
        setattr(server, key, value)
    return run_until_signal(server)


def run_until_signal(server):
    """Serves on a thread, prints `LISTENING <port>` (the line the C++ tests and self-tests read),
    and shuts down cleanly on SIGTERM/SIGINT with exit code 0."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    print(f"LISTENING {server.server_address[1]}", flush=True)
    stop.wait()
    server.shutdown()
    server.server_close()
    return 0


def peer_arguments(description):
    """An argument parser with the options every peer takes (--host, --port 0 = a free port, --verbose)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--verbose", action="store_true")
    return parser


class PeerProcess:
    """A self-test's peer: runs a peer script as a subprocess, reads its `LISTENING <port>` line,
    and stops it with SIGTERM (stop() answers the exit code, 0 when the peer shut down cleanly)."""

    def __init__(self, script, *args):
        import subprocess  # only the self-tests start peers
        self.proc = subprocess.Popen([sys.executable, script, *args], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("LISTENING "), line
        self.port = int(line.split()[1])

    def stop(self, timeout=10):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=timeout)
        self.proc.stdout.close()
        return code


class StrictPeerState:
    """Base of the OData / REST-record peers' states: the config, one lock, and failure-plan
    matching on path and method; the subclass's reset() sets up everything else (received,
    failures, in_flight kept through a reset, max_in_flight restarted, its documents)."""

    def __init__(self, config):
        self.config = config
        self.lock = threading.RLock()
        self.reset()

    def take_failure(self, method, path):
        return take_matching_plan(self.lock, self.failures, method, path)

    def reset_plumbing(self):
        """Empties the request log and the failure plans. Requests still running keep counting
        through a reset (they will leave): only the maximum starts again."""
        with self.lock:
            self.received = []
            self.failures = []
            self.in_flight = getattr(self, "in_flight", 0)
            self.max_in_flight = self.in_flight


class StrictPeerHandler(BaseHTTPRequestHandler):
    """The handler shape of the OData / REST-record peers (b1sl, s4hana, business_central, netsuite):
    strict body reading (bad chunk sizes and lengths refused), in-flight counting around serve(),
    and the /_control/ health, received, state, concurrency {inFlight, maxInFlight}, reset and fail
    routes. A subclass supplies serve(url, raw), log_entry(url, raw), internal_error_reply(e) and
    vendor_control(route, path, raw); its state has lock, received, failures, in_flight,
    max_in_flight, reset() and snapshot(), and the module-level parse of its /_control/fail body
    is passed as failure_plan."""

    protocol_version = "HTTP/1.1"
    body_errors = ValueError
    failure_modes = ()  # the peer's FAILURE_MODES

    def failure_plan(self, raw):
        """Parses a /_control/fail body against this peer's failure modes."""
        return strict_failure_plan(raw, self.failure_modes)

    def do_GET(self):
        self.handle_request()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def log_message(self, fmt_, *args):
        if self.server.config.verbose:
            super().log_message(fmt_, *args)

    @property
    def state(self):
        return self.server.state

    def body_error(self, message):
        """The exception a malformed body raises (body_errors is what handle_request catches)."""
        return ValueError(message)

    def body_error_reply(self, e):
        """Sends the answer to a body read_body refused."""
        return self.send(400, "text/plain", str(e).encode())

    def send_reply(self, reply):
        """Sends what serve() answered."""
        self.send(*reply)

    def on_enter(self, state):
        """Called under the state lock once a request counts as in flight; what it answers is
        passed on to serve() (NetSuite passes whether the concurrency limit is exceeded)."""
        return ()

    def send_internal_error(self, e):
        """Answers a request whose handling raised (500 with the vendor's error body)."""
        self.send(500, *self.internal_error_reply(e))

    def handle_request(self):
        try:
            raw = self.read_body()
        except self.body_errors as e:
            self.close_connection = True
            return self.body_error_reply(e)
        url = urlsplit(self.path)
        if url.path.startswith("/_control/"):
            return self.control(url.path, raw)
        state = self.state
        with state.lock:
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
            extra = self.on_enter(state)
            entry = self.log_entry(url, raw)
        try:
            reply = self.serve(url, raw, *extra)
            entry["replyStatus"] = reply[0] if reply else None
            if reply:
                self.send_reply(reply)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as e:  # a bug must cost one request, not the server
            traceback.print_exc()
            entry["replyStatus"] = 500
            self.close_connection = True
            self.send_internal_error(e)
        finally:
            with state.lock:
                state.in_flight -= 1

    def concurrency_reply(self, state):
        """The /_control/concurrency JSON (peers add their own counters, see their README)."""
        return {"inFlight": state.in_flight, "maxInFlight": state.max_in_flight}

    def control(self, path, raw):
        state = self.state
        route = (self.command, path)
        if route == ("GET", "/_control/health"):
            return self.send_json(200, {"ok": True})
        if route == ("GET", "/_control/received"):
            with state.lock:
                return self.send_json(200, {"requests": state.received})
        if route == ("GET", "/_control/state"):
            return self.send_json(200, state.snapshot())
        if route == ("GET", "/_control/concurrency"):
            with state.lock:
                return self.send_json(200, self.concurrency_reply(state))
        if route == ("POST", "/_control/reset"):
            state.reset()
            return self.send_json(200, {"ok": True})
        if self.vendor_control(route, path, raw):
            return None
        if route == ("POST", "/_control/fail"):
            try:
                plan = self.failure_plan(raw)
            except ValueError as e:
                return self.send_json(400, {"error": str(e)})
            with state.lock:
                state.failures.append(plan)
            return self.send_json(200, {"ok": True})
        return self.send_json(404, {"error": f"no such control endpoint: {self.command} {path}"})

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                try:
                    size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                except ValueError:
                    raise self.body_error("bad chunk size") from None
                if size <= 0:
                    while self.rfile.readline().strip():
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
                if sum(map(len, chunks)) > MAX_BODY_BYTES:
                    raise self.body_error("request body too large")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise self.body_error("bad Content-Length") from None
        if length < 0 or length > MAX_BODY_BYTES:
            raise self.body_error("request body too large")
        return self.rfile.read(length) if length else b""

    def send_json(self, status, payload):
        self.send(status, "application/json", json.dumps(payload).encode())

    def send(self, status, ctype, body, headers=None):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            for v in (value if isinstance(value, list) else [value]):
                self.send_header(name, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def strict_failure_plan(raw, modes):
    """Validates a /_control/fail body of the OData / REST-record peers (path must start with /,
    no body_contains, retry_after kept as a string); raises ValueError with the reason."""
    try:
        spec = json.loads(raw.decode("utf-8") or "{}")
    except ValueError as e:
        raise ValueError(f"malformed JSON: {e}") from None
    if not isinstance(spec, dict):
        raise ValueError("the body must be a JSON object")
    plan = {"path": spec.get("path"), "method": spec.get("method"), "times": spec.get("times", 1),
            "mode": spec.get("mode", "status"), "status": spec.get("status", 503),
            "delay_ms": spec.get("delay_ms", 1000), "body": spec.get("body"),
            "retry_after": spec.get("retry_after")}
    if plan["mode"] not in modes:
        raise ValueError(f"mode is required to be one of {sorted(modes)}")
    if plan["path"] is not None and not (isinstance(plan["path"], str) and plan["path"].startswith("/")):
        raise ValueError("path is required to be a string starting with /")
    if plan["method"] is not None and not isinstance(plan["method"], str):
        raise ValueError("method is required to be a string")
    for name, low, high in (("times", 1, 10**6), ("status", 100, 599), ("delay_ms", 0, 600000)):
        v = plan[name]
        if not isinstance(v, int) or isinstance(v, bool) or not low <= v <= high:
            raise ValueError(f"{name} is required to be an integer in [{low}, {high}]")
    if plan["body"] is not None and not isinstance(plan["body"], str):
        raise ValueError("body is required to be a string")
    if plan["retry_after"] is not None:
        plan["retry_after"] = str(plan["retry_after"])
    return plan
