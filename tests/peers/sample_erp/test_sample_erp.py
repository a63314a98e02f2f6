"""Self-test for the sample ERP: starts the real server as a subprocess on port 0.

Run: /usr/bin/python3 -m unittest discover -s tests/peers/sample_erp -v
"""

import base64
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample_erp.py")

CUSTOMER = {"customer": {
    "externalId": "cu_1001", "firstName": "Asha", "lastName": "Rao",
    "email": "asha.rao@example.com", "phone": "+919800000001", "gstin": None,
    "addresses": [{"type": "billing", "name": "Asha Rao", "line1": "12 MG Road", "line2": "Flat 4B",
                   "city": "Pune", "state": "MH", "pincode": "411001", "country": "IN",
                   "phone": "+919800000001"}]}}


def order_body(customer_id, external_id="ORD-5001"):
    return {"order": {
        "externalId": external_id, "orderNumber": "#5001", "customerId": customer_id, "currency": "INR",
        "orderDate": "2026-11-20T10:31:10+05:30", "paymentMethod": "prepaid",
        "shipTo": {"name": "Asha Rao", "city": "Pune"}, "billTo": {"name": "Asha Rao", "city": "Pune"},
        "lines": [
            {"lineRef": "L1", "sku": "TSHIRT-BLU-M", "quantity": 2, "unitPrice": "499.00",
             "discount": "50.00", "taxAmount": "101.68", "lineTotal": "948.00"},
            {"lineRef": "L2", "sku": "MUG-CER-350", "quantity": 1, "unitPrice": 299,
             "taxAmount": "45.61", "lineTotal": "299.00"}],
        "shippingAmount": "60.00", "grandTotal": "1307.00"}}


XML_CUSTOMER = ("<customer><externalId>cu_2002</externalId><firstName>Ravi</firstName>"
                "<lastName>Iyer</lastName><email>ravi@example.com</email><gstin/>"
                "<addresses><address><type>billing</type><city>Chennai</city></address></addresses>"
                "</customer>")


def xml_order(customer_id):
    return ("<order><externalId>ORD-6001</externalId><customerId>%s</customerId><currency>INR</currency>"
            "<shipTo/><lines><line><lineRef>L1</lineRef><sku>TSHIRT-BLU-M</sku><quantity>2</quantity>"
            "<unitPrice>499.00</unitPrice></line><line><lineRef>L2</lineRef><sku>MUG</sku>"
            "<quantity>1</quantity><unitPrice>299.00</unitPrice></line></lines>"
            "<grandTotal>1297.00</grandTotal></order>" % customer_id)


class ErpProcess:
    """The server under test, running as a child process."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([sys.executable, SERVER, *args], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("LISTENING "), line
        self.port = int(line.split()[1])

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=5)
        self.proc.stdout.close()
        return code

    def request(self, method, path, body=None, headers=None, conn=None):
        """Returns (status, headers, body bytes). body may be a dict (sent as JSON) or str."""
        own = conn is None
        conn = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        headers = dict(headers or {})
        if isinstance(body, dict):
            body, headers["Content-Type"] = json.dumps(body), "application/json"
        elif isinstance(body, str):
            headers.setdefault("Content-Type", "application/xml")
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            if own:
                conn.close()

    def json(self, method, path, body=None, headers=None):
        status, _, raw = self.request(method, path, body, headers)
        return status, json.loads(raw)

    def control(self, method, name, body=None):
        return self.json(method, "/_control/" + name, body)[1]


class ErpTestCase(unittest.TestCase):
    ARGS = ("--auth", "headers", "--username", "erpuser", "--password", "s3cret")
    AUTH = {"username": "erpuser", "password": "s3cret"}

    @classmethod
    def setUpClass(cls):
        cls.erp = ErpProcess(*cls.ARGS)

    @classmethod
    def tearDownClass(cls):
        cls.erp.stop()

    def setUp(self):
        self.erp.control("POST", "reset")

    def post(self, path, body, **headers):
        return self.erp.json("POST", path, body, {**self.AUTH, **headers})

    def post_xml(self, path, body):
        status, _, raw = self.erp.request("POST", path, body, self.AUTH)
        return status, ET.fromstring(raw)

    def create_customer_and_order(self):
        customer_id = self.post("/createcustomer", CUSTOMER)[1]["customerId"]
        return customer_id, self.post("/createorder", order_body(customer_id))[1]


class JsonFlavourTest(ErpTestCase):
    def test_create_cancel_return_and_lookups(self):
        self.assertEqual(self.post("/createcustomer", CUSTOMER),
                         (200, {"status": "success", "customerId": "C000001"}))
        status, order = self.post("/createorder", order_body("C000001"))
        self.assertEqual((status, order["status"], order["orderId"]), (200, "success", "SO000001"))
        self.assertEqual(order["lines"], [{"lineRef": "L1", "lineId": "SO000001-1"},
                                          {"lineRef": "L2", "lineId": "SO000001-2"}])
        cancel = {"cancel": {"orderId": "SO000001", "reference": "CX-1", "reason": "customer",
                             "lines": [{"lineId": "SO000001-2", "quantity": 1}]}}
        self.assertEqual(self.post("/cancelorder", cancel), (200, {"status": "success", "cancelled": True}))
        ret = {"return": {"orderId": "SO000001", "reference": "RT-1",
                          "lines": [{"lineId": "SO000001-1", "quantity": 1, "reason": "size"}]}}
        self.assertEqual(self.post("/returnorder", ret), (200, {"status": "success", "returnId": "RMA000001"}))

        self.assertEqual(self.erp.json("GET", "/customers?externalId=cu_1001", headers=self.AUTH),
                         (200, {"customerId": "C000001"}))
        status, found = self.erp.json("GET", "/orders?externalId=ORD-5001", headers=self.AUTH)
        self.assertEqual((status, found["orderId"], found["lines"]), (200, "SO000001", order["lines"]))
        self.assertEqual(self.erp.json("GET", "/orders?externalId=nope", headers=self.AUTH),
                         (404, {"status": "error", "message": "not found"}))

        state = self.erp.control("GET", "state")
        self.assertEqual(state["customers"]["C000001"]["externalId"], "cu_1001")
        self.assertEqual(state["orders"]["SO000001"]["lines"][1]["cancelledQuantity"], 1)
        self.assertEqual(state["cancellations"][0]["reference"], "CX-1")
        self.assertEqual(state["returns"][0]["returnId"], "RMA000001")

    def test_business_refusals_are_2xx_failures(self):
        self.create_customer_and_order()
        whole = {"cancel": {"orderId": "SO000001", "reference": "CX-1"}}
        self.assertEqual(self.post("/cancelorder", whole)[1]["status"], "success")
        again = {"cancel": {"orderId": "SO000001", "reference": "CX-2"}}
        self.assertEqual(self.post("/cancelorder", again),
                         (200, {"status": "failure", "message": "order SO000001 is already cancelled"}))

    def test_cancelling_beyond_open_quantity_is_a_failure(self):
        self.create_customer_and_order()
        line = {"lineId": "SO000001-1", "quantity": 2}
        self.assertEqual(self.post("/cancelorder", {"cancel": {
            "orderId": "SO000001", "reference": "CX-1", "lines": [line]}})[1]["status"], "success")
        status, reply = self.post("/cancelorder", {"cancel": {
            "orderId": "SO000001", "reference": "CX-2", "lines": [{"lineId": "SO000001-1", "quantity": 1}]}})
        self.assertEqual((status, reply["status"]), (200, "failure"))
        self.assertIn("SO000001-1", reply["message"])

    def test_missing_or_mistyped_fields_are_422_naming_the_field(self):
        customer = {"customer": dict(CUSTOMER["customer"])}
        del customer["customer"]["email"]
        self.assertEqual(self.post("/createcustomer", customer),
                         (422, {"status": "error", "message": "customer.email is required"}))
        body = order_body("C000001")
        body["order"]["lines"][1]["quantity"] = "one"
        status, reply = self.post("/createorder", body)
        self.assertEqual(status, 422)
        self.assertTrue(reply["message"].startswith("order.lines[1].quantity is required"), reply)
        self.assertEqual(self.post("/returnorder", {"nope": {}})[1]["message"], "return is required")

    def test_unknown_ids_are_422(self):
        self.assertEqual(self.post("/createorder", order_body("C00009")),
                         (422, {"status": "error", "message": "order.customerId C00009 is not a known customer"}))
        status, reply = self.post("/cancelorder", {"cancel": {"orderId": "SO999999", "reference": "CX-1"}})
        self.assertEqual((status, reply["message"]), (422, "cancel.orderId SO999999 is not a known order"))
        status, reply = self.post("/returnorder", {"return": {
            "orderId": "SO999999", "reference": "RT-1", "lines": [{"lineId": "x", "quantity": 1}]}})
        self.assertEqual((status, reply["message"]), (422, "return.orderId SO999999 is not a known order"))
        self.create_customer_and_order()
        status, reply = self.post("/cancelorder", {"cancel": {
            "orderId": "SO000001", "reference": "CX-1", "lines": [{"lineId": "SO000001-9", "quantity": 1}]}})
        self.assertEqual((status, reply["message"]),
                         (422, "cancel.lines[0].lineId SO000001-9 is not a line of order SO000001"))

    def test_malformed_json_is_400(self):
        status, _, raw = self.erp.request("POST", "/createcustomer", '{"customer": ',
                                          {**self.AUTH, "Content-Type": "application/json"})
        self.assertEqual(status, 400)
        self.assertTrue(json.loads(raw)["message"].startswith("malformed JSON"))
        self.assertEqual(self.post("/createcustomer", "[1, 2]")[0], 400)

    def test_idempotency_key_replays_the_first_reply(self):
        first = self.post("/createcustomer", CUSTOMER, **{"Idempotency-Key": "evt-1"})
        self.assertEqual(self.post("/createcustomer", CUSTOMER, **{"Idempotency-Key": "evt-1"}), first)
        self.assertEqual(len(self.erp.control("GET", "state")["customers"]), 1)
        self.assertEqual(self.post("/createcustomer", CUSTOMER, **{"Idempotency-Key": "evt-2"})[1]["customerId"],
                         "C000002")
        # Without a key the ERP is not idempotent: a retry creates a duplicate.
        self.post("/createcustomer", CUSTOMER)
        self.assertEqual(len(self.erp.control("GET", "state")["customers"]), 3)

    def test_keep_alive_serves_several_requests_on_one_connection(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.erp.port, timeout=5)
        try:
            for _ in range(3):
                status, _, _ = self.erp.request("POST", "/createcustomer", CUSTOMER, self.AUTH, conn=conn)
                self.assertEqual(status, 200)
        finally:
            conn.close()

    def test_unknown_endpoint_and_wrong_method(self):
        self.assertEqual(self.post("/nothing", CUSTOMER)[0], 404)
        self.assertEqual(self.erp.json("GET", "/createorder", headers=self.AUTH)[0], 405)


class XmlFlavourTest(ErpTestCase):
    def test_create_cancel_return_and_lookup(self):
        self.post("/createcustomer", CUSTOMER)  # ids are shared between the flavours
        status, reply = self.post_xml("/xml/createcustomer", XML_CUSTOMER)
        self.assertEqual((status, reply.findtext("status"), reply.findtext("customerId")),
                         (200, "success", "C000002"))
        status, reply = self.post_xml("/xml/createorder", xml_order("C000002"))
        self.assertEqual((status, reply.findtext("orderId")), (200, "SO000001"))
        self.assertEqual([(l.findtext("lineRef"), l.findtext("lineId")) for l in reply.find("lines")],
                         [("L1", "SO000001-1"), ("L2", "SO000001-2")])
        status, reply = self.post_xml("/xml/cancelorder", (
            "<cancel><orderId>SO000001</orderId><reference>CX-1</reference><lines><line>"
            "<lineId>SO000001-1</lineId><quantity>1</quantity></line></lines></cancel>"))
        self.assertEqual((status, reply.findtext("status"), reply.findtext("cancelled")), (200, "success", "true"))
        status, reply = self.post_xml("/xml/returnorder", (
            "<return><orderId>SO000001</orderId><reference>RT-1</reference><lines><line>"
            "<lineId>SO000001-1</lineId><quantity>1</quantity><reason>size</reason></line></lines></return>"))
        self.assertEqual((status, reply.findtext("returnId")), (200, "RMA000001"))

        status, _, raw = self.erp.request("GET", "/xml/orders?externalId=ORD-6001", headers=self.AUTH)
        self.assertEqual((status, ET.fromstring(raw).findtext("orderId")), (200, "SO000001"))
        status, _, raw = self.erp.request("GET", "/xml/customers?externalId=cu_2002", headers=self.AUTH)
        self.assertEqual((status, ET.fromstring(raw).findtext("customerId")), (200, "C000002"))

        order = self.erp.control("GET", "state")["orders"]["SO000001"]
        self.assertEqual((order["receivedAs"], order["lines"][0]["quantity"]), ("xml", 2))

    def test_errors_are_xml_with_json_status_codes(self):
        status, reply = self.post_xml("/xml/createcustomer", XML_CUSTOMER.replace("<email>ravi@example.com</email>", ""))
        self.assertEqual((status, reply.findtext("status"), reply.findtext("message")),
                         (422, "error", "customer.email is required"))
        status, reply = self.post_xml("/xml/createorder", xml_order("C000077"))
        self.assertEqual((status, reply.findtext("message")),
                         (422, "order.customerId C000077 is not a known customer"))
        status, _, raw = self.erp.request("POST", "/xml/createcustomer", "<customer><externalId>", self.AUTH)
        self.assertEqual(status, 400)
        self.assertTrue(ET.fromstring(raw).findtext("message").startswith("malformed XML"))

    def test_doctype_and_entities_are_refused(self):
        bomb = '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaa">]><customer>&a;</customer>'
        status, reply = self.post_xml("/xml/createcustomer", bomb)
        self.assertEqual(status, 400)
        self.assertIn("DOCTYPE", reply.findtext("message"))


class ChangeFeedTest(ErpTestCase):
    def get(self, path):
        return self.erp.json("GET", path, headers=self.AUTH)

    def test_stock_feed_lists_changes_after_the_cursor_in_pages(self):
        self.assertEqual(self.erp.control("POST", "stock", {"changes": [
            {"sku": "A", "onHand": 5}, {"sku": "B", "onHand": 0}, {"sku": "A", "onHand": 4}]}), {"ok": True})
        status, page = self.get("/stock?since=0&limit=2")
        self.assertEqual((status, page["cursor"], page["more"]), (200, 2, True))
        self.assertEqual(page["changes"], [{"sku": "A", "onHand": 5, "seq": 1}, {"sku": "B", "onHand": 0, "seq": 2}])
        status, page = self.get("/stock?since=2&limit=2")
        self.assertEqual((page["changes"], page["cursor"], page["more"]),
                         ([{"sku": "A", "onHand": 4, "seq": 3}], 3, False))
        self.assertEqual(self.get("/stock?since=3")[1], {"changes": [], "cursor": 3, "more": False})
        self.assertEqual(self.get("/stock?since=x")[0], 422)

    def test_shipping_an_order_appears_in_the_order_status_feed(self):
        self.create_customer_and_order()
        self.assertEqual(self.erp.control("POST", "ship", {"orderId": "SO000001"}), {"ok": True})
        self.erp.control("POST", "ship", {"orderId": "SO000001", "status": "delivered"})
        _, page = self.get("/order-status")
        self.assertEqual([c["status"] for c in page["changes"]], ["shipped", "delivered"])
        self.assertEqual(page["changes"][0]["externalId"], "ORD-5001")
        self.assertEqual(page["changes"][0]["lines"], [{"sku": "TSHIRT-BLU-M", "quantity": 2},
                                                       {"sku": "MUG-CER-350", "quantity": 1}])
        self.assertEqual(self.erp.json("POST", "/_control/ship", {"orderId": "SO000009"})[0], 404)
        self.assertEqual(self.erp.json("POST", "/_control/ship", {"orderId": "SO000001", "status": "lost"})[0], 400)

    def test_feeds_need_credentials_and_speak_xml(self):
        self.erp.control("POST", "stock", {"changes": [{"sku": "A", "onHand": 5}]})
        self.assertEqual(self.erp.json("GET", "/stock")[0], 401)
        status, _, raw = self.erp.request("GET", "/xml/stock", headers=self.AUTH)
        root = ET.fromstring(raw)
        self.assertEqual((status, root.findtext("changes/change/sku"), root.findtext("cursor")), (200, "A", "1"))


class AuthTest(unittest.TestCase):
    MODES = {
        "headers": (("--username", "u", "--password", "p"), {"username": "u", "password": "p"},
                    {"username": "u", "password": "wrong"}),
        "basic": (("--username", "u", "--password", "p"),
                  {"Authorization": "Basic " + base64.b64encode(b"u:p").decode()},
                  {"Authorization": "Basic " + base64.b64encode(b"u:x").decode()}),
        "bearer": (("--token", "t0k"), {"Authorization": "Bearer t0k"}, {"Authorization": "Bearer t0x"}),
    }

    def test_each_mode_accepts_right_and_rejects_wrong_or_missing_credentials(self):
        for mode, (args, good, bad) in self.MODES.items():
            with self.subTest(mode=mode):
                erp = ErpProcess("--auth", mode, *args)
                try:
                    for headers in (bad, {}):
                        self.assertEqual(erp.json("POST", "/createcustomer", CUSTOMER, headers),
                                         (401, {"status": "error", "message": "invalid credentials"}))
                    self.assertEqual(erp.json("POST", "/createcustomer", CUSTOMER, good)[0], 200)
                    self.assertEqual(erp.json("GET", "/customers?externalId=cu_1001", headers=bad)[0], 401)
                    # Control endpoints need no credentials.
                    self.assertEqual(erp.json("GET", "/_control/health"), (200, {"ok": True}))
                finally:
                    self.assertEqual(erp.stop(), 0)

    def test_auth_none_accepts_anything(self):
        erp = ErpProcess("--auth", "none")
        try:
            self.assertEqual(erp.json("POST", "/createcustomer", CUSTOMER)[0], 200)
        finally:
            erp.stop()


class FailureModesTest(ErpTestCase):
    def fail(self, **plan):
        self.assertEqual(self.erp.control("POST", "fail", plan), {"ok": True})

    def customers(self):
        return self.erp.control("GET", "state")["customers"]

    def test_status_mode_replies_without_processing(self):
        self.fail(path="/createcustomer", mode="status", status=503, retry_after="2", times=2)
        for _ in range(2):
            status, headers, _ = self.erp.request("POST", "/createcustomer", CUSTOMER, self.AUTH)
            self.assertEqual((status, headers["Retry-After"]), (503, "2"))
        self.assertEqual(self.customers(), {})
        self.assertEqual(self.post("/createcustomer", CUSTOMER)[0], 200)  # the plan is used up

    def test_status_mode_with_custom_body_and_path_filter(self):
        self.fail(path="/createorder", mode="status", status=429, body='{"error":"slow down"}')
        self.assertEqual(self.post("/createcustomer", CUSTOMER)[0], 200)  # other paths unaffected
        self.assertEqual(self.post("/createorder", order_body("C000001")), (429, {"error": "slow down"}))

    def test_echo_headers_mode_quotes_every_request_header_verbatim(self):
        self.fail(path="/createcustomer", mode="echo_headers", status=422)
        status, reply = self.post("/createcustomer", CUSTOMER)
        self.assertEqual(status, 422)
        for name, value in self.AUTH.items():
            self.assertEqual(reply["headers"][name], value)
            self.assertIn(f"{name}: {value}", reply["message"])
        self.assertEqual(self.customers(), {})

    def test_plans_queue_in_order(self):
        self.fail(mode="status", status=500)
        self.fail(mode="status", status=502)
        self.assertEqual([self.post("/createcustomer", CUSTOMER)[0] for _ in range(3)], [500, 502, 200])

    def test_delay_mode_processes_after_the_delay(self):
        self.fail(mode="delay", delay_ms=300)
        start = time.monotonic()
        self.assertEqual(self.post("/createcustomer", CUSTOMER)[0], 200)
        self.assertGreaterEqual(time.monotonic() - start, 0.3)

    def test_malformed_mode_processes_but_garbles_the_reply(self):
        self.fail(mode="malformed")
        status, _, raw = self.erp.request("POST", "/createcustomer", CUSTOMER, self.AUTH)
        self.assertEqual(status, 200)
        self.assertRaises(ValueError, json.loads, raw)
        self.assertEqual(list(self.customers()), ["C000001"])
        self.fail(mode="malformed")
        status, _, raw = self.erp.request("POST", "/xml/createcustomer", XML_CUSTOMER, self.AUTH)
        self.assertRaises(ET.ParseError, ET.fromstring, raw)

    def test_drop_mode_closes_without_processing(self):
        self.fail(mode="drop")
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionResetError)):
            self.erp.request("POST", "/createcustomer", CUSTOMER, self.AUTH)
        self.assertEqual(self.customers(), {})

    def test_drop_after_processing_loses_the_reply_but_lookup_finds_it(self):
        self.fail(path="/createcustomer", mode="drop_after_processing")
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionResetError)):
            self.erp.request("POST", "/createcustomer", CUSTOMER, {**self.AUTH, "Idempotency-Key": "k1"})
        self.assertEqual(self.erp.json("GET", "/customers?externalId=cu_1001", headers=self.AUTH),
                         (200, {"customerId": "C000001"}))
        # A retry with the same key gets the reply that was lost, not a second customer.
        self.assertEqual(self.post("/createcustomer", CUSTOMER, **{"Idempotency-Key": "k1"})[1]["customerId"],
                         "C000001")
        self.assertEqual(len(self.customers()), 1)

    def test_bad_plan_is_400(self):
        self.assertEqual(self.erp.json("POST", "/_control/fail", {"mode": "explode"})[0], 400)
        self.assertEqual(self.erp.json("POST", "/_control/fail", {"times": 0})[0], 400)


class ReceivedLogTest(ErpTestCase):
    def test_log_keeps_order_redacts_secrets_and_skips_control_calls(self):
        self.post("/createcustomer", CUSTOMER, Authorization="Bearer abc")
        self.erp.request("POST", "/createcustomer", CUSTOMER, {"username": "erpuser", "password": "bad"})
        self.erp.request("GET", "/customers?externalId=cu_1001", headers=self.AUTH)
        self.erp.control("GET", "state")
        log = self.erp.control("GET", "received")["requests"]
        self.assertEqual([(r["method"], r["path"], r["replyStatus"]) for r in log],
                         [("POST", "/createcustomer", 200), ("POST", "/createcustomer", 401),
                          ("GET", "/customers", 200)])
        first = log[0]
        self.assertEqual((first["headers"]["password"], first["headers"]["authorization"]), ("***", "***"))
        self.assertEqual(first["headers"]["username"], "erpuser")
        self.assertEqual(first["json"], CUSTOMER)
        self.assertEqual(json.loads(first["body"]), CUSTOMER)
        self.assertEqual(log[2]["query"], {"externalId": "cu_1001"})
        self.assertNotIn("s3cret", json.dumps(log))

    def test_reset_clears_log_and_entities(self):
        self.post("/createcustomer", CUSTOMER)
        self.erp.control("POST", "reset")
        self.assertEqual(self.erp.control("GET", "received"), {"requests": []})
        self.assertEqual(self.post("/createcustomer", CUSTOMER)[1]["customerId"], "C000001")


class DataFileTest(unittest.TestCase):
    def test_state_survives_a_restart(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "erp.json")
            erp = ErpProcess("--data-file", path)
            erp.json("POST", "/createcustomer", CUSTOMER)
            self.assertEqual(erp.stop(), 0)
            erp = ErpProcess("--data-file", path)
            try:
                self.assertEqual(erp.json("GET", "/customers?externalId=cu_1001"), (200, {"customerId": "C000001"}))
                self.assertEqual(erp.json("POST", "/createcustomer", CUSTOMER)[1]["customerId"], "C000002")
            finally:
                erp.stop()


if __name__ == "__main__":
    unittest.main()
