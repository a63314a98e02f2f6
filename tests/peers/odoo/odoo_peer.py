#!/usr/bin/python3
"""Test peer with Odoo's external API: JSON-RPC (/jsonrpc) and Odoo 19's JSON-2 (/json/2/...).

A real HTTP/1.1 server on loopback, standard library only, for erpbridge's Odoo recipe. It
answers like an Odoo server with the Sales app for the calls an integration makes:

- ``POST /jsonrpc`` ``{"jsonrpc":"2.0","method":"call","params":{"service","method","args"}}``:
  ``common.login`` / ``common.authenticate`` (uid, or ``false`` for bad credentials),
  ``common.version``, ``object.execute_kw(db, uid, password, model, method, args, kwargs)``
  (the password or an API key); every error is HTTP 200 with an ``error`` member
  ``{"code": 200, "message": "Odoo Server Error", "data": {"name", "message", "arguments",
  "context", "debug"}}``, a wrong password being ``odoo.exceptions.AccessDenied``;
- ``POST /json/2/<model>/<method>`` with ``Authorization: bearer <api key>``, named arguments
  (``ids``, ``context``, the method's parameters), the result as the body, errors with HTTP
  statuses (401 invalid key, 404 unknown model/method or missing record, 422 UserError /
  ValidationError / bad arguments, 403 AccessError) and the same error object;
- models res.partner, product.product (seeded by SKU as ``default_code``), sale.order and
  sale.order.line with create / read / write / search / search_read / search_count /
  unlink / action_confirm / action_cancel / action_draft, one2many commands
  (``[[0, 0, {...}]]``, ``[1, id, {...}]``, ``[2, id]``, ``[5]``), NOT NULL and foreign-key
  failures as Odoo's ValidationError texts, and the Sales app's confirm/cancel/line rules.

Sources (read, not copied):
- odoo/odoo: odoo/http.py (JsonRPCDispatcher.handle_error, serialize_exception),
  addons/base/controllers/rpc.py (/jsonrpc), odoo/service/common.py (exp_login,
  exp_authenticate, exp_version), odoo/service/model.py (dispatch, execute_kw,
  get_public_method, _as_validation_error), odoo/exceptions.py (http_status of each
  exception), addons/rpc/controllers/json2.py (Json2RpcDispatcher, web_json_2_rpc),
  addons/sale/models/sale_order.py (action_confirm, _confirmation_error_message,
  action_cancel, _unlink_except_draft_or_cancel), addons/sale/models/sale_order_line.py
  (_unlink_except_confirmed).
- Odoo documentation: developer/reference/external_api ("External JSON-2 API", 19.0) and the
  "External RPC API" page (execute_kw, authenticate), odoo/documentation on GitHub.

Control API under /_control/ (no auth, never logged): see README.md next to this file.
"""

import datetime
import hmac
import inspect
import json
import os
import re
import sys
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peerkit"))
from peerkit import PeerHandler, PeerState, peer_arguments, serve  # noqa: E402  (shared peer plumbing)


# ---------------------------------------------------------------- Odoo errors

USER_ERRORS = {  # odoo.exceptions.* and their http_status (JSON-2)
    "UserError": 422, "ValidationError": 422, "AccessError": 403, "AccessDenied": 403,
    "MissingError": 404, "LockError": 409,
}


class OdooError(Exception):
    """An exception as Odoo's serialize_exception reports it."""

    def __init__(self, name, message, arguments=None, status=500, traceback_text=True):
        super().__init__(message)
        self.name, self.message = name, message
        self.arguments = list(arguments) if arguments is not None else [message]
        self.status, self.traceback_text = status, traceback_text

    def serialize(self, context=None):
        head = "" if not self.traceback_text else (
            "Traceback (most recent call last):\n"
            "  File \"/opt/odoo/odoo/service/model.py\", line 176, in retrying\n"
            "    result = func()\n")
        return {"name": self.name, "message": self.message, "arguments": self.arguments,
                "context": context or {}, "debug": f"{head}{self.name}: {self.message}\n"}


def user_error(kind, message):
    return OdooError(f"odoo.exceptions.{kind}", message, status=USER_ERRORS[kind],
                     traceback_text=kind != "AccessDenied")  # AccessDenied suppresses its traceback


def http_error(code, cls, message):
    """A werkzeug HTTPException: JSON-2 reports (message, code) as its arguments."""
    return OdooError(f"werkzeug.exceptions.{cls}", message, arguments=[message, code], status=code)


def builtin_error(cls, message):
    return OdooError(f"builtins.{cls}", message, status=500)


# ---------------------------------------------------------------- the Odoo model

# field name -> (type, label, extra). Types: char, text, bool, int, float, datetime, date,
# selection (extra = allowed values), many2one (extra = comodel), one2many (extra = comodel).
MODELS = {
    "res.partner": {
        "description": "Contact", "order": "name asc, id desc", "writable": True, "active": True,
        "fields": {
            "name": ("char", "Name", None), "email": ("char", "Email", None),
            "phone": ("char", "Phone", None), "mobile": ("char", "Mobile", None),
            "street": ("char", "Street", None), "street2": ("char", "Street2", None),
            "city": ("char", "City", None), "zip": ("char", "Zip", None),
            "country_id": ("many2one", "Country", "res.country"),
            "vat": ("char", "Tax ID", None), "ref": ("char", "Reference", None),
            "comment": ("text", "Notes", None), "lang": ("char", "Language", None),
            "is_company": ("bool", "Is a Company", None),
            "type": ("selection", "Address Type", ("contact", "invoice", "delivery", "other")),
            "parent_id": ("many2one", "Related Company", "res.partner"),
            "customer_rank": ("int", "Customer Rank", None), "active": ("bool", "Active", None),
        },
        "defaults": {"is_company": False, "type": "contact", "customer_rank": 0, "active": True},
    },
    "product.product": {
        "description": "Product Variant", "order": "default_code asc, name asc, id asc", "active": True,
        "fields": {
            "name": ("char", "Name", None), "default_code": ("char", "Internal Reference", None),
            "list_price": ("float", "Sales Price", None), "lst_price": ("float", "Sales Price", None),
            "type": ("selection", "Product Type", ("consu", "service", "combo")),
            "sale_ok": ("bool", "Can be Sold", None), "active": ("bool", "Active", None),
            "barcode": ("char", "Barcode", None),
        },
    },
    "res.country": {"description": "Country", "order": "name asc, id asc",
                    "fields": {"name": ("char", "Country Name", None), "code": ("char", "Country Code", None)}},
    "res.currency": {"description": "Currency", "order": "name asc, id asc",
                     "fields": {"name": ("char", "Currency", None)}},
    "sale.order": {
        "description": "Sales Order", "order": "date_order desc, id desc", "writable": True,
        "fields": {
            "name": ("char", "Order Reference", None),
            "partner_id": ("many2one", "Customer", "res.partner"),
            "partner_invoice_id": ("many2one", "Invoice Address", "res.partner"),
            "partner_shipping_id": ("many2one", "Delivery Address", "res.partner"),
            "date_order": ("datetime", "Order Date", None), "validity_date": ("date", "Expiration", None),
            "commitment_date": ("datetime", "Delivery Date", None),
            "client_order_ref": ("char", "Customer Reference", None), "origin": ("char", "Source Document", None),
            "note": ("text", "Terms and conditions", None),
            "state": ("selection", "Status", ("draft", "sent", "sale", "cancel")),
            "locked": ("bool", "Locked", None),
            "order_line": ("one2many", "Order Lines", "sale.order.line"),
            "currency_id": ("many2one", "Currency", "res.currency"),
            "amount_untaxed": ("float", "Untaxed Amount", None), "amount_tax": ("float", "Taxes", None),
            "amount_total": ("float", "Total", None),
        },
        "readonly": {"name", "amount_untaxed", "amount_tax", "amount_total"},
        "required": ("partner_id", "partner_invoice_id", "partner_shipping_id", "date_order", "currency_id"),
        "defaults": {"state": "draft", "locked": False},
    },
    "sale.order.line": {
        "description": "Sales Order Line", "order": "order_id asc, sequence asc, id asc", "writable": True,
        "fields": {
            "order_id": ("many2one", "Order Reference", "sale.order"),
            "sequence": ("int", "Sequence", None),
            "product_id": ("many2one", "Product", "product.product"),
            "name": ("text", "Description", None),
            "product_uom_qty": ("float", "Quantity", None), "price_unit": ("float", "Unit Price", None),
            "discount": ("float", "Discount (%)", None),
            "price_subtotal": ("float", "Subtotal", None), "price_total": ("float", "Total", None),
            "qty_delivered": ("float", "Delivery Quantity", None), "qty_invoiced": ("float", "Invoiced Quantity", None),
            "display_type": ("selection", "Display Type", ("line_section", "line_note")),
            "state": ("selection", "Order Status", ("draft", "sent", "sale", "cancel")),
        },
        "readonly": {"price_subtotal", "price_total", "state"},
        "required": ("order_id", "name", "product_uom_qty"),
        "defaults": {"sequence": 10, "discount": 0.0, "qty_delivered": 0.0, "qty_invoiced": 0.0,
                     "display_type": False},
    },
}
API_USER_ID, API_USER_NAME = 2, "Mitchell Admin"
INR_ID = 20
PRODUCTS = (("TSHIRT-BLU-M", "Cotton T-shirt, blue, M", 499.0),
            ("MUG-CER-350", "Ceramic mug 350 ml", 299.0),
            ("TSHIRT-BLU-L", "Cotton T-shirt, blue, L", 499.0))


def now_string():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


class OdooState(PeerState):
    def __init__(self, db, login, password, api_key):
        super().__init__()
        self.db, self.login = db, login
        self.initial_credentials = (password, api_key)
        self.reset_documents()

    def reset_documents(self):
        self.password, self.api_key = self.initial_credentials
        self.records = {m: {} for m in MODELS}
        self.next_id = {m: 1 for m in MODELS}
        self.sequence = 0
        self.put("res.currency", {"name": "INR"}, INR_ID)
        self.put("res.currency", {"name": "USD"}, 1)
        self.put("res.country", {"name": "India", "code": "IN"}, 104)
        self.put("res.country", {"name": "United States", "code": "US"}, 233)
        self.put("res.partner", {"name": "YourCompany", "is_company": True, "type": "contact",
                                 "customer_rank": 0, "active": True, "country_id": 104}, 1)
        self.put("res.partner", {"name": API_USER_NAME, "email": "admin@yourcompany.example.com",
                                 "is_company": False, "type": "contact", "customer_rank": 0, "active": True}, 3)
        for i, (code, name, price) in enumerate(PRODUCTS, start=1):
            self.put("product.product", {"name": name, "default_code": code, "list_price": price,
                                         "lst_price": price, "type": "consu", "sale_ok": True, "active": True}, i)
        self.seed_ids = {m: set(r) for m, r in self.records.items()}

    def put(self, model, values, rid=None):
        rid = rid or self.next_id[model]
        self.next_id[model] = max(self.next_id[model], rid + 1)
        record = {"id": rid}
        record.update(values)
        self.records[model][rid] = record
        return rid

    def created(self):
        return {m: {str(i): r for i, r in recs.items() if i not in self.seed_ids.get(m, ())}
                for m, recs in self.records.items() if MODELS[m].get("writable")}


def display_name(model, rec):
    if model == "product.product" and rec.get("default_code"):
        return f"[{rec['default_code']}] {rec['name']}"
    return rec.get("name") or f"{model},{rec['id']}"


def record_repr(model, ids):
    inner = ", ".join(str(i) for i in ids)
    return f"{model}({inner},)" if len(ids) == 1 else f"{model}({inner})"


class Env:
    """One call's view of the database (the peer holds the state lock while it runs)."""

    def __init__(self, state, context=None):
        self.state, self.context = state, context or {}

    def model(self, name):
        if name not in MODELS:
            raise user_error("UserError", f"Object {name} doesn't exist")
        return Model(self, name)


def missing_error(model, ids):
    return user_error("MissingError", "Record does not exist or has been deleted.\n"
                                      f"(Record: {record_repr(model, ids)}, User: {API_USER_ID})")


def not_null_error(model, field):
    meta = MODELS[model]
    return user_error("ValidationError",
                      "The operation cannot be completed:\n"
                      "- Create/update: a mandatory field is not set.\n"
                      "- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n"
                      f"Model: {meta['description']} ({model})\n"
                      f"Field: {meta['fields'][field][1]} ({field})\n")


def fk_error(model, field):
    return user_error("ValidationError",
                      "The operation cannot be completed: another model requires the record being deleted. "
                      "If possible, archive it instead.\n\n"
                      f"Model: {MODELS[model]['description']} ({model})\n"
                      f"Constraint: {model.replace('.', '_')}_{field}_fkey\n")


def check_ids(ids):
    if isinstance(ids, int) and not isinstance(ids, bool):
        return [ids]
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise builtin_error("TypeError", "ids must be a list of integers")
    return ids


class BaseModel:
    """The public methods an RPC may call, with Odoo's signatures (so a wrong argument is the
    TypeError Odoo's own method would raise)."""

    def __init__(self, env, name):
        self.env, self._name = env, name
        self.meta = MODELS[name]
        self.table = env.state.records[name]

    # ------------------------------------------------------------ helpers

    def browse(self, ids):
        ids = check_ids(ids)
        missing = [i for i in ids if i not in self.table]
        if missing:
            raise missing_error(self._name, missing)
        return ids

    def check_writable(self, operation):
        if not self.meta.get("writable"):
            raise user_error("AccessError", f"You are not allowed to {operation} '{self.meta['description']}' "
                                            f"({self._name}) records.\n\nNo group currently allows this operation."
                                            "\n\nContact your administrator to request access if necessary.")

    def convert(self, vals):
        """convert_to_cache: unknown fields, selection values, many2one targets."""
        if not isinstance(vals, dict):
            raise builtin_error("ValueError", f"Invalid values for {self._name}: {vals!r}")
        out = {}
        for key, value in vals.items():
            field = self.meta["fields"].get(key)
            if field is None:
                raise builtin_error("ValueError", f"Invalid field {key!r} on model {self._name!r}")
            kind, _, extra = field
            if kind == "selection" and value not in (False, None) and value not in extra:
                raise builtin_error("ValueError", f"Wrong value for {self._name}.{key}: {value!r}")
            if kind == "many2one":
                if isinstance(value, list) and value:
                    value = value[0]
                if value in (None, 0):
                    value = False
                if value is not False and (not isinstance(value, int) or isinstance(value, bool)):
                    raise builtin_error("ValueError", f"Wrong value for {self._name}.{key}: {value!r}")
            if kind in ("float", "int") and value not in (False, None):
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise builtin_error("ValueError", f"Wrong value for {self._name}.{key}: {value!r}")
            out[key] = value
        return out

    def flush_checks(self, rec):
        """What PostgreSQL would refuse when the record is flushed."""
        for field in self.meta.get("required", ()):
            if rec.get(field) in (None, False, ""):
                raise not_null_error(self._name, field)
        for key, (kind, _, comodel) in self.meta["fields"].items():
            if kind == "many2one" and rec.get(key) not in (None, False):
                if rec[key] not in self.env.state.records[comodel]:
                    raise fk_error(self._name, key)
        if self._name == "res.partner" and rec.get("type", "contact") == "contact" and not rec.get("name"):
            raise user_error("ValidationError", "The operation cannot be completed: Contacts require a name")

    def to_read(self, rec, fields):
        fields = fields or ["id"] + list(self.meta["fields"]) + ["display_name"]
        out = {"id": rec["id"]}
        for f in fields:
            if f in ("id",):
                continue
            if f == "display_name":
                out[f] = display_name(self._name, rec)
                continue
            spec = self.meta["fields"].get(f)
            if spec is None:
                raise builtin_error("ValueError", f"Invalid field {f!r} on model {self._name!r}")
            kind, _, comodel = spec
            value = rec.get(f)
            if kind == "many2one":
                target = self.env.state.records[comodel].get(value) if value else None
                out[f] = [value, display_name(comodel, target)] if target else False
            elif kind == "one2many":
                out[f] = list(value or [])
            elif kind == "bool":
                out[f] = bool(value)
            elif kind in ("float", "int"):
                out[f] = value if value not in (None, False) else (0.0 if kind == "float" else 0)
            else:
                out[f] = value if value not in (None, "") else False
        return out

    def search_ids(self, domain, offset=0, limit=None, order=None):
        domain = domain or []
        if not isinstance(domain, list):
            raise builtin_error("ValueError", f"Invalid domain {domain!r}")
        if self.meta.get("active") and not any(isinstance(t, list) and t and t[0] == "active" for t in domain) \
                and self.env.context.get("active_test", True):
            domain = ["&", ["active", "=", True]] + (domain if domain else [["id", "!=", 0]])
        for name, value in (("offset", offset), ("limit", limit)):
            if value not in (None, False) and (not isinstance(value, int) or isinstance(value, bool)):
                raise builtin_error("TypeError", f"{name} must be an integer, not {type(value).__name__}")
        rows = [r for r in self.table.values() if evaluate(self, domain, r)]
        for key, desc in reversed(parse_order(self, order or self.meta["order"])):
            rows.sort(key=lambda r, k=key: sort_key(r.get(k)), reverse=desc)
        rows = rows[offset or 0:]
        if limit:
            rows = rows[:limit]
        return [r["id"] for r in rows]

    # ------------------------------------------------------------ public methods

    def create(self, vals_list):
        self.check_writable("create")
        single = isinstance(vals_list, dict)
        items = [vals_list] if single else vals_list
        if not isinstance(items, list):
            raise builtin_error("ValueError", f"Invalid values for {self._name}: {vals_list!r}")
        snapshot = json.dumps(self.env.state.records)
        try:
            ids = [create_one(self, vals) for vals in items]
        except OdooError:
            self.env.state.records.clear()
            self.env.state.records.update({m: {int(k): v for k, v in r.items()}
                                           for m, r in json.loads(snapshot).items()})
            raise
        return ids[0] if single else ids

    def read(self, ids, fields=None):
        return [self.to_read(self.table[i], fields) for i in self.browse(ids)]

    def write(self, ids, vals):
        self.check_writable("write")
        ids = self.browse(ids)
        readonly = self.meta.get("readonly", ())
        vals = {k: v for k, v in self.convert(vals).items() if k not in readonly}  # readonly fields are ignored
        snapshot = json.dumps(self.env.state.records)
        try:
            for i in ids:
                write_one(self, self.table[i], vals)
        except OdooError:
            self.env.state.records.clear()
            self.env.state.records.update({m: {int(k): v for k, v in r.items()}
                                           for m, r in json.loads(snapshot).items()})
            raise
        return True

    def unlink(self, ids):
        self.check_writable("unlink")
        ids = self.browse(ids)
        for i in ids:
            rec = self.table[i]
            if self._name == "sale.order" and rec["state"] not in ("draft", "cancel"):
                raise user_error("UserError", "You can not delete a sent quotation or a confirmed sales order. "
                                              "You must first cancel it.")
            if self._name == "sale.order.line":
                check_line_unlink(self.env, rec)
        for i in ids:
            rec = self.table.pop(i)
            if self._name == "sale.order":
                for line_id in rec.get("order_line", []):
                    self.env.state.records["sale.order.line"].pop(line_id, None)
            if self._name == "sale.order.line":
                order = self.env.state.records["sale.order"].get(rec["order_id"])
                if order:
                    order["order_line"] = [l for l in order["order_line"] if l != i]
                    compute_amounts(self.env, order)
        return True

    def search(self, domain, offset=0, limit=None, order=None):
        return self.search_ids(domain, offset, limit, order)

    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None):
        return [self.to_read(self.table[i], fields) for i in self.search_ids(domain, offset, limit, order)]

    def search_count(self, domain, limit=None):
        return len(self.search_ids(domain, 0, limit, None))

    def name_search(self, name="", domain=None, operator="ilike", limit=100):  # Odoo 17+: domain, not args
        domain = (domain or []) + ([["name", operator, name]] if name else [])
        return [[i, display_name(self._name, self.table[i])] for i in self.search_ids(domain, 0, limit)]

    def fields_get(self, allfields=None, attributes=None):
        out = {}
        for name, (kind, label, extra) in self.meta["fields"].items():
            if allfields and name not in allfields:
                continue
            desc = {"type": kind, "string": label, "required": name in self.meta.get("required", ()),
                    "readonly": name in self.meta.get("readonly", ())}
            if kind in ("many2one", "one2many"):
                desc["relation"] = extra
            if kind == "selection":
                desc["selection"] = [[v, v] for v in extra]
            out[name] = {k: v for k, v in desc.items() if not attributes or k in attributes}
        return out


MODEL_METHODS = {"create", "search", "search_read", "search_count", "name_search", "fields_get"}  # @api.model


class SaleOrder(BaseModel):
    def action_confirm(self, ids):
        ids = self.browse(ids)
        for i in ids:
            order = self.table[i]
            lines = [self.env.state.records["sale.order.line"][l] for l in order["order_line"]]
            if order["state"] not in ("draft", "sent"):
                raise user_error("UserError", "Some orders are not in a state requiring confirmation.")
            if any(not l.get("display_type") and not l.get("product_id") for l in lines):
                raise user_error("UserError", "A line on these orders missing a product, you cannot confirm it.")
        for i in ids:
            set_order_state(self.env, self.table[i], "sale")
        return True

    def action_cancel(self, ids):
        ids = self.browse(ids)
        if any(self.table[i].get("locked") for i in ids):
            raise user_error("UserError", "You cannot cancel a locked order. Please unlock it first.")
        for i in ids:
            set_order_state(self.env, self.table[i], "cancel")
        return True

    def action_draft(self, ids):
        for i in self.browse(ids):
            if self.table[i]["state"] in ("cancel", "sent"):
                set_order_state(self.env, self.table[i], "draft")
        return True

    def action_lock(self, ids):
        for i in self.browse(ids):
            self.table[i]["locked"] = True
        return True

    def action_unlock(self, ids):
        for i in self.browse(ids):
            self.table[i]["locked"] = False
        return True


RECORD_METHODS = {"read", "write", "unlink", "action_confirm", "action_cancel", "action_draft",
                  "action_lock", "action_unlock"}


def Model(env, name):
    return (SaleOrder if name == "sale.order" else BaseModel)(env, name)


def set_order_state(env, order, state):
    order["state"] = state
    for line_id in order["order_line"]:
        env.state.records["sale.order.line"][line_id]["state"] = state


def check_line_unlink(env, line):
    order = env.state.records["sale.order"].get(line.get("order_id"))
    if order and order["state"] == "sale" and not line.get("display_type"):
        raise user_error("UserError", "Once a sales order is confirmed, you can't remove one of its lines (we need "
                                      "to track if something gets invoiced or delivered).\n"
                                      "                Set the quantity to 0 instead.")


def line_defaults(env, vals):
    product = env.state.records["product.product"].get(vals.get("product_id")) if vals.get("product_id") else None
    if product:
        vals.setdefault("name", display_name("product.product", product))
        vals.setdefault("price_unit", product["lst_price"])
    vals.setdefault("product_uom_qty", 1.0)
    vals.setdefault("price_unit", 0.0)


def compute_line(line):
    qty, price, disc = float(line.get("product_uom_qty") or 0), float(line.get("price_unit") or 0), \
        float(line.get("discount") or 0)
    line["price_subtotal"] = line["price_total"] = round(qty * price * (1 - disc / 100.0), 2)


def compute_amounts(env, order):
    lines = env.state.records["sale.order.line"]
    order["amount_untaxed"] = round(sum(lines[i]["price_subtotal"] for i in order["order_line"] if i in lines), 2)
    order["amount_tax"] = 0.0
    order["amount_total"] = order["amount_untaxed"]


def create_one(model, vals):
    env, name = model.env, model._name
    vals = model.convert(vals)
    lines = vals.pop("order_line", None) if name == "sale.order" else None
    rec = {k: v for k, v in MODELS[name].get("defaults", {}).items()}
    rec.update({k: v for k, v in vals.items() if k not in MODELS[name].get("readonly", ())})
    if name == "res.partner":
        rec.setdefault("customer_rank", 0)
    if name == "sale.order":
        partner = rec.get("partner_id")
        rec.setdefault("partner_invoice_id", partner)
        rec.setdefault("partner_shipping_id", partner)
        rec.setdefault("date_order", now_string())
        rec.setdefault("currency_id", INR_ID)
        rec["order_line"] = []
    if name == "sale.order.line":
        line_defaults(env, rec)
        compute_line(rec)
    model.flush_checks(rec)
    rid = env.state.put(name, rec)
    stored = env.state.records[name][rid]
    if name == "sale.order":
        env.state.sequence += 1
        stored["name"] = f"S{env.state.sequence:05d}"
        apply_line_commands(env, stored, lines or [])
        if stored["partner_id"] in env.state.records["res.partner"]:
            env.state.records["res.partner"][stored["partner_id"]]["customer_rank"] = \
                env.state.records["res.partner"][stored["partner_id"]].get("customer_rank", 0) + 1
    if name == "sale.order.line":
        order = env.state.records["sale.order"][stored["order_id"]]
        stored["state"] = order["state"]
        order["order_line"].append(rid)
        compute_amounts(env, order)
    return rid


def write_one(model, rec, vals):
    env, name = model.env, model._name
    vals = dict(vals)
    lines = vals.pop("order_line", None) if name == "sale.order" else None
    if name == "sale.order.line" and "product_id" in vals and vals["product_id"] != rec.get("product_id"):
        order = env.state.records["sale.order"].get(rec["order_id"])
        if order and order["state"] == "sale":
            raise user_error("UserError", "You cannot modify the product of this order line.")
    candidate = dict(rec, **vals)
    if name == "sale.order.line":
        compute_line(candidate)
    model.flush_checks(candidate)
    rec.update(candidate)
    if name == "sale.order" and lines is not None:
        apply_line_commands(env, rec, lines)
    if name == "sale.order.line":
        compute_amounts(env, env.state.records["sale.order"][rec["order_id"]])


def apply_line_commands(env, order, commands):
    """One2many commands on sale.order.order_line (odoo.fields.Command)."""
    if not isinstance(commands, list):
        raise builtin_error("ValueError", f"Wrong value for sale.order.order_line: {commands!r}")
    lines_model = Model(env, "sale.order.line")
    for command in commands:
        if not isinstance(command, list) or not command or command[0] not in (0, 1, 2, 3, 4, 5, 6):
            raise builtin_error("ValueError", f"Wrong value for sale.order.order_line: {command!r}")
        op = command[0]
        if op == 0:
            vals = command[2] if len(command) > 2 else {}
            create_one(lines_model, dict(lines_model.convert(vals), order_id=order["id"]))
        elif op == 1:
            line_id = command[1]
            if line_id not in order["order_line"]:
                raise missing_error("sale.order.line", [line_id])
            write_one(lines_model, env.state.records["sale.order.line"][line_id], lines_model.convert(command[2]))
        elif op in (2, 3):
            line_id = command[1]
            line = env.state.records["sale.order.line"].get(line_id)
            if line is None:
                raise missing_error("sale.order.line", [line_id])
            check_line_unlink(env, line)
            lines_model.unlink([line_id])
        elif op == 5:
            for line_id in list(order["order_line"]):
                check_line_unlink(env, env.state.records["sale.order.line"][line_id])
            lines_model.unlink(list(order["order_line"]))
        else:  # 4 link / 6 set: a line belongs to exactly one order
            raise builtin_error("ValueError", f"Command {op} is not supported on sale.order.order_line by this peer")
    compute_amounts(env, order)


# ---------------------------------------------------------------- domains

def sort_key(value):
    if value in (None, False):
        return (0, "")
    return (1, value if isinstance(value, (int, float)) else str(value).lower())


def parse_order(model, order):
    result = []
    for part in str(order).split(","):
        words = part.strip().split()
        if not words:
            continue
        field = words[0]
        if field != "id" and field not in model.meta["fields"]:
            raise builtin_error("ValueError", f"Invalid field {field!r} on model {model._name!r}")
        result.append((field, len(words) > 1 and words[1].lower() == "desc"))
    return result


def like(value, pattern, insensitive, anchored):
    if value in (None, False):
        return False
    text = str(pattern)
    if not anchored:
        regex = ".*" + re.escape(text).replace("%", ".*").replace("_", ".") + ".*"
    else:
        regex = re.escape(text).replace("%", ".*").replace("_", ".")
    return re.fullmatch(regex, str(value), re.IGNORECASE | re.DOTALL if insensitive else re.DOTALL) is not None


def leaf_value(model, rec, field):
    if field == "id":
        return rec["id"]
    if "." in field:
        head, rest = field.split(".", 1)
        kind, _, comodel = model.meta["fields"].get(head, (None, None, None))
        if kind != "many2one":
            raise builtin_error("ValueError", f"Invalid field {model._name}.{head} in leaf")
        target = model.env.state.records[comodel].get(rec.get(head))
        return leaf_value(Model(model.env, comodel), target, rest) if target else False
    if field not in model.meta["fields"]:
        raise builtin_error("ValueError", f"Invalid field {model._name}.{field} in leaf")
    value = rec.get(field)
    return False if value is None else value


def evaluate_leaf(model, leaf, rec):
    if not isinstance(leaf, list) or len(leaf) != 3:
        raise builtin_error("ValueError", f"Invalid leaf {leaf!r}")
    field, op, value = leaf
    actual = leaf_value(model, rec, field)
    op = str(op).lower()
    if op in ("=", "=="):
        return actual == value or (value is False and actual in (None, "", False))
    if op in ("!=", "<>"):
        return not (actual == value or (value is False and actual in (None, "", False)))
    if op in ("in", "not in"):
        inside = actual in (value if isinstance(value, list) else [value])
        return inside if op == "in" else not inside
    if op in ("like", "ilike", "not like", "not ilike", "=like", "=ilike"):
        found = like(actual, value, "ilike" in op, op.startswith("="))
        return not found if op.startswith("not") else found
    if op in ("<", ">", "<=", ">="):
        if actual in (None, False):
            return False
        try:
            return {"<": actual < value, ">": actual > value, "<=": actual <= value, ">=": actual >= value}[op]
        except TypeError:  # PostgreSQL refuses to compare the column with a value of another type
            raise OdooError("psycopg2.errors.UndefinedFunction",
                            f"operator does not exist: {type(actual).__name__} {op} {type(value).__name__}") from None
    if op == "=?":
        return value in (None, False) or actual == value
    raise builtin_error("ValueError", f"Invalid leaf {leaf!r}")


def evaluate(model, domain, rec):
    """Polish-notation domain with '&' (default), '|' and '!'."""
    pos = 0

    def expr():
        nonlocal pos
        if pos >= len(domain):
            raise builtin_error("ValueError", f"Invalid domain {domain!r}")
        token = domain[pos]
        pos += 1
        if token == "&":
            a, b = expr(), expr()
            return a and b
        if token == "|":
            a, b = expr(), expr()
            return a or b
        if token == "!":
            return not expr()
        return evaluate_leaf(model, token, rec)

    results = []
    while pos < len(domain):
        results.append(expr())
    return all(results)


# ---------------------------------------------------------------- calls

def call_method(env, model_name, method, ids, args, kwargs):
    """execute_kw / JSON-2: get_public_method, then the call with Odoo's signature."""
    model = env.model(model_name)
    if method.startswith("_"):
        raise user_error("AccessError", f"Private methods (such as '{model_name}.{method}') cannot be called remotely.")
    func = getattr(model, method, None)
    if func is None or method in ("browse", "check_writable", "convert", "flush_checks", "to_read", "search_ids") \
            or not callable(func):
        raise builtin_error("AttributeError", f"The method '{model_name}.{method}' does not exist")
    if method in RECORD_METHODS:
        args = [ids] + list(args)
    elif ids:
        raise http_error(422, "UnprocessableEntity", f"cannot call {model_name}.{method} with ids")
    try:
        inspect.signature(func).bind(*args, **kwargs)
    except TypeError as e:
        raise builtin_error("TypeError", f"{type(model).__name__}.{method}() {e}") from None
    return func(*args, **kwargs)


class OdooHandler(PeerHandler):

    def auth_refusal(self, path, raw):
        """What Odoo answers once the password or API key stopped being valid."""
        if path.startswith("/json/2/"):
            return self.json2_error(http_error(401, "Unauthorized", "Invalid apikey"))
        try:
            rid = json.loads(raw.decode("utf-8")).get("id")
        except (ValueError, AttributeError):
            rid = None
        return self.rpc_reply(rid, error=user_error("AccessDenied", "Access Denied"))

    def process(self, path, query, raw):
        if path == "/jsonrpc":
            return self.jsonrpc(raw)
        if path.startswith("/json/2"):
            return self.json2(path, raw)
        if path == "/web/version" and self.command == "GET":
            return self.ok({"version": self.server.config.server_version,
                            "version_info": version_info(self.server.config.server_version)})
        return 404, {}, "text/html; charset=utf-8", b"<!DOCTYPE html><title>404: Not Found</title>"

    def ok(self, payload, status=200):
        return status, {}, "application/json; charset=utf-8", json.dumps(payload).encode()

    # ------------------------------------------------------------ JSON-RPC

    def rpc_reply(self, rid, result=None, error=None):
        body = {"jsonrpc": "2.0", "id": rid}
        if error is not None:
            body["error"] = {"code": 200, "message": "Odoo Server Error", "data": error.serialize()}
        else:
            body["result"] = result
        return self.ok(body)

    def jsonrpc(self, raw):
        self._rpc_id = None
        if self.command != "POST":
            return 405, {}, "text/html; charset=utf-8", b"<title>405 Method Not Allowed</title>"
        mimetype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if mimetype not in ("application/json", "application/json-rpc"):
            return 400, {}, "text/html; charset=utf-8", b"<title>400 Bad Request</title>"
        try:
            request = json.loads(raw.decode("utf-8"))
        except ValueError:
            return 400, {}, "text/html; charset=utf-8", b"<title>400 Bad Request</title><p>Invalid JSON data</p>"
        if not isinstance(request, dict):
            return 400, {}, "text/html; charset=utf-8", b"<title>400 Bad Request</title><p>Invalid JSON-RPC data</p>"
        self._rpc_id = request.get("id")
        params = request.get("params") or {}
        try:
            if not isinstance(params, dict):
                raise builtin_error("TypeError", "params must be an object")
            unknown = set(params) - {"service", "method", "args"}
            if unknown:
                raise builtin_error("TypeError", f"RPC.jsonrpc() got an unexpected keyword argument '{sorted(unknown)[0]}'")
            for key in ("service", "method", "args"):
                if key not in params:
                    raise builtin_error("TypeError", f"RPC.jsonrpc() missing 1 required positional argument: '{key}'")
            with self.state.lock:
                result = self.dispatch_rpc(params["service"], params["method"], params["args"])
            return self.rpc_reply(self._rpc_id, result=result)
        except OdooError as e:
            return self.rpc_reply(self._rpc_id, error=e)

    def check_db(self, db):
        if db != self.state.db:
            raise OdooError("psycopg2.OperationalError", f'connection to server on socket "/var/run/postgresql/'
                            f'.s.PGSQL.5432" failed: FATAL:  database "{db}" does not exist\n')

    def password_ok(self, password):
        return isinstance(password, str) and (
            hmac.compare_digest(password.encode(), self.state.password.encode())
            or hmac.compare_digest(password.encode(), self.state.api_key.encode()))

    def dispatch_rpc(self, service, method, args):
        if not isinstance(args, list):
            raise builtin_error("TypeError", "args must be a list")
        if service == "common":
            if method == "version":
                v = self.server.config.server_version
                return {"server_version": v, "server_version_info": version_info(v), "server_serie": v,
                        "protocol_version": 1}
            if method in ("login", "authenticate"):
                need = 3 if method == "login" else 4
                if len(args) != need:
                    raise builtin_error("TypeError", f"exp_{method}() takes {need} positional arguments "
                                                     f"but {len(args)} were given")
                db, login, password = args[0], args[1], args[2]
                self.check_db(db)
                if login == self.state.login and self.password_ok(password):
                    return API_USER_ID
                return False
            raise builtin_error("KeyError", f"'exp_{method}'")
        if service == "object":
            if method not in ("execute", "execute_kw"):
                raise builtin_error("NameError", f"Method not available {method}")
            if len(args) < 3:
                raise builtin_error("IndexError", "list index out of range")
            db, uid, password = args[0], args[1], args[2]
            self.check_db(db)
            if uid != API_USER_ID or not self.password_ok(password):
                raise user_error("AccessDenied", "Access Denied")
            rest = args[3:]
            if method == "execute":
                if len(rest) < 2:
                    raise builtin_error("TypeError", f"execute() missing {2 - len(rest)} required positional "
                                                     "argument(s): 'obj', 'method'")
                model, name, call_args, call_kwargs = rest[0], rest[1], list(rest[2:]), {}
            else:
                if len(rest) < 3 or len(rest) > 4:
                    raise builtin_error("TypeError", f"execute_kw() takes from 5 to 6 positional arguments "
                                                     f"but {len(rest) + 2} were given")
                model, name, call_args = rest[0], rest[1], rest[2]
                call_kwargs = rest[3] if len(rest) > 3 else {}
                if not isinstance(call_args, list):
                    raise builtin_error("TypeError", "args must be a list")
                if not isinstance(call_kwargs, dict):
                    raise builtin_error("TypeError", "kwargs must be a dict")
            context = call_kwargs.pop("context", None) or {}
            env = Env(self.state, context)
            ids = ()
            if name in RECORD_METHODS:
                if not call_args:
                    raise builtin_error("IndexError", "list index out of range")
                ids, call_args = call_args[0], call_args[1:]
            return call_method(env, model, name, ids, call_args, call_kwargs)
        if service == "db":
            raise user_error("AccessDenied", "Access Denied")  # the database manager is disabled
        raise builtin_error("KeyError", f"'{service}'")

    # ------------------------------------------------------------ JSON-2

    def json2_error(self, error):
        return error.status, {}, "application/json; charset=utf-8", json.dumps(error.serialize()).encode()

    def json2(self, path, raw):
        parts = path[len("/json/2"):].strip("/").split("/")
        try:
            if len(parts) != 2 or not all(parts):
                raise http_error(404, "NotFound", "Did you mean POST /json/2/<model>/<method>?")
            model, method = parts
            scheme, _, key = (self.headers.get("Authorization") or "").partition(" ")
            if scheme.lower() != "bearer" or not key.strip():
                raise http_error(401, "Unauthorized", "Invalid apikey")
            if not hmac.compare_digest(key.strip().encode(), self.state.api_key.encode()):
                raise http_error(401, "Unauthorized", "Invalid apikey")
            db = self.headers.get("X-Odoo-Database")
            if db is not None and db != self.state.db:
                raise http_error(404, "NotFound", f"database {db!r} not found")
            if self.command != "POST":
                raise http_error(405, "MethodNotAllowed", "The method is not allowed for the requested URL.")
            mimetype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if raw and mimetype != "application/json":
                raise http_error(415, "UnsupportedMediaType", "expected application/json")
            try:
                params = json.loads(raw.decode("utf-8")) if raw else {}
            except ValueError as e:
                raise http_error(400, "BadRequest", f"could not parse the body as json: {e}") from None
            if not isinstance(params, dict):
                raise http_error(400, "BadRequest", "could not parse the body, expecting a json object")
            ids = params.pop("ids", [])
            context = params.pop("context", {}) or {}
            with self.state.lock:
                if model not in MODELS:
                    raise http_error(404, "NotFound", f"the model {model!r} does not exist")
                env = Env(self.state, context)
                handler = Model(env, model)
                func = getattr(handler, method, None)
                if method.startswith("_"):  # get_public_method raises AccessError, not AttributeError
                    raise user_error("AccessError", f"Private methods (such as '{model}.{method}') "
                                                    "cannot be called remotely.")
                if func is None or method in (
                        "browse", "check_writable", "convert", "flush_checks", "to_read", "search_ids"):
                    raise http_error(404, "NotFound", f"The method '{model}.{method}' does not exist")
                if method in MODEL_METHODS and ids:
                    raise http_error(422, "UnprocessableEntity", f"cannot call {model}.{method} with ids")
                call_args = [check_ids(ids)] if method in RECORD_METHODS else []
                try:
                    inspect.signature(func).bind(*call_args, **params)
                except TypeError as e:
                    raise http_error(422, "UnprocessableEntity", str(e)) from None
                result = func(*call_args, **params)
            if method == "create" and isinstance(result, int):
                result = [result]  # JSON-2 returns the ids of the new recordset
            return self.ok(result)
        except OdooError as e:
            return self.json2_error(e)

    # ------------------------------------------------------------ control

    def vendor_control(self, method, path, spec):
        if (method, path) == ("GET", "/_control/state"):
            with self.state.lock:
                return 200, {"records": self.state.created()}
        if (method, path) == ("POST", "/_control/credentials"):
            with self.state.lock:
                for key in ("password", "api_key"):
                    if key in spec:
                        if not isinstance(spec[key], str) or not spec[key]:
                            return 400, {"error": f"{key} is required to be a non-empty string"}
                        setattr(self.state, key, spec[key])
            return 200, {"ok": True}
        return 404, {"error": f"no such control endpoint: {method} {path}"}


def version_info(version):
    major, _, minor = version.partition(".")
    return [int(major), int(minor or 0), 0, "final", 0, ""]


def parse_args(argv):
    parser = peer_arguments("Odoo JSON-RPC / JSON-2 test peer.")
    parser.add_argument("--db", default="erpb")
    parser.add_argument("--login", default="admin@example.com")
    parser.add_argument("--password", default="erpb-password")
    parser.add_argument("--api-key", default="erpb-api-key")
    parser.add_argument("--server-version", default="19.0")
    return parser.parse_args(argv)


def main(argv=None):
    config = parse_args(argv)
    return serve(OdooHandler, OdooState(config.db, config.login, config.password, config.api_key), config)


if __name__ == "__main__":
    sys.exit(main())
