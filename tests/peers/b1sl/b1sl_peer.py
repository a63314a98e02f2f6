#!/usr/bin/python3
"""Test peer for the SAP Business One Service Layer (b1s/v2 OData v4, and b1s/v1 OData v3).

A real HTTP/1.1 server on loopback for erpbridge's REST adapter tests. Standard library only.
It plays the Service Layer's session login (`POST /b1s/v2/Login` -> `B1SESSION` and `ROUTEID`
cookies), refuses every other call without a live session with 401 "Invalid session", expires
idle sessions, and keeps business partners and sales orders (create, read, filter, patch,
cancel, close). A control API under /_control/ (no auth, never logged) lets tests read what it
received, read its documents, reset it, expire sessions, queue failures and read the in-flight
counter. See README.md next to this file.

Sources (public documentation and client code, read for this peer; nothing copied):
- SAP, "Working with SAP Business One Service Layer" user manual (versions 1.9 2017 and 1.22
  2021): Login with CompanyDB/UserName/Password, the B1SESSION and ROUTEID cookies, session
  timeout (SessionTimeout, default 30 minutes, sliding), Logout, OData query options, PATCH
  semantics for document lines and B1S-ReplaceCollectionsOnPatch, the Cancel and Close actions.
- SAP Learning, "Logging In and Logging Out Using Service Layer API".
- Apideck, "SAP Business One API Integration Guide" (b1s/v2 is OData v4 since FP 2405,
  `@odata.` annotations instead of `odata.`).
- bgmulinari/B1SLayer (a public .NET Service Layer client): SLLoginResponse (SessionId,
  Version, SessionTimeout in minutes), the error converter that reads `error.code` as a number
  or a string and `error.message` as `{lang, value}` (v1) or a plain string (v2), re-login on
  401, `Orders(<DocEntry>)/Cancel` and `/Close` as POST (issues 35 and 39).
"""

import datetime
import hmac
import json
import os
import re
import sys
import time
import uuid
from decimal import Decimal, InvalidOperation
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peerkit"))
from peerkit import StrictPeerHandler, StrictPeerState, peer_arguments, run_until_signal  # noqa: E402  (shared peer plumbing)

FAILURE_MODES = {"status", "delay", "drop", "drop_after_processing", "expire_session"}
ROUTE_ID = ".node0"
PATH_RE = re.compile(r"^/b1s/(v1|v2)/(\w+)(?:\(([^)]*)\))?(?:/(\w+))?/?$")
FILTER_RE = re.compile(r"^\s*(\w+)\s+eq\s+(?:'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?))\s*$")
JSON_TYPE = "application/json;odata.metadata=minimal;charset=utf-8"


class B1Error(Exception):
    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


INVALID_SESSION = (401, 301, "Invalid session or session already timeout.")


def error_body(version, code, message):
    if version == "v1":
        return {"error": {"code": code, "message": {"lang": "en-us", "value": message}}}
    return {"error": {"code": str(code), "message": message}}


def number(value, field):
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise B1Error(400, -10, f"Invalid value for property '{field}'")
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise B1Error(400, -10, f"Invalid value for property '{field}'") from None
    if not result.is_finite():
        raise B1Error(400, -10, f"Invalid value for property '{field}'")
    return result


def as_json_number(d):
    return int(d) if d == d.to_integral_value() else float(d)


class B1State(StrictPeerState):
    def reset(self):
        with self.lock:
            self.reset_plumbing()  # the log and plans; in-flight survives, the maximum restarts
            self.sessions = {}  # B1SESSION -> {"expires", "user", "version"}
            self.partners = {}
            self.orders = {}
            self.next_doc_entry = 500
            self.next_doc_num = 1000
            self.items = {
                "TSHIRT-BLU-M": {"ItemCode": "TSHIRT-BLU-M", "ItemName": "Cotton T-shirt, blue, M",
                                 "Price": Decimal("499.00")},
                "MUG-CER-350": {"ItemCode": "MUG-CER-350", "ItemName": "Ceramic mug 350 ml",
                                "Price": Decimal("299.00")},
            }
            self.warehouses = {"01": "General Warehouse"}
            self.price_list = {"PriceListNo": 1, "PriceListName": "Base Price", "Currency": "INR"}

    def snapshot(self):
        with self.lock:
            return json.loads(json.dumps({
                "BusinessPartners": self.partners, "Orders": self.orders,
                "Items": self.items, "Warehouses": self.warehouses, "PriceList": self.price_list,
                "sessions": len(self.sessions)}, default=str))


class Handler(StrictPeerHandler):
    server_version = "Apache (b1sl-peer)"

    def internal_error_reply(self, e):
        return JSON_TYPE, json.dumps(error_body("v2", -1, f"internal error: {e}")).encode()

    failure_modes = FAILURE_MODES

    def vendor_control(self, route, path, raw):
        if route == ("POST", "/_control/expire_sessions"):
            with self.state.lock:
                count = len(self.state.sessions)
                self.state.sessions.clear()
            self.send_json(200, {"ok": True, "expired": count})
            return True
        return False

    def serve(self, url, raw):
        match = PATH_RE.match(url.path)
        version = match.group(1) if match else "v2"
        plan = self.state.take_failure(self.command, url.path)
        mode = plan["mode"] if plan else None
        if mode == "drop":
            self.close_connection = True
            return None
        if mode == "status":
            headers = {"Retry-After": plan["retry_after"]} if plan["retry_after"] else {}
            body = plan["body"].encode() if plan["body"] is not None else json.dumps(
                error_body(version, -1, "Service Unavailable (injected)")).encode()
            return plan["status"], JSON_TYPE, body, headers
        if mode == "delay":
            time.sleep(plan["delay_ms"] / 1000.0)
        if mode == "expire_session":
            with self.state.lock:
                self.state.sessions.pop(self.cookies().get("B1SESSION"), None)
        headers = {}
        try:
            if not match:
                raise B1Error(404, -1, f"Resource not found for the segment '{url.path}'")
            _, resource, key, action = match.groups()
            query = dict(parse_qsl(url.query, keep_blank_values=True))
            with self.state.lock:
                if resource == "Login" and key is None and action is None:
                    status, payload, headers = self.login(version, raw)
                else:
                    self.check_session(version)
                    status, payload, headers = self.route(version, resource, key, action, query, raw)
            body = b"" if payload is None else json.dumps(payload).encode()
            reply = (status, JSON_TYPE if payload is not None else None, body, headers)
        except B1Error as e:
            reply = (e.status, JSON_TYPE, json.dumps(error_body(version, e.code, e.message)).encode(),
                     e.headers)
        if mode == "drop_after_processing":
            self.close_connection = True
            return None
        return reply

    # ---- sessions
    def cookies(self):
        jar = {}
        for header in self.headers.get_all("Cookie") or []:
            for part in header.split(";"):
                name, sep, value = part.strip().partition("=")
                if sep:
                    jar[name] = value
        return jar

    def json_body(self, raw):
        try:
            body = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise B1Error(400, -1000, "Unexpected character found in the request body "
                          "(the body is not valid JSON)") from None
        if not isinstance(body, dict):
            raise B1Error(400, -1000, "The request body must be a JSON object")
        return body

    def login(self, version, raw):
        config = self.server.config
        if self.command != "POST":
            raise B1Error(405, -1, "Method not allowed: use POST Login")
        body = self.json_body(raw)
        ok = (body.get("CompanyDB") == config.company_db
              and isinstance(body.get("UserName"), str) and isinstance(body.get("Password"), str)
              and hmac.compare_digest(body["UserName"].encode(), config.user.encode())
              and hmac.compare_digest(body["Password"].encode(), config.password.encode()))
        if not ok:
            raise B1Error(401, 100000027, "Login failed")
        session = str(uuid.uuid4())
        self.state.sessions[session] = {"expires": time.time() + config.session_seconds,
                                        "user": config.user, "version": version}
        context = "$metadata#B1Sessions/$entity" if version == "v2" else "$metadata#B1Sessions/@Element"
        annotation = "@odata.context" if version == "v2" else "odata.metadata"
        payload = {annotation: f"{self.base(version)}/{context}", "SessionId": session,
                   "Version": "1000190", "SessionTimeout": config.session_timeout}
        headers = {"Set-Cookie": [f"B1SESSION={session}; path=/b1s/{version}; HttpOnly",
                                  f"ROUTEID={ROUTE_ID}; path=/b1s"]}
        return 200, payload, headers

    def check_session(self, version):
        jar = self.cookies()
        session_id = jar.get("B1SESSION")
        session = self.state.sessions.get(session_id)
        now = time.time()
        if session is not None and session["expires"] < now:
            del self.state.sessions[session_id]
            session = None
        if session is None or jar.get("ROUTEID") != ROUTE_ID:
            raise B1Error(*INVALID_SESSION)
        session["expires"] = now + self.server.config.session_seconds  # an idle timeout
        self.session_id = session_id

    # ---- routing
    def base(self, version):
        return f"http://{self.headers.get('Host')}/b1s/{version}"

    def context(self, version, resource, single):
        if version == "v2":
            return {"@odata.context": f"{self.base(version)}/$metadata#{resource}"
                                      + ("/$entity" if single else "")}
        return {"odata.metadata": f"{self.base(version)}/$metadata#{resource}"
                                  + ("/@Element" if single else "")}

    def route(self, version, resource, key, action, query, raw):
        method = self.command
        if resource == "Logout" and key is None and method == "POST":
            self.state.sessions.pop(self.session_id, None)
            return 204, None, {}
        if resource == "BusinessPartners":
            return self.partners_route(version, key, action, query, raw)
        if resource == "Orders":
            return self.orders_route(version, key, action, query, raw)
        if resource == "Items" and method == "GET":
            rows = [{"ItemCode": i["ItemCode"], "ItemName": i["ItemName"],
                     "ItemPrices": [{"PriceList": 1, "Price": as_json_number(i["Price"]), "Currency": "INR"}]}
                    for i in self.state.items.values()]
            if key is not None:
                code = unquote(key).strip("'")
                row = next((r for r in rows if r["ItemCode"] == code), None)
                if row is None:
                    raise B1Error(404, -2028, "No matching records found (ODBC -2028)")
                return 200, {**self.context(version, "Items", True), **row}, {}
            return 200, {**self.context(version, "Items", False), "value": self.select(rows, query)}, {}
        raise B1Error(404, -1, f"Invalid resource or operation: {method} {resource}")

    def select(self, rows, query):
        if "$filter" in query:
            for part in re.split(r"\s+and\s+", query["$filter"].strip()):
                match = FILTER_RE.match(part)
                if not match:
                    raise B1Error(400, -1, f"Invalid $filter: {query['$filter']} (the peer "
                                  "understands <Property> eq '<text>' or a number, joined with and)")
                name, text, num = match.groups()
                if text is not None:
                    value = text.replace("''", "'")
                    rows = [r for r in rows if r.get(name) == value]
                else:
                    rows = [r for r in rows if isinstance(r.get(name), (int, float))
                            and Decimal(str(r[name])) == Decimal(num)]
        try:
            skip = int(query.get("$skip", 0))
            top = int(query.get("$top", 20))  # the Service Layer's default page size
        except ValueError:
            raise B1Error(400, -1, "Invalid $top or $skip") from None
        rows = rows[skip:skip + top]
        if "$select" in query:
            fields = [f.strip() for f in query["$select"].split(",") if f.strip()]
            rows = [{f: r.get(f) for f in fields} for r in rows]
        return rows

    # ---- business partners
    def partners_route(self, version, key, action, query, raw):
        method, state = self.command, self.state
        if key is None and action is None:
            if method == "GET":
                rows = list(state.partners.values())
                return 200, {**self.context(version, "BusinessPartners", False),
                             "value": self.select(rows, query)}, {}
            if method == "POST":
                body = self.json_body(raw)
                code = body.get("CardCode")
                if not isinstance(code, str) or not code.strip():
                    raise B1Error(400, -10, "1320000069 - Enter a business partner code (CardCode)")
                if len(code) > 15:
                    raise B1Error(400, -10, f"Value too long in property 'CardCode' of 'BusinessPartner'")
                if code in state.partners:
                    raise B1Error(400, -2035, "This entry already exists in the following tables: "
                                  "Business Partner (OCRD) (ODBC -2035)")
                card_type = body.get("CardType", "cCustomer")
                if card_type not in ("cCustomer", "cSupplier", "cLid"):
                    raise B1Error(400, -10, f"Invalid value '{card_type}' for property 'CardType'")
                partner = dict(body)
                partner.update({"CardCode": code, "CardType": card_type,
                                "CardName": body.get("CardName"), "Valid": "tYES", "Frozen": "tNO",
                                "PriceListNum": body.get("PriceListNum", 1),
                                "CreateDate": datetime.date.today().isoformat() + "T00:00:00Z"})
                state.partners[code] = partner
                return 201, {**self.context(version, "BusinessPartners", True), **partner}, {
                    "Location": f"{self.base(version)}/BusinessPartners('{code}')"}
            raise B1Error(405, -1, f"Method {method} not allowed on BusinessPartners")
        code = unquote(key or "").strip("'")
        partner = state.partners.get(code)
        if partner is None:
            raise B1Error(404, -2028, "No matching records found (ODBC -2028)")
        if method == "GET" and action is None:
            return 200, {**self.context(version, "BusinessPartners", True), **partner}, {}
        if method == "PATCH" and action is None:
            body = self.json_body(raw)
            if "CardCode" in body and body["CardCode"] != code:
                raise B1Error(400, -10, "The property 'CardCode' cannot be changed")
            partner.update(body)
            return 204, None, {}
        raise B1Error(405, -1, f"Method {method} not allowed on BusinessPartners('{code}')")

    # ---- orders
    def order_key(self, key):
        try:
            return int(key)
        except (TypeError, ValueError):
            raise B1Error(400, -1, f"Invalid key '{key}': DocEntry is a number") from None

    def build_line(self, raw, line_num, index):
        state = self.state
        if not isinstance(raw, dict):
            raise B1Error(400, -10, f"DocumentLines[{index}] must be an object")
        code = raw.get("ItemCode")
        if not code:
            raise B1Error(400, -5002, f"DocumentLines[{index}]: enter an item code (ItemCode)")
        if code not in state.items:
            raise B1Error(400, -10, f"Invalid item code '{code}' in DocumentLines[{index}]")
        quantity = number(raw.get("Quantity", 1), "Quantity")
        if quantity <= 0:
            raise B1Error(400, -10, f"DocumentLines[{index}]: Quantity must be greater than zero")
        price = number(raw["UnitPrice"], "UnitPrice") if "UnitPrice" in raw else state.items[code]["Price"]
        warehouse = raw.get("WarehouseCode", "01")
        if warehouse not in state.warehouses:
            raise B1Error(400, -10, f"Invalid warehouse code '{warehouse}' in DocumentLines[{index}]")
        discount = number(raw.get("DiscountPercent", 0), "DiscountPercent")
        total = (price * quantity * (Decimal(100) - discount) / Decimal(100)).quantize(Decimal("0.01"))
        line = dict(raw)
        line.update({"LineNum": line_num, "ItemCode": code,
                     "ItemDescription": raw.get("ItemDescription", state.items[code]["ItemName"]),
                     "Quantity": as_json_number(quantity), "UnitPrice": as_json_number(price),
                     "DiscountPercent": as_json_number(discount), "WarehouseCode": warehouse,
                     "LineTotal": as_json_number(total), "LineStatus": "bost_Open"})
        return line

    def order_total(self, order):
        order["DocTotal"] = as_json_number(sum((Decimal(str(l["LineTotal"])) for l in order["DocumentLines"]
                                                if l["LineStatus"] == "bost_Open"), Decimal(0)))

    def orders_route(self, version, key, action, query, raw):
        method, state = self.command, self.state
        if key is None and action is None:
            if method == "GET":
                rows = list(state.orders.values())
                return 200, {**self.context(version, "Orders", False), "value": self.select(rows, query)}, {}
            if method == "POST":
                return self.create_order(version, self.json_body(raw))
            raise B1Error(405, -1, f"Method {method} not allowed on Orders")
        entry = self.order_key(key)
        order = state.orders.get(entry)
        if order is None:
            raise B1Error(404, -2028, "No matching records found (ODBC -2028)")
        if action is None and method == "GET":
            return 200, {**self.context(version, "Orders", True), **order}, {}
        if action is None and method == "PATCH":
            self.patch_order(order, self.json_body(raw))
            return 204, None, {}
        if action in ("Cancel", "Close") and method == "POST":
            if order["Cancelled"] == "tYES":
                raise B1Error(400, -5002, "Document is already cancelled")
            if order["DocumentStatus"] == "bost_Close":
                raise B1Error(400, -5002, "Document is already closed")
            if action == "Cancel":
                order["Cancelled"] = "tYES"
            order["DocumentStatus"] = "bost_Close"
            for line in order["DocumentLines"]:
                line["LineStatus"] = "bost_Close"
            return 204, None, {}
        raise B1Error(405, -1, f"Method {method} not allowed on Orders({entry})"
                      + (f"/{action}" if action else ""))

    def create_order(self, version, body):
        state = self.state
        code = body.get("CardCode")
        if not code:
            raise B1Error(400, -5002, "Enter a business partner code (CardCode)")
        if code not in state.partners:
            raise B1Error(400, -10, f"Invalid BP code '{code}'")
        if state.partners[code]["CardType"] != "cCustomer":
            raise B1Error(400, -10, f"Business partner '{code}' is not a customer")
        if not body.get("DocDueDate"):
            raise B1Error(400, -5002, "Enter a delivery date (DocDueDate)")
        lines = body.get("DocumentLines")
        if not isinstance(lines, list) or not lines:
            raise B1Error(400, -5002, "Enter at least one document line (DocumentLines)")
        built = [self.build_line(raw, i, i) for i, raw in enumerate(lines)]
        entry, num = state.next_doc_entry, state.next_doc_num
        order = {k: v for k, v in body.items() if k != "DocumentLines"}
        order.update({"DocEntry": entry, "DocNum": num, "CardCode": code,
                      "CardName": state.partners[code].get("CardName"),
                      "DocDate": body.get("DocDate", datetime.date.today().isoformat()),
                      "DocDueDate": body["DocDueDate"], "NumAtCard": body.get("NumAtCard"),
                      "DocCurrency": body.get("DocCurrency", "INR"), "DocumentStatus": "bost_Open",
                      "Cancelled": "tNO", "DocumentLines": built})
        self.order_total(order)
        state.next_doc_entry += 1
        state.next_doc_num += 1
        state.orders[entry] = order
        return 201, {**self.context(version, "Orders", True), **order}, {
            "Location": f"{self.base(version)}/Orders({entry})"}

    def patch_order(self, order, body):
        if order["DocumentStatus"] != "bost_Open":
            raise B1Error(400, -5002, f"Cannot update a closed or cancelled document (DocEntry {order['DocEntry']})")
        for name in ("DocEntry", "DocNum", "CardCode"):
            if name in body and body[name] != order[name]:
                raise B1Error(400, -10, f"The property '{name}' cannot be changed")
        replace = (self.headers.get("B1S-ReplaceCollectionsOnPatch") or "").lower() == "true"
        if "DocumentLines" in body:
            given = body["DocumentLines"]
            if not isinstance(given, list):
                raise B1Error(400, -10, "DocumentLines must be an array")
            lines = [] if replace else list(order["DocumentLines"])
            next_num = 0 if replace else max((l["LineNum"] for l in lines), default=-1) + 1
            for index, raw in enumerate(given):
                if isinstance(raw, dict) and "LineNum" in raw and not replace:
                    target = next((l for l in lines if l["LineNum"] == raw["LineNum"]), None)
                    if target is None:
                        raise B1Error(400, -10, f"Invalid LineNum {raw['LineNum']} in DocumentLines[{index}]")
                    merged = {k: v for k, v in target.items() if k not in ("LineTotal", "LineStatus")}
                    merged.update(raw)
                    lines[lines.index(target)] = self.build_line(merged, target["LineNum"], index)
                else:
                    lines.append(self.build_line(raw, next_num, index))
                    next_num += 1
            if not lines:
                raise B1Error(400, -5002, "Enter at least one document line (DocumentLines)")
            order["DocumentLines"] = lines
        for name, value in body.items():
            if name not in ("DocumentLines", "DocEntry", "DocNum", "CardCode"):
                order[name] = value
        self.order_total(order)

    def log_entry(self, url, raw):
        text = raw.decode("utf-8", errors="replace")
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = None
        if isinstance(parsed, dict) and "Password" in parsed:
            parsed = dict(parsed, Password="***")
            text = json.dumps(parsed)
        headers = {}
        for name, value in self.headers.items():
            lname = name.lower()
            headers[lname] = "***" if lname == "authorization" else value
        entry = {"method": self.command, "path": url.path,
                 "query": dict(parse_qsl(url.query, keep_blank_values=True)),
                 "headers": headers, "cookies": sorted(self.cookies()), "body": text,
                 "json": parsed, "replyStatus": None, "receivedAt": time.time()}
        self.state.received.append(entry)
        return entry


def parse_args(argv):
    p = peer_arguments("SAP Business One Service Layer test peer.")
    p.add_argument("--company-db", default="SBODEMOIN")
    p.add_argument("--user", default="manager")
    p.add_argument("--password", default="b1-password")
    p.add_argument("--session-timeout", type=int, default=30,
                   help="SessionTimeout in minutes, as the Login reply states it")
    p.add_argument("--session-seconds", type=float, default=None,
                   help="the real idle lifetime of a session in seconds (default: the timeout); "
                        "short values let tests see sessions expire")
    args = p.parse_args(argv)
    if args.session_seconds is None:
        args.session_seconds = args.session_timeout * 60.0
    return args


def main(argv=None):
    config = parse_args(argv)
    server = ThreadingHTTPServer((config.host, config.port), Handler)
    server.daemon_threads = True
    server.config = config
    server.state = B1State(config)
    return run_until_signal(server)


if __name__ == "__main__":
    sys.exit(main())
