#!/usr/bin/python3
"""Test peer for Microsoft Dynamics 365 Business Central API v2.0 and its Entra ID token endpoint.

A real HTTP/1.1 server on loopback for erpbridge's REST adapter tests. Standard library only.
It issues OAuth 2.0 client-credentials tokens the way Microsoft Entra ID does (and refuses a
wrong secret with AADSTS7000215), then serves Business Central's standard API v2.0 (OData v4)
for customers, items and sales orders with lines: bearer tokens checked for signature, audience,
tenant, expiry and revocation; 201 with `id`, `number` and `@odata.etag`; `If-Match` on PATCH
and DELETE; per-client rate limits (requests per window, concurrent requests with a queue) with
429 and `Retry-After`. A control API under /_control/ (no auth, never logged) lets tests read
what it received, read its documents, reset it, expire or revoke tokens, queue failures and read
the in-flight counters. See README.md next to this file.

Sources (public documentation, read for this peer; nothing copied):
- Microsoft Learn, Business Central API v2.0 reference: "Create salesOrders"
  (dynamics_salesorder_create: 201 with id, number, externalDocumentNumber, customerId,
  customerNumber, ...), "Create salesOrderLines" (dynamics_salesorderline_create: POST
  .../salesOrders({id})/salesOrderLines, lineType, lineObjectNumber, itemId, quantity,
  unitPrice, sequence), the customers and items resources, "Endpoints for the APIs"
  (https://api.businesscentral.dynamics.com/v2.0/<tenant>/<environment>/api/v2.0/...).
- Microsoft Learn, "Working with API limits in Dynamics 365 Business Central"
  (dynamics-rate-limits: 429 Too Many Requests, deep inserts to save calls; per-user OData
  limits of 6,000 requests per 5-minute window and 5 concurrent requests with a queue of 95,
  as also summarised by skuno.ai "Business Central API Limits").
- Microsoft identity platform, "OAuth 2.0 client credentials flow" (POST
  /<tenant>/oauth2/v2.0/token, grant_type=client_credentials, scope=<resource>/.default,
  client_secret in the body or HTTP Basic; token reply token_type/expires_in/ext_expires_in/
  access_token; error reply error/error_description/error_codes/timestamp/trace_id/
  correlation_id/error_uri) and the AADSTS error codes 7000215 (invalid client secret),
  700016 (application not found in the directory), 70011 (invalid scope), 70003/900144.
- Business Central error replies as users quote them: Authentication_InvalidCredentials
  (MicrosoftDocs/dynamics365smb-devitpro-pb issue 3172), BadRequest_InvalidToken "Could not
  validate the client concurrency token..." for a missing or malformed If-Match,
  Request_EntityChanged for a stale one, Internal_RecordNotFound "The Customer does not exist.
  Identification fields and values: No.='...'", Application_StringExceededLength.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import sys
import threading
import time
import uuid
from collections import deque
from decimal import Decimal, InvalidOperation
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peerkit"))
from peerkit import StrictPeerHandler, StrictPeerState, peer_arguments, run_until_signal  # noqa: E402  (shared peer plumbing)

RESOURCE = "https://api.businesscentral.dynamics.com"
SCOPE = RESOURCE + "/.default"
JSON_TYPE = ("application/json; odata.metadata=minimal; odata.streaming=true; "
             "IEEE754Compatible=false; charset=utf-8")
FAILURE_MODES = {"status", "delay", "drop", "drop_after_processing", "invalid_token", "throttle"}
API_RE = re.compile(r"^/v2\.0/([^/]+)/([^/]+)/api/v2\.0(?:/(.*))?$")
TOKEN_RE = re.compile(r"^/([^/]+)/oauth2/v2\.0/token$")
SEGMENT_RE = re.compile(r"^(\w+)(?:\(([^)]*)\))?$")
FILTER_RE = re.compile(r"^\s*(\w+)\s+eq\s+(?:'((?:[^']|'')*)'|([0-9a-fA-F-]{36})|(-?\d+(?:\.\d+)?))\s*$")
GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
EMPTY_GUID = "00000000-0000-0000-0000-000000000000"


class BcError(Exception):
    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


class AadError(Exception):
    def __init__(self, status, error, aadsts, description):
        super().__init__(description)
        self.status, self.error, self.aadsts, self.description = status, error, aadsts, description


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def money(value):
    return float(Decimal(value).quantize(Decimal("0.01")))


def bc_number(value, field):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BcError(400, "BadRequest", f"Cannot convert the literal '{value}' to the expected type "
                      f"'Edm.Decimal' for property '{field}'.")
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise BcError(400, "BadRequest", f"Invalid value for '{field}'.") from None
    return result


class BcState(StrictPeerState):
    def __init__(self, config):
        self.signing_key = b"bc-peer-" + uuid.uuid4().bytes
        super().__init__(config)

    def reset(self):
        with self.lock:
            self.reset_plumbing()  # the log and plans; in-flight survives, the maximum restarts
            self.tokens = {}  # jti -> {"client", "exp", "revoked"}
            self.windows = {}  # client id -> deque of request times
            self.executing = {}  # client id -> count
            self.max_executing = 0
            self.queued = {}
            self.company = {"id": self.config.company_id, "systemVersion": "25.0.23364.0",
                            "name": "CRONUS IN", "displayName": "CRONUS India Ltd.",
                            "businessProfileId": ""}
            self.items = {}
            for number, name, price in (("TSHIRT-BLU-M", "Cotton T-shirt, blue, M", "499.00"),
                                        ("MUG-CER-350", "Ceramic mug 350 ml", "299.00")):
                item_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "bc-peer-item:" + number))
                self.items[item_id] = {"id": item_id, "number": number, "displayName": name,
                                       "type": "Inventory", "baseUnitOfMeasureCode": "PCS",
                                       "unitPrice": float(price), "inventory": 100}
            self.locations = {"MAIN": "Main Warehouse"}
            self.customers = {}
            self.orders = {}
            self.next_customer = 10
            self.next_order = 101001
            self.version = 1000

    def next_etag(self):
        self.version += 1
        raw = f"{len(str(self.version))};{self.version}0000000000000000;"
        return 'W/"' + base64.b64encode(f"'{raw}'".encode()).decode() + '"'

    def snapshot(self):
        with self.lock:
            return json.loads(json.dumps({
                "company": self.company, "items": self.items, "customers": self.customers,
                "salesOrders": self.orders,
                "tokens": [{"client": t["client"], "exp": t["exp"], "revoked": t["revoked"]}
                           for t in self.tokens.values()]}))


class Handler(StrictPeerHandler):
    server_version = "Microsoft-HTTPAPI/2.0 (business-central-peer)"

    def internal_error_reply(self, e):
        return JSON_TYPE, json.dumps({"error": {"code": "Internal_ServerError",
                                                "message": f"internal error: {e}"}}).encode()

    failure_modes = FAILURE_MODES

    def concurrency_reply(self, state):
        return dict(super().concurrency_reply(state), maxExecuting=state.max_executing,
                    windowCounts={c: len(w) for c, w in state.windows.items()})

    def vendor_control(self, route, path, raw):
        if route in (("POST", "/_control/revoke_tokens"), ("POST", "/_control/expire_tokens")):
            with self.state.lock:
                for token in self.state.tokens.values():
                    if path.endswith("revoke_tokens"):
                        token["revoked"] = True
                    else:
                        token["exp"] = 0
                count = len(self.state.tokens)
            self.send_json(200, {"ok": True, "tokens": count})
            return True
        return False

    def serve(self, url, raw):
        plan = self.state.take_failure(self.command, url.path)
        mode = plan["mode"] if plan else None
        if mode == "drop":
            self.close_connection = True
            return None
        if mode == "status":
            headers = {"Retry-After": plan["retry_after"]} if plan["retry_after"] else {}
            body = plan["body"] if plan["body"] is not None else json.dumps(
                {"error": {"code": "Internal_ServiceUnavailable",
                           "message": "The service is temporarily unavailable (injected)."}})
            return plan["status"], JSON_TYPE, body.encode(), headers
        token_match = TOKEN_RE.match(url.path)
        if token_match:
            if mode == "delay":
                time.sleep(plan["delay_ms"] / 1000.0)
            reply = self.token_endpoint(token_match.group(1), raw)
        else:
            reply = self.api(url, raw, mode, plan)
        if mode == "drop_after_processing":
            self.close_connection = True
            return None
        return reply

    # ---- Entra ID token endpoint
    def aad_reply(self, err):
        now = time.gmtime()
        stamp = time.strftime("%Y-%m-%d %H:%M:%SZ", now)
        trace, correlation = str(uuid.uuid4()), str(uuid.uuid4())
        body = {"error": err.error,
                "error_description": f"AADSTS{err.aadsts}: {err.description}\r\nTrace ID: {trace}\r\n"
                                     f"Correlation ID: {correlation}\r\nTimestamp: {stamp}",
                "error_codes": [err.aadsts], "timestamp": stamp, "trace_id": trace,
                "correlation_id": correlation,
                "error_uri": f"https://login.microsoftonline.com/error?code={err.aadsts}"}
        return err.status, "application/json; charset=utf-8", json.dumps(body).encode(), {
            "Cache-Control": "no-store, no-cache"}

    def token_endpoint(self, tenant, raw):
        config, state = self.server.config, self.state
        try:
            if self.command != "POST":
                raise AadError(400, "invalid_request", 900561,
                               "The endpoint only accepts POST requests.")
            if tenant != config.tenant:
                raise AadError(400, "invalid_tenant", 90002,
                               f"Tenant '{tenant}' not found. Check to make sure you have the correct "
                               "tenant ID and are signing into the correct cloud.")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype != "application/x-www-form-urlencoded":
                raise AadError(400, "invalid_request", 900144,
                               "The request body must contain the following parameter: 'grant_type'.")
            form = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
            client_id, secret = form.get("client_id"), form.get("client_secret")
            auth = self.headers.get("Authorization")
            if auth and auth.lower().startswith("basic "):
                try:
                    pair = base64.b64decode(auth[6:].strip(), validate=True).decode()
                except ValueError:
                    pair = ":"
                basic_id, _, basic_secret = pair.partition(":")
                client_id, secret = unquote(basic_id), unquote(basic_secret)
            if form.get("grant_type") != "client_credentials":
                if "grant_type" not in form:
                    raise AadError(400, "invalid_request", 900144,
                                   "The request body must contain the following parameter: 'grant_type'.")
                raise AadError(400, "unsupported_grant_type", 70003,
                               "The app requested an unsupported grant type "
                               f"'{form.get('grant_type')}'.")
            if not client_id:
                raise AadError(400, "invalid_request", 900144,
                               "The request body must contain the following parameter: 'client_id'.")
            if client_id != config.client_id:
                raise AadError(400, "unauthorized_client", 700016,
                               f"Application with identifier '{client_id}' was not found in the "
                               f"directory '{tenant}'.")
            if not secret:
                raise AadError(401, "invalid_client", 7000218,
                               "The request body must contain the following parameter: "
                               "'client_assertion' or 'client_secret'.")
            if not hmac.compare_digest(secret.encode(), config.client_secret.encode()):
                raise AadError(401, "invalid_client", 7000215,
                               "Invalid client secret provided. Ensure the secret being sent in the "
                               "request is the client secret value, not the client secret ID, for a "
                               f"secret added to app '{client_id}'.")
            if form.get("scope") != SCOPE:
                raise AadError(400, "invalid_scope", 70011,
                               f"The provided request must include a 'scope' input parameter. The "
                               f"provided value for the input parameter 'scope' is not valid. The scope "
                               f"{form.get('scope')} is not valid.")
        except AadError as err:
            return self.aad_reply(err)
        now = int(time.time())
        jti = uuid.uuid4().hex
        exp = now + config.token_lifetime
        header = b64url(json.dumps({"typ": "JWT", "alg": "HS256"}).encode())
        payload = b64url(json.dumps({"aud": RESOURCE, "iss": f"https://sts.windows.net/{tenant}/",
                                     "iat": now, "nbf": now, "exp": exp, "appid": client_id,
                                     "tid": tenant, "roles": ["API.ReadWrite.All"], "jti": jti}).encode())
        signature = b64url(hmac.new(state.signing_key, f"{header}.{payload}".encode(), hashlib.sha256).digest())
        with state.lock:
            state.tokens[jti] = {"client": client_id, "exp": exp, "revoked": False}
        body = {"token_type": "Bearer", "expires_in": config.token_lifetime,
                "ext_expires_in": config.token_lifetime, "access_token": f"{header}.{payload}.{signature}"}
        return 200, "application/json; charset=utf-8", json.dumps(body).encode(), {
            "Cache-Control": "no-store, no-cache"}

    # ---- API
    def unauthorized(self, tenant):
        return BcError(401, "Authentication_InvalidCredentials",
                       f"The server has rejected the client credentials.  CorrelationId:  {uuid.uuid4()}.",
                       {"WWW-Authenticate":
                        f'Bearer authorization_uri="https://login.microsoftonline.com/{tenant}/oauth2/authorize", '
                        f'resource_id="{RESOURCE}", error="invalid_token"'})

    def check_token(self, tenant):
        """Returns the client id of a valid bearer token for this tenant, or raises 401."""
        state = self.state
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        parts = token.strip().split(".")
        if scheme.lower() != "bearer" or len(parts) != 3:
            raise self.unauthorized(tenant)
        expected = b64url(hmac.new(state.signing_key, f"{parts[0]}.{parts[1]}".encode(),
                                   hashlib.sha256).digest())
        if not hmac.compare_digest(expected.encode(), parts[2].encode()):
            raise self.unauthorized(tenant)
        try:
            claims = json.loads(b64url_decode(parts[1]))
        except ValueError:
            raise self.unauthorized(tenant) from None
        with state.lock:
            record = state.tokens.get(claims.get("jti"))
        now = time.time()
        if (record is None or record["revoked"] or record["exp"] <= now or claims.get("exp", 0) <= now
                or claims.get("aud") != RESOURCE or claims.get("tid") != tenant):
            raise self.unauthorized(tenant)
        return claims["appid"]

    def throttle_reply(self, retry_after, actual):
        limit = self.server.config.rate_limit
        return BcError(429, "Application_TooManyRequests",
                       f"Too many requests reached.  Actual ({actual}).  Maximum ({limit}).",
                       {"Retry-After": str(retry_after)})

    def api(self, url, raw, mode, plan):
        config, state = self.server.config, self.state
        match = API_RE.match(url.path)
        tenant = match.group(1) if match else config.tenant
        client = None
        acquired = False
        try:
            if not match:
                raise BcError(404, "BadRequest_NotFound", f"The request URL {url.path} is not valid.")
            environment, rest = match.group(2), match.group(3) or ""
            if mode == "invalid_token":
                raise self.unauthorized(tenant)
            client = self.check_token(tenant)
            if environment not in config.environments:
                raise BcError(404, "NoEnvironment", f"Environment '{environment}' does not exist.")
            if mode == "throttle":
                raise self.throttle_reply(plan["retry_after"] or "2", config.rate_limit + 1)
            now = time.time()
            with state.lock:
                window = state.windows.setdefault(client, deque())
                while window and window[0] <= now - config.rate_window:
                    window.popleft()
                if len(window) >= config.rate_limit:
                    retry = max(1, int(window[0] + config.rate_window - now + 0.999))
                    raise self.throttle_reply(retry, len(window) + 1)
                window.append(now)
                running = state.executing.get(client, 0)
                waiting = state.queued.get(client, 0)
                if running >= config.max_concurrent and waiting >= config.max_queue:
                    raise self.throttle_reply(1, running + waiting + 1)
                state.queued[client] = waiting + 1
            acquired = self.wait_for_slot(client)
            if mode == "delay":  # while holding one of the client's concurrent slots
                time.sleep(plan["delay_ms"] / 1000.0)
            with state.lock:
                status, payload, headers = self.route(rest, dict(parse_qsl(url.query, keep_blank_values=True)),
                                                      raw, tenant, environment)
            body = b"" if payload is None else json.dumps(payload).encode()
            return status, JSON_TYPE if payload is not None else None, body, headers
        except BcError as e:
            return e.status, JSON_TYPE, json.dumps({"error": {"code": e.code, "message": e.message}}).encode(), e.headers
        finally:
            if acquired:
                with state.lock:
                    state.executing[client] -= 1
                    self.server.slot_freed.notify_all()

    def wait_for_slot(self, client):
        """BC runs 5 requests per user at once and queues the rest (up to 95)."""
        state, config = self.state, self.server.config
        with self.server.slot_freed:
            while state.executing.get(client, 0) >= config.max_concurrent:
                self.server.slot_freed.wait(0.5)
            state.queued[client] -= 1
            state.executing[client] = state.executing.get(client, 0) + 1
            state.max_executing = max(state.max_executing, state.executing[client])
        return True

    def json_body(self, raw):
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise BcError(415, "BadRequest", f"The content type '{ctype}' is not supported: use application/json.")
        try:
            body = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise BcError(400, "BadRequest", f"Invalid JSON in the request body: {e}") from None
        if not isinstance(body, dict):
            raise BcError(400, "BadRequest", "The request body must be a JSON object.")
        return body

    def base(self, tenant, environment):
        return f"http://{self.headers.get('Host')}/v2.0/{tenant}/{environment}/api/v2.0"

    def route(self, rest, query, raw, tenant, environment):
        state = self.state
        base = self.base(tenant, environment)
        segments = [s for s in rest.split("/") if s]
        if not segments:
            raise BcError(404, "BadRequest_NotFound", "No resource was requested.")
        parsed = []
        for s in segments:
            m = SEGMENT_RE.match(s)
            if not m:
                raise BcError(400, "BadRequest_InvalidRequestUrl", f"The request URL segment '{s}' is not valid.")
            parsed.append((m.group(1), unquote(m.group(2)) if m.group(2) is not None else None))
        if parsed[0][0] != "companies":
            raise BcError(404, "BadRequest_NotFound", f"Resource '{parsed[0][0]}' was not found.")
        company_id = parsed[0][1]
        if company_id is None:
            if self.command != "GET" or len(parsed) > 1:
                raise BcError(405, "BadRequest_MethodNotAllowed", "'POST' requests for 'companies' are not allowed.")
            return 200, {"@odata.context": f"{base}/$metadata#companies", "value": [state.company]}, {}
        if company_id != state.company["id"]:
            raise BcError(404, "BadRequest_NotFound", f"The company '{company_id}' does not exist.")
        context = f"{base}/$metadata#companies({company_id})"
        if len(parsed) == 1:
            return 200, {"@odata.context": f"{base}/$metadata#companies/$entity", **state.company}, {}
        entity, key = parsed[1]
        if key is not None and not GUID_RE.match(key):
            raise BcError(400, "BadRequest_InvalidRequestUrl", f"'{key}' is not a valid id (a GUID).")
        nav = parsed[2] if len(parsed) > 2 else None
        if len(parsed) > 3:
            raise BcError(404, "BadRequest_NotFound", "The request URL is not valid.")
        if entity == "items" and nav is None:
            return self.read_only(state.items, key, query, f"{context}/items")
        if entity == "customers" and nav is None:
            return self.customers(key, query, raw, f"{context}/customers")
        if entity == "salesOrders":
            return self.sales_orders(key, nav, query, raw, f"{context}/salesOrders")
        raise BcError(404, "BadRequest_NotFound", f"Resource '{entity}' was not found.")

    def filtered(self, rows, query):
        if "$filter" in query:
            for part in re.split(r"\s+and\s+", query["$filter"].strip()):
                m = FILTER_RE.match(part)
                if not m:
                    raise BcError(400, "BadRequest", f"The $filter expression '{query['$filter']}' is not "
                                  "supported by the peer (use <property> eq '<text>' | <guid> | <number>, "
                                  "joined with and).")
                name, text, guid, num = m.groups()
                if text is not None:
                    value = text.replace("''", "'")
                    rows = [r for r in rows if r.get(name) == value]
                elif guid is not None:
                    rows = [r for r in rows if str(r.get(name, "")).lower() == guid.lower()]
                else:
                    rows = [r for r in rows if isinstance(r.get(name), (int, float))
                            and Decimal(str(r[name])) == Decimal(num)]
        try:
            skip = int(query.get("$skip", 0))
            top = int(query["$top"]) if "$top" in query else None
        except ValueError:
            raise BcError(400, "BadRequest", "Invalid $top or $skip.") from None
        rows = rows[skip:]
        return rows if top is None else rows[:top]

    def read_only(self, table, key, query, context):
        if self.command != "GET":
            raise BcError(405, "BadRequest_MethodNotAllowed", f"'{self.command}' requests are not allowed here.")
        if key is None:
            return 200, {"@odata.context": context, "value": self.filtered(list(table.values()), query)}, {}
        if key not in table:
            raise BcError(404, "BadRequest_NotFound", "The record does not exist.")
        return 200, {"@odata.context": context + "/$entity", **table[key]}, {}

    def check_if_match(self, record):
        given = self.headers.get("If-Match")
        if given is None or not given.startswith('W/"') and given != "*":
            raise BcError(400, "BadRequest_InvalidToken",
                          "Could not validate the client concurrency token required by the service. "
                          "Please provide a valid token in the client request.")
        if given != "*" and given != record["@odata.etag"]:
            raise BcError(409, "Request_EntityChanged", "Another user has already changed the record.")

    def check_length(self, value, limit, field):
        if value is not None and (not isinstance(value, str)):
            raise BcError(400, "BadRequest", f"Invalid value for '{field}'.")
        if value is not None and len(value) > limit:
            raise BcError(400, "Application_StringExceededLength",
                          f"The length of the string is {len(value)}, but it must be less than or equal "
                          f"to {limit} characters. Value: {value}")

    # ---- customers
    def customers(self, key, query, raw, context):
        state, method = self.state, self.command
        if key is None:
            if method == "GET":
                return 200, {"@odata.context": context,
                             "value": self.filtered(list(state.customers.values()), query)}, {}
            if method != "POST":
                raise BcError(405, "BadRequest_MethodNotAllowed", f"'{method}' requests for 'customers' are not allowed.")
            body = self.json_body(raw)
            number = body.get("number")
            self.check_length(number, 20, "number")
            self.check_length(body.get("displayName"), 100, "displayName")
            self.check_length(body.get("email"), 80, "email")
            if number is None or number == "":
                number = f"C{state.next_customer:05d}"
                state.next_customer += 10
            if any(c["number"] == number for c in state.customers.values()):
                raise BcError(400, "Internal_EntityWithSameKeyExists",
                              f"The record already exists. Identification fields and values: No.='{number}'")
            if body.get("type", "Company") not in ("Company", "Person"):
                raise BcError(400, "BadRequest", f"The value '{body.get('type')}' is not valid for 'type'.")
            cid = str(uuid.uuid4())
            record = {"id": cid, "number": number, "displayName": body.get("displayName", ""),
                      "type": body.get("type", "Company"), "email": body.get("email", ""),
                      "phoneNumber": body.get("phoneNumber", ""), "addressLine1": body.get("addressLine1", ""),
                      "city": body.get("city", ""), "postalCode": body.get("postalCode", ""),
                      "country": body.get("country", ""), "currencyCode": body.get("currencyCode", ""),
                      "blocked": "_x0020_", "lastModifiedDateTime": self.now()}
            record["@odata.etag"] = state.next_etag()
            state.customers[cid] = record
            return 201, {"@odata.context": context + "/$entity", **record}, {
                "Location": f"{context.replace('/$metadata#', '/')}({cid})", "ETag": record["@odata.etag"]}
        record = state.customers.get(key)
        if record is None:
            raise BcError(404, "BadRequest_NotFound", "The record does not exist.")
        if method == "GET":
            return 200, {"@odata.context": context + "/$entity", **record}, {"ETag": record["@odata.etag"]}
        self.check_if_match(record)
        if method == "DELETE":
            if any(o["customerId"] == key for o in state.orders.values()):
                raise BcError(400, "Application_DialogException",
                              f"You cannot delete Customer {record['number']} because there is at least one "
                              "outstanding Sales Order for this customer.")
            del state.customers[key]
            return 204, None, {}
        if method == "PATCH":
            body = self.json_body(raw)
            for name in ("displayName", "email", "phoneNumber", "addressLine1", "city", "postalCode", "country"):
                if name in body:
                    record[name] = body[name]
            record["@odata.etag"] = state.next_etag()
            record["lastModifiedDateTime"] = self.now()
            return 200, {"@odata.context": context + "/$entity", **record}, {"ETag": record["@odata.etag"]}
        raise BcError(405, "BadRequest_MethodNotAllowed", f"'{method}' requests are not allowed here.")

    # ---- sales orders
    @staticmethod
    def now():
        return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())

    def build_line(self, order, raw, index, sequence):
        state = self.state
        if not isinstance(raw, dict):
            raise BcError(400, "BadRequest", f"salesOrderLines[{index}] must be an object.")
        line_type = raw.get("lineType", "Item")
        if line_type != "Item":
            raise BcError(400, "BadRequest", f"The peer supports lineType 'Item' only, not '{line_type}'.")
        item = None
        if raw.get("itemId") and raw["itemId"] != EMPTY_GUID:
            item = state.items.get(raw["itemId"])
            if item is None:
                raise BcError(400, "Internal_RecordNotFound",
                              f"The Item does not exist. Identification fields and values: SystemId='{raw['itemId']}'")
        elif raw.get("lineObjectNumber"):
            item = next((i for i in state.items.values() if i["number"] == raw["lineObjectNumber"]), None)
            if item is None:
                raise BcError(400, "Internal_RecordNotFound",
                              f"The Item does not exist. Identification fields and values: "
                              f"No.='{raw['lineObjectNumber']}'")
        else:
            raise BcError(400, "Application_DialogException",
                          f"salesOrderLines[{index}]: you must specify itemId or lineObjectNumber for an Item line.")
        quantity = bc_number(raw.get("quantity", 0), "quantity")
        if quantity < 0:
            raise BcError(400, "Application_DialogException", "Quantity must be positive.")
        price = bc_number(raw["unitPrice"], "unitPrice") if "unitPrice" in raw else Decimal(str(item["unitPrice"]))
        discount = bc_number(raw.get("discountPercent", 0), "discountPercent")
        amount = price * quantity * (Decimal(100) - discount) / Decimal(100)
        line = {"id": raw.get("id") if GUID_RE.match(str(raw.get("id", ""))) else str(uuid.uuid4()),
                "documentId": order["id"], "sequence": sequence, "itemId": item["id"],
                "accountId": EMPTY_GUID, "lineType": "Item", "lineObjectNumber": item["number"],
                "description": raw.get("description", item["displayName"]),
                "unitOfMeasureCode": raw.get("unitOfMeasureCode", item["baseUnitOfMeasureCode"]),
                "quantity": float(quantity), "unitPrice": float(price), "discountPercent": float(discount),
                "amountExcludingTax": money(amount), "shipQuantity": float(quantity),
                "shippedQuantity": 0, "invoicedQuantity": 0,
                "locationId": raw.get("locationId", EMPTY_GUID)}
        line["@odata.etag"] = self.state.next_etag()
        return line

    def recompute(self, order):
        total = sum((Decimal(str(l["amountExcludingTax"])) for l in order["salesOrderLines"]), Decimal(0))
        order["totalAmountExcludingTax"] = money(total)
        order["totalAmountIncludingTax"] = money(total)
        order["@odata.etag"] = self.state.next_etag()
        order["lastModifiedDateTime"] = self.now()

    def order_out(self, order, expand):
        out = {k: v for k, v in order.items() if k != "salesOrderLines"}
        if expand:
            out["salesOrderLines"] = order["salesOrderLines"]
        return out

    def find_customer(self, body):
        state = self.state
        if body.get("customerId") and body["customerId"] != EMPTY_GUID:
            customer = state.customers.get(body["customerId"])
            if customer is None:
                raise BcError(400, "Internal_RecordNotFound",
                              f"The Customer does not exist. Identification fields and values: "
                              f"SystemId='{body['customerId']}'")
            return customer
        if body.get("customerNumber"):
            customer = next((c for c in state.customers.values() if c["number"] == body["customerNumber"]), None)
            if customer is None:
                raise BcError(400, "Internal_RecordNotFound",
                              f"The Customer does not exist. Identification fields and values: "
                              f"No.='{body['customerNumber']}'")
            return customer
        raise BcError(400, "Application_DialogException",
                      "You must specify a customer (customerId or customerNumber) for the sales order.")

    def sales_orders(self, key, nav, query, raw, context):
        state, method = self.state, self.command
        expand = "salesOrderLines" in query.get("$expand", "")
        if key is None:
            if nav is not None:
                raise BcError(404, "BadRequest_NotFound", "The request URL is not valid.")
            if method == "GET":
                rows = [self.order_out(o, expand) for o in state.orders.values()]
                return 200, {"@odata.context": context, "value": self.filtered(rows, query)}, {}
            if method != "POST":
                raise BcError(405, "BadRequest_MethodNotAllowed", f"'{method}' requests for 'salesOrders' are not allowed.")
            body = self.json_body(raw)
            customer = self.find_customer(body)
            self.check_length(body.get("externalDocumentNumber"), 35, "externalDocumentNumber")
            lines = body.get("salesOrderLines", [])
            if not isinstance(lines, list):
                raise BcError(400, "BadRequest", "salesOrderLines must be an array.")
            oid = str(uuid.uuid4())
            order = {"id": oid, "number": str(state.next_order),
                     "externalDocumentNumber": body.get("externalDocumentNumber", ""),
                     "orderDate": body.get("orderDate", time.strftime("%Y-%m-%d")),
                     "postingDate": body.get("postingDate", time.strftime("%Y-%m-%d")),
                     "customerId": customer["id"], "customerNumber": customer["number"],
                     "customerName": customer["displayName"],
                     "currencyCode": body.get("currencyCode", ""),
                     "requestedDeliveryDate": body.get("requestedDeliveryDate", "0001-01-01"),
                     "status": "Draft", "fullyShipped": False, "salesOrderLines": []}
            for index, raw_line in enumerate(lines):
                order["salesOrderLines"].append(self.build_line(order, raw_line, index, 10000 * (index + 1)))
            state.next_order += 1
            self.recompute(order)
            state.orders[oid] = order
            return 201, {"@odata.context": context + "/$entity", **self.order_out(order, bool(lines))}, {
                "Location": f"{context.replace('/$metadata#', '/')}({oid})", "ETag": order["@odata.etag"]}
        order = state.orders.get(key)
        if order is None:
            raise BcError(404, "BadRequest_NotFound", "The record does not exist.")
        if nav is None:
            if method == "GET":
                return 200, {"@odata.context": context + "/$entity", **self.order_out(order, expand)}, {
                    "ETag": order["@odata.etag"]}
            self.check_if_match(order)
            if method == "DELETE":
                del state.orders[key]
                return 204, None, {}
            if method == "PATCH":
                body = self.json_body(raw)
                if "salesOrderLines" in body:
                    raise BcError(400, "BadRequest", "Deep update is not supported: change lines through "
                                  "salesOrders({id})/salesOrderLines.")
                if ("customerId" in body and body["customerId"] != order["customerId"]) or \
                        ("customerNumber" in body and body["customerNumber"] != order["customerNumber"]):
                    customer = self.find_customer(body)
                    order.update({"customerId": customer["id"], "customerNumber": customer["number"],
                                  "customerName": customer["displayName"]})
                if "externalDocumentNumber" in body:
                    self.check_length(body["externalDocumentNumber"], 35, "externalDocumentNumber")
                for name in ("externalDocumentNumber", "orderDate", "postingDate", "requestedDeliveryDate"):
                    if name in body:
                        order[name] = body[name]
                self.recompute(order)
                return 200, {"@odata.context": context + "/$entity", **self.order_out(order, False)}, {
                    "ETag": order["@odata.etag"]}
            raise BcError(405, "BadRequest_MethodNotAllowed", f"'{method}' requests are not allowed here.")
        nav_name, line_key = nav
        if nav_name != "salesOrderLines":
            raise BcError(404, "BadRequest_NotFound", f"Resource '{nav_name}' was not found.")
        lines_context = f"{context}({key})/salesOrderLines"
        if line_key is None:
            if method == "GET":
                return 200, {"@odata.context": lines_context,
                             "value": self.filtered(list(order["salesOrderLines"]), query)}, {}
            if method == "POST":
                sequence = 10000 + max((l["sequence"] for l in order["salesOrderLines"]), default=0)
                line = self.build_line(order, self.json_body(raw), 0, sequence)
                order["salesOrderLines"].append(line)
                self.recompute(order)
                return 201, {"@odata.context": lines_context + "/$entity", **line}, {"ETag": line["@odata.etag"]}
            raise BcError(405, "BadRequest_MethodNotAllowed", f"'{method}' requests are not allowed here.")
        line = next((l for l in order["salesOrderLines"] if l["id"] == line_key), None)
        if line is None:
            raise BcError(404, "BadRequest_NotFound", "The record does not exist.")
        if method == "GET":
            return 200, {"@odata.context": lines_context + "/$entity", **line}, {"ETag": line["@odata.etag"]}
        self.check_if_match(line)
        if method == "DELETE":
            order["salesOrderLines"].remove(line)
            self.recompute(order)
            return 204, None, {}
        if method == "PATCH":
            body = self.json_body(raw)
            merged = {k: v for k, v in line.items() if k in ("id", "itemId", "description", "unitOfMeasureCode",
                                                             "quantity", "unitPrice", "discountPercent",
                                                             "locationId")}
            for name in ("quantity", "unitPrice", "discountPercent", "description"):
                if name in body:
                    merged[name] = body[name]
            new = self.build_line(order, merged, 0, line["sequence"])
            order["salesOrderLines"][order["salesOrderLines"].index(line)] = new
            self.recompute(order)
            return 200, {"@odata.context": lines_context + "/$entity", **new}, {"ETag": new["@odata.etag"]}
        raise BcError(405, "BadRequest_MethodNotAllowed", f"'{method}' requests are not allowed here.")

    def log_entry(self, url, raw):
        text = raw.decode("utf-8", errors="replace")
        parsed = None
        if TOKEN_RE.match(url.path):
            form = parse_qsl(text, keep_blank_values=True)
            form = [(k, "***" if k == "client_secret" else v) for k, v in form]
            text = "&".join(f"{k}={v}" for k, v in form)
            parsed = dict(form)
        else:
            try:
                parsed = json.loads(text) if text else None
            except ValueError:
                parsed = None
        headers = {name.lower(): ("***" if name.lower() == "authorization" else value)
                   for name, value in self.headers.items()}
        entry = {"method": self.command, "path": url.path,
                 "query": dict(parse_qsl(url.query, keep_blank_values=True)),
                 "headers": headers, "body": text, "json": parsed, "replyStatus": None,
                 "receivedAt": time.time()}
        self.state.received.append(entry)
        return entry


def parse_args(argv):
    p = peer_arguments("Business Central API v2.0 + Entra ID token endpoint test peer.")
    p.add_argument("--tenant", default="5b7d3c7e-1f4a-4c1e-9a57-6d2b8f0c1a11")
    p.add_argument("--environment", action="append", dest="environments",
                   help="environment names served (repeatable; default Production)")
    p.add_argument("--company-id", default="f3d1a4b2-6c5e-4f70-8a9b-0c1d2e3f4a5b")
    p.add_argument("--client-id", default="0b7e2a52-3c9d-4e8f-9a10-b2c3d4e5f607")
    p.add_argument("--client-secret", default="bc-client-secret")
    p.add_argument("--token-lifetime", type=int, default=3599, help="expires_in of issued tokens, seconds")
    p.add_argument("--rate-limit", type=int, default=6000, help="requests per window and client")
    p.add_argument("--rate-window", type=float, default=300.0, help="window length in seconds")
    p.add_argument("--max-concurrent", type=int, default=5, help="requests a client runs at once")
    p.add_argument("--max-queue", type=int, default=95, help="requests a client may have waiting")
    args = p.parse_args(argv)
    args.environments = args.environments or ["Production"]
    return args


def main(argv=None):
    config = parse_args(argv)
    server = ThreadingHTTPServer((config.host, config.port), Handler)
    server.daemon_threads = True
    server.config = config
    server.state = BcState(config)
    server.slot_freed = threading.Condition(server.state.lock)
    return run_until_signal(server)


if __name__ == "__main__":
    sys.exit(main())
