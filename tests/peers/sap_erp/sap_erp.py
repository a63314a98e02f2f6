#!/usr/bin/python3
"""A SAP-like test ERP: takes IDoc XML (DEBMAS06/07, ORDERS05 as ORDERS and ORDCHG) over HTTP
POST, plain or in a SOAP 1.1 / 1.2 envelope, validates every IDoc against the XML schemas in
xsd/ (written from SAP's segment definitions, see xsd/README.md), processes it like SAP's SD and
customer master inbound functions, and answers in one of three ways chosen per test:

- sync:     the reply carries the SAP document number at once (middleware or a custom inbound);
- callback: HTTP 200 with the IDoc number (DOCNUM) only; after a delay the final status (53 with
            the document number, 51/56 with SAP's status text) is POSTed back as an ALEAUD01
            audit IDoc to a configured URL with a configured auth header;
- poll:     HTTP 200 with the DOCNUM only; GET /sap/bc/idoc_status?docnum=... answers 64/62
            while processing and then 53 with the number or 51/56 with the text.

Standard library only. Prints "LISTENING <port>" once it accepts connections. See README.md for
the control API and what is deliberately left out.

Sources (full list in README.md and xsd/README.md): help.sap.com SAP AFS 5.0/6.0 IDoc segment
documentation for incoming orders and order changes (E1EDK01, E1EDK14 with EDSDC / VG204 and the
default order type OR, E1EDKA1 with VP450, E1EDK02 001/002 with VG151, E1EDP02, E1EDP19, the
item action codes); help.sap.com 4.70 "Receiving Order Changes by EDI (SD-SLS)"; help.sap.com
"Segments of Audit IDoc ALEAUD01" and wiki.scn.sap.com "ALE Audit for DEBMAS"; the IDoc status
list (sapxitutorials.blogspot.com "IDoc statuses"); SAP message EA728 (SOAP IDoc exactly once by
ARCKEY); erlebe-software.de "How-to: SAP IDoc per HTTP empfangen" (/sap/bc/idoc_xml); the DDIC
segment pages of leanx.eu / datapanda.eu / sapdatasheet.org / se80.co.uk for the code lists.
"""

import argparse
import heapq
import itertools
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import idoc_schema

HERE = os.path.dirname(os.path.abspath(__file__))
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
MAX_BODY_BYTES = 10 * 1024 * 1024
FAILURE_MODES = {"status", "soap_fault", "error_status", "malformed", "drop_after_processing",
                 "delay", "idoc_status"}
MODES = {"sync", "callback", "poll"}
STATUS_TEXT = {
    "50": "IDoc added",
    "64": "IDoc ready to be transferred to application",
    "62": "IDoc passed to application",
    "53": "Application document posted",
    "51": "Error: Application document not posted",
    "56": "IDoc with errors added",
}
# SD partner functions (table TPAR) the peer knows; another one is error VP450.
PARTNER_FUNCTIONS = {"AG", "WE", "RE", "RG", "SP", "AP", "LF", "ZM"}
ORDER_TYPE_TEXT = {"OR": "Standard Order"}
DEFAULT_MATERIALS = ("TSHIRT-BLU-M", "MUG-CER-350")
REALM = 'Basic realm="SAP NetWeaver Application Server [ERP/100]"'


class Refusal(Exception):
    """The IDoc cannot be posted: status 51 (or 56) with SAP-style message text and parameters.

    text uses SAP's '&' placeholders, filled from params in order (as a status record's STATXT
    and STAPA1..STAPA4)."""

    def __init__(self, text, *params, msgid="", msgno="", status="51"):
        super().__init__(resolve(text, params))
        self.text, self.params, self.msgid, self.msgno, self.status = text, params, msgid, msgno, status
        self.severity = "E"


class BadEnvelope(Exception):
    """The SOAP envelope or its headers are wrong: answered with a Client/Sender fault."""


def resolve(text, params):
    out = text
    for p in params:
        out = out.replace("&", str(p), 1)
    return out


def local(tag):
    return tag.rsplit("}", 1)[-1]


def child(element, name):
    for c in element if element is not None else ():
        if local(c.tag) == name:
            return c
    return None


def children(element, name):
    return [c for c in element if local(c.tag) == name] if element is not None else []


def text(element, name):
    found = child(element, name) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def escape(value):
    return (str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def tag(name, value):
    return "<%s>%s</%s>" % (name, escape(value), name) if value not in (None, "") else ""


def quantity(value, where):
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise Refusal("Quantity & in & is not a number", value or "(empty)", where)
    return number


def normal(number):
    """SAP document numbers with or without leading zeros name the same document."""
    return number.lstrip("0") or "0"


class Scheduler:
    """Runs IDoc processing due at a time, in due order, on one worker thread."""

    def __init__(self, run):
        self.run, self.heap, self.cond = run, [], threading.Condition()
        self.counter = itertools.count()
        threading.Thread(target=self.loop, daemon=True).start()

    def add(self, due, docnum):
        with self.cond:
            heapq.heappush(self.heap, (due, next(self.counter), docnum))
            self.cond.notify()

    def clear(self):
        with self.cond:
            self.heap = []

    def due_now(self, everything=False):
        with self.cond:
            out = []
            while self.heap and (everything or self.heap[0][0] <= time.monotonic()):
                out.append(heapq.heappop(self.heap)[2])
            return out

    def loop(self):
        while True:
            with self.cond:
                while not self.heap or self.heap[0][0] > time.monotonic():
                    self.cond.wait(None if not self.heap else self.heap[0][0] - time.monotonic())
            for docnum in self.due_now():
                self.run(docnum)


class Erp:
    """Documents the ERP created, the IDocs it received, the requests it saw and the failures it
    was told to fake."""

    def __init__(self, return_type, mode="sync"):
        self.lock = threading.RLock()
        self.return_type = return_type
        self.schemas = idoc_schema.Schemas(os.path.join(HERE, "xsd"))
        self.scheduler = Scheduler(self.finish)
        self.default_mode = mode
        self.reset()

    def reset(self):
        with self.lock:
            self.scheduler.clear()
            self.customers, self.orders, self.returns, self.changes = {}, {}, {}, []
            self.idocs, self.callbacks = {}, []
            self.requests, self.failures, self.replies = [], [], {}
            self.next_idoc, self.next_customer = 1, 100001
            self.next_order, self.next_return = 4500000001, 6000000001
            self.materials = set(DEFAULT_MATERIALS)
            self.customer_materials = {m: m for m in DEFAULT_MATERIALS}
            self.order_types = {"OR", self.return_type}
            self.config = {"mode": self.default_mode, "delay_ms": 200, "callback_url": "",
                           "callback_headers": {}, "status_auth": "", "inbound_auth": ""}
            self.in_flight = self.max_in_flight = 0

    def state(self):
        idocs = {d: {k: v for k, v in r.items() if not k.startswith("_")}
                 for d, r in self.idocs.items()}
        return {"customers": self.customers, "orders": self.orders, "returns": self.returns,
                "changes": self.changes, "idocs": idocs, "callbacks": self.callbacks,
                "config": self.config, "in_flight": self.in_flight,
                "max_in_flight": self.max_in_flight}

    def take_failure(self):
        if not self.failures:
            return None
        plan = self.failures[0]
        plan["count"] -= 1
        if plan["count"] <= 0:
            self.failures.pop(0)
        return plan

    # -- receipt -----------------------------------------------------------------------------

    def new_idoc(self, control, idoc):
        docnum = "%016d" % self.next_idoc
        self.next_idoc += 1
        record = {"docnum": docnum, "idoctyp": local(idoc.tag), "mestyp": text(control, "MESTYP"),
                  "arckey": text(control, "ARCKEY"), "sender_docnum": text(control, "DOCNUM"),
                  "sndpor": text(control, "SNDPOR"), "sndprt": text(control, "SNDPRT"),
                  "sndprn": text(control, "SNDPRN"), "rcvprn": text(control, "RCVPRN"),
                  "mandt": text(control, "MANDT"), "received": time.time(), "statuses": [],
                  "status": "", "document": "", "objtype": "", "message": "", "statxt": "",
                  "params": [], "msgid": "", "msgno": "", "final": False}
        self.idocs[docnum] = record
        self.set_status(record, "50")
        return record

    @staticmethod
    def set_status(record, status, statxt="", params=(), msgid="", msgno=""):
        record["status"] = status
        record["statxt"] = statxt or STATUS_TEXT[status]
        record["params"] = [str(p) for p in params]
        record["message"] = resolve(record["statxt"], params)
        record["msgid"], record["msgno"] = msgid, msgno
        record["statuses"].append({"status": status, "text": record["message"], "at": time.time()})

    def receive(self, idoc):
        """Checks one IDoc root element against its schema and the control record; returns
        (record, refusal or None, replayed reply or None)."""
        block = child(idoc, "IDOC")
        control = child(block, "EDI_DC40")
        key = text(control, "ARCKEY")
        if key and key in self.replies:
            return None, None, self.replies[key]
        schema = self.schemas.find(local(idoc.tag), text(control, "MESTYP"))
        record = self.new_idoc(control, idoc)
        if control is None:
            return record, Refusal("Control record EDI_DC40 is missing", status="56"), None
        if schema is None:
            return record, Refusal("No schema for basic type & with message type &",
                                   local(idoc.tag), text(control, "MESTYP") or "(none)",
                                   status="56"), None
        errors = schema.validate(idoc)
        if errors:
            return record, Refusal("IDoc does not match & (&): &", os.path.basename(schema.path),
                                   len(errors), "; ".join(errors[:5])), None
        if text(control, "DIRECT") != "2":
            return record, Refusal("EDI_DC40/DIRECT & is not 2 (inbound)", text(control, "DIRECT"),
                                   status="56"), None
        record["_idoc"] = idoc
        return record, None, None

    # -- processing ---------------------------------------------------------------------------

    def process(self, record):
        """Posts the application document; sets status 53 or raises Refusal."""
        idoc = record.pop("_idoc")
        block = child(idoc, "IDOC")
        if record["status"] != "62":
            self.set_status(record, "62")
        mestyp = record["mestyp"]
        if mestyp == "DEBMAS":
            document, objtype, statxt, params, msgid, msgno = self.customer(block)
        elif mestyp == "ORDERS":
            document, objtype, statxt, params, msgid, msgno = self.order_or_return(block)
        elif mestyp == "ORDCHG":
            document, objtype, statxt, params, msgid, msgno = self.change(block)
        else:
            raise Refusal("Message type & is not supported", mestyp, status="56")
        record["document"], record["objtype"] = document, objtype
        self.set_status(record, "53", statxt, params, msgid, msgno)
        record["final"] = True

    def fail(self, record, refusal):
        record.pop("_idoc", None)
        self.set_status(record, refusal.status, refusal.text, refusal.params, refusal.msgid,
                        refusal.msgno)
        record["final"] = True

    def finish(self, docnum):
        """Worker: completes an IDoc accepted asynchronously, then posts its audit IDoc."""
        with self.lock:
            record = self.idocs.get(docnum)
            if record is None or record["final"]:
                return
            plan = record.pop("_plan", None)
            try:
                if plan:
                    record.pop("_idoc", None)
                    if record["status"] != "62":
                        self.set_status(record, "62")
                    raise Refusal(plan.get("message", "Error on request"),
                                  status=str(plan.get("status", "51")))
                self.process(record)
            except Refusal as e:
                self.fail(record, e)
            mode, url = self.config["mode"], self.config["callback_url"]
            headers = dict(self.config["callback_headers"])
            body = aleaud(record) if mode == "callback" and url else None
        if body is not None:
            self.post_back(url, headers, body, record)

    def post_back(self, url, headers, body, record):
        request = urllib.request.Request(url, data=body.encode("utf-8"), method="POST")
        request.add_header("Content-Type", "text/xml; charset=utf-8")
        for name, value in headers.items():
            request.add_header(name, value)
        entry = {"url": url, "docnum": record["docnum"], "idoc_status": record["status"], "body": body}
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                entry["http_status"] = response.status
        except urllib.error.HTTPError as e:
            entry["http_status"] = e.code
        except OSError as e:
            entry["http_status"], entry["error"] = 0, str(e)
        with self.lock:
            self.callbacks.append(entry)

    def flush(self):
        for docnum in self.scheduler.due_now(everything=True):
            self.finish(docnum)

    # -- customer master ----------------------------------------------------------------------

    def customer(self, block):
        kna1 = child(block, "E1KNA1M")
        number = text(kna1, "KUNNR")
        existing = self.customers.get(number) if number else None
        msgfn = text(kna1, "MSGFN")
        if msgfn == "003":
            raise Refusal("Function & (delete) is not processed for customers here", msgfn)
        if existing is None:
            if msgfn == "004":
                raise Refusal("Customer & does not exist", number or "(no KUNNR)")
            for field in ("NAME1", "LAND1", "KTOKD"):
                if not text(kna1, field):
                    raise Refusal("Fill in all required entry fields (&)", "E1KNA1M/" + field)
            if not (text(kna1, "SPRAS") or text(kna1, "SPRAS_ISO")):
                raise Refusal("Fill in all required entry fields (&)", "E1KNA1M/SPRAS")
        sales_areas, partners, companies, email = [], [], [], ""
        for knvv in children(kna1, "E1KNVVM"):
            area = [text(knvv, "VKORG"), text(knvv, "VTWEG"), text(knvv, "SPART")]
            if not all(area):
                raise Refusal("Fill in all required entry fields (&)",
                              "E1KNVVM/VKORG, VTWEG, SPART")
            sales_areas.append(area)
            for knvp in children(knvv, "E1KNVPM"):
                partners.append({"area": area, "PARVW": text(knvp, "PARVW"),
                                 "KUNN2": text(knvp, "KUNN2")})
        for knb1 in children(kna1, "E1KNB1M"):
            if not text(knb1, "BUKRS"):
                raise Refusal("Fill in all required entry fields (&)", "E1KNB1M/BUKRS")
            companies.append({"BUKRS": text(knb1, "BUKRS"), "AKONT": text(knb1, "AKONT")})
            email = email or text(knb1, "SMTP_ADDR")
        fields = {f: text(kna1, f) for f in ("NAME1", "NAME2", "NAME3", "NAME4", "STRAS", "ORT01",
                                             "ORT02", "PSTLZ", "REGIO", "LAND1", "TELF1", "STCEG",
                                             "SPRAS", "SPRAS_ISO", "KTOKD")}
        if existing is not None:
            existing["fields"].update({k: v for k, v in fields.items() if v})
            existing["sales_areas"] += [a for a in sales_areas if a not in existing["sales_areas"]]
            existing["partners"] += partners
            existing["company_codes"] += companies
            existing["email"] = email or existing["email"]
            return number, "KNA1", "Customer & has been changed", (number,), "", ""
        if not number:
            number = "%010d" % self.next_customer
            self.next_customer += 1
        self.customers[number] = {"fields": fields, "sales_areas": sales_areas,
                                  "partners": partners, "company_codes": companies, "email": email}
        return number, "KNA1", "Customer & has been created", (number,), "", ""

    # -- sales orders -------------------------------------------------------------------------

    def organization(self, block):
        org = {}
        for k14 in children(block, "E1EDK14"):
            org.setdefault(text(k14, "QUALF"), text(k14, "ORGID"))
        return org

    def sold_to(self, block, required=True):
        sold_to = ""
        for partner in children(block, "E1EDKA1"):
            function = text(partner, "PARVW")
            if function not in PARTNER_FUNCTIONS:
                raise Refusal("Partner function & is not defined", function or "(empty)",
                              msgid="VP", msgno="450")
            number = text(partner, "PARTN")
            if function == "AG":
                sold_to = number
            elif number and number not in self.customers:
                raise Refusal("Partner & (function &) does not exist", number, function)
        if required and not sold_to:
            raise Refusal("Sold-to party (E1EDKA1 PARVW AG with PARTN) is missing")
        if sold_to and sold_to not in self.customers:
            raise Refusal("Sold-to party & does not exist", sold_to)
        return sold_to

    def sales_area(self, block, sold_to):
        org = self.organization(block)
        area = [org.get("008", ""), org.get("007", ""), org.get("006", "")]
        known = self.customers[sold_to]["sales_areas"]
        if not any(area):
            if len(known) != 1:
                raise Refusal("Sales area could not be determined for sold-to party &", sold_to,
                              msgid="VG", msgno="204")
            area = list(known[0])
        if not all(area):
            raise Refusal("Sales area &/&/& is incomplete (E1EDK14 008, 007, 006)", *area)
        if area not in known:
            raise Refusal("Sold-to party & is not maintained for sales area &/&/&", sold_to, *area)
        return area

    def material(self, item, where):
        identifications = {text(p19, "QUALF"): text(p19, "IDTNR") for p19 in children(item, "E1EDP19")}
        if identifications.get("002"):
            material = identifications["002"]
        elif identifications.get("003"):
            material = identifications["003"]
        elif identifications.get("001"):
            material = self.customer_materials.get(identifications["001"], "")
            if not material:
                raise Refusal("No customer-material info record for & (&)", identifications["001"],
                              where)
        else:
            raise Refusal("No material in & (E1EDP19 QUALF 002, 003 or 001)", where)
        if material not in self.materials:
            raise Refusal("The material & does not exist or is not activated", material)
        return material

    def items(self, block):
        segments = children(block, "E1EDP01")
        if not segments:
            raise Refusal("The IDoc has no item (E1EDP01)")
        out, positions = [], set()
        for item in segments:
            posex = text(item, "POSEX")
            where = "item " + (posex or "(no POSEX)")
            if not posex:
                raise Refusal("Item without item number (E1EDP01/POSEX)")
            if posex in positions:
                raise Refusal("Item number & occurs twice", posex)
            positions.add(posex)
            amount = quantity(text(item, "MENGE"), where)
            if amount <= 0:
                raise Refusal("Quantity & in & must be greater than zero", text(item, "MENGE"), where)
            out.append({"POSEX": posex, "MENGE": text(item, "MENGE"), "MENEE": text(item, "MENEE"),
                        "material": self.material(item, where), "cancelled": False})
        return out

    @staticmethod
    def reference(block, qualifier):
        for ref in children(block, "E1EDK02"):
            if text(ref, "QUALF") == qualifier:
                return text(ref, "BELNR")
        return ""

    def known_order(self, number):
        for key, order in self.orders.items():
            if normal(key) == normal(number):
                return key, order
        return None, None

    def order_or_return(self, block):
        sold_to = self.sold_to(block)
        order_type = self.organization(block).get("012") or "OR"
        if order_type not in self.order_types:
            raise Refusal("Sales document type & is not defined", order_type)
        area = self.sales_area(block, sold_to)
        if order_type == self.return_type:
            return self.order_return(block, sold_to, area, order_type)
        items = self.items(block)
        number = str(self.next_order)
        self.next_order += 1
        self.orders[number] = {"sold_to": sold_to, "customer_ref": self.reference(block, "001"),
                               "order_type": order_type, "sales_area": area, "items": items,
                               "status": "open", "cancelled_items": []}
        return (number, "BUS2032", "& & has been saved",
                (ORDER_TYPE_TEXT.get(order_type, order_type), number), "", "")

    def order_return(self, block, sold_to, area, order_type):
        header_ref = self.reference(block, "002")
        items = self.items(block)
        returned = []
        for item, segment in zip(items, children(block, "E1EDP01")):
            ref = next((p02 for p02 in children(segment, "E1EDP02") if text(p02, "QUALF") == "002"),
                       None)
            original = text(ref, "BELNR") or header_ref
            if ref is None or not original or not text(ref, "ZEILE"):
                raise Refusal("Returned item & refers to no order item (E1EDP02 QUALF 002 with "
                              "BELNR or E1EDK02 QUALF 002, and ZEILE)", item["POSEX"])
            key, order = self.known_order(original)
            if order is None:
                raise Refusal("Reference document & does not exist", original)
            if order["sold_to"] != sold_to:
                raise Refusal("Reference document & belongs to sold-to party &, not &", key,
                              order["sold_to"], sold_to)
            line = next((i for i in order["items"] if i["POSEX"] == text(ref, "ZEILE")), None)
            if line is None:
                raise Refusal("Item & does not exist in reference document &", text(ref, "ZEILE"), key)
            already = sum(Decimal(r["MENGE"]) for ret in self.returns.values() for r in ret["items"]
                          if normal(r["order"]) == normal(key) and r["ref_item"] == line["POSEX"])
            if Decimal(item["MENGE"]) + already > Decimal(line["MENGE"]):
                raise Refusal("Return quantity & for item & exceeds the open quantity &",
                              item["MENGE"], line["POSEX"], Decimal(line["MENGE"]) - already)
            returned.append(dict(item, order=key, ref_item=line["POSEX"]))
        number = str(self.next_return)
        self.next_return += 1
        self.returns[number] = {"sold_to": sold_to, "order_type": order_type, "sales_area": area,
                                "order": returned[0]["order"], "items": returned,
                                "customer_ref": self.reference(block, "001")}
        return number, "BUS2102", "& & has been saved", ("Returns", number), "", ""

    # -- order change -------------------------------------------------------------------------

    def change(self, block):
        sold_to = self.sold_to(block, required=False)
        sap_number, po_number = self.reference(block, "002"), self.reference(block, "001")
        if sap_number:
            key, order = self.known_order(sap_number)
            if order is None:
                raise Refusal("Sales document & does not exist", sap_number)
        elif po_number:
            if not sold_to:
                raise Refusal("Order change by customer PO number & needs the sold-to party "
                              "(E1EDKA1 PARVW AG)", po_number)
            found = [(k, o) for k, o in self.orders.items()
                     if o["customer_ref"] == po_number and o["sold_to"] == sold_to]
            if not found:
                raise Refusal("Customer purchase order & not found for sold-to party &",
                              po_number, sold_to, msgid="VG", msgno="151")
            if len(found) > 1:
                raise Refusal("Customer purchase order & exists more than once", po_number)
            key, order = found[0]
        else:
            raise Refusal("The order to change is not named (E1EDK02 QUALF 002 or 001)")
        if sold_to and sold_to != order["sold_to"]:
            raise Refusal("Sold-to party & cannot be changed (order & has &)", sold_to, key,
                          order["sold_to"])
        if order["status"] == "cancelled":
            raise Refusal("Sales document & is cancelled", key)
        header = child(block, "E1EDK01")
        action = text(header, "ACTION")
        changed = []
        if action == "001":
            order["status"] = "cancelled"
            for line in order["items"]:
                line["cancelled"] = True
            changed.append("reverse entire document")
        else:
            by_position = {i["POSEX"]: i for i in order["items"]}
            for item in children(block, "E1EDP01"):
                item_action, posex = text(item, "ACTION"), text(item, "POSEX")
                if item_action not in ("001", "002", "003"):
                    continue
                line = by_position.get(posex)
                if item_action == "001":
                    if line is not None:
                        raise Refusal("Item & already exists in order &", posex, key)
                    new = self.items_from([item])[0]
                    order["items"].append(new)
                    changed.append("item %s added" % posex)
                    continue
                if line is None:
                    raise Refusal("Item & does not exist in order &", posex, key)
                if line["cancelled"]:
                    raise Refusal("Item & of order & is already cancelled", posex, key)
                if item_action == "003":
                    line["cancelled"] = True
                    order["cancelled_items"].append(posex)
                    changed.append("item %s cancelled" % posex)
                else:
                    amount = quantity(text(item, "MENGE"), "item " + posex)
                    if amount <= 0:
                        raise Refusal("Quantity & for item & must be greater than zero (cancel "
                                      "the item with ACTION 003)", text(item, "MENGE"), posex)
                    line["MENGE"] = text(item, "MENGE")
                    changed.append("item %s quantity %s" % (posex, line["MENGE"]))
            if order["items"] and all(i["cancelled"] for i in order["items"]):
                order["status"] = "cancelled"
        if not changed:
            raise Refusal("No data was changed: header ACTION &, no item with ACTION 001, 002 "
                          "or 003", action or "(empty)")
        self.changes.append({"order": key, "header_action": action, "changes": changed})
        return (key, "BUS2032", "& & has been saved",
                (ORDER_TYPE_TEXT.get(order["order_type"], order["order_type"]), key), "", "")

    def items_from(self, segments):
        out = []
        for item in segments:
            posex = text(item, "POSEX")
            amount = quantity(text(item, "MENGE"), "item " + posex)
            if not posex or amount <= 0:
                raise Refusal("Added item & needs POSEX and a quantity above zero", posex)
            out.append({"POSEX": posex, "MENGE": text(item, "MENGE"), "MENEE": text(item, "MENEE"),
                        "material": self.material(item, "item " + posex), "cancelled": False})
        return out


def aleaud(record):
    """The ALEAUD01 audit IDoc SAP's ALE audit sends back for one processed IDoc."""
    now = time.gmtime()
    params = record["params"] + [""] * (4 - len(record["params"]))
    state = ("<E1STATE SEGMENT=\"1\">%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s</E1STATE>" % (
        tag("DOCNUM", record["sender_docnum"]), tag("STATUS", record["status"]),
        tag("STATXT", record["statxt"][:70]),
        tag("STAPA1", params[0][:20]), tag("STAPA2", params[1][:20]), tag("STAPA3", params[2][:20]),
        tag("STAPA4", params[3][:20]), tag("STATYP", "S" if record["status"] == "53" else "E"),
        tag("STAMID", record["msgid"]), tag("STAMNO", record["msgno"]),
        tag("STAPA1_LNG", params[0]), tag("STAPA2_LNG", params[1]), tag("STAPA3_LNG", params[2]),
        tag("STAPA4_LNG", params[3]),
        "<E1PRTOB SEGMENT=\"1\">%s%s%s</E1PRTOB>" % (
            tag("DOCNUM", record["docnum"]), tag("OBJTYPE", record["objtype"]),
            tag("OBJKEY", record["document"]))))
    control = ("<EDI_DC40 SEGMENT=\"1\"><TABNAM>EDI_DC40</TABNAM>%s<DIRECT>1</DIRECT>"
               "<IDOCTYP>ALEAUD01</IDOCTYP><MESTYP>ALEAUD</MESTYP><SNDPOR>SAPERP</SNDPOR>"
               "<SNDPRT>LS</SNDPRT>%s%s%s%s<CREDAT>%s</CREDAT><CRETIM>%s</CRETIM></EDI_DC40>" % (
                   tag("MANDT", record["mandt"]), tag("SNDPRN", record["rcvprn"]),
                   tag("RCVPOR", record["sndpor"]), tag("RCVPRT", record["sndprt"]),
                   tag("RCVPRN", record["sndprn"]), time.strftime("%Y%m%d", now),
                   time.strftime("%H%M%S", now)))
    return ('<?xml version="1.0" encoding="UTF-8"?><ALEAUD01><IDOC BEGIN="1">%s'
            '<E1ADHDR SEGMENT="1">%s%s%s</E1ADHDR></IDOC></ALEAUD01>' % (
                control, tag("MESTYP", record["mestyp"][:6]), tag("MESTYP_LNG", record["mestyp"]),
                state))


def status_document(record):
    """The answer of the status service GET /sap/bc/idoc_status (see README)."""
    params = "".join(tag("STAPA%d" % (i + 1), p) for i, p in enumerate(record["params"]))
    return ('<?xml version="1.0" encoding="UTF-8"?><IDOC_STATUS>%s%s%s%s%s%s%s%s%s%s%s</IDOC_STATUS>' % (
        tag("DOCNUM", record["docnum"]), tag("MESTYP", record["mestyp"]),
        tag("ARCKEY", record["arckey"]), tag("STATUS", record["status"]),
        tag("STATYP", "S" if record["status"] == "53" else "E" if record["final"] else "I"),
        tag("STATXT", record["statxt"]), params, tag("STAMID", record["msgid"]),
        tag("STAMNO", record["msgno"]), tag("MESSAGE", record["message"]),
        tag("OBJTYPE", record["objtype"]) + tag("OBJKEY", record["document"])))


def idoc_response(record, refusal=None, accepted_only=False):
    if accepted_only:
        return "<IDOC_RESPONSE><DOCNUM>%s</DOCNUM></IDOC_RESPONSE>" % record["docnum"]
    if refusal is not None:
        return ("<IDOC_RESPONSE><DOCNUM>%s</DOCNUM><STATUS><TYPE>%s</TYPE><CODE>%s</CODE>"
                "<MESSAGE>%s</MESSAGE></STATUS></IDOC_RESPONSE>"
                % (record["docnum"], refusal.severity, refusal.status, escape(str(refusal))))
    return ("<IDOC_RESPONSE><DOCNUM>%s</DOCNUM><BELNR>%s</BELNR><STATUS><TYPE>S</TYPE><CODE>53</CODE>"
            "<MESSAGE>%s</MESSAGE></STATUS></IDOC_RESPONSE>"
            % (record["docnum"], record["document"], escape(record["message"])))


def soap_fault(version, code, reason):
    if version == SOAP11:
        return ('<soap:Envelope xmlns:soap="%s"><soap:Body><soap:Fault><faultcode>soap:%s</faultcode>'
                "<faultstring>%s</faultstring></soap:Fault></soap:Body></soap:Envelope>"
                % (SOAP11, code, escape(reason)))
    return ('<env:Envelope xmlns:env="%s"><env:Body><env:Fault><env:Code><env:Value>env:%s</env:Value>'
            '</env:Code><env:Reason><env:Text xml:lang="en">%s</env:Text></env:Reason></env:Fault>'
            "</env:Body></env:Envelope>" % (SOAP12, code, escape(reason)))


def in_envelope(version, content):
    if version is None:
        return '<?xml version="1.0" encoding="UTF-8"?>' + content
    return ('<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="%s"><soap:Body>%s'
            "</soap:Body></soap:Envelope>" % (version, content))


CONTENT_TYPES = {None: "application/xml", SOAP11: "text/xml; charset=utf-8",
                 SOAP12: "application/soap+xml; charset=utf-8"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    erp = None

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="application/xml", headers=()):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def json_reply(self, status, value):
        self.reply(status, json.dumps(value), "application/json")

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            raise BadEnvelope("body too large")
        return self.rfile.read(length).decode("utf-8", errors="replace")

    def record_request(self, method, path, body):
        with self.erp.lock:
            self.erp.requests.append({"method": method, "path": path, "body": body,
                                      "headers": {k.lower(): v for k, v in self.headers.items()}})
            self.erp.in_flight += 1
            self.erp.max_in_flight = max(self.erp.max_in_flight, self.erp.in_flight)

    def done(self):
        with self.erp.lock:
            self.erp.in_flight -= 1

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path.startswith("/_control/"):
            with self.erp.lock:
                if url.path == "/_control/received":
                    return self.json_reply(200, {"requests": self.erp.requests})
                if url.path == "/_control/state":
                    return self.json_reply(200, self.erp.state())
                if url.path == "/_control/health":
                    return self.json_reply(200, {"status": "ok"})
            return self.json_reply(404, {"error": "no such control endpoint"})
        self.record_request("GET", url.path + ("?" + url.query if url.query else ""), "")
        try:
            if url.path == "/sap/bc/idoc_status":
                return self.status_service(parse_qs(url.query))
            self.reply(404, "<error>not found</error>")
        finally:
            self.done()

    def status_service(self, query):
        expected = self.erp.config["status_auth"]
        if expected and self.headers.get("Authorization") != expected:
            return self.reply(401, "<error>Logon failed</error>", "text/html",
                              headers=[("WWW-Authenticate", REALM)])
        docnum = (query.get("docnum") or [""])[0]
        arckey = (query.get("arckey") or [""])[0]
        with self.erp.lock:
            record = None
            if docnum:
                record = next((r for d, r in self.erp.idocs.items() if normal(d) == normal(docnum)),
                              None)
            elif arckey:
                record = next((r for r in self.erp.idocs.values() if r["arckey"] == arckey), None)
            if record is None:
                return self.reply(404, "<error>IDoc %s does not exist</error>" % escape(docnum or arckey))
            self.progress(record)
            return self.reply(200, status_document(record))

    def progress(self, record):
        """Status 64 until half the delay has passed, then 62, while not final."""
        if record["final"] or record["status"] != "64":
            return
        if time.time() - record["received"] >= self.erp.config["delay_ms"] / 2000.0:
            self.erp.set_status(record, "62")

    def control(self, path, body):
        try:
            value = json.loads(body or "{}")
        except ValueError as e:
            return self.json_reply(400, {"error": "body is not JSON: %s" % e})
        if path == "/_control/reset":
            self.erp.reset()
            return self.json_reply(200, {"status": "ok"})
        if path == "/_control/fail":
            if value.get("mode") not in FAILURE_MODES:
                return self.json_reply(400, {"error": "mode must be one of %s" % sorted(FAILURE_MODES)})
            if value["mode"] == "idoc_status" and str(value.get("status", "51")) not in ("51", "56"):
                return self.json_reply(400, {"error": "idoc_status takes status 51 or 56"})
            value.setdefault("count", 1)
            with self.erp.lock:
                self.erp.failures.append(value)
            return self.json_reply(200, {"status": "ok"})
        if path == "/_control/mode":
            unknown = set(value) - set(self.erp.config)
            if unknown:
                return self.json_reply(400, {"error": "unknown settings %s" % sorted(unknown)})
            config = dict(self.erp.config)
            config.update(value)
            if config["mode"] not in MODES:
                return self.json_reply(400, {"error": "mode must be one of %s" % sorted(MODES)})
            if config["mode"] == "callback" and not config["callback_url"]:
                return self.json_reply(400, {"error": "mode callback needs callback_url"})
            if not isinstance(config["callback_headers"], dict) or \
                    not isinstance(config["delay_ms"], (int, float)) or config["delay_ms"] < 0:
                return self.json_reply(400, {"error": "callback_headers is an object, delay_ms a "
                                                      "number >= 0"})
            with self.erp.lock:
                self.erp.config = config
            return self.json_reply(200, config)
        if path == "/_control/flush":
            self.erp.flush()
            return self.json_reply(200, {"status": "ok"})
        if path == "/_control/seed":
            with self.erp.lock:
                self.erp.materials.update(value.get("materials", []))
                self.erp.customer_materials.update(value.get("customer_materials", {}))
                self.erp.order_types.update(value.get("order_types", []))
            return self.json_reply(200, {"status": "ok"})
        self.json_reply(404, {"error": "no such control endpoint"})

    def do_POST(self):
        path = urlsplit(self.path).path
        try:
            body = self.read_body()
        except BadEnvelope as e:
            return self.reply(413, "<error>%s</error>" % escape(e))
        if path.startswith("/_control/"):
            return self.control(path, body)
        self.record_request("POST", path, body)
        try:
            expected = self.erp.config["inbound_auth"]
            if expected and self.headers.get("Authorization") != expected:
                return self.reply(401, "<error>Logon failed</error>", "text/html",
                                  headers=[("WWW-Authenticate", REALM)])
            self.post_idoc(body)
        finally:
            self.done()

    def post_idoc(self, body):
        erp = self.erp
        with erp.lock:
            plan = erp.take_failure()
        version = None
        try:
            version, idoc = self.unwrap(body)
        except BadEnvelope as e:
            return self.fault(version_of(body), "Sender" if version_of(body) == SOAP12 else "Client",
                              str(e))
        mode = plan["mode"] if plan else ""
        if mode == "delay":
            time.sleep(float(plan.get("delay_ms", 1000)) / 1000.0)
        if mode == "status":
            headers = [("Retry-After", str(plan["retry_after"]))] if "retry_after" in plan else []
            return self.reply(int(plan.get("status", 503)), plan.get("body", "<error/>"), headers=headers)
        if mode == "soap_fault":
            return self.fault(version, plan.get("code", "Server"), plan.get("reason", "fault on request"))
        if mode == "malformed":
            return self.reply(200, "<IDOC_RESPONSE><DOCNUM>", CONTENT_TYPES[version])
        with erp.lock:
            record, refusal, replay = erp.receive(idoc)
            if replay is not None:
                answer = replay
            else:
                asynchronous = erp.config["mode"] in ("callback", "poll")
                if refusal is None and mode == "error_status":
                    refusal = Refusal(plan.get("message", "error on request"))
                    refusal.severity = plan.get("severity", "E")
                if refusal is not None:
                    erp.fail(record, refusal)
                    answer = idoc_response(record, refusal)
                elif mode == "idoc_status":
                    if asynchronous:
                        record["_plan"] = plan
                        erp.set_status(record, "64")
                        erp.scheduler.add(time.monotonic() + plan.get("delay_ms", erp.config["delay_ms"])
                                          / 1000.0, record["docnum"])
                        answer = idoc_response(record, accepted_only=True)
                    else:
                        answer = None
                elif asynchronous:
                    erp.set_status(record, "64")
                    erp.scheduler.add(time.monotonic() + erp.config["delay_ms"] / 1000.0,
                                      record["docnum"])
                    answer = idoc_response(record, accepted_only=True)
                else:
                    try:
                        erp.process(record)
                        answer = idoc_response(record)
                    except Refusal as e:
                        erp.fail(record, e)
                        answer = idoc_response(record, e)
                if answer is not None and record["arckey"]:
                    erp.replies[record["arckey"]] = answer
        if answer is None:  # a synchronous status 51/56 after a delay, on demand
            time.sleep(float(plan.get("delay_ms", 0)) / 1000.0)
            refusal = Refusal(plan.get("message", "Error on request"), status=str(plan.get("status", "51")))
            with erp.lock:
                record.pop("_idoc", None)
                erp.fail(record, refusal)
                answer = idoc_response(record, refusal)
                if record["arckey"]:
                    erp.replies[record["arckey"]] = answer
        if mode == "drop_after_processing":
            self.close_connection = True
            self.connection.shutdown(2)
            return None
        self.reply(200, in_envelope(version, answer), CONTENT_TYPES[version])

    def fault(self, version, code, reason):
        if version is None:  # plain IDoc over HTTP has no faults: a 500 with the text
            return self.reply(500, "<error>%s</error>" % escape(reason))
        self.reply(500, '<?xml version="1.0" encoding="UTF-8"?>' + soap_fault(version, code, reason),
                   CONTENT_TYPES[version])

    def unwrap(self, body):
        """Returns (SOAP namespace or None, IDoc root element); checks envelope headers."""
        try:
            root = ET.fromstring(body)
        except ET.ParseError as e:
            raise BadEnvelope("not well-formed XML: %s" % e)
        content_type = (self.headers.get("Content-Type") or "").lower()
        if local(root.tag) != "Envelope":
            if "xml" not in content_type:
                raise BadEnvelope("Content-Type %s is not XML" % content_type)
            return None, root
        version = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
        if version == SOAP11:
            if not content_type.startswith("text/xml"):
                raise BadEnvelope("SOAP 1.1 needs Content-Type text/xml, not %s" % content_type)
            if self.headers.get("SOAPAction") is None:
                raise BadEnvelope("SOAP 1.1 request without a SOAPAction header")
        elif version == SOAP12:
            if not content_type.startswith("application/soap+xml"):
                raise BadEnvelope("SOAP 1.2 needs Content-Type application/soap+xml, not %s" % content_type)
        else:
            raise BadEnvelope("unknown SOAP envelope namespace %s" % version)
        body_element = child(root, "Body")
        if body_element is None or len(body_element) != 1:
            raise BadEnvelope("the SOAP Body must hold exactly one IDoc")
        return version, body_element[0]


def version_of(body):
    """The SOAP version of a body whose envelope was refused (for the fault's shape)."""
    if SOAP12 in body[:2000]:
        return SOAP12
    if SOAP11 in body[:2000]:
        return SOAP11
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--return-order-type", default="RE")
    parser.add_argument("--mode", choices=sorted(MODES), default="sync")
    args = parser.parse_args()
    Handler.erp = Erp(args.return_order_type, args.mode)
    ORDER_TYPE_TEXT.setdefault(args.return_order_type, "Returns")
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print("LISTENING %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
