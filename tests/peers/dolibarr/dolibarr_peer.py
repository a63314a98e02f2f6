#!/usr/bin/python3
"""Test peer with Dolibarr's REST API (Restler, /api/index.php/...), for erpbridge's Dolibarr recipe.

A real HTTP/1.1 server on loopback, standard library only. It answers like a Dolibarr 19/20
instance with the Third parties, Products and Sales orders modules:

- auth: the ``DOLAPIKEY`` header (or ``Authorization: Bearer <key>``, or ``?DOLAPIKEY=``);
  a wrong key is 401 "Error user not valid (not found with api key or bad status or bad
  validity dates) (conf->entity=1)", none at all 401 "Failed to login to API. ...";
- Restler's error body ``{"error": {"code", "message": "<Reason>: <text>"}, "debug": {...}}``;
- ``POST /thirdparties`` and ``POST /orders`` answer the bare new integer id; ``name`` /
  ``socid`` + ``date`` are mandatory ("socid field missing", 400); an order for a thirdparty
  that does not exist fails on the ``fk_commande_fk_soc`` foreign key (500 "Error creating
  order" with the database error);
- an order is created as a draft (ref ``(PROVn)``); ``POST /orders/{id}/validate`` gives it its
  ``CO<yymm>-<nnnn>`` ref, and a second validate is ``304`` (nothing done); ``/close``,
  ``/settodraft``, ``/reopen``; ``PUT /orders/{id}`` with ``statut: -1`` cancels (Commande::update
  writes fk_statut); lines are changed only on drafts;
- lists with ``sqlfilters`` (``(t.ref_client:=:'ORD-5001') and (...)``), 404 "No order found"
  / "Thirdparties not found" / "No product found" when nothing matches (or ``[]`` with
  ``--empty-list array``, as the current development branch answers).

Sources (read, not copied): Dolibarr/dolibarr htdocs/api/class/api_access.class.php
(DolibarrApiAccess::__isAllowed), htdocs/commande/class/api_orders.class.php (index, post,
validate, close, settodraft, reopen, put, lines), htdocs/societe/class/api_thirdparties.class.php,
htdocs/commande/class/commande.class.php (valid, update: fk_statut), htdocs/install/mysql/tables/
llx_commande.key.sql (fk_commande_fk_soc; no foreign key on llx_commandedet.fk_product);
Dolibarr pull request #35478 and issue #14528 (Restler error bodies as Dolibarr sends them).

Control API under /_control/ (no auth, never logged): see README.md next to this file.
"""

import datetime
import hmac
import json
import os
import re
import sys
import time
from urllib.parse import parse_qsl

REDACTED_HEADERS = {"authorization", "proxy-authorization", "cookie", "dolapikey"}

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peerkit"))
from peerkit import PeerHandler, PeerState, peer_arguments, serve  # noqa: E402  (shared peer plumbing)


# ---------------------------------------------------------------- Restler errors

REASONS = {304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 500: "Internal Server Error", 503: "Service Unavailable"}
API_PREFIX = "/api/index.php"


class RestException(Exception):
    """Luracast\\Restler\\RestException as Dolibarr throws it: status, message, details."""

    def __init__(self, code, message="", details=None, source="api_orders.class.php", stage="call"):
        super().__init__(message)
        self.code, self.message, self.details = code, message, details or []
        self.source, self.stage = source, stage

    def body(self):
        error = {str(i): d for i, d in enumerate(self.details)}
        error["code"] = self.code
        reason = REASONS.get(self.code, "Error")
        error["message"] = f"{reason}: {self.message}" if self.message else reason
        stages = ["get", "route", "negotiate", "authenticate", "validate", "call"]
        cut = stages.index(self.stage)
        return {"error": error,
                "debug": {"source": f"{self.source} at {self.stage} stage",
                          "stages": {"success": stages[:cut], "failure": stages[cut:] + ["message"]}}}


# ---------------------------------------------------------------- the Dolibarr model

STATUS_CANCELED, STATUS_DRAFT, STATUS_VALIDATED, STATUS_SHIPMENTONPROCESS, STATUS_CLOSED = -1, 0, 1, 2, 3
ORDER_COLUMNS = {"rowid": "id", "ref": "ref", "ref_client": "ref_client", "ref_ext": "ref_ext",
                 "fk_soc": "socid", "fk_statut": "statut", "date_commande": "date_commande",
                 "total_ht": "total_ht", "total_ttc": "total_ttc", "note_private": "note_private",
                 "note_public": "note_public", "entity": "entity"}
THIRDPARTY_COLUMNS = {"rowid": "id", "nom": "name", "name_alias": "name_alias", "email": "email",
                      "phone": "phone", "code_client": "code_client", "ref_ext": "ref_ext",
                      "client": "client", "town": "town", "zip": "zip", "tva_intra": "tva_intra",
                      "status": "status", "entity": "entity", "idprof1": "idprof1"}
PRODUCT_COLUMNS = {"rowid": "id", "ref": "ref", "label": "label", "barcode": "barcode",
                   "tosell": "status", "price": "price", "entity": "entity"}
LINE_COLUMNS = {"fk_product": "fk_product", "qty": "qty", "subprice": "subprice", "price": "subprice",
                "rowid": "id", "fk_commande": "fk_commande"}


def money(value):
    return f"{float(value):.8f}"


class DolibarrState(PeerState):
    def __init__(self, api_key, empty_list):
        super().__init__()
        self.initial_key, self.empty_list = api_key, empty_list
        self.reset_documents()

    def reset_documents(self):
        self.api_key = self.initial_key
        self.thirdparties, self.orders, self.products = {}, {}, {}
        self.next = {"thirdparty": 1, "order": 1, "line": 1, "code_client": 0, "order_ref": 0}
        for code, label, price in (("TSHIRT-BLU-M", "Cotton T-shirt, blue, M", 499.0),
                                   ("MUG-CER-350", "Ceramic mug 350 ml", 299.0),
                                   ("TSHIRT-BLU-L", "Cotton T-shirt, blue, L", 499.0)):
            pid = len(self.products) + 1
            self.products[pid] = {"id": str(pid), "ref": code, "label": label, "type": "0",
                                  "price": money(price), "price_ttc": money(price), "price_base_type": "HT",
                                  "tva_tx": "0.000", "status": "1", "status_buy": "1", "barcode": None,
                                  "entity": "1"}

    def take(self, key):
        self.next[key] += 1
        return self.next[key] - 1

    def created(self):
        return {"thirdparties": self.thirdparties, "orders": self.orders}


def yymm():
    return datetime.date.today().strftime("%y%m")


def as_int(value, field):
    try:
        if isinstance(value, bool):
            raise ValueError
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise RestException(400, f"Bad value for field {field}") from None


def as_float(value):
    try:
        return float(value) if value not in (None, "") else 0.0
    except (TypeError, ValueError):
        return 0.0


def make_line(state, order_id, data, rang):
    """Commande::addline. No foreign key protects fk_product (llx_commandedet has none)."""
    if not isinstance(data, dict):
        raise RestException(400, "Bad Request: a line must be an object")
    qty, subprice = as_float(data.get("qty")), as_float(data.get("subprice"))
    remise, tva = as_float(data.get("remise_percent")), as_float(data.get("tva_tx"))
    total_ht = round(qty * subprice * (1 - remise / 100.0), 8)
    total_tva = round(total_ht * tva / 100.0, 8)
    fk_product = data.get("fk_product")
    product = state.products.get(as_int(fk_product, "fk_product")) if fk_product not in (None, "", 0, "0") else None
    lid = state.take("line")
    return {"id": str(lid), "rowid": str(lid), "fk_commande": str(order_id),
            "fk_product": str(fk_product) if fk_product not in (None, "") else None,
            "product_ref": product["ref"] if product else None,
            "product_label": product["label"] if product else None,
            "product_type": str(data.get("product_type", product["type"] if product else 0)),
            "desc": data.get("desc") or (product["label"] if product else ""), "label": data.get("label"),
            "qty": str(qty if qty % 1 else int(qty)), "subprice": money(subprice),
            "remise_percent": str(remise if remise % 1 else int(remise)), "tva_tx": f"{tva:.3f}",
            "total_ht": money(total_ht), "total_tva": money(total_tva), "total_ttc": money(total_ht + total_tva),
            "rang": str(rang), "ref_ext": data.get("ref_ext")}


def order_totals(order):
    for key in ("total_ht", "total_tva", "total_ttc"):
        order[key] = money(sum(float(l[key]) for l in order["lines"]))


def order_status_fields(order, status):
    order["statut"] = order["status"] = str(status)


def parse_sqlfilters(text, columns, resource):
    """forgeSQLFromUniversalSearchCriteria: (t.col:op:value) groups joined by and / or."""
    if not text:
        return lambda obj: True
    token = re.compile(r"\s*(\(|\)|and\b|or\b|[^()]+?(?=\)))", re.IGNORECASE)
    pos, tokens = 0, []
    while pos < len(text):
        m = token.match(text, pos)
        if not m or not m.group(1):
            raise RestException(400, f"Error when validating parameter sqlfilters -> Bad syntax of the search "
                                     f"string: {text}")
        tokens.append(m.group(1).strip())
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    i = 0

    def expr():
        nonlocal i
        left = term()
        while i < len(tokens) and tokens[i].lower() in ("and", "or"):
            op = tokens[i].lower()
            i += 1
            right = term()
            left = (lambda a, b: lambda o: a(o) and b(o))(left, right) if op == "and" else \
                (lambda a, b: lambda o: a(o) or b(o))(left, right)
        return left

    def term():
        nonlocal i
        if i >= len(tokens) or tokens[i] != "(":
            raise RestException(400, f"Error when validating parameter sqlfilters -> Bad syntax of the search "
                                     f"string: {text}")
        i += 1
        if i < len(tokens) and tokens[i] == "(":
            inner = expr()
        else:
            inner = criterion(tokens[i])
            i += 1
        if i >= len(tokens) or tokens[i] != ")":
            raise RestException(400, f"Error when validating parameter sqlfilters -> Bad syntax of the search "
                                     f"string: {text}")
        i += 1
        return inner

    def criterion(crit):
        parts = crit.split(":", 2)
        if len(parts) != 3:
            raise RestException(400, f"Error when validating parameter sqlfilters -> Bad syntax of the search "
                                     f"string: {text}")
        field, op, raw = parts[0].strip(), parts[1].strip().lower(), parts[2].strip()
        column = field.split(".", 1)[-1]
        if column not in columns:
            raise RestException(503, f"Error when retrieve {resource} list : Unknown column '{field}' in "
                                     "'where clause'")
        key = columns[column]
        value = raw[1:-1] if len(raw) >= 2 and raw[0] == raw[-1] == "'" else raw

        def get(obj):
            v = obj.get(key)
            return "" if v is None else str(v)

        if op in ("=", "!=", "<>"):
            eq = lambda o: get(o) == value or (_num(get(o)) is not None and _num(get(o)) == _num(value))
            return eq if op == "=" else (lambda o: not eq(o))
        if op in ("<", ">", "<=", ">="):
            def cmp(o):
                a, b = _num(get(o)), _num(value)
                x, y = (a, b) if a is not None and b is not None else (get(o), value)
                return {"<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]
            return cmp
        if op in ("like", "notlike"):
            regex = re.compile("^" + re.escape(value).replace("%", ".*").replace("_", ".") + "$", re.IGNORECASE)
            return (lambda o: bool(regex.match(get(o)))) if op == "like" else (lambda o: not regex.match(get(o)))
        if op in ("in", "notin"):
            values = [v.strip().strip("'") for v in value.strip("()").split(",")]
            return (lambda o: get(o) in values) if op == "in" else (lambda o: get(o) not in values)
        if op in ("is", "isnot"):
            null = value.lower() == "null"
            return (lambda o: (obj_null(o, key) == null)) if op == "is" else (lambda o: obj_null(o, key) != null)
        raise RestException(400, f"Error when validating parameter sqlfilters -> Bad syntax of the search "
                                 f"string: {text}")

    result = expr()
    if i != len(tokens):
        raise RestException(400, f"Error when validating parameter sqlfilters -> Bad syntax of the search string: {text}")
    return result


def obj_null(obj, key):
    return obj.get(key) in (None, "")


def _num(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def paginate(items, query, sortable, default_sort):
    sortfield = (query.get("sortfield") or default_sort).split(".")[-1]
    key = sortable.get(sortfield, "id")
    reverse = (query.get("sortorder") or "ASC").upper() == "DESC"
    items = sorted(items, key=lambda o: (_num(o.get(key)) if _num(o.get(key)) is not None else float("inf"),
                                         str(o.get(key))), reverse=reverse)
    limit = as_int(query.get("limit", 100), "limit")
    page = max(0, as_int(query.get("page", 0), "page"))
    return items[limit * page:limit * page + limit] if limit else items


class DolibarrHandler(PeerHandler):
    redacted_headers = REDACTED_HEADERS  # DOLAPIKEY carries the key

    def log_entry(self, path, query, raw):
        entry = super().log_entry(path, query, raw)
        for name in list(entry["query"]):
            if name.lower() in ("dolapikey", "api_key"):
                entry["query"][name] = "***"
        entry["rawPath"] = re.sub(r"(?i)((?:DOLAPIKEY|api_key)=)[^&]*", r"\1***", entry["rawPath"])
        return entry

    def auth_refusal(self, path, raw):
        return self.error_reply(RestException(401, "Error user not valid (not found with api key or bad status "
                                                   "or bad validity dates) (conf->entity=1)",
                                              source="api_access.class.php", stage="authenticate"))

    def error_reply(self, e):
        if e.code == 304:
            return 304, {}, "application/json; charset=utf-8", b""
        return e.code, {}, "application/json; charset=utf-8", json.dumps(e.body(), indent=4).encode()

    def ok(self, payload):
        return 200, {}, "application/json; charset=utf-8", json.dumps(payload, indent=4).encode()

    def send(self, status, ctype, body, headers=None):
        if status in (204, 304):  # no body, as HTTP requires
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            return
        super().send(status, ctype, body, headers)

    def authenticate(self, query):
        key = query.get("api_key") or query.get("DOLAPIKEY") or ""
        header = self.headers.get("DOLAPIKEY")
        if header is not None:
            key = header
        elif not key:
            key = re.sub(r"(?i)^Bearer\s+", "", self.headers.get("Authorization") or "")
        key = "".join(ch for ch in key if ch.isprintable())
        if key.lower().startswith("dolcrypt:"):
            raise RestException(503, "Bad value for the API key. An API key should not start with dolcrypt:",
                                source="api_access.class.php", stage="authenticate")
        if not key:
            raise RestException(401, "Failed to login to API. Neither parameter 'HTTP_DOLAPIKEY' nor "
                                     "'Authentication: Bearer' found on HTTP header (and no parameter DOLAPIKEY "
                                     "in URL).", source="api_access.class.php", stage="authenticate")
        if not hmac.compare_digest(key.encode(), self.state.api_key.encode()):
            time.sleep(self.server.config.brute_force_delay)  # Dolibarr sleeps 1 s against brute force
            raise RestException(401, "Error user not valid (not found with api key or bad status or bad validity "
                                     "dates) (conf->entity=1)", source="api_access.class.php", stage="authenticate")

    def body_json(self, raw):
        if not raw:
            return {}
        try:
            data = json.loads(raw.decode("utf-8"))
        except ValueError:
            raise RestException(400, "Error parsing JSON", source="Restler.php", stage="negotiate") from None
        if not isinstance(data, dict):
            raise RestException(400, "Error parsing JSON", source="Restler.php", stage="negotiate")
        return data

    def process(self, path, query_string, raw):
        query = dict(parse_qsl(query_string, keep_blank_values=True))
        if not path.startswith(API_PREFIX + "/"):
            return 404, {}, "text/html; charset=UTF-8", b"<h1>Not Found</h1>"
        route = path[len(API_PREFIX):].rstrip("/")
        try:
            self.authenticate(query)
            with self.state.lock:
                return self.route(route, query, raw)
        except RestException as e:
            return self.error_reply(e)

    def route(self, route, query, raw):
        m, parts = self.command, route.strip("/").split("/")
        head = parts[0]
        if head == "thirdparties":
            return self.thirdparties(m, parts[1:], query, raw)
        if head == "products":
            return self.products_api(m, parts[1:], query)
        if head == "orders":
            return self.orders_api(m, parts[1:], query, raw)
        raise RestException(404, "", source="Routes.php", stage="route")

    # ------------------------------------------------------------ thirdparties

    def thirdparties(self, m, rest, query, raw):
        src = "api_thirdparties.class.php"
        st = self.state
        if not rest and m == "GET":
            match = parse_sqlfilters(query.get("sqlfilters"), THIRDPARTY_COLUMNS, "thirdparties")
            mode = query.get("mode")
            items = [t for t in st.thirdparties.values() if match(t)
                     and (mode not in ("1", 1) or t["client"] in ("1", "3"))]
            items = paginate(items, query, THIRDPARTY_COLUMNS, "t.rowid")
            if not items and st.empty_list == "404":
                raise RestException(404, "Thirdparties not found", source=src)
            return self.ok(items)
        if not rest and m == "POST":
            data = self.body_json(raw)
            if "name" not in data or data["name"] is None:
                raise RestException(400, "name field missing", source=src)
            client = str(data.get("client", "0"))
            code = data.get("code_client")
            if client in ("1", "2", "3") and code in (None, "", "-1", -1, "auto"):
                code = f"CU{yymm()}-{st.take('code_client') + 1:05d}"
            if code not in (None, "") and any(t["code_client"] == code for t in st.thirdparties.values()):
                raise RestException(500, "Error creating thirdparty", ["ErrorCustomerCodeAlreadyUsed"], source=src)
            tid = st.take("thirdparty")
            record = {k: v for k, v in data.items() if k not in ("id", "rowid")}
            record.update({"id": str(tid), "name": str(data["name"]), "client": client,
                           "code_client": code, "status": str(data.get("status", "1")), "entity": "1",
                           "date_creation": int(time.time())})
            st.thirdparties[tid] = record
            return self.ok(tid)  # the bare integer id
        if len(rest) == 1 and m in ("GET", "PUT", "DELETE"):
            tid = as_int(rest[0], "id")
            record = st.thirdparties.get(tid)
            if record is None:
                raise RestException(404, "Thirdparty not found", source=src)
            if m == "GET":
                return self.ok(record)
            if m == "DELETE":
                if any(o["socid"] == record["id"] for o in st.orders.values()):
                    raise RestException(500, "Error while deleting this thirdparty", source=src)
                del st.thirdparties[tid]
                return self.ok({"success": {"code": 200, "message": "Object deleted"}})
            for key, value in self.body_json(raw).items():
                if key not in ("id", "rowid"):
                    record[key] = value
            return self.ok(record)
        raise RestException(404, "", source="Routes.php", stage="route")

    # ------------------------------------------------------------ products

    def products_api(self, m, rest, query):
        src = "api_products.class.php"
        if m != "GET":
            raise RestException(404, "", source="Routes.php", stage="route")
        if not rest:
            match = parse_sqlfilters(query.get("sqlfilters"), PRODUCT_COLUMNS, "product")
            items = paginate([p for p in self.state.products.values() if match(p)], query, PRODUCT_COLUMNS, "t.ref")
            if not items and self.state.empty_list == "404":
                raise RestException(404, "No product found", source=src)
            return self.ok(items)
        if len(rest) == 2 and rest[0] == "ref":
            found = [p for p in self.state.products.values() if p["ref"] == rest[1]]
        elif len(rest) == 1:
            found = [self.state.products[as_int(rest[0], "id")]] if as_int(rest[0], "id") in self.state.products else []
        else:
            raise RestException(404, "", source="Routes.php", stage="route")
        if not found:
            raise RestException(404, "Product not found", source=src)
        return self.ok(found[0])

    # ------------------------------------------------------------ orders

    def find_order(self, ident):
        order = self.state.orders.get(as_int(ident, "id"))
        if order is None:
            raise RestException(404, "Order not found")
        return order

    def orders_api(self, m, rest, query, raw):
        st = self.state
        if not rest and m == "GET":
            match = parse_sqlfilters(query.get("sqlfilters"), ORDER_COLUMNS, "commande")
            socids = [s for s in (query.get("thirdparty_ids") or "").split(",") if s]
            items = [o for o in st.orders.values() if match(o) and (not socids or o["socid"] in socids)]
            if query.get("sqlfilterlines"):
                lmatch = parse_sqlfilters(query["sqlfilterlines"], LINE_COLUMNS, "commande")
                items = [o for o in items if any(lmatch(l) for l in o["lines"])]
            items = paginate(items, query, ORDER_COLUMNS, "t.rowid")
            if not items and st.empty_list == "404":
                raise RestException(404, "No order found")
            return self.ok(items)
        if not rest and m == "POST":
            return self.create_order(self.body_json(raw))
        if len(rest) == 2 and rest[0] in ("ref", "ref_ext") and m == "GET":
            key = "ref" if rest[0] == "ref" else "ref_ext"
            found = [o for o in st.orders.values() if o.get(key) == rest[1]]
            if not found:
                raise RestException(404, "Order not found")
            return self.ok(found[0])
        if not rest:
            raise RestException(404, "", source="Routes.php", stage="route")
        order = self.find_order(rest[0])
        action = rest[1] if len(rest) > 1 else None
        if action is None:
            if m == "GET":
                return self.ok(order)
            if m == "PUT":
                return self.update_order(order, self.body_json(raw))
            if m == "DELETE":
                del st.orders[int(order["id"])]
                return self.ok({"success": {"code": 200, "message": "Order deleted"}})
        if m == "POST" and action == "validate" and len(rest) == 2:
            if int(order["statut"]) != STATUS_DRAFT:
                raise RestException(304, "Error nothing done. May be object is already validated")
            order["ref"] = f"CO{yymm()}-{st.take('order_ref') + 1:04d}"
            order_status_fields(order, STATUS_VALIDATED)
            order["date_validation"] = int(time.time())
            return self.ok(order)
        if m == "POST" and action == "close" and len(rest) == 2:
            if int(order["statut"]) == STATUS_CLOSED:
                raise RestException(304, "Error nothing done. May be object is already closed")
            order_status_fields(order, STATUS_CLOSED)
            return self.ok(order)
        if m == "POST" and action == "settodraft" and len(rest) == 2:
            if int(order["statut"]) == STATUS_DRAFT:
                raise RestException(304, "Nothing done")
            order_status_fields(order, STATUS_DRAFT)
            return self.ok(order)
        if m == "POST" and action == "reopen" and len(rest) == 2:
            if int(order["statut"]) not in (STATUS_CLOSED, STATUS_CANCELED):
                raise RestException(304)
            order_status_fields(order, STATUS_VALIDATED)
            return self.ok(1)
        if action == "lines":
            return self.order_lines(m, order, rest[2:], raw)
        raise RestException(404, "", source="Routes.php", stage="route")

    def create_order(self, data):
        st = self.state
        for field in ("socid", "date"):  # Orders::$FIELDS, checked by _validate
            if field not in data or data[field] is None:
                raise RestException(400, f"{field} field missing")
        socid = as_int(data["socid"], "socid")
        if socid not in st.thirdparties:
            raise RestException(500, "Error creating order", [
                "Cannot add or update a child row: a foreign key constraint fails (`llx_commande`, CONSTRAINT "
                "`fk_commande_fk_soc` FOREIGN KEY (`fk_soc`) REFERENCES `llx_societe` (`rowid`))"])
        lines_in = data.get("lines") or []
        if not isinstance(lines_in, list):
            raise RestException(400, "lines must be an array")
        oid = st.take("order")
        record = {k: v for k, v in data.items() if k not in ("id", "rowid", "lines", "ref", "statut", "status")}
        record.update({"id": str(oid), "ref": f"(PROV{oid})", "socid": str(socid), "entity": "1",
                       "date": data["date"], "date_commande": data["date"], "date_creation": int(time.time()),
                       "ref_client": data.get("ref_client"), "ref_ext": data.get("ref_ext"),
                       "lines": [make_line(st, oid, line, i) for i, line in enumerate(lines_in, start=1)]})
        order_status_fields(record, STATUS_DRAFT)
        order_totals(record)
        st.orders[oid] = record
        return self.ok(oid)  # the bare integer id

    def update_order(self, order, data):
        for key, value in data.items():
            if key in ("id", "rowid", "lines"):
                continue
            if key in ("statut", "status"):  # Commande::update writes fk_statut from ->statut
                status = as_int(value, key)
                if status not in (STATUS_CANCELED, STATUS_DRAFT, STATUS_VALIDATED, STATUS_SHIPMENTONPROCESS,
                                  STATUS_CLOSED):
                    raise RestException(500, "Error when updating order")
                order_status_fields(order, status)
                continue
            if key == "socid" and as_int(value, "socid") not in self.state.thirdparties:
                raise RestException(500, "Cannot add or update a child row: a foreign key constraint fails "
                                         "(`llx_commande`, CONSTRAINT `fk_commande_fk_soc` FOREIGN KEY (`fk_soc`) "
                                         "REFERENCES `llx_societe` (`rowid`))")
            order[key] = value
        return self.ok(order)

    def order_lines(self, m, order, rest, raw):
        draft = int(order["statut"]) == STATUS_DRAFT
        if not rest and m == "GET":
            return self.ok(order["lines"])
        if not rest and m == "POST":
            if not draft:  # addline returns -3 with no error text on a non-draft order
                raise RestException(400, "")
            line = make_line(self.state, order["id"], self.body_json(raw), len(order["lines"]) + 1)
            order["lines"].append(line)
            order_totals(order)
            return self.ok(int(line["id"]))
        if len(rest) == 1 and m in ("GET", "PUT", "DELETE"):
            found = [l for l in order["lines"] if l["id"] == str(as_int(rest[0], "lineid"))]
            if m == "GET":
                if not found:
                    raise RestException(404, "Line not found")
                return self.ok(found[0])
            if m == "PUT":
                if not draft or not found:  # updateline: OrderStatusMakeOperationForbidden -> false
                    return self.ok(False)
                merged = {"fk_product": found[0]["fk_product"], "qty": found[0]["qty"],
                          "subprice": found[0]["subprice"], "remise_percent": found[0]["remise_percent"],
                          "tva_tx": found[0]["tva_tx"], "desc": found[0]["desc"]}
                merged.update(self.body_json(raw))
                new = make_line(self.state, order["id"], merged, int(found[0]["rang"]))
                new["id"] = new["rowid"] = found[0]["id"]
                order["lines"][order["lines"].index(found[0])] = new
                order_totals(order)
                return self.ok(order)
            if not draft or not found:
                raise RestException(405, "ErrorDeleteLineNotAllowedByObjectStatus" if not draft else "")
            order["lines"].remove(found[0])
            order_totals(order)
            return self.ok(order)
        raise RestException(404, "", source="Routes.php", stage="route")

    # ------------------------------------------------------------ control

    def vendor_control(self, method, path, spec):
        if (method, path) == ("GET", "/_control/state"):
            with self.state.lock:
                return 200, self.state.created()
        if (method, path) == ("POST", "/_control/api_key"):
            key = spec.get("api_key")
            if not isinstance(key, str) or not key:
                return 400, {"error": "api_key is required to be a non-empty string"}
            with self.state.lock:
                self.state.api_key = key
            return 200, {"ok": True}
        return 404, {"error": f"no such control endpoint: {method} {path}"}


def parse_args(argv):
    parser = peer_arguments("Dolibarr REST API test peer.")
    parser.add_argument("--api-key", default="erpb-dolapikey")
    parser.add_argument("--empty-list", choices=("404", "array"), default="404",
                        help="what a list with no match answers: 404 (Dolibarr <= 20) or [] (develop)")
    parser.add_argument("--brute-force-delay", type=float, default=0.0,
                        help="seconds to sleep on a wrong key (Dolibarr sleeps 1)")
    return parser.parse_args(argv)


def main(argv=None):
    config = parse_args(argv)
    return serve(DolibarrHandler, DolibarrState(config.api_key, config.empty_list), config)


if __name__ == "__main__":
    sys.exit(main())
