#!/usr/bin/python3
"""Test peer for NetSuite SuiteTalk REST web services (record API v1) with token-based auth.

A real HTTP/1.1 server on loopback for erpbridge's REST adapter tests. Standard library only.
It verifies OAuth 1.0a (RFC 5849) signatures the way NetSuite's token-based authentication
(TBA) does, keeps customers and sales orders, answers creates with 204 and the record URL in
`Location` only, and enforces the account-wide concurrency limit. A control API under
/_control/ (no auth, never logged) lets tests read what it received, read its records, reset
it, queue failures and read the in-flight request counter. See README.md next to this file.

Sources (public documentation, read for this peer; nothing copied):
- RFC 5849 "The OAuth 1.0 Protocol", sections 3.4.1 (signature base string), 3.4.1.2 (base
  string URI), 3.4.1.3 (request parameters), 3.4.2 (HMAC-SHA1), 3.6 (percent encoding) and
  the worked example of 3.4.1.1.
- Oracle NetSuite Help Center: "Authentication and Session Management for REST Web Services"
  (chapter_1540809676), "Creating a Record Instance" (section_1545141395: 204, URL in
  Location, no body), "Using External IDs" (section_156334828635: eid: prefix, q=externalId IS
  "..."), "Using the Upsert Operation" (section_156335203191: PUT .../eid:<id>), "Record
  Collection Filtering" (section_1545222128: q parameter, IS operator), "Error Handling in
  REST Web Services" (section_156570709583: INVALID_LOGIN 401 and INVALID_CONTENT 400 bodies
  with o:errorDetails / o:errorPath), "REST Web Services Request Processing"
  (chapter_161251386312) and "Sending an Asynchronous Request" / "... Using an Idempotency
  Key" (subsect_161278579295, subsect_164494900632: Prefer: respond-async, 202 with the job in
  Location, X-NetSuite-Idempotency-Key, 400 IDEMPOTENCY_ERROR for a repeated key).
- NetSuite concurrency governance (account-wide limit of concurrent web services requests,
  REST answers 429), as summarised by Jitterbit's and Katoomi's NetSuite integration notes.
- The 401 body as NetSuite really sends it, quoted in github.com/jacobsvante/netsuite issue 27
  and drudge/n8n-nodes-netsuite issue 9; realm case sensitivity (123456_SB1) in
  netsuitephp/netsuite-php issue 121; the signing recipe cross-checked against the public
  nsoauth1 npm client's documented base string.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import sys
import time
import uuid
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, unquote

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peerkit"))
from peerkit import StrictPeerHandler, StrictPeerState, peer_arguments, run_until_signal  # noqa: E402  (shared peer plumbing)

RECORD_PREFIX = "/services/rest/record/v1/"
JOB_PREFIX = "/services/rest/async/v1/job/"
FAILURE_MODES = {"status", "delay", "drop", "drop_after_processing", "invalid_login",
                 "concurrency"}
ERROR_TYPE = "application/vnd.oracle.resource+json; type=error"
SINGULAR_TYPE = "application/vnd.oracle.resource+json; type=singular"
COLLECTION_TYPE = "application/vnd.oracle.resource+json; type=collection"
RFC2616 = "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html"
TITLES = {400: ("Bad Request", "#sec10.4.1"), 401: ("Unauthorized", "#sec10.4.2"),
          404: ("Not Found", "#sec10.4.5"), 405: ("Method Not Allowed", "#sec10.4.6"),
          415: ("Unsupported Media Type", "#sec10.4.16"), 429: ("Too Many Requests", ""),
          500: ("Internal Server Error", "#sec10.5.1"), 503: ("Service Unavailable", "#sec10.5.4")}
INVALID_LOGIN = ("Invalid login attempt. For more details, see the Login Audit Trail in the "
                 "NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.")
# NetSuite's own order statuses (orderStatus select values).
STATUS_PENDING_FULFILLMENT = {"id": "B", "refName": "Pending Fulfillment"}
STATUS_CLOSED = {"id": "H", "refName": "Closed"}
EXTERNAL_ID_RE = re.compile(r"^[A-Za-z0-9_\-]+$")
QUERY_RE = re.compile(r'^\s*(\w+)\s+(IS|IS_NOT)\s+(?:"([^"]*)"|(\S+))\s*$', re.IGNORECASE)


class NsError(Exception):
    """A NetSuite error reply: status, o:errorCode, detail and optionally o:errorPath."""

    def __init__(self, status, code, detail, path=None, headers=None):
        super().__init__(detail)
        self.status, self.code, self.detail, self.path = status, code, detail, path
        self.headers = headers or {}


def error_body(status, code, detail, path=None):
    title, anchor = TITLES.get(status, ("Error", ""))
    item = {"detail": detail, "o:errorCode": code}
    if path:
        item["o:errorPath"] = path
    return {"type": RFC2616 + anchor, "title": title, "status": status, "o:errorDetails": [item]}


# ---------------------------------------------------------------- OAuth 1.0a (RFC 5849)

def pct(value):
    """RFC 5849 section 3.6: UTF-8, then every byte but ALPHA / DIGIT / - . _ ~ as %XX."""
    return quote(value.encode("utf-8"), safe="-._~")


def parse_oauth_header(header):
    """`OAuth realm="x", oauth_x="y", ...` -> dict of decoded values (section 3.5.1)."""
    scheme, _, rest = (header or "").strip().partition(" ")
    if scheme.lower() != "oauth":
        return None
    params = {}
    for part in re.findall(r'\s*([A-Za-z0-9_\-]+)\s*=\s*"([^"]*)"\s*(?:,|$)', rest):
        name, value = part
        if name in params:
            return None  # a parameter may appear once
        params[name] = unquote(value)
    return params


def base_string_uri(scheme, host_header):
    """Section 3.4.1.2: scheme and host lower case, the default port left out."""
    host = host_header.strip().lower()
    if ":" in host and not host.endswith("]"):
        name, _, port = host.rpartition(":")
        if (scheme == "http" and port == "80") or (scheme == "https" and port == "443"):
            host = name
    return f"{scheme}://{host}"


def signature_base_string(method, uri, query_pairs, oauth_params):
    """Section 3.4.1: METHOD & pct(URI) & pct(normalised parameters)."""
    pairs = [(pct(k), pct(v)) for k, v in query_pairs]
    pairs += [(pct(k), pct(v)) for k, v in oauth_params.items()
              if k not in ("realm", "oauth_signature")]
    pairs.sort()
    normalised = "&".join(f"{k}={v}" for k, v in pairs)
    return "&".join((method.upper(), pct(uri), pct(normalised)))


def sign(base, consumer_secret, token_secret, method):
    key = f"{pct(consumer_secret)}&{pct(token_secret)}".encode()
    digest = hashlib.sha256 if method == "HMAC-SHA256" else hashlib.sha1
    return base64.b64encode(hmac.new(key, base.encode(), digest).digest()).decode()


# ---------------------------------------------------------------- state

class NetSuiteState(StrictPeerState):
    def reset(self):
        with self.lock:
            self.reset_plumbing()  # the log and plans; in-flight survives, the maximum restarts
            self.nonces = {}  # (consumer key, token, nonce) -> timestamp
            self.revoked = False
            self.next_id = {"customer": 1000, "salesOrder": 5000, "job": 1}
            self.records = {"customer": {}, "salesOrder": {}}
            self.jobs = {}
            self.idempotency = {}  # key -> job id
            # Seed data: a subsidiary, a location (warehouse), and the sample orders' items.
            self.subsidiaries = {"1": {"id": "1", "refName": "Commerceup India Pvt Ltd"}}
            self.locations = {"1": {"id": "1", "refName": "Pune Warehouse"}}
            self.items = {
                "101": {"id": "101", "itemId": "TSHIRT-BLU-M", "displayName": "Cotton T-shirt, blue, M",
                        "basePrice": 499.0},
                "102": {"id": "102", "itemId": "MUG-CER-350", "displayName": "Ceramic mug 350 ml",
                        "basePrice": 299.0},
            }

    def new_id(self, kind):
        value = self.next_id[kind]
        self.next_id[kind] += 1
        return str(value)

    def snapshot(self):
        with self.lock:
            return json.loads(json.dumps({
                "customer": self.records["customer"], "salesOrder": self.records["salesOrder"],
                "items": self.items, "subsidiaries": self.subsidiaries,
                "locations": self.locations, "jobs": self.jobs,
                "idempotencyKeys": self.idempotency}))


# ---------------------------------------------------------------- records

def ref(value, path):
    if not isinstance(value, dict) or not isinstance(value.get("id"), (str, int)) \
            or isinstance(value.get("id"), bool):
        raise NsError(400, "INVALID_CONTENT",
                      f"Error while accessing resource: The field {path} must be an object "
                      f'with an "id" member.', path)
    return str(value["id"])


def invalid_value(value, field, path):
    return NsError(400, "INVALID_CONTENT",
                   "Error while accessing resource: You have entered an Invalid Field Value "
                   f"{value} for the following field: {field}", path)


def missing(fields):
    return NsError(400, "USER_ERROR",
                   "Error while accessing a resource. Please enter value(s) for: "
                   + ", ".join(fields) + ".")


def check_external_id(body, state, kind, exclude=None):
    if "externalId" not in body:
        return
    eid = body["externalId"]
    if not isinstance(eid, str) or not EXTERNAL_ID_RE.match(eid):
        raise invalid_value(eid, "externalId", "externalId")
    for rid, record in state.records[kind].items():
        if record.get("externalId") == eid and rid != exclude:
            raise NsError(400, "USER_ERROR",
                          "Error while accessing a resource. This record already exists. "
                          f"A {kind} with external ID {eid} exists (internal ID {rid}).")


def build_customer(state, body, existing=None):
    record = dict(existing or {})
    for name, value in body.items():
        if name in ("id", "links"):
            continue
        record[name] = value
    need = []
    if "subsidiary" not in record:
        need.append("Subsidiary")
    if record.get("isPerson") is True:
        if not record.get("firstName"):
            need.append("First Name")
        if not record.get("lastName"):
            need.append("Last Name")
    elif not record.get("companyName"):
        need.append("Company Name")
    if need:
        raise missing(need)
    sid = ref(record["subsidiary"], "subsidiary")
    if sid not in state.subsidiaries:
        raise invalid_value(sid, "subsidiary", "subsidiary")
    record["subsidiary"] = dict(state.subsidiaries[sid])
    return record


def check_line(state, raw, path, line_number):
    if not isinstance(raw, dict):
        raise NsError(400, "INVALID_CONTENT", f"Error while accessing resource: {path} must be "
                      "an object.", path)
    if "item" not in raw:
        raise missing(["Item"])
    item_id = ref(raw["item"], f"{path}.item")
    if item_id not in state.items:
        raise invalid_value(item_id, "item", f"{path}.item")
    quantity = raw.get("quantity", 1)
    if isinstance(quantity, bool) or not isinstance(quantity, (int, float)) or quantity <= 0:
        raise invalid_value(quantity, "quantity", f"{path}.quantity")
    item = state.items[item_id]
    rate = raw.get("rate", item["basePrice"])
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or rate < 0:
        raise invalid_value(rate, "rate", f"{path}.rate")
    line = dict(raw)
    line.update({"line": line_number, "item": {"id": item_id, "refName": item["itemId"]},
                 "quantity": quantity, "rate": rate, "amount": round(quantity * rate, 2),
                 "isClosed": bool(raw.get("isClosed", False))})
    return line


def order_status(record):
    lines = record["item"]["items"]
    return STATUS_CLOSED if lines and all(l["isClosed"] for l in lines) else STATUS_PENDING_FULFILLMENT


def build_sales_order(state, body, existing=None, replace_lines=False):
    record = dict(existing or {})
    lines = list(record.get("item", {}).get("items", []))
    for name, value in body.items():
        if name in ("id", "links", "item", "status", "orderStatus", "total", "tranId"):
            continue
        record[name] = value
    if "entity" not in record:
        raise missing(["Customer"])
    entity = ref(record["entity"], "entity")
    customer = state.records["customer"].get(entity)
    if customer is None:
        raise invalid_value(entity, "entity", "entity")
    record["entity"] = {"id": entity, "refName": customer.get("companyName")
                        or " ".join(filter(None, (customer.get("firstName"), customer.get("lastName"))))}
    if "location" in record:
        loc = ref(record["location"], "location")
        if loc not in state.locations:
            raise invalid_value(loc, "location", "location")
        record["location"] = dict(state.locations[loc])
    if "item" in body:
        sub = body["item"]
        if not isinstance(sub, dict) or not isinstance(sub.get("items"), list):
            raise NsError(400, "INVALID_CONTENT", "Error while accessing resource: item must be "
                          'an object with an "items" array.', "item")
        if replace_lines:
            lines = []
        next_line = max((l["line"] for l in lines), default=0) + 1
        for i, raw in enumerate(sub["items"]):
            path = f"item.items[{i}]"
            if isinstance(raw, dict) and "line" in raw and not replace_lines:
                number = raw["line"]
                target = next((l for l in lines if l["line"] == number), None)
                if target is None:
                    raise invalid_value(number, "line", f"{path}.line")
                merged = dict(target)
                merged.update({k: v for k, v in raw.items() if k != "line"})
                merged["item"] = {"id": target["item"]["id"]} if "item" not in raw else raw["item"]
                lines[lines.index(target)] = check_line(state, merged, path, number)
            else:
                lines.append(check_line(state, raw, path, next_line))
                next_line += 1
    if not lines:
        raise missing(["Items"])
    record["item"] = {"items": lines}
    record["total"] = round(sum(l["amount"] for l in lines if not l["isClosed"]), 2)
    record["orderStatus"] = order_status(record)
    record["status"] = {"id": record["orderStatus"]["refName"],
                        "refName": record["orderStatus"]["refName"]}
    return record


BUILDERS = {"customer": build_customer, "salesOrder": build_sales_order}


def find_by_key(state, kind, key):
    """An internal id ("5001") or an external id ("eid:ORD-5001") -> (id, record) or (None, None)."""
    records = state.records[kind]
    if key.startswith("eid:"):
        eid = key[4:]
        for rid, record in records.items():
            if record.get("externalId") == eid:
                return rid, record
        return None, None
    return (key, records[key]) if key in records else (None, None)


# ---------------------------------------------------------------- HTTP

class Handler(StrictPeerHandler):
    server_version = "netsuite-peer/1"
    body_errors = NsError

    def body_error(self, message):
        return NsError(400, "INVALID_CONTENT", message)

    def body_error_reply(self, e):
        return self.send_json(e.status, error_body(e.status, e.code, e.detail), ERROR_TYPE)

    def on_enter(self, state):
        return (state.in_flight > self.server.config.concurrency_limit,)

    def send_reply(self, reply):
        self.send_json(*reply)

    def send_internal_error(self, e):
        self.send_json(500, error_body(500, "UNEXPECTED_ERROR", f"internal error: {e}"), ERROR_TYPE)

    failure_modes = FAILURE_MODES

    def concurrency_reply(self, state):
        return dict(super().concurrency_reply(state), limit=self.server.config.concurrency_limit)

    def vendor_control(self, route, path, raw):
        if route in (("POST", "/_control/revoke"), ("POST", "/_control/restore")):
            with self.state.lock:
                self.state.revoked = path.endswith("/revoke")
            self.send_json(200, {"ok": True})
            return True
        return False
    error_content_type = "application/json"
    error_message_format = '{"title": "%(message)s", "status": %(code)d, "o:errorDetails": []}'

    def serve(self, url, raw, over_limit):
        plan = self.state.take_failure(self.command, url.path)
        mode = plan["mode"] if plan else None
        if mode == "drop":
            self.close_connection = True
            return None
        if mode == "status":
            headers = {"Retry-After": plan["retry_after"]} if plan["retry_after"] else {}
            if plan["body"] is not None:
                return plan["status"], plan["body"], "application/json", headers
            return (plan["status"], error_body(plan["status"], "UNEXPECTED_ERROR",
                                               "An unexpected error occurred."), ERROR_TYPE, headers)
        if mode == "delay":
            time.sleep(plan["delay_ms"] / 1000.0)
        if over_limit or mode == "concurrency":
            headers = {"Retry-After": plan["retry_after"]} if plan and plan["retry_after"] else {}
            return (429, error_body(429, "CONCURRENCY_LIMIT_EXCEEDED",
                                    "Concurrent request limit exceeded. Request blocked."),
                    ERROR_TYPE, headers)
        try:
            if mode == "invalid_login":
                raise NsError(401, "INVALID_LOGIN", INVALID_LOGIN)
            self.authenticate(url)
            reply = self.route(url, raw)
        except NsError as e:
            reply = (e.status, error_body(e.status, e.code, e.detail, e.path), ERROR_TYPE, e.headers)
        if mode == "drop_after_processing":
            self.close_connection = True
            return None
        return reply

    # ---- auth
    def authenticate(self, url):
        config, state = self.server.config, self.state
        params = parse_oauth_header(self.headers.get("Authorization"))
        refuse = NsError(401, "INVALID_LOGIN", INVALID_LOGIN,
                         headers={"WWW-Authenticate": f'OAuth realm="{config.account}"'})
        if params is None:
            raise refuse
        required = ("oauth_consumer_key", "oauth_token", "oauth_signature_method",
                    "oauth_timestamp", "oauth_nonce", "oauth_version", "oauth_signature")
        if any(not params.get(name) for name in required) or params.get("realm") != config.account:
            raise refuse
        methods = {"HMAC-SHA256"} | ({"HMAC-SHA1"} if config.accept_hmac_sha1 else set())
        if params["oauth_signature_method"] not in methods or params["oauth_version"] != "1.0":
            raise refuse
        if not (hmac.compare_digest(params["oauth_consumer_key"], config.consumer_key)
                and hmac.compare_digest(params["oauth_token"], config.token_id)):
            raise refuse
        if state.revoked:
            raise refuse
        try:
            timestamp = int(params["oauth_timestamp"])
        except ValueError:
            raise refuse from None
        now = time.time()
        if abs(now - timestamp) > config.timestamp_window:
            raise refuse
        nonce = params["oauth_nonce"]
        if not 6 <= len(nonce) <= 64:
            raise refuse
        uri = base_string_uri("http", self.headers.get("Host") or "") + url.path
        query = parse_qsl(url.query, keep_blank_values=True)
        base = signature_base_string(self.command, uri, query, params)
        expected = sign(base, config.consumer_secret, config.token_secret,
                        params["oauth_signature_method"])
        if not hmac.compare_digest(expected.encode(), params["oauth_signature"].encode()):
            raise refuse
        key = (params["oauth_consumer_key"], params["oauth_token"], nonce)
        with state.lock:
            for k, ts in list(state.nonces.items()):
                if now - ts > 2 * config.timestamp_window:
                    del state.nonces[k]
            if key in state.nonces:
                raise refuse  # a replayed nonce
            state.nonces[key] = timestamp

    # ---- routing
    def route(self, url, raw):
        path = url.path
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        if path.startswith(JOB_PREFIX):
            return self.job(path[len(JOB_PREFIX):])
        if not path.startswith(RECORD_PREFIX):
            raise NsError(404, "NONEXISTENT_ID", f"Record type or resource {path} was not found.")
        parts = path[len(RECORD_PREFIX):].split("/")
        kind = parts[0]
        if kind not in BUILDERS:
            raise NsError(404, "NONEXISTENT_ID",
                          f"Record type '{kind}' does not exist or is not supported.")
        if len(parts) > 2:
            raise NsError(404, "NONEXISTENT_ID", f"The resource {path} was not found.")
        key = unquote(parts[1]) if len(parts) == 2 else None
        method = self.command
        if method in ("POST", "PUT", "PATCH"):
            body = self.json_body(raw)
        if self.headers.get("Prefer", "").strip().lower() == "respond-async" and method != "GET":
            return self.run_async(kind, key, method, body, query)
        with self.state.lock:
            if key is None and method == "GET":
                return self.collection(kind, query)
            if key is None and method == "POST":
                return self.create(kind, body)
            if key is not None and method == "GET":
                return self.read(kind, key, query)
            if key is not None and method == "PUT":
                return self.upsert(kind, key, body)
            if key is not None and method == "PATCH":
                return self.update(kind, key, body, query)
            if key is not None and method == "DELETE":
                return self.delete(kind, key)
        raise NsError(405, "INVALID_REQUEST",
                      f"The HTTP method {method} is not allowed on {path}.")

    def json_body(self, raw):
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype not in ("application/json", "application/vnd.oracle.resource+json"):
            raise NsError(415, "INVALID_CONTENT_TYPE",
                          f"Invalid content type '{ctype}'. Use application/json.")
        try:
            body = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise NsError(400, "INVALID_CONTENT",
                          f"Invalid request body. The JSON could not be parsed: {e}") from None
        if not isinstance(body, dict):
            raise NsError(400, "INVALID_CONTENT", "The request body must be a JSON object.")
        return body

    def record_url(self, kind, rid):
        return f"http://{self.headers.get('Host')}{RECORD_PREFIX}{kind}/{rid}"

    def created(self, kind, rid):
        return 204, None, None, {"Location": self.record_url(kind, rid)}

    def create(self, kind, body):
        state = self.state
        check_external_id(body, state, kind)
        record = BUILDERS[kind](state, body)
        rid = state.new_id(kind)
        record["id"] = rid
        if kind == "salesOrder":
            record["tranId"] = f"SO{rid}"
        state.records[kind][rid] = record
        return self.created(kind, rid)

    def upsert(self, kind, key, body):
        if not key.startswith("eid:"):
            raise NsError(400, "INVALID_REQUEST", "The upsert operation (PUT) needs an external "
                          "ID in the URL: eid:<externalId>.")
        eid = key[4:]
        if not EXTERNAL_ID_RE.match(eid):
            raise invalid_value(eid, "externalId", "externalId")
        state = self.state
        rid, existing = find_by_key(state, kind, key)
        body = dict(body)
        body["externalId"] = eid
        if existing is None:
            record = BUILDERS[kind](state, body)
            rid = state.new_id(kind)
            record["id"] = rid
            if kind == "salesOrder":
                record["tranId"] = f"SO{rid}"
        else:
            record = self.rebuild(kind, existing, body, replace=True)
        state.records[kind][rid] = record
        return self.created(kind, rid)

    def rebuild(self, kind, existing, body, replace=False):
        if kind == "salesOrder":
            return build_sales_order(self.state, body, existing, replace_lines=replace)
        return build_customer(self.state, body, existing)

    def update(self, kind, key, body, query):
        state = self.state
        rid, existing = find_by_key(state, kind, key)
        if existing is None:
            raise NsError(404, "NONEXISTENT_ID", f"The record instance does not exist. "
                          f"Provide a valid record instance ID.")
        check_external_id(body, state, kind, exclude=rid)
        replace = "item" in [s.strip() for s in query.get("replace", "").split(",")]
        state.records[kind][rid] = self.rebuild(kind, existing, body, replace)
        return 204, None, None, {}

    def delete(self, kind, key):
        rid, existing = find_by_key(self.state, kind, key)
        if existing is None:
            raise NsError(404, "NONEXISTENT_ID", "The record instance does not exist. "
                          "Provide a valid record instance ID.")
        del self.state.records[kind][rid]
        return 204, None, None, {}

    def read(self, kind, key, query):
        rid, record = find_by_key(self.state, kind, key)
        if record is None:
            raise NsError(404, "NONEXISTENT_ID", "The record instance does not exist. "
                          "Provide a valid record instance ID.")
        out = json.loads(json.dumps(record))
        out["links"] = [{"rel": "self", "href": self.record_url(kind, rid)}]
        if kind == "salesOrder" and query.get("expandSubResources", "").lower() != "true":
            out["item"] = {"links": [{"rel": "self", "href": self.record_url(kind, rid) + "/item"}]}
        return 200, out, SINGULAR_TYPE, {}

    def collection(self, kind, query):
        records = self.state.records[kind]
        selected = list(records.items())
        q = query.get("q")
        if q is not None:
            match = QUERY_RE.match(q)
            if not match:
                raise NsError(400, "INVALID_PARAMETER",
                              f"Invalid query parameter value 'q': {q}. Use <field> IS \"value\".")
            field, op, quoted, bare = match.groups()
            value = quoted if quoted is not None else bare
            def field_value(record):
                v = record.get(field)
                return str(v["id"]) if isinstance(v, dict) and "id" in v else (
                    None if v is None else str(v))
            if op.upper() == "IS":
                selected = [(i, r) for i, r in selected if field_value(r) == value]
            else:
                selected = [(i, r) for i, r in selected if field_value(r) != value]
        try:
            limit = int(query.get("limit", 1000))
            offset = int(query.get("offset", 0))
        except ValueError:
            raise NsError(400, "INVALID_PARAMETER", "limit and offset must be integers.") from None
        page = selected[offset:offset + limit]
        base = f"http://{self.headers.get('Host')}{RECORD_PREFIX}{kind}"
        return 200, {
            "links": [{"rel": "self", "href": f"{base}?limit={limit}&offset={offset}"}],
            "count": len(page), "hasMore": offset + len(page) < len(selected),
            "items": [{"links": [{"rel": "self", "href": f"{base}/{i}"}], "id": i} for i, _ in page],
            "offset": offset, "totalResults": len(selected)}, COLLECTION_TYPE, {}

    # ---- asynchronous requests and idempotency
    def run_async(self, kind, key, method, body, query):
        state = self.state
        idem = self.headers.get("X-NetSuite-Idempotency-Key")
        with state.lock:
            if idem is not None:
                try:
                    uuid.UUID(idem)
                except ValueError:
                    raise NsError(400, "INVALID_HEADER", "The X-NetSuite-Idempotency-Key header "
                                  "must be a UUID as defined by RFC 4122.") from None
                if idem in state.idempotency:
                    job_id = state.idempotency[idem]
                    raise NsError(400, "IDEMPOTENCY_ERROR",
                                  "A request with the same idempotency key is already submitted. "
                                  'See the "Location" header for a link to the previously '
                                  "submitted job",
                                  headers={"Location": JOB_PREFIX + job_id,
                                           "Preference-Applied": "respond-async"})
            job_id = state.new_id("job")
            try:
                if key is None and method == "POST":
                    result = self.create(kind, body)
                elif key is not None and method == "PUT":
                    result = self.upsert(kind, key, body)
                elif key is not None and method == "PATCH":
                    result = self.update(kind, key, body, query)
                elif key is not None and method == "DELETE":
                    result = self.delete(kind, key)
                else:
                    raise NsError(405, "INVALID_REQUEST", f"The HTTP method {method} is not allowed.")
                task = {"status": result[0], "location": result[3].get("Location")}
                progress = "succeeded"
            except NsError as e:
                task = {"status": e.status, "error": error_body(e.status, e.code, e.detail, e.path)}
                progress = "failed"
            state.jobs[job_id] = {"id": job_id, "progress": progress, "task": task,
                                  "idempotencyKey": idem}
            if idem is not None:
                state.idempotency[idem] = job_id
        return 202, None, None, {"Location": JOB_PREFIX + job_id,
                                 "Preference-Applied": "respond-async"}

    def job(self, rest):
        if self.command != "GET":
            raise NsError(405, "INVALID_REQUEST", "Only GET is allowed on asynchronous jobs.")
        parts = rest.split("/")
        with self.state.lock:
            job = self.state.jobs.get(parts[0])
        if job is None:
            raise NsError(404, "NONEXISTENT_ID", f"The job {parts[0]} does not exist.")
        base = f"http://{self.headers.get('Host')}{JOB_PREFIX}{job['id']}"
        if len(parts) == 1:
            return 200, {"links": [{"rel": "self", "href": base}], "completed": True,
                         "id": job["id"], "progress": job["progress"],
                         "task": {"links": [{"rel": "self", "href": base + "/task"}]}}, SINGULAR_TYPE, {}
        if parts[1:] == ["task"]:
            return 200, {"links": [{"rel": "self", "href": base + "/task"}], "count": 1,
                         "items": [{"links": [{"rel": "self", "href": f"{base}/task/{job['id']}"}],
                                    "id": job["id"]}], "totalResults": 1}, COLLECTION_TYPE, {}
        if parts[1:] == ["task", job["id"], "result"]:
            task = job["task"]
            if "error" in task:
                return task["status"], task["error"], ERROR_TYPE, {}
            headers = {"Location": task["location"]} if task.get("location") else {}
            return task["status"], None, None, headers
        raise NsError(404, "NONEXISTENT_ID", f"The resource {rest} was not found.")

    def log_entry(self, url, raw):
        text = raw.decode("utf-8", errors="replace")
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = None
        headers = {}
        for name, value in self.headers.items():
            lname = name.lower()
            if lname == "authorization":
                oauth = parse_oauth_header(value)
                if oauth is not None and "oauth_signature" in oauth:
                    oauth["oauth_signature"] = "***"
                headers[lname] = "***"
                headers["x-peer-oauth-params"] = oauth
            else:
                headers[lname] = value
        entry = {"method": self.command, "path": url.path,
                 "query": dict(parse_qsl(url.query, keep_blank_values=True)),
                 "headers": headers, "body": text, "json": parsed, "replyStatus": None,
                 "receivedAt": time.time()}
        self.state.received.append(entry)
        return entry

    def send_json(self, status, payload, ctype="application/json", headers=None):
        if payload is None:
            body = b""
        elif isinstance(payload, str):
            body = payload.encode()
        else:
            body = json.dumps(payload).encode()
        self.send_response(status)
        if body:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


# ---------------------------------------------------------------- main

def parse_args(argv):
    p = peer_arguments("NetSuite SuiteTalk REST (TBA) test peer.")
    p.add_argument("--account", default="1234567_SB1", help="account id, the OAuth realm")
    p.add_argument("--consumer-key", default="ns-consumer-key")
    p.add_argument("--consumer-secret", default="ns-consumer-secret")
    p.add_argument("--token-id", default="ns-token-id")
    p.add_argument("--token-secret", default="ns-token-secret")
    p.add_argument("--timestamp-window", type=int, default=300,
                   help="seconds an oauth_timestamp may differ from the peer's clock")
    p.add_argument("--concurrency-limit", type=int, default=5,
                   help="account-wide concurrent requests before 429 CONCURRENCY_LIMIT_EXCEEDED")
    p.add_argument("--accept-hmac-sha1", action="store_true",
                   help="also accept HMAC-SHA1 (NetSuite itself accepts only HMAC-SHA256)")
    return p.parse_args(argv)


def make_server(config):
    server = ThreadingHTTPServer((config.host, config.port), Handler)
    server.daemon_threads = True
    server.config = config
    server.state = NetSuiteState(config)
    return server


def main(argv=None):
    config = parse_args(argv)
    server = make_server(config)
    return run_until_signal(server)


if __name__ == "__main__":
    sys.exit(main())
