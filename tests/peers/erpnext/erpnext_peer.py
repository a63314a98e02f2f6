#!/usr/bin/python3
"""Test peer with ERPNext's (Frappe's) documented REST behaviour, for erpbridge's REST recipes.

A real HTTP/1.1 server on loopback, standard library only. It answers the way a Frappe v15
site with ERPNext does for the calls an integration makes:

- auth: ``Authorization: token <api_key>:<api_secret>`` (or ``Basic base64(key:secret)``);
  a wrong key or secret is ``401 {"exc_type": "AuthenticationError"}``; no credentials (or a
  malformed token) leaves the request as Guest, refused ``403`` ``PermissionError``;
- ``/api/resource/<doctype>`` list (``filters``, ``fields``, ``limit_page_length``,
  ``order_by``; ``200 {"data": []}`` when nothing matches) and create;
  ``/api/resource/<doctype>/<name>`` GET / PUT (docstatus 1 submits, 2 cancels);
- ``/api/method/frappe.client.submit``, ``frappe.client.cancel``,
  ``erpnext.controllers.accounts_controller.update_child_qty_rate`` (the remaining lines of a
  submitted Sales Order), ``frappe.auth.get_logged_user``;
- errors as Frappe's API v1 builds them: the exception's ``http_status_code`` (417 for every
  ValidationError subclass, 404 DoesNotExistError, 403, 401, 409), ``exc_type``, ``exception``
  and ``_server_messages`` (a JSON list of JSON-encoded message objects: doubly encoded);
- Link validation (``Could not find Customer: X``, ``Could not find Row #1: Item Code: X``),
  mandatory fields (``MandatoryError``), ``Please enter Delivery Date``, docstatus
  transitions, ``UpdateAfterSubmitError``, ``TimestampMismatchError`` on a stale submit,
  ERPNext's return rules (negative quantities) and Customer naming by customer name.

Sources (read, not copied):
- frappe/frappe: frappe/api/v1.py (routes), frappe/handler.py, frappe/client.py
  (submit, cancel), frappe/auth.py (validate_auth_via_api_keys, validate_api_key_secret),
  frappe/app.py (handle_exception), frappe/utils/response.py (report_error, _make_logs_v1),
  frappe/exceptions.py (http_status_code of each exception), frappe/rate_limiter.py (the 429
  reply and its X-RateLimit-* / Retry-After headers), frappe/model/document.py
  (_validate_mandatory, _validate_links, check_docstatus_transition,
  _validate_update_after_submit, check_if_latest), frappe/model/base_document.py
  (_get_missing_mandatory_fields, get_invalid_links).
- frappe/erpnext: selling/doctype/sales_order/sales_order.py (validate_delivery_date),
  controllers/sales_and_purchase_return.py (validate_return, validate_quantity),
  controllers/accounts_controller.py (update_child_qty_rate, validate_and_delete_children),
  selling/doctype/customer/customer.py (naming by customer name, "<name> - 1" on a clash).
- https://frappeframework.com/docs/user/en/api/rest and
  https://frappeframework.com/docs/user/en/guides/integration/rest_api/token_based_authentication

Control API under /_control/ (no auth, never logged): see README.md next to this file.
"""

import base64
import binascii
import datetime
import hmac
import json
import secrets
import os
import sys
from urllib.parse import parse_qsl

API_USER = "integration@example.com"

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peerkit"))
from peerkit import PeerHandler, PeerState, peer_arguments, serve  # noqa: E402  (shared peer plumbing)


# ---------------------------------------------------------------- Frappe errors


class FrappeError(Exception):
    """An exception as Frappe raises it: class name, HTTP status, message log entries."""

    def __init__(self, exc_type, status, message=None, messages=None, title=None, error_message=None):
        super().__init__(message or exc_type)
        self.exc_type, self.status, self.message = exc_type, status, message
        self.title, self.error_message = title, error_message
        self.messages = messages if messages is not None else ([message] if message else [])


def value_error(message):
    """A Python ValueError raised inside Frappe: no message log, HTTP 500."""
    return FrappeError("ValueError", 500, message, messages=[])


def validation(exc_type, message, title=None):
    return FrappeError(exc_type, 417, message, title=title)


def frappe_error_body(e):
    """The body Frappe's report_error + _make_logs_v1 produce for an API v1 request."""
    body = {}
    exc_id = secrets.token_hex(28)
    if e.messages:
        encoded = []
        for i, text in enumerate(e.messages):
            msg = {"message": text, "title": e.title or "Message", "indicator": "red"}
            if i == len(e.messages) - 1 and e.message:
                msg["raise_exception"] = 1
                msg["__frappe_exc_id"] = exc_id
            encoded.append(json.dumps(msg, separators=(",", ":")))
        body["_server_messages"] = json.dumps(encoded, separators=(",", ":"))
    if e.error_message:
        body["_error_message"] = e.error_message
    body["exc_type"] = e.exc_type
    # Tracebacks are allowed for the API user (a System Manager), never for Guest, never on 404.
    if e.status != 404 and e.exc_type not in ("AuthenticationError", "InvalidAuthorizationToken", "PermissionError"):
        qualified = e.exc_type if e.exc_type in ("ValueError", "TypeError") else f"frappe.exceptions.{e.exc_type}"
        text = f"{qualified}: {e.message}" if e.message else qualified
        body["exception"] = text
        body["exc"] = json.dumps([f"Traceback (most recent call last):\n  (erpnext test peer)\n{text}\n"])
    return body


# ---------------------------------------------------------------- the ERPNext model

# Field metadata per doctype: mandatory fields (label), link fields (target doctype, label),
# child tables, which fields may change after submit, and the naming series.
DOCTYPES = {
    "Customer": {
        "reqd": {"customer_name": "Customer Name"},
        "links": {"customer_group": ("Customer Group", "Customer Group"),
                  "territory": ("Territory", "Territory"),
                  "default_price_list": ("Price List", "Default Price List"),
                  "default_currency": ("Currency", "Billing Currency")},
        "defaults": {"customer_type": "Individual", "customer_group": "All Customer Groups",
                     "territory": "All Territories", "disabled": 0},
        "writable": True, "submittable": False,
    },
    "Sales Order": {
        "series": "SAL-ORD-{year}-", "child": "Sales Order Item",
        "reqd": {"customer": "Customer", "company": "Company", "transaction_date": "Date",
                 "currency": "Currency", "selling_price_list": "Price List",
                 "conversion_rate": "Exchange Rate", "plc_conversion_rate": "Price List Exchange Rate",
                 "items": "Items"},
        "links": {"customer": ("Customer", "Customer"), "company": ("Company", "Company"),
                  "currency": ("Currency", "Currency"), "set_warehouse": ("Warehouse", "Set Source Warehouse"),
                  "selling_price_list": ("Price List", "Price List")},
        "child_reqd": {"item_code": "Item Code", "qty": "Quantity", "uom": "UOM", "rate": "Rate",
                       "conversion_factor": "UOM Conversion Factor", "delivery_date": "Delivery Date"},
        "child_links": {"item_code": ("Item", "Item Code"), "warehouse": ("Warehouse", "Delivery Warehouse")},
        "allow_on_submit": {"po_no", "po_date", "terms", "status", "per_billed", "per_delivered"},
        "writable": True, "submittable": True,
    },
    "Sales Invoice": {
        "series": "ACC-SINV-{year}-", "child": "Sales Invoice Item",
        "reqd": {"customer": "Customer", "company": "Company", "posting_date": "Date",
                 "currency": "Currency", "selling_price_list": "Price List",
                 "conversion_rate": "Exchange Rate", "plc_conversion_rate": "Price List Exchange Rate",
                 "items": "Items"},
        "links": {"customer": ("Customer", "Customer"), "company": ("Company", "Company"),
                  "currency": ("Currency", "Currency"),
                  "return_against": ("Sales Invoice", "Return Against"),
                  "selling_price_list": ("Price List", "Price List")},
        "child_reqd": {"item_code": "Item", "qty": "Quantity", "uom": "UOM", "rate": "Rate",
                       "conversion_factor": "UOM Conversion Factor"},
        "child_links": {"item_code": ("Item", "Item"), "warehouse": ("Warehouse", "Warehouse"),
                        "sales_order": ("Sales Order", "Sales Order")},
        "allow_on_submit": {"po_no", "remarks", "status"},
        "writable": True, "submittable": True,
    },
}
STANDARD_FIELDS = ("name", "owner", "creation", "modified", "modified_by", "docstatus", "idx", "doctype")
CHILD_FIELDS = ("item_name", "amount", "rate", "warehouse", "sales_order", "so_detail", "delivery_date",
                "stock_qty", "uom", "parent", "parenttype", "parentfield", "description")
DOCTYPES["Customer"]["fields"] = ("customer_type", "email_id", "mobile_no", "tax_id", "disabled",
                                  "customer_details", "website", "gstin")
DOCTYPES["Sales Order"]["fields"] = ("customer_name", "po_no", "po_date", "delivery_date", "status",
                                     "grand_total", "total", "net_total", "order_type", "set_warehouse",
                                     "per_billed", "per_delivered")
DOCTYPES["Sales Invoice"]["fields"] = ("customer_name", "po_no", "is_return", "return_against", "status",
                                       "grand_total", "total", "net_total", "due_date", "remarks",
                                       "update_stock")
READ_ONLY_DOCTYPES = ("Item", "Company", "Warehouse", "Price List", "Customer Group", "Territory",
                      "Currency", "UOM", "Item Price")
COMPANY, ABBR = "Commerceup Demo Pvt Ltd", "CDPL"
WAREHOUSE = f"Stores - {ABBR}"


def seed_documents():
    """What the site has before any test runs (README.md lists it)."""
    now = "2026-01-01 00:00:00.000000"
    docs = {dt: {} for dt in list(DOCTYPES) + list(READ_ONLY_DOCTYPES)}

    def put(doctype, name, **fields):
        docs[doctype][name] = dict(name=name, doctype=doctype, docstatus=0, owner="Administrator",
                                   creation=now, modified=now, modified_by="Administrator", idx=0, **fields)

    put("Company", COMPANY, company_name=COMPANY, abbr=ABBR, default_currency="INR", country="India")
    put("Warehouse", WAREHOUSE, warehouse_name="Stores", company=COMPANY, is_group=0)
    put("Warehouse", f"Finished Goods - {ABBR}", warehouse_name="Finished Goods", company=COMPANY, is_group=0)
    put("Price List", "Standard Selling", price_list_name="Standard Selling", currency="INR", selling=1, enabled=1)
    for group in ("All Customer Groups", "Individual", "Commercial"):
        put("Customer Group", group, customer_group_name=group, is_group=int(group.startswith("All")))
    for territory in ("All Territories", "India"):
        put("Territory", territory, territory_name=territory, is_group=int(territory.startswith("All")))
    for currency in ("INR", "USD"):
        put("Currency", currency, currency_name=currency, enabled=1)
    put("UOM", "Nos", uom_name="Nos")
    for code, name, rate in (("TSHIRT-BLU-M", "Cotton T-shirt, blue, M", 499.0),
                             ("MUG-CER-350", "Ceramic mug 350 ml", 299.0),
                             ("TSHIRT-BLU-L", "Cotton T-shirt, blue, L", 499.0)):
        put("Item", code, item_code=code, item_name=name, item_group="Products", stock_uom="Nos",
            is_stock_item=1, disabled=0, is_sales_item=1, standard_rate=rate)
        put("Item Price", f"IP-{code}", item_code=code, price_list="Standard Selling", price_list_rate=rate,
            currency="INR", selling=1)
    return docs


def now_string():
    return datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f")


def today():
    return datetime.date.today().isoformat()


def flt(value):
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def is_blank(value):
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def parse_date(value, label):
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise validation("ValidationError", f"{value} is not a valid date for {label}") from None


class ErpnextState(PeerState):
    def __init__(self, api_key, api_secret):
        super().__init__()
        self.api_key, self.api_secret = api_key, api_secret
        self.reset_documents()

    def reset_documents(self):
        self.docs = seed_documents()
        self.series = {}
        self.seed_names = {dt: set(names) for dt, names in self.docs.items()}

    def next_series(self, prefix):
        with self.lock:
            self.series[prefix] = self.series.get(prefix, 0) + 1
            return f"{prefix}{self.series[prefix]:05d}"

    def created(self):
        """Every document the API created (the seed data left out)."""
        return {dt: {n: d for n, d in names.items() if n not in self.seed_names.get(dt, ())}
                for dt, names in self.docs.items() if dt in DOCTYPES}

    def get(self, doctype, name):
        if doctype not in self.docs:
            raise FrappeError("DoesNotExistError", 404, f"DocType {doctype} not found")
        doc = self.docs[doctype].get(name)
        if doc is None:
            raise FrappeError("DoesNotExistError", 404, f"{doctype} {name} not found")
        return doc


# ---------------------------------------------------------------- document rules

def check_links(state, meta, doc):
    invalid = []
    for field, (target, label) in meta.get("links", {}).items():
        value = doc.get(field)
        if not is_blank(value) and str(value) not in state.docs[target]:
            invalid.append(f"{label}: {value}")
    for row in doc.get("items") or []:
        for field, (target, label) in meta.get("child_links", {}).items():
            value = row.get(field)
            if not is_blank(value) and str(value) not in state.docs[target]:
                invalid.append(f"Row #{row['idx']}: {label}: {value}")
    if invalid:
        raise validation("LinkValidationError", "Could not find " + ", ".join(invalid))
    for row in doc.get("items") or []:  # an item that exists but is disabled
        item = state.docs["Item"].get(row.get("item_code"))
        if item and item.get("disabled"):
            raise validation("ValidationError", f"Item {item['name']} is disabled")


def check_mandatory(meta, doc):
    missing = []
    for field, label in meta["reqd"].items():
        if is_blank(doc.get(field)):
            if field == "items":
                missing.append((field, f"Error: Data missing in table {label}"))
            else:
                missing.append((field, f"Error: Value missing for {doc['doctype']}: {label}"))
    for row in doc.get("items") or []:
        for field, label in meta.get("child_reqd", {}).items():
            if is_blank(row.get(field)) and not (field in ("rate",) and row.get(field) == 0):
                missing.append((field, f"Error: <strong>{meta['child']}</strong> Row #{row['idx']}: "
                                       f"Value missing for: {label}"))
    if missing:
        fields = ", ".join(f for f, _ in missing)
        raise FrappeError("MandatoryError", 417, f"[{doc['doctype']}, {doc['name']}]: {fields}",
                          messages=[m for _, m in missing])


def set_missing_values(state, doctype, doc):
    """What ERPNext's set_missing_values fills in before validation."""
    meta = DOCTYPES[doctype]
    for field, value in meta.get("defaults", {}).items():
        doc.setdefault(field, value)
    if doctype == "Customer":
        doc.pop("items", None)  # Customer has no items table: Frappe ignores unknown keys
        return
    doc.setdefault("company", COMPANY)
    doc.setdefault("currency", "INR")
    doc.setdefault("conversion_rate", 1.0)
    doc.setdefault("selling_price_list", "Standard Selling")
    doc.setdefault("price_list_currency", "INR")
    doc.setdefault("plc_conversion_rate", 1.0)
    date_field = "transaction_date" if doctype == "Sales Order" else "posting_date"
    doc.setdefault(date_field, today())
    if doctype == "Sales Invoice":
        doc.setdefault("is_return", 0)
        doc.setdefault("due_date", doc[date_field])
    for key, value in list(doc.items()):  # a Link or Data field cannot hold a list or an object
        if key in DOCTYPES[doctype]["reqd"] and key != "items" and isinstance(value, (list, dict)):
            raise value_error(f"invalid value for {key}: {value!r}")
    if isinstance(doc.get("customer"), str) and doc.get("customer") in state.docs["Customer"]:
        doc["customer_name"] = state.docs["Customer"][doc["customer"]]["customer_name"]
    rows = doc.get("items")
    if rows is None:
        return
    if not isinstance(rows, list):  # BaseDocument.extend: a table value must be a list
        raise value_error(f"Value for items of {doctype} must be a list, not {type(rows).__name__}")
    for idx, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise value_error(f"Document for field items attached to child table of {doctype} "
                                                 f"must be a dict or BaseDocument, not {type(row)} ({row!r})")
        for key, value in list(row.items()):
            if isinstance(value, (list, dict)) and key in ("item_code", "warehouse", "sales_order", "qty", "rate"):
                raise value_error(f"Row #{idx}: invalid value for {key}: {value!r}")
        row.update(idx=idx, parent=doc["name"], parentfield="items", parenttype=doctype,
                   doctype=meta["child"], docstatus=doc.get("docstatus", 0))
        row.setdefault("name", secrets.token_hex(5))
        item = state.docs["Item"].get(row.get("item_code"))
        if item:
            row.setdefault("item_name", item["item_name"])
            row.setdefault("uom", item["stock_uom"])
            row.setdefault("stock_uom", item["stock_uom"])
            row.setdefault("conversion_factor", 1.0)
            if row.get("rate") is None:
                row["rate"] = item["standard_rate"]
            row.setdefault("price_list_rate", item["standard_rate"])
        row.setdefault("warehouse", doc.get("set_warehouse") or WAREHOUSE)
        if doctype == "Sales Order" and doc.get("delivery_date") and not row.get("delivery_date"):
            row["delivery_date"] = doc["delivery_date"]
        row["qty"] = flt(row.get("qty")) if row.get("qty") is not None else None
        row["stock_qty"] = flt(row.get("qty")) * flt(row.get("conversion_factor") or 1)
        row["amount"] = round(flt(row.get("qty")) * flt(row.get("rate")), 2)
        row["net_amount"] = row["amount"]


def calculate_totals(doc):
    rows = doc.get("items") or []
    doc["total_qty"] = sum(flt(r.get("qty")) for r in rows)
    doc["total"] = doc["net_total"] = round(sum(flt(r.get("amount")) for r in rows), 2)
    taxes = sum(flt(t.get("tax_amount")) for t in doc.get("taxes") or [] if isinstance(t, dict))
    doc["total_taxes_and_charges"] = round(taxes, 2)
    doc["grand_total"] = doc["rounded_total"] = round(doc["total"] + taxes, 2)
    doc["base_grand_total"] = doc["grand_total"]


def erpnext_validate(state, doctype, doc):
    """The controller's validate(): ERPNext's own rules, after links and mandatory fields."""
    if doctype == "Sales Order":
        dates = [r["delivery_date"] for r in doc["items"] if r.get("delivery_date")]
        if dates and (not doc.get("delivery_date") or doc["delivery_date"] != max(dates)):
            doc["delivery_date"] = max(dates)
        if not doc.get("delivery_date"):
            raise validation("ValidationError", "Please enter Delivery Date")
        order_date = parse_date(doc["transaction_date"], "Date")
        for row in doc["items"]:
            row.setdefault("delivery_date", doc["delivery_date"])
            if parse_date(row["delivery_date"], "Delivery Date") < order_date:
                raise validation("ValidationError", "Expected Delivery Date should be after Sales Order Date",
                                 title="Invalid Delivery Date")
    if doctype == "Sales Invoice" and doc.get("is_return"):
        validate_return(state, doc)


def validate_return(state, doc):
    """ERPNext's validate_return for a Sales Invoice (a credit note)."""
    if doc.get("return_against"):
        # ERPNext checks dates and exchange rates only when the invoice returned against is
        # submitted and has the same company and customer; it raises nothing otherwise.
        ref = state.docs["Sales Invoice"][doc["return_against"]]
        valid = {}
        for row in ref["items"]:
            valid[row["item_code"]] = valid.get(row["item_code"], 0) + flt(row["qty"])
        returned = {}
        for other in state.docs["Sales Invoice"].values():
            if other.get("is_return") and other.get("return_against") == ref["name"] and other["docstatus"] == 1:
                for row in other["items"]:
                    returned[row["item_code"]] = returned.get(row["item_code"], 0) + abs(flt(row["qty"]))
    any_negative = False
    for row in doc["items"]:
        qty = flt(row.get("qty"))
        if qty > 0:
            raise validation("ValidationError", "Stock Qty must be negative in return document")
        if qty < 0:
            any_negative = True
            if doc.get("return_against"):
                code = row["item_code"]
                if code not in valid:
                    raise validation("ValidationError", f"Row # {row['idx']}: Returned Item {code} does not "
                                                        f"exist in Sales Invoice {ref['name']}")
                left = valid[code] - returned.get(code, 0)
                if returned.get(code, 0) >= valid[code]:
                    raise validation("StockOverReturnError", f"Item {code} has already been returned")
                if abs(qty) > left:
                    raise validation("StockOverReturnError", f"Row # {row['idx']}: Cannot return more than "
                                                             f"{left} for Item {code}")
    if not any_negative:
        raise validation("ValidationError", "Atleast one item should be entered with negative quantity "
                                            "in return document")


def new_name(state, doctype, doc):
    meta = DOCTYPES[doctype]
    if doctype == "Customer":  # Selling Settings: customer naming by "Customer Name"
        base = str(doc["customer_name"]).strip()
        if base not in state.docs["Customer"]:
            return base
        count = sum(1 for n in state.docs["Customer"] if n.startswith(base + " - "))
        return f"{base} - {count + 1}"
    if doc.get("name") and doc.get("__newname"):
        return doc["__newname"]
    return state.next_series(meta["series"].format(year=datetime.date.today().year))


def peek_series(state, meta):
    prefix = meta["series"].format(year=datetime.date.today().year)
    return f"{prefix}{state.series.get(prefix, 0) + 1:05d}"


def refresh_status(doctype, doc):
    if doctype == "Customer":
        return
    if doc["docstatus"] == 0:
        doc["status"] = "Draft"
    elif doc["docstatus"] == 2:
        doc["status"] = "Cancelled"
    elif doctype == "Sales Order":
        doc["status"] = "To Deliver and Bill"
    else:
        doc["status"] = "Return" if doc.get("is_return") else "Unpaid"


def insert_doc(state, doctype, data):
    meta = DOCTYPES.get(doctype)
    if meta is None:
        if doctype in state.docs:
            raise FrappeError("PermissionError", 403, None,
                              error_message=f"Insufficient Permission for {doctype}")
        raise FrappeError("DoesNotExistError", 404, f"DocType {doctype} not found")
    if not isinstance(data, dict):
        raise validation("ValidationError", "the document must be a JSON object")
    doc = {k: v for k, v in data.items() if k not in ("doctype", "name", "owner", "creation", "modified")}
    docstatus = doc.pop("docstatus", 0)
    if docstatus not in (0, 1, "0", "1"):
        raise validation("DocstatusTransitionError", f"Cannot change docstatus from 0 to {docstatus}")
    stamp = now_string()
    doc.update(doctype=doctype, name=f"new-{doctype.lower().replace(' ', '-')}-1", owner=API_USER,
               creation=stamp, modified=stamp, modified_by=API_USER, docstatus=0, idx=0)
    set_missing_values(state, doctype, doc)
    # Document.insert: links, then the name, then the controller's validate(), then mandatory
    # fields (Document._validate). The naming series is only used up when the insert commits.
    check_links(state, meta, doc)
    if doctype == "Customer":
        if not is_blank(doc.get("customer_name")):
            doc["name"] = new_name(state, doctype, doc)
    else:
        doc["name"] = peek_series(state, meta)
        for row in doc.get("items") or []:
            row["parent"] = doc["name"]
    if isinstance(doc.get("items"), list) and doc["items"]:
        erpnext_validate(state, doctype, doc)
    check_mandatory(meta, doc)
    if doctype != "Customer":
        doc["name"] = new_name(state, doctype, doc)
    if doctype != "Customer":
        calculate_totals(doc)
    if int(docstatus) == 1:
        doc["docstatus"] = 1
        for row in doc.get("items") or []:
            row["docstatus"] = 1
    refresh_status(doctype, doc)
    state.docs[doctype][doc["name"]] = doc
    return doc


def check_update_after_submit(meta, old, data):
    allowed = meta.get("allow_on_submit", set())
    for key, value in data.items():
        if key in allowed or key in ("docstatus", "modified", "name", "doctype", "owner", "creation",
                                     "modified_by", "idx", "__onload"):
            continue
        if key == "items":
            if not isinstance(value, list) or len(value) != len(old.get("items") or []):
                raise validation("UpdateAfterSubmitError", "Not allowed to change Items after submission")
            for new_row, old_row in zip(value, old["items"]):
                for k, v in (new_row or {}).items():
                    if k in ("name", "idx", "parent", "parentfield", "parenttype", "doctype", "docstatus"):
                        continue
                    if k in old_row and v != old_row[k] and not (isinstance(v, (int, float)) and flt(v) == flt(old_row[k])):
                        label = meta.get("child_reqd", {}).get(k, k.replace("_", " ").title())
                        raise validation("UpdateAfterSubmitError",
                                         f"Not allowed to change {label} after submission")
            continue
        if value != old.get(key) and not (isinstance(value, (int, float)) and isinstance(old.get(key), (int, float))
                                          and flt(value) == flt(old.get(key))):
            label = meta["reqd"].get(key) or meta.get("links", {}).get(key, (None, key.replace("_", " ").title()))[1]
            raise validation("UpdateAfterSubmitError", f"Not allowed to change {label} after submission")


def check_not_linked(state, doctype, doc):
    """Frappe's check_no_back_links_exist on cancel, for the links this peer models."""
    if doctype != "Sales Order":
        return
    for inv in state.docs["Sales Invoice"].values():
        if inv["docstatus"] == 1 and any(r.get("sales_order") == doc["name"] for r in inv["items"]):
            raise validation("LinkExistsError", f"Cannot delete or cancel because Sales Order {doc['name']} "
                                                f"is linked with Sales Invoice {inv['name']}")


def transition(state, doctype, doc, target):
    """check_docstatus_transition, then the action."""
    current = doc["docstatus"]
    if current == 2:
        raise validation("ValidationError", "Cannot edit cancelled document")
    if current == 0 and target == 2:
        raise validation("DocstatusTransitionError", "Cannot change docstatus from 0 to 2")
    if current == 1 and target == 0:
        raise validation("DocstatusTransitionError", "Cannot change docstatus from 1 to 0")
    if target == 2:
        check_not_linked(state, doctype, doc)
    doc["docstatus"] = target
    for row in doc.get("items") or []:
        row["docstatus"] = target
    doc["modified"], doc["modified_by"] = now_string(), API_USER
    refresh_status(doctype, doc)


def update_doc(state, doctype, name, data):
    meta = DOCTYPES.get(doctype)
    doc = state.get(doctype, name)
    if meta is None:
        raise FrappeError("PermissionError", 403, None, error_message=f"Insufficient Permission for {doctype}")
    if not isinstance(data, dict):
        raise validation("ValidationError", "the document must be a JSON object")
    data = {k: v for k, v in data.items() if k != "flags"}
    target = int(data.get("docstatus", doc["docstatus"]))
    if doc["docstatus"] == 2:
        raise validation("ValidationError", "Cannot edit cancelled document")
    if doc["docstatus"] == 1:
        if target == 1:
            check_update_after_submit(meta, doc, data)
            for key in meta.get("allow_on_submit", set()):
                if key in data:
                    doc[key] = data[key]
            doc["modified"] = now_string()
            return doc
        transition(state, doctype, doc, target)
        return doc
    if target == 2:
        transition(state, doctype, doc, 2)
    candidate = json.loads(json.dumps(doc))
    for key, value in data.items():
        if key not in ("name", "doctype", "owner", "creation", "modified", "docstatus"):
            candidate[key] = value
    if "items" in data:
        candidate["items"] = [dict(r) for r in data["items"]] if isinstance(data["items"], list) else data["items"]
    set_missing_values(state, doctype, candidate)
    check_links(state, meta, candidate)
    if isinstance(candidate.get("items"), list) and candidate["items"]:
        erpnext_validate(state, doctype, candidate)
    check_mandatory(meta, candidate)
    if doctype != "Customer":
        calculate_totals(candidate)
    candidate["modified"], candidate["modified_by"] = now_string(), API_USER
    state.docs[doctype][name] = candidate
    if target == 1:
        transition(state, doctype, candidate, 1)
    refresh_status(doctype, candidate)
    return candidate


def submit_doc(state, doc_arg):
    doc_arg = parse_json_arg(doc_arg, "doc")
    if not isinstance(doc_arg, dict) or not doc_arg.get("doctype"):
        raise validation("ValidationError", "doc must be a document with a doctype")
    doctype = doc_arg["doctype"]
    if not doc_arg.get("name") or doc_arg["name"] not in state.docs.get(doctype, {}):
        # frappe.get_doc(dict) of an unsaved document: submit() inserts it with docstatus 1
        return insert_doc(state, doctype, dict(doc_arg, docstatus=1))
    stored = state.get(doctype, doc_arg["name"])
    if str(doc_arg.get("modified") or "") != stored["modified"]:  # Document.check_if_latest
        raise validation("TimestampMismatchError",
                         f"Error: Document has been modified after you have opened it "
                         f"({stored['modified']}, {doc_arg.get('modified')}). "
                         "Please refresh to get the latest document.")
    if stored["docstatus"] != 0:
        raise validation("DocstatusTransitionError" if stored["docstatus"] == 1 else "ValidationError",
                         "Cannot change docstatus from 1 to 1" if stored["docstatus"] == 1
                         else "Cannot edit cancelled document")
    return update_doc(state, doctype, stored["name"], dict(doc_arg, docstatus=1))


def cancel_doc(state, doctype, name):
    if not doctype or name is None:
        raise validation("ValidationError", "doctype and name are required")
    doc = state.get(doctype, str(name))
    transition(state, doctype, doc, 2)
    return doc


def update_child_qty_rate(state, args):
    parent_doctype, parent_name = args.get("parent_doctype"), args.get("parent_doctype_name")
    items = parse_json_arg(args.get("trans_items"), "trans_items")
    if parent_doctype != "Sales Order":
        raise validation("ValidationError", f"{parent_doctype} is not supported by this peer")
    doc = state.get(parent_doctype, parent_name)
    if doc["docstatus"] == 2:
        raise validation("ValidationError", "Cannot edit cancelled document")
    if not isinstance(items, list) or not items:
        raise validation("ValidationError", "Please select at least one item to update")
    by_name = {r["name"]: r for r in doc["items"]}
    new_rows = []
    for d in items:
        if not isinstance(d, dict):
            raise validation("ValidationError", "trans_items must be a list of objects")
        if d.get("docname"):
            row = by_name.get(d["docname"])
            if row is None:
                raise FrappeError("DoesNotExistError", 404, f"Sales Order Item {d['docname']} not found")
            row = dict(row)
        else:
            if d.get("item_code") not in state.docs["Item"]:
                raise validation("LinkValidationError", f"Could not find Item Code: {d.get('item_code')}")
            row = {"name": secrets.token_hex(5), "item_code": d["item_code"]}
        if "qty" in d:
            row["qty"] = flt(d["qty"])
        if "rate" in d:
            row["rate"] = flt(d["rate"])
        new_rows.append(row)
    candidate = json.loads(json.dumps(doc))
    candidate["items"] = new_rows
    set_missing_values(state, "Sales Order", candidate)
    calculate_totals(candidate)
    candidate["modified"] = now_string()
    refresh_status("Sales Order", candidate)
    state.docs["Sales Order"][parent_name] = candidate
    return None


def parse_json_arg(value, name):
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise validation("ValidationError", f"{name} is not valid JSON") from None
    return value


# ---------------------------------------------------------------- list queries

OPERATORS = {
    "=": lambda a, b: str(a) == str(b) if not isinstance(a, (int, float)) else flt(a) == flt(b),
    "!=": lambda a, b: not OPERATORS["="](a, b),
    ">": lambda a, b: compare(a, b) > 0, "<": lambda a, b: compare(a, b) < 0,
    ">=": lambda a, b: compare(a, b) >= 0, "<=": lambda a, b: compare(a, b) <= 0,
    "like": lambda a, b: like(a, b), "not like": lambda a, b: not like(a, b),
    "in": lambda a, b: str(a) in [str(x) for x in as_list(b)],
    "not in": lambda a, b: str(a) not in [str(x) for x in as_list(b)],
    "is": lambda a, b: (a not in (None, "")) == (str(b).lower() == "set"),
}


def as_list(value):
    if isinstance(value, str):
        return [v.strip() for v in value.split(",")]
    return list(value or [])


def compare(a, b):
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        return (flt(a) > flt(b)) - (flt(a) < flt(b))
    return (str(a) > str(b)) - (str(a) < str(b))


def like(value, pattern):
    import re
    regex = "^" + ".*".join(re.escape(part).replace("_", ".") for part in str(pattern).split("%")) + "$"
    return re.match(regex, str(value or ""), re.IGNORECASE | re.DOTALL) is not None


def normalise_filters(doctype, filters):
    """Frappe accepts a dict {field: value | [op, value]} or a list of [field, op, value] /
    [doctype, field, op, value]."""
    if filters in (None, "", {}, []):
        return []
    result = []
    if isinstance(filters, dict):
        for field, cond in filters.items():
            if isinstance(cond, list) and len(cond) == 2 and isinstance(cond[0], str):
                result.append((doctype, field, cond[0].lower(), cond[1]))
            else:
                result.append((doctype, field, "=", cond))
        return result
    if isinstance(filters, list):
        for f in filters:
            if isinstance(f, list) and len(f) == 3:
                result.append((doctype, f[0], str(f[1]).lower(), f[2]))
            elif isinstance(f, list) and len(f) == 4:
                result.append((f[0], f[1], str(f[2]).lower(), f[3]))
            else:
                raise validation("ValidationError", f"Invalid filter: {json.dumps(f)}")
        return result
    raise validation("ValidationError", "filters must be a JSON object or list")


def matches(doc, doctype, conds):
    meta = DOCTYPES.get(doctype, {})
    for cond_doctype, field, op, value in conds:
        if op not in OPERATORS:
            raise validation("ValidationError", f"Unsupported operator: {op}")
        if cond_doctype != doctype and cond_doctype == meta.get("child"):
            if not any(OPERATORS[op](row.get(field), value) for row in doc.get("items") or []):
                return False
        elif not OPERATORS[op](doc.get(field), value):
            return False
    return True


def document_list(state, doctype, args):
    if doctype not in state.docs:
        raise FrappeError("DoesNotExistError", 404, f"DocType {doctype} not found")
    fields = parse_json_arg(args.get("fields"), "fields") or ["name"]
    if isinstance(fields, str):
        fields = [fields]
    filters = normalise_filters(doctype, parse_json_arg(args.get("filters"), "filters"))
    meta = DOCTYPES.get(doctype, {})
    if doctype.endswith(" Item") and doctype not in state.docs:  # a child table cannot be listed
        raise FrappeError("PermissionError", 403, None, error_message=f"Insufficient Permission for {doctype}")
    known = set(STANDARD_FIELDS) | set(meta.get("reqd", {})) | set(meta.get("links", {})) \
        | set(meta.get("fields", ()))
    for d in state.docs[doctype].values():
        known.update(d)
    child_known = set(STANDARD_FIELDS) | set(meta.get("child_reqd", {})) | set(meta.get("child_links", {})) \
        | set(CHILD_FIELDS)
    for cond_doctype, field, _, _ in filters:
        allowed = child_known if cond_doctype == meta.get("child") else known
        if field not in allowed:
            raise FrappeError("DataError", 417, f"Field not permitted in query: {field}")
    for field in fields:
        if not isinstance(field, str):
            raise FrappeError("DataError", 417, f"Field not permitted in query: {field}")
        bare = field.split(" as ")[0].strip().strip("`")
        if bare != "*" and bare not in known:
            raise FrappeError("DataError", 417, f"Field not permitted in query: {bare}")
    try:
        start = int(args.get("limit_start") or 0)
        length = int(args.get("limit_page_length") or args.get("limit") or 20)
    except ValueError:
        raise validation("ValidationError", "limit_start and limit_page_length must be integers") from None
    rows = [d for d in state.docs[doctype].values() if matches(d, doctype, filters)]
    order_by = args.get("order_by") or "creation desc"
    key, _, direction = str(order_by).replace("`", "").partition(" ")
    key = key.split(".")[-1]
    rows.sort(key=lambda d: (str(d.get(key, "")), d["name"]), reverse=direction.strip().lower() != "asc")
    rows = rows[start:start + length] if length else rows[start:]
    out = []
    for d in rows:
        if fields == ["*"] or "*" in fields:
            out.append({k: v for k, v in d.items() if k != "items"})
        else:
            out.append({f.split(" as ")[-1].strip(): d.get(f.split(" as ")[0].strip()) for f in fields})
    return out


# ---------------------------------------------------------------- HTTP


class ErpnextHandler(PeerHandler):

    def auth_refusal(self, path, raw):
        return self.frappe_reply(FrappeError("AuthenticationError", 401))

    def injected_reply(self, status):
        """A failure plan without a body: what Frappe sends for that status."""
        if status == 429:  # frappe.rate_limiter.RateLimiter.respond and its headers
            return ({"X-RateLimit-Reset": "60", "X-RateLimit-Limit": "600000000", "X-RateLimit-Remaining": "0",
                     "Retry-After": "60"}, "text/plain; charset=utf-8", b"Too Many Requests")
        error = FrappeError("Exception" if status >= 500 else "ValidationError", status, "injected failure")
        return {}, "application/json", json.dumps(frappe_error_body(error), separators=(",", ":")).encode()

    def frappe_reply(self, error):
        return error.status, {}, "application/json", json.dumps(frappe_error_body(error),
                                                                separators=(",", ":")).encode()

    def ok(self, payload, status=200):
        return status, {}, "application/json", json.dumps(payload, separators=(",", ":"), default=str).encode()

    def authenticate(self):
        """validate_auth_via_api_keys: a wrong key/secret is 401; no usable credentials, Guest."""
        header = self.headers.get("Authorization")
        if not header:
            return "Guest"
        scheme, _, token = header.strip().partition(" ")
        token = token.strip()
        if scheme.lower() == "basic":
            try:
                token = base64.b64decode(token, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raise FrappeError("InvalidAuthorizationToken", 400,  # a CSRFTokenError: http_status_code 400
                                  "Failed to decode token, please provide a valid base64-encoded token.") from None
        elif scheme.lower() != "token":
            return "Guest"
        if token.count(":") != 1:
            return "Guest"  # ValueError on unpacking is swallowed by Frappe
        key, secret = token.split(":")
        state = self.state
        if not (hmac.compare_digest(key.encode(), state.api_key.encode())
                and hmac.compare_digest(secret.encode(), state.api_secret.encode())):
            raise FrappeError("AuthenticationError", 401)
        return API_USER

    def request_args(self, query, raw):
        """frappe.form_dict: the query string, then a JSON or form body."""
        args = dict(parse_qsl(query, keep_blank_values=True))
        ctype = (self.headers.get("Content-Type") or "").lower()
        if raw:
            text = raw.decode("utf-8", errors="replace")
            if "application/json" in ctype:
                try:
                    body = json.loads(text)
                except ValueError:
                    raise validation("ValidationError", "Invalid JSON body") from None
                if isinstance(body, dict):
                    args.update(body)
            elif "application/x-www-form-urlencoded" in ctype:
                args.update(parse_qsl(text, keep_blank_values=True))
        return args

    def document_body(self, query, raw):
        """get_request_form_data: the ``data`` form field, else the raw body as JSON."""
        args = dict(parse_qsl(query, keep_blank_values=True))
        text = raw.decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").lower()
        if "application/x-www-form-urlencoded" in ctype:
            args.update(parse_qsl(text, keep_blank_values=True))
            text = args.get("data", "")
        try:
            return json.loads(text) if text else {}
        except ValueError:
            raise validation("ValidationError", "Invalid JSON body") from None

    def process(self, path, query, raw):
        try:
            user = self.authenticate()
            with self.state.lock:
                return self.route(user, path, query, raw)
        except FrappeError as e:
            return self.frappe_reply(e)

    def route(self, user, path, query, raw):
        method = self.command
        if path.startswith("/api/method/"):
            name = path[len("/api/method/"):].split("/")[0]
            return self.rpc(user, name, query, raw)
        if not path.startswith("/api/resource/"):
            return 404, {}, "text/html", b"<h1>Not Found</h1>"
        parts = path[len("/api/resource/"):].rstrip("/").split("/", 1)
        doctype = parts[0]
        if user == "Guest":
            raise FrappeError("PermissionError", 403, None, error_message=f"Insufficient Permission for {doctype}")
        if len(parts) == 1:
            if method == "GET":
                return self.ok({"data": document_list(self.state, doctype, dict(parse_qsl(query)))})
            if method == "POST":
                return self.ok({"data": insert_doc(self.state, doctype, self.document_body(query, raw))})
            return 405, {}, "text/html", b"<h1>Method Not Allowed</h1>"
        name = parts[1]
        if method == "GET":
            return self.ok({"data": self.state.get(doctype, name)})
        if method == "PUT":
            return self.ok({"data": update_doc(self.state, doctype, name, self.document_body(query, raw))})
        if method == "DELETE":
            doc = self.state.get(doctype, name)
            if doc.get("docstatus") == 1:
                raise validation("ValidationError", f"Submitted Record cannot be deleted. You must Cancel it first.")
            if doctype not in DOCTYPES:
                raise FrappeError("PermissionError", 403, None, error_message=f"Insufficient Permission for {doctype}")
            del self.state.docs[doctype][name]
            return self.ok({"data": "ok"}, status=202)
        return 405, {}, "text/html", b"<h1>Method Not Allowed</h1>"

    def rpc(self, user, name, query, raw):
        """frappe.handler.execute_cmd: get_attr, then is_whitelisted, then is_valid_http_method."""
        args = self.request_args(query, raw)
        known = {"frappe.auth.get_logged_user", "frappe.client.submit", "frappe.client.cancel",
                 "erpnext.controllers.accounts_controller.update_child_qty_rate"}
        if name not in known:
            module, _, attr = name.rpartition(".")
            reason = f"module '{module}' has no attribute '{attr}'" if module else f"'{name}'"
            raise validation("ValidationError", f"Failed to get method for command {name} with {reason}")
        if user == "Guest":  # none of these methods allows guests
            raise FrappeError("PermissionError", 403, "Not permitted")
        if name == "frappe.auth.get_logged_user":
            return self.ok({"message": user})
        if self.command not in ("POST", "PUT"):  # whitelist(methods=["POST", "PUT"])
            raise FrappeError("PermissionError", 403, "Not permitted")
        if name == "frappe.client.submit":
            return self.ok({"message": submit_doc(self.state, args.get("doc"))})
        if name == "frappe.client.cancel":
            return self.ok({"message": cancel_doc(self.state, args.get("doctype"), args.get("name"))})
        update_child_qty_rate(self.state, args)
        return self.ok({})

    def vendor_control(self, method, path, spec):
        if (method, path) == ("GET", "/_control/state"):
            with self.state.lock:
                return 200, {"documents": self.state.created()}
        if (method, path) == ("GET", "/_control/seed"):
            with self.state.lock:
                return 200, {"documents": {dt: sorted(n) for dt, n in self.state.seed_names.items()}}
        return 404, {"error": f"no such control endpoint: {method} {path}"}


def parse_args(argv):
    parser = peer_arguments("ERPNext / Frappe REST test peer.")
    parser.add_argument("--api-key", default="erpb-key")
    parser.add_argument("--api-secret", default="erpb-secret")
    return parser.parse_args(argv)


def main(argv=None):
    config = parse_args(argv)
    return serve(ErpnextHandler, ErpnextState(config.api_key, config.api_secret), config)


if __name__ == "__main__":
    sys.exit(main())
