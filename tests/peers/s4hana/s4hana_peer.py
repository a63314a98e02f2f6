#!/usr/bin/python3
"""Test peer for SAP S/4HANA OData v2: API_SALES_ORDER_SRV and API_BUSINESS_PARTNER.

A real HTTP/1.1 server on loopback for erpbridge's REST adapter tests. Standard library only.
It plays SAP Gateway's rules: Basic authentication or the session cookie, CSRF tokens fetched
with `X-CSRF-Token: Fetch` and bound to the session cookie that came with them, 403 with
`x-csrf-token: Required` otherwise; deep insert of sales orders with items; ETags and
`If-Match` on changes (428 when missing, 412 when stale); SAP's OData v2 error JSON. A control
API under /_control/ (no auth, never logged) lets tests read what it received, read its
documents, reset it, expire sessions, queue failures and read the in-flight counter.
See README.md next to this file.

Sources (public documentation, read for this peer; nothing copied):
- SAP Community, "How does CSRF token work? SAP Gateway" (Akos Grabecz, 2021): fetch with
  GET + `X-CSRF-Token: Fetch`, token plus Set-Cookie for the session, modifying requests
  (POST, PUT, PATCH, MERGE, DELETE; $batch is POST) need token and session cookies, 403 with
  `X-CSRF-Token: Required` when either is missing, invalid or expired.
- SAP KBA 3048103 (CSRF token validation failed: the check compares the header with the
  session cookie `SAP_SESSIONID_<SID>_<client>` / `sap-XSRF_<SID>_<client>`); SAP Community
  "Issues with CSRF token and how to solve them" (token validity bound to the security session).
- SAP KBA 3514624 (428 Precondition Required on PATCH without If-Match, API_SALES_ORDER_SRV,
  component SD-SLS-API) and SAP Community "Handling 412 Precondition Failed and 428
  Precondition Required Errors in SAP APIs Using ETag" (Ryutaro Umezuki, 2023); the SADL
  message "Precondition required for entity ... (If-Match missing)".
- SAP API Business Hub, Sales Order (A2X) API_SALES_ORDER_SRV and Business Partner (A2X)
  API_BUSINESS_PARTNER (entity and property names, deep insert via to_Item / to_Partner /
  to_PricingElement, SalesDocumentRjcnReason on items), as mirrored in the public OpenAPI
  descriptions; Cloud Elements' S/4HANA notes (creating a customer as a business partner with
  role FLCU01, `__deferred` navigation properties).
- SAP Gateway's OData v2 error body (`error.code`, `error.message.lang/value`,
  `innererror.errordetails[]` with code/message/propertyref/severity/target), as quoted in
  sap-tutorials/Tutorials issue 1317 and sapmentors/cap-community issue 70.
- SAP Cloud SDK for JavaScript (github.com/SAP/cloud-sdk-js, packages/http-client/src/
  csrf-token-middleware.ts): a real client fetches the token with HEAD (or GET) and sends back
  every Set-Cookie it got, which is why both HEAD and GET fetches are served here.
"""

import base64
import binascii
import datetime
import hmac
import json
import os
import re
import secrets
import sys
import time
from decimal import Decimal, InvalidOperation
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, unquote, urlsplit

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peerkit"))
from peerkit import StrictPeerHandler, StrictPeerState, peer_arguments, run_until_signal  # noqa: E402  (shared peer plumbing)

SO_ROOT = "/sap/opu/odata/sap/API_SALES_ORDER_SRV"
BP_ROOT = "/sap/opu/odata/sap/API_BUSINESS_PARTNER"
MODIFYING = {"POST", "PUT", "PATCH", "MERGE", "DELETE"}
FAILURE_MODES = {"status", "delay", "drop", "drop_after_processing", "expire_session",
                 "unauthorized"}
JSON_TYPE = "application/json; charset=utf-8"
KEY_RE = re.compile(r"^(\w+)(?:\((.*)\))?$")
FILTER_RE = re.compile(r"^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$")
CUSTOMER_ROLES = {"FLCU00", "FLCU01"}
# Seeded customising: the sales area, order type, rejection reasons (SAP's standard ones).
SALES_ORDER_TYPES = {"OR"}
SALES_ORGS = {"1710"}
DIST_CHANNELS = {"10"}
DIVISIONS = {"00"}
REJECTION_REASONS = {"00": "Assigned by the System (Internal)", "01": "Delivery date too late",
                     "02": "Poor quality", "03": "Too expensive", "04": "Competitor better",
                     "05": "Guarantee", "10": "Unreasonable request",
                     "11": "Cust.to receive replacement", "50": "Transaction is being checked"}


class ODataError(Exception):
    def __init__(self, status, code, message, target="", headers=None, details=None):
        super().__init__(message)
        self.status, self.code, self.message, self.target = status, code, message, target
        self.headers = headers or {}
        self.details = details


class PlainReply(Exception):
    """A non-OData reply: 401 logon failures and 403 CSRF refusals are plain text in SAP."""

    def __init__(self, status, text, headers, ctype="text/plain; charset=utf-8"):
        super().__init__(text)
        self.status, self.text, self.headers, self.ctype = status, text, headers, ctype


def odata_error_body(err, service):
    transaction = secrets.token_hex(16).upper()
    details = err.details if err.details is not None else [{
        "code": err.code, "message": err.message, "propertyref": "", "severity": "error",
        "target": err.target, "transition": False}]
    return {"error": {
        "code": err.code,
        "message": {"lang": "en", "value": err.message},
        "innererror": {
            "application": {"component_id": "SD-SLS-API" if service == "so" else "LO-MD-BP",
                            "service_namespace": "/SAP/",
                            "service_id": "API_SALES_ORDER_SRV" if service == "so"
                            else "API_BUSINESS_PARTNER",
                            "service_version": "0001"},
            "transactionid": transaction,
            "timestamp": datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d%H%M%S.%f"),
            "Error_Resolution": {
                "SAP_Transaction": "For backend administrators: use ADT feed reader "
                                   "\"SAP Gateway Error Log\" or run transaction /IWFND/ERROR_LOG "
                                   "on SAP Gateway hub system and search for entries with the "
                                   "timestamp above for more details",
                "SAP_Note": "See SAP Note 1797736 for error analysis "
                            "(https://service.sap.com/sap/support/notes/1797736)"},
            "errordetails": details}}}


def decimal_value(value, target):
    """Edm.Decimal: a JSON string in OData v2 (a number is accepted too)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ODataError(400, "/IWBEP/CM_MGW_RT/001",
                         f"Invalid value for property {target}: a decimal is required", target)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ODataError(400, "/IWBEP/CM_MGW_RT/001",
                         f"Invalid value '{value}' for property {target}", target) from None
    if not number.is_finite():
        raise ODataError(400, "/IWBEP/CM_MGW_RT/001", f"Invalid value '{value}' for property {target}",
                         target)
    return number


def fmt(number, places=2):
    return str(Decimal(number).quantize(Decimal(1).scaleb(-places)))


def parse_key(text):
    """`'123'` -> {"": "123"}; `SalesOrder='1',SalesOrderItem='10'` -> dict."""
    if text is None:
        return None
    text = unquote(text)
    if re.fullmatch(r"'(?:[^']|'')*'", text):
        return {"": text[1:-1].replace("''", "'")}
    out = {}
    for part in re.findall(r"(\w+)\s*=\s*'((?:[^']|'')*)'", text):
        out[part[0]] = part[1].replace("''", "'")
    if not out:
        raise ODataError(400, "/IWBEP/CM_MGW_RT/004", f"Invalid key predicate ({text})")
    return out


def parse_filter(text):
    conditions = []
    for part in re.split(r"\s+and\s+", text.strip()):
        match = FILTER_RE.match(part)
        if not match:
            raise ODataError(400, "/IWBEP/CM_MGW_RT/002",
                             f"Invalid filter expression: '{text}' (the peer understands "
                             "<Property> eq '<value>' joined with and)")
        conditions.append((match.group(1), match.group(2).replace("''", "'")))
    return conditions


# ---------------------------------------------------------------- state

class S4State(StrictPeerState):
    def reset(self):
        with self.lock:
            self.reset_plumbing()  # the log and plans; in-flight survives, the maximum restarts
            self.sessions = {}  # session id -> {"token", "expires", "user"}
            self.change_counter = 0
            self.next_order = 1
            self.next_bp = 1000001
            self.orders = {}
            self.partners = {}
            self.materials = {
                "TSHIRT-BLU-M": {"Material": "TSHIRT-BLU-M", "Description": "Cotton T-shirt, blue, M",
                                 "BaseUnit": "EA", "Price": Decimal("499.00")},
                "MUG-CER-350": {"Material": "MUG-CER-350", "Description": "Ceramic mug 350 ml",
                                "BaseUnit": "EA", "Price": Decimal("299.00")},
            }
            # A seeded customer, S/4HANA's demo sold-to party for sales area 1710/10/00.
            self.partners["17100001"] = {
                "BusinessPartner": "17100001", "Customer": "17100001",
                "BusinessPartnerCategory": "2", "OrganizationBPName1": "Domestic US Customer 1",
                "BusinessPartnerFullName": "Domestic US Customer 1", "SearchTerm1": "DEMO",
                "to_BusinessPartnerRole": [{"BusinessPartner": "17100001",
                                            "BusinessPartnerRole": "FLCU01"}]}

    def new_change_time(self):
        """A strictly increasing LastChangeDateTime, so every change gets a new ETag."""
        self.change_counter += 1
        base = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
        return base + datetime.timedelta(seconds=int(time.time()) - 1767225600,
                                         microseconds=self.change_counter)

    def snapshot(self):
        with self.lock:
            return json.loads(json.dumps({
                "salesOrders": self.orders, "businessPartners": self.partners,
                "materials": self.materials,
                "sessions": {sid[:6] + "…": {"expires": s["expires"]} for sid, s in self.sessions.items()},
            }, default=str))


def etag_of(change_time):
    stamp = change_time.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"
    return "W/\"datetimeoffset'" + quote(stamp, safe="-.") + "'\""


# ---------------------------------------------------------------- HTTP

class Handler(StrictPeerHandler):
    server_version = "SAP NetWeaver Application Server (s4hana-peer)"
    do_HEAD = do_MERGE = StrictPeerHandler.do_GET

    def handle_request(self):
        self.reply_headers = {}
        super().handle_request()

    def send_reply(self, reply):
        status, ctype, body, headers = reply
        self.send(status, ctype, body, headers)

    def internal_error_reply(self, e):
        err = ODataError(500, "/IWBEP/CM_MGW_RT/000", f"internal error: {e}")
        return JSON_TYPE, json.dumps(odata_error_body(err, "so")).encode()

    failure_modes = FAILURE_MODES

    def vendor_control(self, route, path, raw):
        if route == ("POST", "/_control/expire_sessions"):
            with self.state.lock:
                count = len(self.state.sessions)
                self.state.sessions.clear()
            self.send_json(200, {"ok": True, "expired": count})
            return True
        return False

    @property
    def method(self):
        override = self.headers.get("X-HTTP-Method")
        if self.command == "POST" and override and override.upper() in ("MERGE", "PATCH", "PUT", "DELETE"):
            return override.upper()
        return self.command

    def serve(self, url, raw):
        service = "bp" if url.path.startswith(BP_ROOT) else "so"
        plan = self.state.take_failure(self.method, url.path)
        mode = plan["mode"] if plan else None
        if mode == "drop":
            self.close_connection = True
            return None
        if mode == "status":
            headers = {"Retry-After": plan["retry_after"]} if plan["retry_after"] else {}
            if plan["body"] is not None:
                return plan["status"], JSON_TYPE, plan["body"].encode(), headers
            err = ODataError(plan["status"], "/IWFND/CM_BEC/076", "Service unavailable (injected)")
            return plan["status"], JSON_TYPE, json.dumps(odata_error_body(err, service)).encode(), headers
        if mode == "delay":
            time.sleep(plan["delay_ms"] / 1000.0)
        if mode == "expire_session":
            self.expire_request_session()
        try:
            if mode == "unauthorized":
                raise self.logon_failed()
            user = self.authenticate()
            self.check_csrf(user)
            status, payload, headers = self.route(url, raw, service)
            body = b"" if payload is None else json.dumps(payload).encode()
            ctype = JSON_TYPE if payload is not None else None
            headers = dict(headers)
            headers.setdefault("dataserviceversion", "2.0")
            reply = (status, ctype, body, headers)
        except PlainReply as p:
            reply = (p.status, p.ctype, p.text.encode(), p.headers)
        except ODataError as e:
            headers = dict(e.headers)
            headers["dataserviceversion"] = "1.0"
            reply = (e.status, JSON_TYPE, json.dumps(odata_error_body(e, service)).encode(), headers)
        reply[3].update(self.reply_headers)
        if mode == "drop_after_processing":
            self.close_connection = True
            return None
        if self.command == "HEAD":
            return reply[0], reply[1], b"", reply[3]
        return reply

    # ---- authentication, sessions and CSRF
    def cookie_name(self):
        config = self.server.config
        return f"SAP_SESSIONID_{config.sid}_{config.client}"

    def cookies(self):
        jar = {}
        for header in self.headers.get_all("Cookie") or []:
            for part in header.split(";"):
                name, sep, value = part.strip().partition("=")
                if sep:
                    jar[name] = value
        return jar

    def current_session(self):
        sid = self.cookies().get(self.cookie_name())
        if not sid:
            return None, None
        with self.state.lock:
            session = self.state.sessions.get(sid)
            if session is None:
                return sid, None
            if session["expires"] < time.time():
                del self.state.sessions[sid]
                return sid, None
            return sid, session

    def expire_request_session(self):
        sid = self.cookies().get(self.cookie_name())
        with self.state.lock:
            self.state.sessions.pop(sid, None)

    def logon_failed(self):
        config = self.server.config
        return PlainReply(401, "<html><head><title>Logon Error Message</title></head><body>"
                          "<p>Logon failed</p></body></html>",
                          {"WWW-Authenticate":
                           f'Basic realm="SAP NetWeaver Application Server [{config.sid}/{config.client}]"'},
                          "text/html; charset=utf-8")

    def authenticate(self):
        """Basic credentials, or a live session cookie: returns the user."""
        config = self.server.config
        client = dict(parse_qsl(urlsplit(self.path).query)).get("sap-client")
        if client is not None and client != config.client:
            raise self.logon_failed()
        header = self.headers.get("Authorization")
        if header:
            scheme, _, encoded = header.partition(" ")
            try:
                decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raise self.logon_failed() from None
            if scheme.lower() != "basic" or not hmac.compare_digest(
                    decoded.encode(), f"{config.user}:{config.password}".encode()):
                raise self.logon_failed()
            return config.user
        _, session = self.current_session()
        if session is None:
            raise self.logon_failed()
        return session["user"]

    def check_csrf(self, user):
        config, state = self.server.config, self.state
        given = self.headers.get("X-CSRF-Token")
        if self.method in ("GET", "HEAD"):
            if given is not None and given.lower() == "fetch":
                sid, session = self.current_session()
                if session is None:
                    sid = secrets.token_urlsafe(48)
                    session = {"token": base64.b64encode(secrets.token_bytes(16)).decode(),
                               "expires": time.time() + config.session_timeout, "user": user}
                    with state.lock:
                        state.sessions[sid] = session
                    self.reply_headers["Set-Cookie"] = [
                        f"{self.cookie_name()}={sid}; path=/; HttpOnly",
                        f"sap-usercontext=sap-client={config.client}; path=/"]
                self.reply_headers["x-csrf-token"] = session["token"]
            return
        if self.method not in MODIFYING:
            return
        _, session = self.current_session()
        if session is None or given is None or given.lower() == "fetch" or \
                not hmac.compare_digest(given.encode(), session["token"].encode()):
            raise PlainReply(403, "CSRF token validation failed", {"x-csrf-token": "Required"})

    # ---- routing
    def route(self, url, raw, service):
        root = BP_ROOT if service == "bp" else SO_ROOT
        if not url.path.startswith(root):
            raise ODataError(404, "/IWFND/MED/170", f"No service found for namespace '', name "
                             f"'{url.path}', version '0001'")
        rest = url.path[len(root):].strip("/")
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        if rest in ("", "$metadata"):
            if self.method not in ("GET", "HEAD"):
                raise ODataError(405, "/IWBEP/CM_MGW_RT/021", "Method not allowed on the service document")
            sets = (["A_SalesOrder", "A_SalesOrderItem"] if service == "so"
                    else ["A_BusinessPartner", "A_Customer"])
            return 200, {"d": {"EntitySets": sets}}, {}
        accept = (self.headers.get("Accept") or "").lower()
        if "json" not in accept and query.get("$format") != "json":
            raise ODataError(406, "/IWBEP/CM_MGW_RT/055",
                             "The peer answers JSON only: send Accept: application/json or $format=json")
        segments = rest.split("/")
        match = KEY_RE.match(segments[0])
        if not match:
            raise ODataError(404, "/IWBEP/CM_MGW_RT/020",
                             f"Resource not found for segment '{segments[0]}'")
        entity_set, key = match.group(1), parse_key(match.group(2))
        nav = segments[1] if len(segments) > 1 else None
        if len(segments) > 2:
            raise ODataError(404, "/IWBEP/CM_MGW_RT/020", f"Resource not found for segment '{segments[2]}'")
        with self.state.lock:
            if service == "so":
                return self.sales_order_route(entity_set, key, nav, query, raw)
            return self.partner_route(entity_set, key, nav, query, raw)

    def json_body(self, raw):
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise ODataError(415, "/IWBEP/CM_MGW_RT/005",
                             f"Content type '{ctype}' not supported: use application/json")
        try:
            body = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise ODataError(400, "/IWBEP/CM_MGW_RT/003", f"Malformed JSON in request body: {e}") from None
        if not isinstance(body, dict):
            raise ODataError(400, "/IWBEP/CM_MGW_RT/003", "The request body must be a JSON object")
        return body.get("d", body) if isinstance(body.get("d"), dict) else body

    def base(self):
        return f"http://{self.headers.get('Host')}"

    # ---- sales orders
    def sales_order_route(self, entity_set, key, nav, query, raw):
        method = self.method
        if entity_set == "A_SalesOrder":
            if key is None:
                if method == "GET":
                    return self.list_orders(query)
                if method == "POST":
                    return self.create_order(self.json_body(raw))
                raise ODataError(405, "/IWBEP/CM_MGW_RT/021", f"Method {method} not allowed on A_SalesOrder")
            so_id = key.get("") or key.get("SalesOrder")
            order = self.state.orders.get(so_id)
            if order is None:
                raise ODataError(404, "/IWBEP/CM_MGW_RT/020",
                                 f"Resource not found for segment 'A_SalesOrderType'", "SalesOrder")
            if nav == "to_Item":
                if method == "GET":
                    return 200, {"d": {"results": [self.item_json(order, i) for i in order["items"]]}}, {}
                if method == "POST":
                    item = self.build_item(self.json_body(raw), order, 0)
                    order["items"].append(item)
                    self.touch(order)
                    return 201, {"d": self.item_json(order, item)}, {
                        "Location": self.item_uri(order, item), "ETag": etag_of(order["changed"])}
                raise ODataError(405, "/IWBEP/CM_MGW_RT/021", f"Method {method} not allowed on to_Item")
            if nav is not None:
                raise ODataError(404, "/IWBEP/CM_MGW_RT/020", f"Resource not found for segment '{nav}'")
            if method == "GET":
                return 200, {"d": self.order_json(order, "to_Item" in query.get("$expand", ""))}, {
                    "ETag": etag_of(order["changed"])}
            self.check_if_match(order, "A_SalesOrderType", so_id)
            if method == "DELETE":
                del self.state.orders[so_id]
                return 204, None, {}
            if method in ("PATCH", "MERGE", "PUT"):
                self.change_order(order, self.json_body(raw))
                return 204, None, {"ETag": etag_of(order["changed"])}
        if entity_set == "A_SalesOrderItem":
            if key is None:
                if method == "GET":
                    items = [self.item_json(o, i) for o in self.state.orders.values() for i in o["items"]]
                    return 200, {"d": {"results": self.apply_filter(items, query)}}, {}
                raise ODataError(405, "/IWBEP/CM_MGW_RT/021",
                                 "Create items through A_SalesOrder('<id>')/to_Item")
            order = self.state.orders.get(key.get("SalesOrder", ""))
            item = None if order is None else next(
                (i for i in order["items"] if i["SalesOrderItem"] == key.get("SalesOrderItem")), None)
            if item is None:
                raise ODataError(404, "/IWBEP/CM_MGW_RT/020",
                                 "Resource not found for segment 'A_SalesOrderItemType'")
            if method == "GET":
                return 200, {"d": self.item_json(order, item)}, {"ETag": etag_of(order["changed"])}
            self.check_if_match(order, "A_SalesOrderItemType",
                                f"{order['SalesOrder']}~{item['SalesOrderItem']}")
            if method == "DELETE":
                order["items"].remove(item)
                self.touch(order)
                return 204, None, {"ETag": etag_of(order["changed"])}
            if method in ("PATCH", "MERGE", "PUT"):
                self.change_item(order, item, self.json_body(raw))
                return 204, None, {"ETag": etag_of(order["changed"])}
        raise ODataError(404, "/IWBEP/CM_MGW_RT/020", f"Resource not found for segment '{entity_set}'")

    def check_if_match(self, order, entity_type, key):
        given = self.headers.get("If-Match")
        if given is None:
            raise ODataError(428, "SADL_ENTITY_RUNTIME/004",
                             f"Precondition required for entity {entity_type}~{key} (If-Match missing)")
        if given.strip() != "*" and given.strip() != etag_of(order["changed"]):
            raise ODataError(412, "/IWBEP/CM_MGW_RT/025",
                             "The entity has been changed by someone else since it was read "
                             "(ETag mismatch): read it again")

    def touch(self, order):
        order["changed"] = self.state.new_change_time()
        self.recompute(order)

    def recompute(self, order):
        active = [i for i in order["items"] if not i.get("SalesDocumentRjcnReason")]
        order["TotalNetAmount"] = fmt(sum((Decimal(i["NetAmount"]) for i in active), Decimal(0)))
        if not order["items"] or len(active) == len(order["items"]):
            order["OverallSDDocumentRejectionSts"] = "A"
        elif active:
            order["OverallSDDocumentRejectionSts"] = "B"
        else:
            order["OverallSDDocumentRejectionSts"] = "C"

    def build_item(self, raw, order, index):
        target = f"to_Item[{index}]"
        if not isinstance(raw, dict):
            raise ODataError(400, "/IWBEP/CM_MGW_RT/003", f"{target} must be an object", target)
        material = raw.get("Material")
        if not material:
            raise ODataError(400, "V1/392", f"Enter a material for item {target}", f"{target}/Material")
        if material not in self.state.materials:
            raise ODataError(400, "V1/392", f"Material {material} does not exist or is not "
                             "maintained for sales organization 1710", f"{target}/Material")
        if "RequestedQuantity" not in raw:
            raise ODataError(400, "V1/361", f"Enter an order quantity for material {material}",
                             f"{target}/RequestedQuantity")
        quantity = decimal_value(raw["RequestedQuantity"], f"{target}/RequestedQuantity")
        if quantity <= 0:
            raise ODataError(400, "V1/361", f"Enter an order quantity for material {material}",
                             f"{target}/RequestedQuantity")
        mat = self.state.materials[material]
        unit = raw.get("RequestedQuantityUnit", mat["BaseUnit"])
        if unit != mat["BaseUnit"]:
            raise ODataError(400, "VU/004", f"Unit {unit} is not defined for material {material}",
                             f"{target}/RequestedQuantityUnit")
        price = mat["Price"]
        elements = raw.get("to_PricingElement")
        if isinstance(elements, dict):
            elements = elements.get("results")
        for element in elements or []:
            if isinstance(element, dict) and element.get("ConditionType") == "PPR0":
                price = decimal_value(element.get("ConditionRateValue"),
                                      f"{target}/to_PricingElement/ConditionRateValue")
        reason = raw.get("SalesDocumentRjcnReason", "")
        if reason and reason not in REJECTION_REASONS:
            raise ODataError(400, "V1/301", f"Reason for rejection {reason} is not defined",
                             f"{target}/SalesDocumentRjcnReason")
        number = str(10 * (1 + max((int(i["SalesOrderItem"]) // 10 for i in order["items"]), default=0)))
        return {"SalesOrderItem": number, "Material": material,
                "SalesOrderItemText": raw.get("SalesOrderItemText", mat["Description"]),
                "PurchaseOrderByCustomer": raw.get("PurchaseOrderByCustomer", ""),
                "RequestedQuantity": fmt(quantity, 3), "RequestedQuantityUnit": unit,
                "NetPriceAmount": fmt(price), "NetAmount": fmt(price * quantity),
                "TransactionCurrency": order["TransactionCurrency"],
                "SalesDocumentRjcnReason": reason}

    def create_order(self, body):
        state = self.state
        required = ("SalesOrderType", "SalesOrganization", "DistributionChannel",
                    "OrganizationDivision", "SoldToParty")
        missing = [name for name in required if not body.get(name)]
        if missing:
            details = [{"code": "V1/382", "message": f"Enter a value for {name}", "propertyref": name,
                        "severity": "error", "target": name, "transition": True} for name in missing]
            raise ODataError(400, "V1/382", f"Enter a value for {missing[0]}", missing[0],
                             details=details)
        for name, allowed in (("SalesOrderType", SALES_ORDER_TYPES), ("SalesOrganization", SALES_ORGS),
                              ("DistributionChannel", DIST_CHANNELS), ("OrganizationDivision", DIVISIONS)):
            if body[name] not in allowed:
                raise ODataError(400, "V1/305", f"{name} {body[name]} is not defined", name)
        customer = body["SoldToParty"]
        partner = state.partners.get(customer)
        if partner is None or partner.get("Customer") != customer:
            raise ODataError(400, "V1/302", f"Sold-to party {customer} not maintained for sales area "
                             f"{body['SalesOrganization']} {body['DistributionChannel']} "
                             f"{body['OrganizationDivision']}", "SoldToParty")
        items = body.get("to_Item")
        if isinstance(items, dict):
            items = items.get("results")
        if not isinstance(items, list) or not items:
            raise ODataError(400, "V1/555", "Sales document contains no items: enter at least one "
                             "item in to_Item", "to_Item")
        so_id = str(state.next_order)
        order = {"SalesOrder": so_id, "SalesOrderType": body["SalesOrderType"],
                 "SalesOrganization": body["SalesOrganization"],
                 "DistributionChannel": body["DistributionChannel"],
                 "OrganizationDivision": body["OrganizationDivision"], "SoldToParty": customer,
                 "PurchaseOrderByCustomer": body.get("PurchaseOrderByCustomer", ""),
                 "SalesOrderDate": body.get("SalesOrderDate"),
                 "RequestedDeliveryDate": body.get("RequestedDeliveryDate"),
                 "TransactionCurrency": body.get("TransactionCurrency", "INR"),
                 "items": []}
        for index, raw in enumerate(items):
            order["items"].append(self.build_item(raw, order, index))
        state.next_order += 1
        state.orders[so_id] = order
        self.touch(order)
        return 201, {"d": self.order_json(order, True)}, {
            "Location": self.order_uri(order), "ETag": etag_of(order["changed"])}

    def change_order(self, order, body):
        for name in ("SalesOrder", "SalesOrderType", "SalesOrganization", "DistributionChannel",
                     "OrganizationDivision", "SoldToParty"):
            if name in body and body[name] != order[name]:
                raise ODataError(400, "V1/045", f"Property {name} cannot be changed", name)
        if "to_Item" in body:
            raise ODataError(400, "/IWBEP/CM_MGW_RT/006", "Deep update is not supported: change "
                             "items through A_SalesOrderItem", "to_Item")
        for name in ("PurchaseOrderByCustomer", "RequestedDeliveryDate", "SalesOrderDate"):
            if name in body:
                order[name] = body[name]
        self.touch(order)

    def change_item(self, order, item, body):
        for name in ("SalesOrder", "SalesOrderItem", "Material"):
            if name in body and body[name] != (order["SalesOrder"] if name == "SalesOrder" else item[name]):
                raise ODataError(400, "V1/045", f"Property {name} cannot be changed", name)
        if "SalesDocumentRjcnReason" in body:
            reason = body["SalesDocumentRjcnReason"] or ""
            if reason and reason not in REJECTION_REASONS:
                raise ODataError(400, "V1/301", f"Reason for rejection {reason} is not defined",
                                 "SalesDocumentRjcnReason")
            item["SalesDocumentRjcnReason"] = reason
        if "RequestedQuantity" in body:
            quantity = decimal_value(body["RequestedQuantity"], "RequestedQuantity")
            if quantity <= 0:
                raise ODataError(400, "V1/361", "Enter an order quantity", "RequestedQuantity")
            item["RequestedQuantity"] = fmt(quantity, 3)
            item["NetAmount"] = fmt(Decimal(item["NetPriceAmount"]) * quantity)
        self.touch(order)

    def order_uri(self, order):
        return f"{self.base()}{SO_ROOT}/A_SalesOrder('{order['SalesOrder']}')"

    def item_uri(self, order, item):
        return (f"{self.base()}{SO_ROOT}/A_SalesOrderItem(SalesOrder='{order['SalesOrder']}',"
                f"SalesOrderItem='{item['SalesOrderItem']}')")

    def order_json(self, order, expand):
        uri = self.order_uri(order)
        out = {"__metadata": {"id": uri, "uri": uri, "type": "API_SALES_ORDER_SRV.A_SalesOrderType",
                              "etag": etag_of(order["changed"])}}
        out.update({k: v for k, v in order.items() if k not in ("items", "changed")})
        out["LastChangeDateTime"] = "/Date(%d+0000)/" % int(order["changed"].timestamp() * 1000)
        out["to_Item"] = ({"results": [self.item_json(order, i) for i in order["items"]]} if expand
                          else {"__deferred": {"uri": uri + "/to_Item"}})
        return out

    def item_json(self, order, item):
        uri = self.item_uri(order, item)
        out = {"__metadata": {"id": uri, "uri": uri, "type": "API_SALES_ORDER_SRV.A_SalesOrderItemType",
                              "etag": etag_of(order["changed"])}, "SalesOrder": order["SalesOrder"]}
        out.update(item)
        return out

    def apply_filter(self, rows, query):
        if "$filter" in query:
            for name, value in parse_filter(query["$filter"]):
                rows = [r for r in rows if str(r.get(name, "")) == value]
        try:
            skip = int(query.get("$skip", 0))
            top = int(query["$top"]) if "$top" in query else None
        except ValueError:
            raise ODataError(400, "/IWBEP/CM_MGW_RT/002", "Invalid $top or $skip") from None
        rows = rows[skip:]
        return rows if top is None else rows[:top]

    def list_orders(self, query):
        expand = "to_Item" in query.get("$expand", "")
        rows = [self.order_json(o, expand) for o in self.state.orders.values()]
        return 200, {"d": {"results": self.apply_filter(rows, query)}}, {}

    # ---- business partners
    def partner_route(self, entity_set, key, nav, query, raw):
        method = self.method
        state = self.state
        if entity_set == "A_BusinessPartner":
            if key is None and method == "GET":
                rows = [self.partner_json(p, "to_BusinessPartnerRole" in query.get("$expand", ""))
                        for p in state.partners.values()]
                return 200, {"d": {"results": self.apply_filter(rows, query)}}, {}
            if key is None and method == "POST":
                return self.create_partner(self.json_body(raw))
            partner = state.partners.get((key or {}).get("") or (key or {}).get("BusinessPartner"))
            if partner is None:
                raise ODataError(404, "/IWBEP/CM_MGW_RT/020",
                                 "Resource not found for segment 'A_BusinessPartnerType'")
            if method == "GET" and nav is None:
                return 200, {"d": self.partner_json(partner, True)}, {}
            if method == "GET" and nav == "to_Customer":
                if not partner.get("Customer"):
                    return 200, {"d": None}, {}
                return 200, {"d": self.customer_json(partner)}, {}
            if method in ("PATCH", "MERGE") and nav is None:
                body = self.json_body(raw)
                for name in ("FirstName", "LastName", "OrganizationBPName1", "SearchTerm1",
                             "BusinessPartnerFullName"):
                    if name in body:
                        partner[name] = body[name]
                return 204, None, {}
            raise ODataError(405, "/IWBEP/CM_MGW_RT/021", f"Method {method} not allowed here")
        if entity_set == "A_Customer":
            if key is None and method == "GET":
                rows = [self.customer_json(p) for p in state.partners.values() if p.get("Customer")]
                return 200, {"d": {"results": self.apply_filter(rows, query)}}, {}
            cid = (key or {}).get("") or (key or {}).get("Customer")
            partner = next((p for p in state.partners.values() if p.get("Customer") == cid), None)
            if partner is None or method != "GET":
                raise ODataError(404, "/IWBEP/CM_MGW_RT/020", "Resource not found for segment 'A_CustomerType'")
            return 200, {"d": self.customer_json(partner)}, {}
        raise ODataError(404, "/IWBEP/CM_MGW_RT/020", f"Resource not found for segment '{entity_set}'")

    def create_partner(self, body):
        state = self.state
        category = body.get("BusinessPartnerCategory")
        if category not in ("1", "2"):
            raise ODataError(400, "R11/401", "Enter a valid business partner category (1 person, "
                             "2 organization)", "BusinessPartnerCategory")
        if category == "1" and not body.get("LastName"):
            raise ODataError(400, "R11/401", "Enter a last name", "LastName")
        if category == "2" and not body.get("OrganizationBPName1"):
            raise ODataError(400, "R11/401", "Enter a name (OrganizationBPName1)", "OrganizationBPName1")
        roles = body.get("to_BusinessPartnerRole", [])
        if isinstance(roles, dict):
            roles = roles.get("results", [])
        if not isinstance(roles, list) or not all(isinstance(r, dict) and r.get("BusinessPartnerRole")
                                                  for r in roles):
            raise ODataError(400, "R11/401", "to_BusinessPartnerRole entries need BusinessPartnerRole",
                             "to_BusinessPartnerRole")
        bp = str(state.next_bp)
        state.next_bp += 1
        full = body.get("BusinessPartnerFullName") or (
            body.get("OrganizationBPName1") if category == "2"
            else " ".join(filter(None, (body.get("FirstName"), body.get("LastName")))))
        partner = {k: v for k, v in body.items() if not k.startswith("to_") and k != "__metadata"}
        partner.update({"BusinessPartner": bp, "BusinessPartnerFullName": full,
                        "to_BusinessPartnerRole": [{"BusinessPartner": bp,
                                                    "BusinessPartnerRole": r["BusinessPartnerRole"]}
                                                   for r in roles]})
        is_customer = "to_Customer" in body or any(r["BusinessPartnerRole"] in CUSTOMER_ROLES for r in roles)
        partner["Customer"] = bp if is_customer else ""
        addresses = body.get("to_BusinessPartnerAddress", [])
        if isinstance(addresses, dict):
            addresses = addresses.get("results", [])
        partner["to_BusinessPartnerAddress"] = addresses
        state.partners[bp] = partner
        uri = f"{self.base()}{BP_ROOT}/A_BusinessPartner('{bp}')"
        return 201, {"d": self.partner_json(partner, True)}, {"Location": uri}

    def partner_json(self, partner, expand):
        uri = f"{self.base()}{BP_ROOT}/A_BusinessPartner('{partner['BusinessPartner']}')"
        out = {"__metadata": {"id": uri, "uri": uri, "type": "API_BUSINESS_PARTNER.A_BusinessPartnerType"}}
        out.update({k: v for k, v in partner.items() if not k.startswith("to_")})
        out["to_BusinessPartnerRole"] = ({"results": partner["to_BusinessPartnerRole"]} if expand
                                         else {"__deferred": {"uri": uri + "/to_BusinessPartnerRole"}})
        out["to_Customer"] = {"__deferred": {"uri": uri + "/to_Customer"}}
        return out

    def customer_json(self, partner):
        uri = f"{self.base()}{BP_ROOT}/A_Customer('{partner['Customer']}')"
        return {"__metadata": {"id": uri, "uri": uri, "type": "API_BUSINESS_PARTNER.A_CustomerType"},
                "Customer": partner["Customer"], "CustomerName": partner.get("BusinessPartnerFullName"),
                "CustomerFullName": partner.get("BusinessPartnerFullName")}

    def log_entry(self, url, raw):
        text = raw.decode("utf-8", errors="replace")
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = None
        headers = {}
        for name, value in self.headers.items():
            lname = name.lower()
            headers[lname] = "***" if lname == "authorization" else value
        entry = {"method": self.method, "path": url.path,
                 "query": dict(parse_qsl(url.query, keep_blank_values=True)),
                 "headers": headers, "cookies": sorted(self.cookies()), "body": text,
                 "json": parsed, "replyStatus": None, "receivedAt": time.time()}
        self.state.received.append(entry)
        return entry


def parse_args(argv):
    p = peer_arguments("SAP S/4HANA OData v2 (sales order, business partner) test peer.")
    p.add_argument("--sid", default="S4H", help="system id, part of the session cookie's name")
    p.add_argument("--client", default="100", help="SAP client, part of the session cookie's name")
    p.add_argument("--user", default="COMM_USER")
    p.add_argument("--password", default="s4-password")
    p.add_argument("--session-timeout", type=float, default=1800.0,
                   help="seconds a security session (and its CSRF token) lives")
    return p.parse_args(argv)


def main(argv=None):
    config = parse_args(argv)
    server = ThreadingHTTPServer((config.host, config.port), Handler)
    server.daemon_threads = True
    server.config = config
    server.state = S4State(config)
    return run_until_signal(server)


if __name__ == "__main__":
    sys.exit(main())
