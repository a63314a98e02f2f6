#!/usr/bin/python3
"""Test peer playing Commerceup's open API, the target of sync back (docs/sync-back.md).

A real HTTP/1.1 server on loopback for erpbridge's tests. It checks the project hash,
the x-api-key header and the documented bodies of inventory, bulkinventory,
bulkincrementinventory, bulklinkproduct and orderstatus; keeps stock and order status
per project; records every call; and fails on demand through an unauthenticated control
API under /_control/. Standard library only. See README.md next to this file.
"""

import argparse
import hmac
import json
import signal
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

MAX_BODY_BYTES = 10 * 1024 * 1024
ORDER_STATUSES = ("In Process", "Shipped", "Delivered", "Cancelled",
                  "Return Requested", "Return Approved", "Return Rejected")
FAILURE_MODES = ("status", "drop", "drop_after_processing")


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


def bad(message):
    return ApiError(400, message)


# ---------------------------------------------------------------- body checks
# Every message starts with the path of the field at fault, so a test (and the
# host's dead-letter reason) names it.

def is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


def need_string(obj, name, path):
    value = obj.get(name)
    if not isinstance(value, str) or not value:
        raise bad(f"{path}{name} is required to be a non-empty string")
    return value


def need_integer(obj, name, path, rule, accept):
    value = obj.get(name)
    if not is_integer(value) or not accept(value):
        raise bad(f"{path}{name} is required to be an integer {rule}")
    return value


def need_object(value, path):
    if not isinstance(value, dict):
        raise bad(f"{path or 'body'} is required to be an object")
    return value


def need_list(obj, name, path=""):
    value = obj.get(name)
    if not isinstance(value, list) or not value:
        raise bad(f"{path}{name} is required to be a non-empty array")
    return value


def absolute_quantity(obj, path):
    return need_integer(obj, "quantity", path, ">= 0", lambda q: q >= 0)


def stock_entries(body, quantity_check):
    """[{sku, quantity}] of a bulk call, each SKU at most once."""
    entries, seen = [], set()
    for i, item in enumerate(need_list(body, "inventory")):
        path = f"inventory[{i}]."
        need_object(item, path[:-1])
        sku = need_string(item, "sku", path)
        if sku in seen:
            raise bad(f"{path}sku {sku} is required to be unique within one call")
        seen.add(sku)
        entries.append((sku, quantity_check(item, path)))
    return entries


def set_inventory(project, body):
    sku = need_string(body, "sku", "")
    project["inventory"][sku] = absolute_quantity(body, "")


def set_bulk_inventory(project, body):
    for sku, quantity in stock_entries(body, absolute_quantity):
        project["inventory"][sku] = quantity


def increment_bulk_inventory(project, body):
    delta = lambda item, path: need_integer(item, "quantity", path, "other than 0", lambda q: q != 0)
    for sku, quantity in stock_entries(body, delta):
        project["inventory"][sku] = project["inventory"].get(sku, 0) + quantity


def link_products(project, body):
    links, seen = [], set()
    for i, item in enumerate(need_list(body, "products")):
        path = f"products[{i}]."
        need_object(item, path[:-1])
        sku = need_string(item, "sku", path)
        if sku in seen:
            raise bad(f"{path}sku {sku} is required to be unique within one call")
        seen.add(sku)
        links.append((sku, need_string(item, "remoteId", path)))
    project["links"].update(links)


def set_order_status(project, body):
    order_id = need_string(body, "orderId", "")
    status = body.get("status")
    if status not in ORDER_STATUSES:
        raise bad(f"status is required to be one of {', '.join(ORDER_STATUSES)}")
    if "items" in body:
        items = body["items"]
        if not isinstance(items, list):
            raise bad("items is required to be an array")
        for i, item in enumerate(items):
            path = f"items[{i}]."
            need_object(item, path[:-1])
            need_string(item, "sku", path)
            need_integer(item, "quantity", path, ">= 1", lambda q: q >= 1)
    project["orders"].setdefault(order_id, []).append(status)


# Endpoint (the path after /v1/{projecthash}/) -> operation(project state, body).
ROUTES = {
    "inventory": set_inventory,
    "bulkinventory": set_bulk_inventory,
    "bulkincrementinventory": increment_bulk_inventory,
    "bulklinkproduct": link_products,
    "orderstatus": set_order_status,
}


# ---------------------------------------------------------------- state

class PeerState:
    """Projects' stock and orders, the received log and the failure plan, under one lock."""

    def __init__(self, api_keys):
        self.lock = threading.RLock()
        self.api_keys = api_keys  # project hash -> x-api-key
        self.reset()

    def reset(self):
        with self.lock:
            self.received, self.failures = [], []
            self.projects = {h: {"inventory": {}, "orders": {}, "links": {}} for h in self.api_keys}

    def snapshot(self):
        with self.lock:
            return json.loads(json.dumps(self.projects))

    def take_failure(self):
        with self.lock:
            if not self.failures:
                return None
            plan = self.failures[0]
            plan["count"] -= 1
            if plan["count"] <= 0:
                self.failures.pop(0)
            return plan


def failure_plan(raw):
    try:
        spec = json.loads(raw.decode("utf-8") or "{}")
    except ValueError as e:
        raise bad(f"malformed JSON: {e}") from None
    need_object(spec, "")
    plan = {"count": spec.get("count", 1), "mode": spec.get("mode", "status"),
            "status": spec.get("status", 503)}
    if plan["mode"] not in FAILURE_MODES:
        raise bad(f"mode is required to be one of {', '.join(FAILURE_MODES)}")
    for name, low, high in (("count", 1, 10**6), ("status", 100, 599)):
        if not is_integer(plan[name]) or not low <= plan[name] <= high:
            raise bad(f"{name} is required to be an integer in [{low}, {high}]")
    return plan


# ---------------------------------------------------------------- HTTP

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every reply carries Content-Length
    server_version = "commerceup-peer/1"
    error_content_type = "application/json"
    error_message_format = '{"status": "error", "message": "%(code)d %(message)s"}'

    def do_GET(self):
        self.handle_request()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def log_message(self, fmt, *args):
        if self.server.verbose:
            super().log_message(fmt, *args)

    @property
    def state(self):
        return self.server.state

    def handle_request(self):
        try:
            raw = self.read_body()
            path = urlsplit(self.path).path
            if path.startswith("/_control/"):
                return self.send(*self.control(path, raw))
            self.serve_api(path, raw)
        except ApiError as e:  # bad framing of the request itself
            self.close_connection = True
            self.send(e.status, {"status": "error", "message": e.message})
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as e:  # a bug or bad input must cost one request, not the server
            traceback.print_exc()
            self.close_connection = True
            self.send(500, {"status": "error", "message": f"internal error: {e}"})

    def read_body(self):
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise bad("bad Content-Length") from None
        if length < 0 or length > MAX_BODY_BYTES:
            raise ApiError(413, "request body too large")
        return self.rfile.read(length) if length else b""

    def serve_api(self, path, raw):
        text = raw.decode("utf-8", errors="replace")
        try:
            logged_body = json.loads(text) if text else None
        except (ValueError, RecursionError):
            logged_body = text
        parts = path.split("/")  # "", "v1", hash, endpoint
        project = parts[2] if len(parts) == 4 and parts[1] == "v1" else None
        entry = {"method": self.command, "project": project, "path": path,
                 "endpoint": parts[3] if project is not None else None,
                 "status": None, "body": logged_body}
        with self.state.lock:
            self.state.received.append(entry)
        plan = self.state.take_failure()
        mode = plan["mode"] if plan else None
        if mode == "drop":  # the request was read; the caller never learns what happened
            self.close_connection = True
            return
        if mode == "status":
            entry["status"] = plan["status"]
            return self.send(plan["status"], {"status": "error", "message": "injected failure"})
        status, payload = self.process(project, entry["endpoint"], raw)
        if mode == "drop_after_processing":  # applied, but the reply is lost
            self.close_connection = True
            return
        entry["status"] = status
        self.send(status, payload)

    def process(self, project, endpoint, raw):
        try:
            if project not in self.state.api_keys:
                raise ApiError(404, f"no such project: {project}" if project else "no such path")
            given = self.headers.get("x-api-key")
            if given is None or not hmac.compare_digest(given.encode(), self.state.api_keys[project].encode()):
                raise ApiError(401, "x-api-key is missing or wrong")
            operation = ROUTES.get(endpoint)
            if operation is None:
                raise ApiError(404, f"no such endpoint: {endpoint}")
            if self.command != "POST":
                raise ApiError(405, f"method {self.command} not allowed on {endpoint}")
            try:
                body = json.loads(raw.decode("utf-8"))
            except (ValueError, RecursionError) as e:  # UnicodeDecodeError is a ValueError
                raise bad(f"body is required to be JSON: {e}") from None
            need_object(body, "")
            with self.state.lock:
                # Check everything before changing anything: a refused call changes nothing.
                scratch = json.loads(json.dumps(self.state.projects[project]))
                operation(scratch, body)
                self.state.projects[project] = scratch
            return 200, {"status": "success"}
        except ApiError as e:
            return e.status, {"status": "error", "message": e.message}

    def control(self, path, raw):
        route = (self.command, path)
        if route == ("GET", "/_control/health"):
            return 200, {"ok": True}
        if route == ("GET", "/_control/received"):
            with self.state.lock:
                return 200, {"requests": json.loads(json.dumps(self.state.received))}
        if route == ("GET", "/_control/state"):
            return 200, self.state.snapshot()
        if route == ("POST", "/_control/reset"):
            self.state.reset()
            return 200, {"ok": True}
        if route == ("POST", "/_control/fail"):
            try:
                plan = failure_plan(raw)
            except ApiError as e:
                return e.status, {"status": "error", "message": e.message}
            with self.state.lock:
                self.state.failures.append(plan)
            return 200, {"ok": True}
        return 404, {"status": "error", "message": f"no such control endpoint: {self.command} {path}"}

    def send(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


# ---------------------------------------------------------------- main

def project_option(text):
    project, sep, key = text.partition("=")
    if not sep or not project or not key or "/" in project:
        raise argparse.ArgumentTypeError(f"--project wants HASH=APIKEY, got {text!r}")
    return project, key


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Commerceup open-API test peer.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--project", type=project_option, action="append", default=[],
                        metavar="HASH=APIKEY", help="a project and its x-api-key (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="log each request to stderr")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.verbose, server.state = args.verbose, PeerState(dict(args.project))

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    serving.start()
    print(f"LISTENING {server.server_address[1]}", flush=True)
    stop.wait()
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
