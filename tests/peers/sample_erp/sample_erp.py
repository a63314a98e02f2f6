#!/usr/bin/python3
"""Test ERP implementing Commerceup's sample ERP contract, in JSON and in XML.

A real HTTP/1.1 server on loopback for erpbridge's integration tests and demo.
It creates customers, orders, cancellations and returns, lists its stock and
order-status changes since a cursor (for erpbridge's pull), records every request
it receives, and can be told to misbehave (errors, delays, garbled replies,
dropped connections) through an unauthenticated control API under /_control/.
Standard library only. See README.md next to this file for the API.
"""

import argparse
import base64
import binascii
import hmac
import json
import math
import os
import signal
import sys
import threading
import time
import traceback
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

MAX_BODY_BYTES = 10 * 1024 * 1024
REDACTED_HEADERS = {"authorization", "proxy-authorization", "password"}
FAILURE_MODES = {"status", "delay", "malformed", "drop", "drop_after_processing", "echo_headers"}
# XML arrays are a wrapper element whose children all have the singular name.
XML_LIST_ITEMS = {"addresses": "address", "lines": "line", "changes": "change"}
# What the ERP calls an order's state after the warehouse acted (POST /_control/ship).
ORDER_STATES = ("processing", "shipped", "delivered", "cancelled", "return_requested",
                "return_approved", "return_rejected")
DEFAULT_FEED_LIMIT, MAX_FEED_LIMIT = 100, 1000


class ApiError(Exception):
    """A reply that ends processing: 4xx errors, or 200 business refusals."""

    def __init__(self, status, message, outcome="error"):
        super().__init__(message)
        self.status, self.message, self.outcome = status, message, outcome


def refuse(message):
    """A business refusal: the contract answers 2xx with status "failure"."""
    return ApiError(200, message, outcome="failure")


# ---------------------------------------------------------------- validation
# A schema maps field name -> Field. Unknown fields are kept but not checked,
# as a lenient ERP would. Every validation message starts with "<path> is
# required" so tests can match the field name whatever was wrong with it.

class Field:
    def __init__(self, kind, required=False, nullable=False, schema=None):
        self.kind, self.required, self.nullable, self.schema = kind, required, nullable, schema


def opt(kind="string", **kw):
    return Field(kind, **kw)


def req(kind="string", **kw):
    return Field(kind, required=True, **kw)


ADDRESS = {k: opt() for k in ("type", "name", "line1", "line2", "city", "state",
                               "pincode", "country", "phone")}
CUSTOMER = {
    "externalId": req(), "firstName": req(), "lastName": opt(), "email": req(),
    "phone": opt(), "gstin": opt(nullable=True),
    "addresses": opt("array", schema=ADDRESS),
}
ORDER_LINE = {
    "lineRef": req(), "sku": req(), "description": opt(), "quantity": req("quantity"),
    "unitPrice": req("amount"), "discount": opt("amount"), "taxAmount": opt("amount"),
    "lineTotal": opt("amount"),
}
ORDER = {
    "externalId": req(), "orderNumber": opt(), "customerId": req(), "currency": req(),
    "orderDate": opt(), "paymentMethod": opt(),
    "shipTo": opt("object", schema=ADDRESS), "billTo": opt("object", schema=ADDRESS),
    "lines": req("array", schema=ORDER_LINE), "shippingAmount": opt("amount"),
    "grandTotal": req("amount"),
}
CANCEL = {
    "orderId": req(), "reference": req(), "reason": opt(),
    "lines": opt("array", schema={"lineId": req(), "quantity": req("quantity")}),
}
RETURN = {
    "orderId": req(), "reference": req(),
    "lines": req("array", schema={"lineId": req(), "quantity": req("quantity"), "reason": opt()}),
}


def parse_number(value, from_xml):
    """A JSON number (bool excluded), or in XML, element text that reads as one."""
    if from_xml and isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                value = float(value)
            except ValueError:
                return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if math.isfinite(value) else None


def is_amount(value):
    if isinstance(value, str):
        try:
            return Decimal(value.strip()).is_finite()
        except InvalidOperation:
            return False
    return parse_number(value, False) is not None


def check_field(value, field, path, from_xml):
    """Returns the value, normalised (XML quantities become numbers), or raises 422."""
    if value is None and field.nullable:
        return None
    kind = field.kind
    if kind == "string":
        if not isinstance(value, str) or (field.required and not value):
            raise ApiError(422, f"{path} is required to be a non-empty string"
                           if field.required else f"{path} is required to be a string")
        return value
    if kind == "quantity":
        number = parse_number(value, from_xml)
        if number is None or number <= 0:
            raise ApiError(422, f"{path} is required to be a number > 0")
        return number
    if kind == "amount":
        if not is_amount(value):
            raise ApiError(422, f"{path} is required to be a number or a numeric string")
        return value
    if kind == "object":
        return check_object(value, field.schema, path, from_xml)
    if not isinstance(value, list) or (field.required and not value):  # kind == "array"
        raise ApiError(422, f"{path} is required to be a non-empty array"
                       if field.required else f"{path} is required to be an array")
    return [check_object(item, field.schema, f"{path}[{i}]", from_xml)
            for i, item in enumerate(value)]


def check_object(value, schema, path, from_xml):
    if not isinstance(value, dict):
        raise ApiError(422, f"{path} is required to be an object")
    result = dict(value)
    for name, field in schema.items():
        given = value.get(name)
        # XML cannot say null: an empty element (<shipTo/>, <quantity/>) is absent.
        absent = given is None or (from_xml and given == "" and field.kind != "string")
        if absent and not (field.nullable and name in value):
            if field.required:
                raise ApiError(422, f"{path}.{name} is required")
            result.pop(name, None)
            continue
        result[name] = check_field(value[name], field, f"{path}.{name}", from_xml)
    return result


# ---------------------------------------------------------------- XML codec

def local_name(tag):
    return tag.rsplit("}", 1)[-1]  # drop any {namespace} prefix


def xml_to_value(elem, path):
    """Element -> dict / list / str, mirroring the JSON shape of the same request."""
    tag, children = local_name(elem.tag), list(elem)
    if tag in XML_LIST_ITEMS:
        item = XML_LIST_ITEMS[tag]
        for i, child in enumerate(children):
            if local_name(child.tag) != item:
                raise ApiError(422, f"{path}[{i}] is required to be a <{item}> element")
        return [xml_to_value(child, f"{path}[{i}]") for i, child in enumerate(children)]
    if not children:
        return elem.text or ""
    result = {}
    for child in children:
        name = local_name(child.tag)
        if name in result:
            raise ApiError(422, f"{path}.{name} is required at most once")
        result[name] = xml_to_value(child, f"{path}.{name}")
    return result


def parse_xml_body(raw, root_name):
    text = raw.decode("utf-8", errors="replace").upper()
    # ElementTree does not fetch external entities, but internal ones can still
    # blow up ("billion laughs"); no ERP request needs a DTD, so refuse them.
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise ApiError(400, "malformed XML: DOCTYPE and entity declarations are not allowed")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        raise ApiError(400, f"malformed XML: {e}") from None
    if local_name(root.tag) != root_name:
        raise ApiError(422, f"{root_name} is required as the root element, got <{local_name(root.tag)}>")
    try:
        return xml_to_value(root, root_name)
    except RecursionError:
        raise ApiError(400, "malformed XML: nested too deeply") from None


def value_to_xml(parent, name, value):
    elem = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, child in value.items():
            value_to_xml(elem, key, child)
    elif isinstance(value, list):
        item = XML_LIST_ITEMS.get(name, "item")
        for child in value:
            value_to_xml(elem, item, child)
    elif isinstance(value, bool):
        elem.text = "true" if value else "false"
    elif value is not None:
        elem.text = str(value)


def render(payload, xml):
    """Reply payload (a dict) -> (content type, body bytes) in the request's flavour."""
    if not xml:
        return "application/json", json.dumps(payload).encode()
    root = ET.Element("response")
    for key, value in payload.items():
        value_to_xml(root, key, value)
    return "application/xml", ET.tostring(root, encoding="utf-8", xml_declaration=True)


# ---------------------------------------------------------------- ERP state

class ErpState:
    """Entities, idempotency replies, the received log and the failure plan.

    One re-entrant lock guards everything: a test peer values simple, strictly
    serialised behaviour (no duplicate ids, deterministic logs) over throughput.
    Entities and idempotency replies are persisted to data_file when given.
    """

    def __init__(self, data_file=None):
        self.lock = threading.RLock()
        self.data_file = data_file
        self.received, self.failure_plan = [], []
        self.clear_entities()
        if data_file and os.path.exists(data_file):
            with open(data_file, encoding="utf-8") as f:
                saved = json.load(f)
            if not isinstance(saved, dict):
                raise ValueError("not a JSON object")
            for name in ("counters", "customers", "orders", "cancellations", "returns", "idempotency",
                         "stock_changes", "status_changes"):
                setattr(self, name, saved.get(name, getattr(self, name)))

    def clear_entities(self):
        self.counters = {"customer": 0, "order": 0, "return": 0, "change": 0}
        self.customers, self.orders = {}, {}
        # The change logs the pull feeds read; "seq" grows across both, so it is a cursor.
        self.stock_changes, self.status_changes = [], []
        self.cancellations, self.returns = [], []
        self.idempotency = {}  # path -> {key: {"status", "contentType", "body"}}

    def reset(self):
        with self.lock:
            self.received, self.failure_plan = [], []
            self.clear_entities()
            self.save()

    def save(self):
        if not self.data_file:
            return
        tmp = self.data_file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"counters": self.counters, "customers": self.customers,
                       "orders": self.orders, "cancellations": self.cancellations,
                       "returns": self.returns, "idempotency": self.idempotency,
                       "stock_changes": self.stock_changes, "status_changes": self.status_changes},
                      f, indent=1)
        os.replace(tmp, self.data_file)  # atomic: a crash never leaves half a file

    def record_change(self, log, change):
        self.counters["change"] = self.counters.get("change", 0) + 1
        log.append(dict(change, seq=self.counters["change"]))
        self.save()

    def next_id(self, kind, prefix):
        self.counters[kind] += 1
        return f"{prefix}{self.counters[kind]:06d}"

    def snapshot(self):
        with self.lock:
            return json.loads(json.dumps({
                "customers": self.customers, "orders": self.orders,
                "cancellations": self.cancellations, "returns": self.returns,
                "stockChanges": self.stock_changes, "statusChanges": self.status_changes}))

    def log_request(self, entry):
        with self.lock:
            self.received.append(entry)

    def add_failure(self, plan):
        with self.lock:
            self.failure_plan.append(plan)

    def take_failure(self, path):
        """Consumes one use of the first queued plan that matches path."""
        with self.lock:
            for plan in self.failure_plan:
                if plan["path"] in (None, path):
                    plan["times"] -= 1
                    if plan["times"] <= 0:
                        self.failure_plan.remove(plan)
                    return dict(plan)
        return None


# ---------------------------------------------------------------- ERP operations
# Each takes the validated request object and returns the success payload, or
# raises ApiError. They run with the state lock held.

def find_order(state, order_id, path):
    order = state.orders.get(order_id)
    if order is None:
        raise ApiError(422, f"{path} {order_id} is not a known order")
    return order


def order_lines_by_id(order, requested, root):
    """Resolves requested lines to the order's lines, summing repeats of a line."""
    by_id, wanted = {l["lineId"]: l for l in order["lines"]}, {}
    for i, line in enumerate(requested):
        if line["lineId"] not in by_id:
            raise ApiError(422, f"{root}.lines[{i}].lineId {line['lineId']} is not a line of order {order['orderId']}")
        wanted[line["lineId"]] = wanted.get(line["lineId"], 0) + line["quantity"]
    return [(by_id[line_id], qty) for line_id, qty in wanted.items()]


def create_customer(state, customer, flavour):
    customer_id = state.next_id("customer", "C")
    state.customers[customer_id] = dict(customer, customerId=customer_id, receivedAs=flavour)
    return {"status": "success", "customerId": customer_id}


def create_order(state, order, flavour):
    if order["customerId"] not in state.customers:
        raise ApiError(422, f"order.customerId {order['customerId']} is not a known customer")
    seen = set()
    for i, line in enumerate(order["lines"]):
        if line["lineRef"] in seen:
            raise ApiError(422, f"order.lines[{i}].lineRef is required to be unique, {line['lineRef']} repeats")
        seen.add(line["lineRef"])
    order_id = state.next_id("order", "SO")
    lines = [dict(line, lineId=f"{order_id}-{n}", cancelledQuantity=0, returnedQuantity=0)
             for n, line in enumerate(order["lines"], start=1)]
    state.orders[order_id] = dict(order, orderId=order_id, status="open", lines=lines,
                                  receivedAs=flavour)
    return {"status": "success", "orderId": order_id, "lines": line_refs(lines)}


def line_refs(lines):
    return [{"lineRef": l["lineRef"], "lineId": l["lineId"]} for l in lines]


def open_quantity(line):
    return line["quantity"] - line["cancelledQuantity"] - line["returnedQuantity"]


def cancel_order(state, cancel, flavour):
    order = find_order(state, cancel["orderId"], "cancel.orderId")
    requested = order_lines_by_id(order, cancel.get("lines") or [], "cancel")
    if order["status"] == "cancelled":
        raise refuse(f"order {order['orderId']} is already cancelled")
    # The ERP is not idempotent, but it does notice a reference it has seen.
    if any(c["orderId"] == order["orderId"] and c["reference"] == cancel["reference"]
           for c in state.cancellations):
        raise refuse(f"cancellation {cancel['reference']} is already recorded for order {order['orderId']}")
    if not requested:  # whole order: cancel whatever is still open
        requested = [(line, open_quantity(line)) for line in order["lines"] if open_quantity(line) > 0]
        if not requested:
            raise refuse(f"order {order['orderId']} has nothing left to cancel")
    for line, qty in requested:
        if qty > open_quantity(line):
            raise refuse(f"line {line['lineId']}: cannot cancel {qty}, only {open_quantity(line)} open")
    for line, qty in requested:
        line["cancelledQuantity"] += qty
    fully = all(l["cancelledQuantity"] >= l["quantity"] for l in order["lines"])
    order["status"] = "cancelled" if fully else "partially_cancelled"
    state.cancellations.append({
        "orderId": order["orderId"], "reference": cancel["reference"], "reason": cancel.get("reason"),
        "wholeOrder": not cancel.get("lines"), "receivedAs": flavour,
        "lines": [{"lineId": line["lineId"], "quantity": qty} for line, qty in requested]})
    return {"status": "success", "cancelled": True}


def return_order(state, ret, flavour):
    order = find_order(state, ret["orderId"], "return.orderId")
    requested = order_lines_by_id(order, ret["lines"], "return")
    if any(r["orderId"] == order["orderId"] and r["reference"] == ret["reference"]
           for r in state.returns):
        raise refuse(f"return {ret['reference']} is already recorded for order {order['orderId']}")
    for line, qty in requested:
        if qty > open_quantity(line):
            raise refuse(f"line {line['lineId']}: cannot return {qty}, only {open_quantity(line)} returnable")
    for line, qty in requested:
        line["returnedQuantity"] += qty
    return_id = state.next_id("return", "RMA")
    state.returns.append(dict(ret, returnId=return_id, receivedAs=flavour))
    return {"status": "success", "returnId": return_id}


def external_id(query):
    if not query.get("externalId"):
        raise ApiError(422, "externalId is required")
    return query["externalId"]


def lookup_customer(state, query):
    wanted = external_id(query)
    for customer_id, customer in state.customers.items():
        if customer["externalId"] == wanted:
            return {"customerId": customer_id}
    raise ApiError(404, "not found")


def lookup_order(state, query):
    wanted = external_id(query)
    for order_id, order in state.orders.items():
        if order["externalId"] == wanted:
            return {"orderId": order_id, "status": order["status"], "lines": line_refs(order["lines"])}
    raise ApiError(404, "not found")


def whole_number(query, name, default, low, high):
    text = query.get(name, "")
    if text == "":
        return default
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise ApiError(422, f"{name} is required to be a whole number from {low} to {high}")
    return number


def changes_since(log, query):
    """The changes after ?since= (a seq), at most ?limit=; cursor is the last one listed."""
    since = whole_number(query, "since", 0, 0, 2**53)
    limit = whole_number(query, "limit", DEFAULT_FEED_LIMIT, 1, MAX_FEED_LIMIT)
    newer = [c for c in log if c["seq"] > since]
    listed = newer[:limit]
    cursor = listed[-1]["seq"] if listed else since
    return {"changes": listed, "cursor": cursor, "more": len(newer) > limit}


def list_stock_changes(state, query):
    return changes_since(state.stock_changes, query)


def list_status_changes(state, query):
    return changes_since(state.status_changes, query)


# (method, path without the /xml prefix) -> (operation, root key of the body, schema);
# lookups and feeds have no body: root and schema are None and they read the query.
ROUTES = {
    ("POST", "/createcustomer"): (create_customer, "customer", CUSTOMER),
    ("POST", "/createorder"): (create_order, "order", ORDER),
    ("POST", "/cancelorder"): (cancel_order, "cancel", CANCEL),
    ("POST", "/returnorder"): (return_order, "return", RETURN),
    ("GET", "/customers"): (lookup_customer, None, None),
    ("GET", "/orders"): (lookup_order, None, None),
    ("GET", "/stock"): (list_stock_changes, None, None),
    ("GET", "/order-status"): (list_status_changes, None, None),
}


# ---------------------------------------------------------------- HTTP

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every reply carries Content-Length
    server_version = "sample-erp/1"
    # http.server's own replies (unparseable request line, bad headers) in JSON too.
    error_content_type = "application/json"
    error_message_format = '{"status": "error", "message": "%(code)d %(message)s"}'

    def do_GET(self):
        self.handle_request()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def log_message(self, fmt, *args):
        if self.server.config.verbose:
            super().log_message(fmt, *args)

    @property
    def state(self):
        return self.server.state

    def handle_request(self):
        self.extra_headers = {}  # Retry-After, WWW-Authenticate
        try:
            raw = self.read_body()
            url = urlsplit(self.path)
            query = dict(parse_qsl(url.query, keep_blank_values=True))
            if url.path.startswith("/_control/"):
                return self.send(*self.control(url.path, raw))
            entry = self.log_entry(url.path, query, raw)
            status, ctype, body = self.serve_with_failure_plan(url.path, query, raw)
            entry["replyStatus"] = status
            if status is not None:
                self.send(status, ctype, body, self.extra_headers)
        except ApiError as e:  # only read_body raises here: bad framing
            self.send_error_reply(e.status, e.message)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (e.g. timed out on a delay)
        except Exception as e:  # a bug or bad input must cost one request, not the server
            traceback.print_exc()
            self.send_error_reply(500, f"internal error: {e}")

    def send_error_reply(self, status, message):
        # The connection may be mid-request or broken: close it after this reply.
        self.close_connection = True
        try:
            self.send(status, *render({"status": "error", "message": message}, False))
        except OSError:
            pass

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                try:
                    size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                except ValueError:
                    raise ApiError(400, "bad chunk size in chunked body") from None
                if size <= 0:
                    while self.rfile.readline().strip():  # trailers
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
                if sum(map(len, chunks)) > MAX_BODY_BYTES:
                    raise ApiError(413, "request body too large")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise ApiError(400, "bad Content-Length") from None
        if length < 0 or length > MAX_BODY_BYTES:
            raise ApiError(413, "request body too large")
        return self.rfile.read(length) if length else b""

    def log_entry(self, path, query, raw):
        text = raw.decode("utf-8", errors="replace")
        try:
            parsed = json.loads(text) if text else None
        except (ValueError, RecursionError):
            parsed = None
        headers = {name.lower(): ("***" if name.lower() in REDACTED_HEADERS else value)
                   for name, value in self.headers.items()}
        entry = {"method": self.command, "path": path, "query": query, "headers": headers,
                 "body": text, "json": parsed, "replyStatus": None}
        self.state.log_request(entry)
        return entry

    def serve_with_failure_plan(self, path, query, raw):
        """Applies the next matching failure plan around normal processing.

        Returns (status, content type, body), or status None when the
        connection was dropped without a reply.
        """
        xml = path.startswith("/xml/")
        plan = self.state.take_failure(path)
        mode = plan["mode"] if plan else None
        if mode == "drop":
            self.close_connection = True
            return None, None, None
        if mode == "status":
            if plan["retry_after"] is not None:
                self.extra_headers["Retry-After"] = plan["retry_after"]
            if plan["body"] is not None:
                return plan["status"], render({}, xml)[0], plan["body"].encode()
            return (plan["status"],) + render({"status": "error", "message": "injected failure"}, xml)
        if mode == "echo_headers":
            # A careless ERP that quotes the request it refuses, credentials and all: the
            # message and a field carry every request header verbatim.
            echoed = {name: value for name, value in self.headers.items()}
            quoted = "; ".join(f"{name}: {value}" for name, value in echoed.items())
            return (plan["status"],) + render(
                {"status": "error", "message": f"rejected request with headers {quoted}",
                 "headers": echoed}, xml)
        if mode == "delay":
            time.sleep(plan["delay_ms"] / 1000.0)
        status, ctype, body = self.process(path, query, raw, xml)
        if mode == "malformed":  # processed, but the reply cannot be parsed
            return 200, ctype, body[: max(1, len(body) // 2)]
        if mode == "drop_after_processing":  # processed, but the reply is lost
            self.close_connection = True
            return None, None, None
        return status, ctype, body

    def process(self, path, query, raw, xml):
        """Authentication, idempotency replay, then the ERP operation."""
        route_path = path[len("/xml"):] if xml else path
        route = ROUTES.get((self.command, route_path))
        try:
            if route is None:
                if any(p == route_path for _, p in ROUTES):
                    raise ApiError(405, f"method {self.command} not allowed on {path}")
                raise ApiError(404, f"no such endpoint: {self.command} {path}")
            self.authenticate()
        except ApiError as e:
            return (e.status,) + render({"status": "error", "message": e.message}, xml)
        key = self.headers.get("Idempotency-Key") if self.command == "POST" else None
        with self.state.lock:
            stored = self.state.idempotency.get(path, {}).get(key) if key else None
            if stored:
                return stored["status"], stored["contentType"], stored["body"].encode()
            status, ctype, body = self.run_operation(route, query, raw, xml)
            if key:
                self.state.idempotency.setdefault(path, {})[key] = {
                    "status": status, "contentType": ctype, "body": body.decode()}
            if self.command == "POST":
                self.state.save()
        return status, ctype, body

    def run_operation(self, route, query, raw, xml):
        operation, root, schema = route
        try:
            if root is None:  # a lookup or a feed: everything is in the query
                payload = operation(self.state, query)
            else:
                document = parse_xml_body(raw, root) if xml else parse_json_body(raw, root)
                checked = check_object(document, schema, root, from_xml=xml)
                payload = operation(self.state, checked, "xml" if xml else "json")
            return (200,) + render(payload, xml)
        except ApiError as e:
            return (e.status,) + render({"status": e.outcome, "message": e.message}, xml)

    def authenticate(self):
        config, h = self.server.config, self.headers
        if config.auth == "none":
            return
        if config.auth == "headers":
            ok = (secret_equal(h.get("username"), config.username)
                  and secret_equal(h.get("password"), config.password))
        elif config.auth == "basic":
            ok = secret_equal(basic_credentials(h.get("Authorization")),
                              f"{config.username}:{config.password}")
            self.extra_headers["WWW-Authenticate"] = 'Basic realm="sample-erp"'
        else:
            scheme, _, token = (h.get("Authorization") or "").partition(" ")
            ok = scheme.lower() == "bearer" and secret_equal(token.strip(), config.token)
            self.extra_headers["WWW-Authenticate"] = 'Bearer realm="sample-erp"'
        if not ok:
            raise ApiError(401, "invalid credentials")
        self.extra_headers.pop("WWW-Authenticate", None)

    def control(self, path, raw):
        """The test-facing API: no auth, always JSON, never logged."""
        def reply(status, payload):
            return (status,) + render(payload, False)
        route = (self.command, path)
        if route == ("GET", "/_control/health"):
            return reply(200, {"ok": True})
        if route == ("GET", "/_control/received"):
            with self.state.lock:
                return reply(200, {"requests": self.state.received})
        if route == ("GET", "/_control/state"):
            return reply(200, self.state.snapshot())
        if route == ("POST", "/_control/reset"):
            self.state.reset()
            return reply(200, {"ok": True})
        if route in (("POST", "/_control/stock"), ("POST", "/_control/ship")):
            try:
                spec = control_body(raw)
                with self.state.lock:
                    if path == "/_control/stock":
                        add_stock_changes(self.state, spec)
                    else:
                        ship_order(self.state, spec)
            except ApiError as e:
                return reply(e.status, {"status": "error", "message": e.message})
            return reply(200, {"ok": True})
        if route == ("POST", "/_control/fail"):
            try:
                self.state.add_failure(failure_plan(raw))
            except ApiError as e:
                return reply(e.status, {"status": "error", "message": e.message})
            return reply(200, {"ok": True})
        return reply(404, {"status": "error", "message": f"no such control endpoint: {self.command} {path}"})

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


def parse_json_body(raw, root):
    try:
        document = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as e:  # UnicodeDecodeError is a ValueError
        raise ApiError(400, f"malformed JSON: {e}") from None
    if not isinstance(document, dict):
        raise ApiError(400, "malformed JSON: the body must be a JSON object")
    if root not in document:
        raise ApiError(422, f"{root} is required")
    return document[root]


def control_body(raw):
    try:
        spec = json.loads(raw.decode("utf-8") or "{}")
    except ValueError as e:
        raise ApiError(400, f"malformed JSON: {e}") from None
    if not isinstance(spec, dict):
        raise ApiError(400, "malformed JSON: the body must be a JSON object")
    return spec


def add_stock_changes(state, spec):
    """{"changes": [{"sku", "onHand"}...]}: the warehouse counted stock."""
    changes = spec.get("changes")
    if not isinstance(changes, list) or not changes:
        raise ApiError(400, "changes is required to be a non-empty array")
    for i, change in enumerate(changes):
        if not isinstance(change, dict) or not isinstance(change.get("sku"), str) or not change["sku"]:
            raise ApiError(400, f"changes[{i}].sku is required to be a non-empty string")
        on_hand = change.get("onHand")
        if not isinstance(on_hand, int) or isinstance(on_hand, bool) or on_hand < 0:
            raise ApiError(400, f"changes[{i}].onHand is required to be a whole number >= 0")
    for change in changes:
        state.record_change(state.stock_changes, {"sku": change["sku"], "onHand": change["onHand"]})


def ship_order(state, spec):
    """{"orderId", "status": "shipped"}: an order created through /createorder moves on."""
    order = state.orders.get(spec.get("orderId"))
    if order is None:
        raise ApiError(404, f"orderId {spec.get('orderId')} is not a known order")
    status = spec.get("status", "shipped")
    if status not in ORDER_STATES:
        raise ApiError(400, f"status is required to be one of {', '.join(ORDER_STATES)}")
    lines = [{"sku": l["sku"], "quantity": open_quantity(l)} for l in order["lines"]
             if open_quantity(l) > 0]
    state.record_change(state.status_changes, {
        "orderId": order["orderId"], "externalId": order["externalId"], "status": status,
        "lines": lines})


def failure_plan(raw):
    """Validates a /_control/fail body into a plan with every default filled in."""
    try:
        spec = json.loads(raw.decode("utf-8") or "{}")
    except ValueError as e:
        raise ApiError(400, f"malformed JSON: {e}") from None
    if not isinstance(spec, dict):
        raise ApiError(400, "malformed JSON: the body must be a JSON object")
    plan = {"path": spec.get("path"), "times": spec.get("times", 1), "mode": spec.get("mode", "status"),
            "status": spec.get("status", 503), "delay_ms": spec.get("delay_ms", 1000),
            "body": spec.get("body"), "retry_after": spec.get("retry_after")}
    if plan["mode"] not in FAILURE_MODES:
        raise ApiError(400, f"mode is required to be one of {sorted(FAILURE_MODES)}")
    if plan["path"] is not None and not (isinstance(plan["path"], str) and plan["path"].startswith("/")):
        raise ApiError(400, "path is required to be a string starting with /")
    for name, low, high in (("times", 1, 10**6), ("status", 100, 599), ("delay_ms", 0, 600000)):
        if not isinstance(plan[name], int) or isinstance(plan[name], bool) or not low <= plan[name] <= high:
            raise ApiError(400, f"{name} is required to be an integer in [{low}, {high}]")
    if plan["body"] is not None and not isinstance(plan["body"], str):
        raise ApiError(400, "body is required to be a string")
    if plan["retry_after"] is not None:
        plan["retry_after"] = str(plan["retry_after"])
    return plan


def secret_equal(given, expected):
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def basic_credentials(header):
    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        return base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None


# ---------------------------------------------------------------- main

def parse_args(argv):
    parser = argparse.ArgumentParser(description="Commerceup sample-contract test ERP (JSON and XML).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--auth", choices=("headers", "basic", "bearer", "none"), default="none")
    parser.add_argument("--username")
    parser.add_argument("--password")
    parser.add_argument("--token")
    parser.add_argument("--data-file", help="persist entities here (JSON) across restarts")
    parser.add_argument("--verbose", action="store_true", help="log each request to stderr")
    args = parser.parse_args(argv)
    if args.auth in ("headers", "basic") and (args.username is None or args.password is None):
        parser.error(f"--auth {args.auth} needs --username and --password")
    if args.auth == "bearer" and not args.token:
        parser.error("--auth bearer needs --token")
    return args


def main(argv=None):
    config = parse_args(argv)
    try:
        state = ErpState(config.data_file)
    except (OSError, ValueError) as e:
        sys.exit(f"sample_erp: cannot load --data-file {config.data_file}: {e}")
    server = ThreadingHTTPServer((config.host, config.port), Handler)
    server.daemon_threads = True  # a delayed request must not hold up shutdown
    server.config, server.state = config, state

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
