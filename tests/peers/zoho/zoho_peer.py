#!/usr/bin/python3
"""Test peer with Zoho Inventory's API and a Zoho Accounts-style OAuth2 token endpoint.

A real HTTP/1.1 server on loopback, standard library only, for erpbridge's Zoho Inventory
recipe. One port serves both hosts' paths:

- ``POST /oauth/v2/token?refresh_token=..&client_id=..&client_secret=..&grant_type=refresh_token``
  (query or form body) -> ``{"access_token", "expires_in": 3600, "api_domain", "token_type":
  "Bearer"}``; a wrong refresh token is ``{"error": "invalid_code"}``; at most 10 access tokens
  per refresh token in 10 minutes, at most 30 alive (the 31st deletes the oldest);
- ``/inventory/v1/...`` with ``Authorization: Zoho-oauthtoken <token>``: an unknown or expired
  token is ``401 {"code": 57, "message": "You are not authorized to perform this operation"}``,
  no token ``401`` code 14; ``organization_id`` on every call (another organization is code
  6041); every reply carries ``code`` (0 = success) and ``message``;
- contacts, items (seeded by SKU, ``GET /items?sku=``), sales orders (draft -> confirmed / void,
  line items by ``item_id``), credit notes;
- 100 requests per minute per organization (sliding window) and a daily quota, answered 429
  with ``Retry-After``.

Sources (read, not copied): Zoho Inventory API documentation (introduction: organization_id on
every request; OAuth; errors), the Zoho Inventory OpenAPI documents for sales orders (required
customer_id / line_items / salesorder_number unless auto-numbered, /status/confirmed,
/status/void, "code": 0 replies), Zoho Accounts' refresh-token and token-limit pages, the
Zoho Books/Invoice error pages (HTTP codes; {"code": 1002, "message": "... does not exist."};
{"code": 6041, "message": "This user is not associated with the CompanyID/CompanyName:..."}),
and API-limit summaries (100 requests/minute/organization, daily limits per plan).

Control API under /_control/ (no auth, never logged): see README.md next to this file.
"""

import collections
import datetime
import json
import secrets
import os
import sys
import time
from urllib.parse import parse_qsl, urlsplit

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peerkit"))
from peerkit import PeerHandler, PeerState, peer_arguments, serve  # noqa: E402  (shared peer plumbing)


# ---------------------------------------------------------------- Zoho replies

SECRET_PARAMS = ("refresh_token", "client_secret", "code", "access_token")
ID_BASE = 4815000000044000


class ZohoError(Exception):
    """A failure reply: HTTP status and Zoho's {"code", "message"} body."""

    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def not_exist(entity, status=404):
    return ZohoError(status, 1002, f"{entity} does not exist.")


def invalid(field):
    return ZohoError(400, 2, f"Invalid value passed for {field}")


class ZohoState(PeerState):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.reset_documents()

    def reset_documents(self):
        c = self.config
        self.refresh_token, self.client_id, self.client_secret = c.refresh_token, c.client_id, c.client_secret
        self.tokens = collections.OrderedDict()  # access token -> expiry (epoch seconds)
        self.token_issues = collections.deque()  # times access tokens were issued (token limit window)
        self.minute_window = collections.deque()  # request times (rate limit window, per organization)
        self.daily_used, self.day = 0, datetime.datetime.now(datetime.timezone.utc).date()
        self.next_id = ID_BASE
        self.contacts, self.salesorders, self.creditnotes = {}, {}, {}
        self.numbers = {"SO": 0, "CN": 0}
        self.items = {}
        for sku, name, rate in (("TSHIRT-BLU-M", "Cotton T-shirt, blue, M", 499.0),
                                ("MUG-CER-350", "Ceramic mug 350 ml", 299.0),
                                ("TSHIRT-BLU-L", "Cotton T-shirt, blue, L", 499.0)):
            iid = self.new_id()
            self.items[iid] = {"item_id": iid, "name": name, "sku": sku, "rate": rate, "unit": "pcs",
                               "status": "active", "item_type": "inventory", "product_type": "goods",
                               "is_taxable": True, "stock_on_hand": 100.0}

    def new_id(self):
        self.next_id += 1
        return str(self.next_id)

    def next_number(self, prefix):
        self.numbers[prefix] += 1
        return f"{prefix}-{self.numbers[prefix]:05d}"

    def created(self):
        return {"contacts": self.contacts, "salesorders": self.salesorders, "creditnotes": self.creditnotes}


def today():
    return datetime.date.today().isoformat()


def as_number(value, field):
    if isinstance(value, bool):
        raise invalid(field)
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except (TypeError, ValueError):
        raise invalid(field) from None


def page_context(query, total_listed, has_more):
    page = int(query.get("page") or 1)
    per_page = int(query.get("per_page") or 200)
    return {"page": page, "per_page": per_page, "has_more_page": has_more, "report_name": "",
            "applied_filter": query.get("filter_by", "Status.All"), "sort_column": query.get("sort_column", "created_time"),
            "sort_order": query.get("sort_order", "D")}


def paginate(rows, query):
    try:
        page = max(1, int(query.get("page") or 1))
        per_page = max(1, min(200, int(query.get("per_page") or 200)))
    except ValueError:
        raise invalid("page") from None
    start = (page - 1) * per_page
    chunk = rows[start:start + per_page]
    return chunk, page_context(query, len(chunk), start + per_page < len(rows))


class ZohoHandler(PeerHandler):

    # ------------------------------------------------------------ plumbing hooks

    def log_entry(self, path, query, raw):
        entry = super().log_entry(path, query, raw)
        for name in list(entry["query"]):
            if name in SECRET_PARAMS:
                entry["query"][name] = "***"
        split = urlsplit(entry["rawPath"])
        if split.query:
            redacted = "&".join(f"{k}=***" if k in SECRET_PARAMS else f"{k}={v}"
                                for k, v in parse_qsl(split.query, keep_blank_values=True))
            entry["rawPath"] = f"{split.path}?{redacted}"
        if path == "/oauth/v2/token" and entry["body"]:
            form = parse_qsl(entry["body"], keep_blank_values=True)
            entry["body"] = "&".join(f"{k}=***" if k in SECRET_PARAMS else f"{k}={v}" for k, v in form)
        return entry

    def reply_for_log(self, path, text):
        if path == "/oauth/v2/token" and "access_token" in text:
            try:
                reply = json.loads(text)
                reply["access_token"] = "***"
                return json.dumps(reply)
            except ValueError:
                return "***"
        return text

    def auth_refusal(self, path, raw):
        if path.startswith("/oauth/"):
            return self.json(200, {"error": "invalid_code"})
        return self.zoho_error(ZohoError(401, 57, "You are not authorized to perform this operation"))

    def injected_body(self, status):
        if status == 429:
            return json.dumps({"code": 44, "message": "You have exceeded the maximum number of API requests "
                                                      "allowed per minute for your organization."}).encode()
        return json.dumps({"code": 1000, "message": "Internal error"}).encode()

    def json(self, status, payload, headers=None):
        return status, dict(headers or {}), "application/json;charset=UTF-8", json.dumps(payload).encode()

    def zoho_error(self, e):
        return self.json(e.status, {"code": e.code, "message": e.message}, e.headers)

    def ok(self, status, message, **payload):
        body = {"code": 0, "message": message}
        body.update(payload)
        return self.json(status, body)

    def process(self, path, query_string, raw):
        query = dict(parse_qsl(query_string, keep_blank_values=True))
        if path == "/oauth/v2/token":
            with self.state.lock:
                return self.token(query, raw)
        if not path.startswith("/inventory/v1/"):
            return self.json(404, {"code": 5, "message": "Invalid URL Passed"})
        try:
            with self.state.lock:
                self.authorize(query)
                return self.api(path[len("/inventory/v1"):].rstrip("/"), query, raw)
        except ZohoError as e:
            return self.zoho_error(e)

    # ------------------------------------------------------------ Zoho Accounts

    def token(self, query, raw):
        st, cfg = self.state, self.server.config
        if self.command != "POST":
            return self.json(405, {"error": "invalid_request"})
        params = dict(query)
        if raw:
            params.update(parse_qsl(raw.decode("utf-8", errors="replace"), keep_blank_values=True))
        if params.get("grant_type") != "refresh_token":
            return self.json(200, {"error": "unsupported_grant_type"})
        if not secrets.compare_digest(params.get("client_id", ""), st.client_id):
            return self.json(200, {"error": "invalid_client"})
        if not secrets.compare_digest(params.get("client_secret", ""), st.client_secret):
            return self.json(200, {"error": "invalid_client_secret"})
        if not secrets.compare_digest(params.get("refresh_token", ""), st.refresh_token):
            return self.json(200, {"error": "invalid_code"})
        now = time.time()
        while st.token_issues and st.token_issues[0] <= now - cfg.token_window:
            st.token_issues.popleft()
        if len(st.token_issues) >= cfg.token_limit:
            return self.json(400, {"error_description": "You have made too many requests continuously. "
                                                        "Please try again after some time.",
                                   "error": "Access Denied", "status": "failure"})
        st.token_issues.append(now)
        token = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
        st.tokens[token] = now + cfg.expires_in
        while len(st.tokens) > cfg.max_live_tokens:  # the 31st access token deletes the first
            st.tokens.popitem(last=False)
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
        return self.json(200, {"access_token": token, "expires_in": cfg.expires_in,
                               "api_domain": cfg.api_domain or f"http://{host}", "token_type": "Bearer"})

    # ------------------------------------------------------------ auth, organization, limits

    def authorize(self, query):
        st, cfg = self.state, self.server.config
        header = self.headers.get("Authorization") or ""
        scheme, _, token = header.partition(" ")
        if scheme != "Zoho-oauthtoken" or not token.strip():
            raise ZohoError(401, 14, "The request could not be authenticated as the authentication value you "
                                     "entered is invalid. Enter a valid authentication value and try again.")
        expiry = st.tokens.get(token.strip())
        if expiry is None or expiry <= time.time():
            raise ZohoError(401, 57, "You are not authorized to perform this operation")
        org = query.get("organization_id")  # a query parameter, as the Inventory API documents it
        if not org:
            raise ZohoError(400, 2, "Invalid value passed for organization_id")
        if org != cfg.organization_id:
            raise ZohoError(401, 6041, f"This user is not associated with the CompanyID/CompanyName:{org}.")
        now = time.time()
        day = datetime.datetime.now(datetime.timezone.utc).date()
        if day != st.day:
            st.day, st.daily_used = day, 0
        if st.daily_used >= cfg.daily_limit:
            midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(),
                                                 tzinfo=datetime.timezone.utc).timestamp()
            raise ZohoError(429, 44, "You have reached the maximum number of API calls allowed per day for "
                                     "your organization.", {"Retry-After": str(max(1, int(midnight - now)))})
        while st.minute_window and st.minute_window[0] <= now - 60:
            st.minute_window.popleft()
        if len(st.minute_window) >= cfg.per_minute:
            wait = max(1, int(st.minute_window[0] + 60 - now + 0.999))
            raise ZohoError(429, 44, "You have exceeded the maximum number of API requests allowed per minute "
                                     "for your organization.", {"Retry-After": str(wait)})
        st.minute_window.append(now)
        st.daily_used += 1

    # ------------------------------------------------------------ resources

    def body(self, raw, query):
        """A JSON body, or the form field JSONString as Zoho's older clients send it."""
        text = raw.decode("utf-8", errors="replace") if raw else ""
        ctype = (self.headers.get("Content-Type") or "").lower()
        if "application/x-www-form-urlencoded" in ctype:
            text = dict(parse_qsl(text, keep_blank_values=True)).get("JSONString", "")
        elif not text and "JSONString" in query:
            text = query["JSONString"]
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            raise ZohoError(400, 4, "Invalid value passed for JSONString") from None
        if not isinstance(data, dict):
            raise ZohoError(400, 4, "Invalid value passed for JSONString")
        return data

    def api(self, route, query, raw):
        m, parts = self.command, route.strip("/").split("/")
        head, rest = parts[0], parts[1:]
        if head == "organizations" and m == "GET" and not rest:
            return self.ok(200, "success", organizations=[{"organization_id": self.server.config.organization_id,
                                                           "name": "Commerceup Demo", "currency_code": "INR",
                                                           "is_default_org": True}])
        if head == "contacts":
            return self.contacts_api(m, rest, query, raw)
        if head == "items":
            return self.items_api(m, rest, query)
        if head == "salesorders":
            return self.salesorders_api(m, rest, query, raw)
        if head == "creditnotes":
            return self.creditnotes_api(m, rest, query, raw)
        return self.json(404, {"code": 5, "message": "Invalid URL Passed"})

    def contacts_api(self, m, rest, query, raw):
        st = self.state
        if not rest and m == "POST":
            data = self.body(raw, query)
            name = data.get("contact_name")
            if not isinstance(name, str) or not name.strip():
                raise invalid("contact_name")
            cid = st.new_id()
            contact = {"contact_id": cid, "contact_name": name, "company_name": data.get("company_name", ""),
                       "contact_type": data.get("contact_type", "customer"), "status": "active",
                       "email": data.get("email", ""), "phone": data.get("phone", ""),
                       "created_time": datetime.datetime.now(datetime.timezone.utc).isoformat()}
            contact.update({k: v for k, v in data.items() if k not in contact})
            st.contacts[cid] = contact
            return self.ok(201, "The contact has been added.", contact=contact)
        if not rest and m == "GET":
            rows = list(st.contacts.values())
            for key in ("contact_name", "company_name", "email", "phone", "contact_type", "reference_number"):
                if key in query:
                    rows = [c for c in rows if str(c.get(key, "")).lower() == query[key].lower()]
            if "email_contains" in query:
                rows = [c for c in rows if query["email_contains"].lower() in str(c.get("email", "")).lower()]
            if "search_text" in query:
                rows = [c for c in rows if query["search_text"].lower() in c["contact_name"].lower()]
            rows, ctx = paginate(rows, query)
            return self.ok(200, "success", contacts=rows, page_context=ctx)
        if len(rest) == 1 and m in ("GET", "PUT"):
            contact = st.contacts.get(rest[0])
            if contact is None:
                raise not_exist("Contact")
            if m == "PUT":
                for key, value in self.body(raw, query).items():
                    if key != "contact_id":
                        contact[key] = value
                return self.ok(200, "Contact information has been saved.", contact=contact)
            return self.ok(200, "success", contact=contact)
        return self.json(405 if not rest else 404, {"code": 5, "message": "Invalid URL Passed"})

    def items_api(self, m, rest, query):
        st = self.state
        if m != "GET":
            return self.json(405, {"code": 5, "message": "Invalid URL Passed"})
        if not rest:
            rows = list(st.items.values())
            if "sku" in query:
                rows = [i for i in rows if i["sku"] == query["sku"]]
            if "name" in query:
                rows = [i for i in rows if i["name"] == query["name"]]
            if "search_text" in query:
                rows = [i for i in rows if query["search_text"].lower() in (i["name"] + i["sku"]).lower()]
            rows, ctx = paginate(rows, query)
            return self.ok(200, "success", items=rows, page_context=ctx)
        item = st.items.get(rest[0])
        if item is None or len(rest) != 1:
            raise not_exist("Item")
        return self.ok(200, "success", item=item)

    def line_items(self, given, existing=None):
        if not isinstance(given, list) or not given:
            raise invalid("line_items")
        out, by_id = [], {l["line_item_id"]: l for l in (existing or [])}
        for i, line in enumerate(given):
            if not isinstance(line, dict):
                raise invalid("line_items")
            old = by_id.get(str(line.get("line_item_id"))) if line.get("line_item_id") else None
            item_id = str(line.get("item_id") or (old or {}).get("item_id") or "")
            item = self.state.items.get(item_id)
            if item is None:
                raise not_exist("Item", status=400)
            qty = as_number(line.get("quantity", (old or {}).get("quantity", 1)), "quantity")
            if qty <= 0:
                raise invalid("quantity")
            rate = as_number(line.get("rate", (old or {}).get("rate", item["rate"])), "rate")
            discount = line.get("discount", 0)
            out.append({"line_item_id": old["line_item_id"] if old else self.state.new_id(), "item_id": item_id,
                        "sku": item["sku"], "name": line.get("name") or item["name"],
                        "description": line.get("description", ""), "rate": rate, "quantity": qty,
                        "discount": discount, "unit": item["unit"], "item_order": i,
                        "item_total": round(qty * rate, 2),
                        "quantity_invoiced": 0.0, "quantity_packed": 0.0, "quantity_shipped": 0.0})
        return out

    def salesorders_api(self, m, rest, query, raw):
        st = self.state
        if not rest and m == "POST":
            data = self.body(raw, query)
            customer = st.contacts.get(str(data.get("customer_id") or ""))
            if not data.get("customer_id"):
                raise invalid("customer_id")
            if customer is None:
                raise not_exist("Customer", status=400)
            manual = str(query.get("ignore_auto_number_generation", "false")).lower() == "true"
            if manual:
                number = data.get("salesorder_number")
                if not number:
                    raise invalid("salesorder_number")
                if any(s["salesorder_number"] == number for s in st.salesorders.values()):
                    raise ZohoError(400, 1001, f"Sales Order \"{number}\" already exists.")
            else:
                number = st.next_number("SO")
            lines = self.line_items(data.get("line_items"))
            sid = st.new_id()
            order = {"salesorder_id": sid, "salesorder_number": number, "date": data.get("date") or today(),
                     "status": "draft", "order_status": "draft", "shipment_date": data.get("shipment_date", ""),
                     "reference_number": data.get("reference_number", ""), "customer_id": customer["contact_id"],
                     "customer_name": customer["contact_name"], "currency_code": "INR",
                     "line_items": lines, "notes": data.get("notes", ""),
                     "shipping_charge": as_number(data.get("shipping_charge", 0), "shipping_charge"),
                     "created_time": datetime.datetime.now(datetime.timezone.utc).isoformat()}
            self.totals(order)
            st.salesorders[sid] = order
            return self.ok(201, "Sales Order has been created.", salesorder=order)
        if not rest and m == "GET":
            rows = list(st.salesorders.values())
            for key in ("salesorder_number", "reference_number", "customer_id", "status"):
                if key in query:
                    rows = [s for s in rows if str(s.get(key, "")) == query[key]]
            rows, ctx = paginate(rows, query)
            return self.ok(200, "success", salesorders=rows, page_context=ctx)
        order = st.salesorders.get(rest[0]) if rest else None
        if order is None:
            raise not_exist("Sales Order")
        if len(rest) == 1 and m == "GET":
            return self.ok(200, "success", salesorder=order)
        if len(rest) == 1 and m == "PUT":
            if order["status"] == "void":
                raise invalid("status")
            data = self.body(raw, query)
            if "line_items" in data:
                order["line_items"] = self.line_items(data["line_items"], order["line_items"])
            for key in ("reference_number", "notes", "shipment_date", "date"):
                if key in data:
                    order[key] = data[key]
            if "shipping_charge" in data:
                order["shipping_charge"] = as_number(data["shipping_charge"], "shipping_charge")
            self.totals(order)
            return self.ok(200, "Sales Order has been updated.", salesorder=order)
        if len(rest) == 1 and m == "DELETE":
            del st.salesorders[rest[0]]
            return self.ok(200, "The Sales Order has been deleted.")
        if len(rest) == 3 and rest[1] == "status" and m == "POST" and rest[2] in ("confirmed", "void"):
            if rest[2] == "confirmed":
                if order["status"] == "void":
                    raise invalid("status")
                order["status"] = order["order_status"] = "confirmed"
                return self.ok(200, "Sales Order status has been changed to Confirmed.")
            order["status"] = order["order_status"] = "void"
            return self.ok(200, "Sales Order status has been changed to Void.")
        return self.json(404, {"code": 5, "message": "Invalid URL Passed"})

    def totals(self, doc):
        doc["sub_total"] = round(sum(l["item_total"] for l in doc["line_items"]), 2)
        doc["tax_total"] = 0.0
        doc["total"] = round(doc["sub_total"] + doc.get("shipping_charge", 0.0), 2)

    def creditnotes_api(self, m, rest, query, raw):
        st = self.state
        if not rest and m == "POST":
            data = self.body(raw, query)
            if not data.get("customer_id"):
                raise invalid("customer_id")
            customer = st.contacts.get(str(data["customer_id"]))
            if customer is None:
                raise not_exist("Customer", status=400)
            so_id = data.get("salesorder_id")
            if so_id and str(so_id) not in st.salesorders:
                raise not_exist("Sales Order", status=400)
            cid = st.new_id()
            note = {"creditnote_id": cid, "creditnote_number": st.next_number("CN"), "date": data.get("date") or today(),
                    "status": "open", "customer_id": customer["contact_id"], "customer_name": customer["contact_name"],
                    "reference_number": data.get("reference_number", ""), "salesorder_id": str(so_id or ""),
                    "line_items": self.line_items(data.get("line_items")), "currency_code": "INR"}
            self.totals(note)
            st.creditnotes[cid] = note
            return self.ok(201, "The credit note has been created.", creditnote=note)
        if not rest and m == "GET":
            rows = list(st.creditnotes.values())
            for key in ("creditnote_number", "reference_number", "customer_id"):
                if key in query:
                    rows = [c for c in rows if str(c.get(key, "")) == query[key]]
            rows, ctx = paginate(rows, query)
            return self.ok(200, "success", creditnotes=rows, page_context=ctx)
        note = st.creditnotes.get(rest[0]) if len(rest) == 1 else None
        if note is None:
            raise not_exist("Credit Note")
        if m == "GET":
            return self.ok(200, "success", creditnote=note)
        return self.json(405, {"code": 5, "message": "Invalid URL Passed"})

    # ------------------------------------------------------------ control

    def vendor_control(self, method, path, spec):
        st = self.state
        if (method, path) == ("GET", "/_control/state"):
            with st.lock:
                return 200, st.created()
        if (method, path) == ("GET", "/_control/usage"):
            with st.lock:
                now = time.time()
                return 200, {"last_minute": sum(1 for t in st.minute_window if t > now - 60),
                             "daily_used": st.daily_used, "daily_limit": self.server.config.daily_limit,
                             "per_minute": self.server.config.per_minute,
                             "live_tokens": sum(1 for e in st.tokens.values() if e > now),
                             "tokens_issued_in_window": len(st.token_issues)}
        if (method, path) == ("POST", "/_control/expire_tokens"):
            with st.lock:
                for token in st.tokens:
                    st.tokens[token] = 0
            return 200, {"ok": True}
        if (method, path) == ("POST", "/_control/usage"):
            with st.lock:
                if "daily_used" in spec:
                    st.daily_used = int(spec["daily_used"])
                if spec.get("clear_minute"):
                    st.minute_window.clear()
                if spec.get("clear_token_window"):
                    st.token_issues.clear()
            return 200, {"ok": True}
        if (method, path) == ("POST", "/_control/refresh_token"):
            token = spec.get("refresh_token")
            if not isinstance(token, str) or not token:
                return 400, {"error": "refresh_token is required to be a non-empty string"}
            with st.lock:
                st.refresh_token = token
            return 200, {"ok": True}
        return 404, {"error": f"no such control endpoint: {method} {path}"}


def parse_args(argv):
    parser = peer_arguments("Zoho Inventory + Zoho Accounts test peer.")
    parser.add_argument("--client-id", default="1000.ERPBCLIENTID")
    parser.add_argument("--client-secret", default="erpb-client-secret")
    parser.add_argument("--refresh-token", default="1000.erpbrefresh.token")
    parser.add_argument("--organization-id", default="10234695")
    parser.add_argument("--expires-in", type=int, default=3600, help="access token lifetime, seconds")
    parser.add_argument("--per-minute", type=int, default=100, help="requests per minute per organization")
    parser.add_argument("--daily-limit", type=int, default=2500, help="requests per day (Standard plan)")
    parser.add_argument("--token-limit", type=int, default=10, help="access tokens per refresh token per window")
    parser.add_argument("--token-window", type=int, default=600, help="token limit window, seconds")
    parser.add_argument("--max-live-tokens", type=int, default=30)
    parser.add_argument("--api-domain", help="api_domain in token replies (default: this server)")
    return parser.parse_args(argv)


def main(argv=None):
    config = parse_args(argv)
    return serve(ZohoHandler, ZohoState(config), config)


if __name__ == "__main__":
    sys.exit(main())
