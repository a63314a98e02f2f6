#!/usr/bin/python3
"""A SAP-like test ERP: takes IDoc XML (DEBMAS, ORDERS05, ORDCHG) over HTTP POST, plain or in a
SOAP 1.1 / 1.2 envelope, checks its structure, assigns document numbers and answers with an
IDoc response (or a SOAP fault, or an error status record when told to).

Standard library only. Prints "LISTENING <port>" once it accepts connections. See README.md.
"""

import argparse
import json
import sys
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
MAX_BODY_BYTES = 10 * 1024 * 1024
FAILURE_MODES = {"status", "soap_fault", "error_status", "malformed", "drop_after_processing"}


class Refusal(Exception):
    """The IDoc is wrong: answered with an error status record (or a Client/Sender fault)."""


class BadEnvelope(Exception):
    """The SOAP envelope or its headers are wrong: answered with a Client/Sender fault."""


def local(tag):
    return tag.rsplit("}", 1)[-1]


def child(element, name):
    for c in element:
        if local(c.tag) == name:
            return c
    return None


def children(element, name):
    return [c for c in element if local(c.tag) == name]


def text(element, name):
    found = child(element, name) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def escape(value):
    return (str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


class Erp:
    """Documents the ERP created, the requests it saw and the failures it was told to fake."""

    def __init__(self, return_type):
        self.lock = threading.Lock()
        self.return_type = return_type
        self.reset()

    def reset(self):
        self.customers, self.orders, self.returns, self.changes = {}, {}, {}, []
        self.requests, self.failures, self.replies = [], [], {}
        self.next_idoc, self.next_customer, self.next_order, self.next_return = 1, 100001, 4500000001, 6000000001

    def state(self):
        return {"customers": self.customers, "orders": self.orders, "returns": self.returns,
                "changes": self.changes}

    def take_failure(self):
        if not self.failures:
            return None
        plan = self.failures[0]
        plan["count"] -= 1
        if plan["count"] <= 0:
            self.failures.pop(0)
        return plan

    def post(self, idoc):
        """Processes one IDoc root element; returns (document number, message)."""
        block = child(idoc, "IDOC")
        control = child(block, "EDI_DC40") if block is not None else None
        if control is None:
            raise Refusal("control record EDI_DC40 is missing")
        for field in ("TABNAM", "MANDT", "DIRECT", "IDOCTYP", "MESTYP", "SNDPRN", "RCVPRN"):
            if not text(control, field):
                raise Refusal("EDI_DC40/%s is missing" % field)
        if text(control, "IDOCTYP") != local(idoc.tag):
            raise Refusal("EDI_DC40/IDOCTYP %s does not match the document %s"
                          % (text(control, "IDOCTYP"), local(idoc.tag)))
        key = text(control, "ARCKEY")
        if key and key in self.replies:
            return self.replies[key]
        mestyp = text(control, "MESTYP")
        if mestyp == "DEBMAS":
            reply = self.customer(block)
        elif mestyp == "ORDERS":
            header = child(block, "E1EDK01")
            if header is not None and text(header, "BSART") == self.return_type:
                reply = self.order_return(block)
            else:
                reply = self.order(block)
        elif mestyp == "ORDCHG":
            reply = self.change(block)
        else:
            raise Refusal("message type %s is not supported" % mestyp)
        if key:
            self.replies[key] = reply
        return reply

    def customer(self, block):
        kna1 = child(block, "E1KNA1M")
        if kna1 is None:
            raise Refusal("segment E1KNA1M is missing")
        if not text(kna1, "NAME1"):
            raise Refusal("E1KNA1M/NAME1 is missing")
        number = "%010d" % self.next_customer
        self.next_customer += 1
        self.customers[number] = {f: text(kna1, f) for f in
                                  ("NAME1", "STRAS", "ORT01", "PSTLZ", "LAND1", "TELF1", "SMTP_ADDR")}
        return number, "customer %s created" % number

    def items(self, block):
        items = children(block, "E1EDP01")
        if not items:
            raise Refusal("no item segment E1EDP01")
        out = []
        for item in items:
            posex = text(item, "POSEX")
            material = child(item, "E1EDP19")
            if not posex or material is None or not text(material, "IDTNR"):
                raise Refusal("item %s has no POSEX or no material (E1EDP19/IDTNR)" % posex)
            out.append({"POSEX": posex, "MENGE": text(item, "MENGE"),
                        "IDTNR": text(material, "IDTNR")})
        return out

    def reference(self, block, qualifier):
        for ref in children(block, "E1EDK02"):
            if text(ref, "QUALF") == qualifier:
                return text(ref, "BELNR")
        return ""

    def order(self, block):
        sold_to = ""
        for partner in children(block, "E1EDKA1"):
            if text(partner, "PARVW") == "AG":
                sold_to = text(partner, "PARTN")
        if not sold_to:
            raise Refusal("sold-to party (E1EDKA1 PARVW AG) is missing")
        if sold_to not in self.customers:
            raise Refusal("sold-to party %s does not exist" % sold_to)
        items = self.items(block)
        number = str(self.next_order)
        self.next_order += 1
        self.orders[number] = {"sold_to": sold_to, "customer_ref": self.reference(block, "001"),
                               "items": items, "status": "open", "cancelled_items": []}
        return number, "order %s created" % number

    def known_order(self, number):
        order = self.orders.get(number) or self.orders.get(number.lstrip("0"))
        if order is None:
            raise Refusal("order %s does not exist" % number)
        return order

    def change(self, block):
        number = self.reference(block, "001")
        order = self.known_order(number)
        header = child(block, "E1EDK01")
        action = text(header, "ACTION") if header is not None else ""
        positions = {i["POSEX"] for i in order["items"]}
        if action == "003":
            order["status"] = "cancelled"
        else:
            items = children(block, "E1EDP01")
            if not items:
                raise Refusal("ORDCHG changes nothing: no E1EDK01 ACTION 003 and no items")
            for item in items:
                if text(item, "POSEX") not in positions:
                    raise Refusal("item %s is not in order %s" % (text(item, "POSEX"), number))
                if text(item, "ACTION") == "003":
                    order["cancelled_items"].append(text(item, "POSEX"))
        self.changes.append({"order": number, "action": action})
        return number, "order %s changed" % number

    def order_return(self, block):
        original = self.reference(block, "043")
        if not original:
            raise Refusal("the return refers to no order (E1EDK02 QUALF 043)")
        order = self.known_order(original)
        positions = {i["POSEX"] for i in order["items"]}
        for item in children(block, "E1EDP01"):
            ref = child(item, "E1EDP02")
            if ref is not None and text(ref, "ZEILE") and text(ref, "ZEILE") not in positions:
                raise Refusal("returned item %s is not in order %s" % (text(ref, "ZEILE"), original))
        items = self.items(block)
        number = str(self.next_return)
        self.next_return += 1
        self.returns[number] = {"order": original, "items": items}
        return number, "return order %s created" % number


def idoc_response(idoc_number, document, severity, message):
    return ("<IDOC_RESPONSE><DOCNUM>%016d</DOCNUM>%s<STATUS><TYPE>%s</TYPE><MESSAGE>%s</MESSAGE>"
            "</STATUS></IDOC_RESPONSE>" % (idoc_number,
                                           "<BELNR>%s</BELNR>" % document if document else "",
                                           severity, escape(message)))


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

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            raise BadEnvelope("body too large")
        return self.rfile.read(length).decode("utf-8", errors="replace")

    def do_GET(self):
        path = urlsplit(self.path).path
        with self.erp.lock:
            if path == "/_control/received":
                return self.reply(200, json.dumps({"requests": self.erp.requests}), "application/json")
            if path == "/_control/state":
                return self.reply(200, json.dumps(self.erp.state()), "application/json")
            if path == "/_control/health":
                return self.reply(200, '{"status": "ok"}', "application/json")
        self.reply(404, "<error>not found</error>")

    def control(self, path, body):
        if path == "/_control/reset":
            self.erp.reset()
            return self.reply(200, '{"status": "ok"}', "application/json")
        if path == "/_control/fail":
            try:
                plan = json.loads(body or "{}")
                if plan.get("mode") not in FAILURE_MODES:
                    raise ValueError("mode must be one of %s" % sorted(FAILURE_MODES))
                plan.setdefault("count", 1)
            except ValueError as e:
                return self.reply(400, json.dumps({"error": str(e)}), "application/json")
            self.erp.failures.append(plan)
            return self.reply(200, '{"status": "ok"}', "application/json")
        self.reply(404, '{"error": "no such control endpoint"}', "application/json")

    def do_POST(self):
        path = urlsplit(self.path).path
        body = self.read_body()
        with self.erp.lock:
            if path.startswith("/_control/"):
                return self.control(path, body)
            self.erp.requests.append({"method": "POST", "path": path, "body": body,
                                      "headers": {k.lower(): v for k, v in self.headers.items()}})
            plan = self.erp.take_failure()
            version = None
            try:
                version, idoc = self.unwrap(body)
                if plan and plan["mode"] == "status":
                    headers = [("Retry-After", str(plan["retry_after"]))] if "retry_after" in plan else []
                    return self.reply(int(plan.get("status", 503)), plan.get("body", "<error/>"),
                                      headers=headers)
                if plan and plan["mode"] == "soap_fault":
                    return self.fault(version, plan.get("code", "Server"),
                                      plan.get("reason", "fault on request"))
                if plan and plan["mode"] == "malformed":
                    return self.reply(200, "<IDOC_RESPONSE><DOCNUM>", CONTENT_TYPES[version])
                if plan and plan["mode"] == "error_status":
                    raise Refusal(plan.get("message", "error on request"))
                document, message = self.erp.post(idoc)
                severity = "S"
            except BadEnvelope as e:
                return self.fault(version or SOAP11, "Client" if version != SOAP12 else "Sender", str(e))
            except Refusal as e:
                document, message = "", str(e)
                severity = plan.get("severity", "E") if plan and plan["mode"] == "error_status" else "E"
            number = self.erp.next_idoc
            self.erp.next_idoc += 1
            if plan and plan["mode"] == "drop_after_processing":
                self.close_connection = True
                self.connection.shutdown(2)
                return None
            self.reply(200, in_envelope(version, idoc_response(number, document, severity, message)),
                       CONTENT_TYPES[version])

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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--return-order-type", default="RE")
    args = parser.parse_args()
    Handler.erp = Erp(args.return_order_type)
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
