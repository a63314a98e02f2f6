"""Self-test for the ERPNext peer: starts the real server as a subprocess on port 0.

Run: /usr/bin/python3 -m unittest discover -s tests/peers/erpnext -v
"""

import base64
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import unittest
from urllib.parse import quote, urlencode

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peerkit"))
from peerkit import PeerProcess  # noqa: E402  (shared peer start/stop)

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "erpnext_peer.py")
TOKEN = "token erpb-key:erpb-secret"
SO = "/api/resource/" + quote("Sales Order")
SI = "/api/resource/" + quote("Sales Invoice")


def messages(body):
    """Frappe's _server_messages: a JSON list of JSON-encoded objects."""
    return [json.loads(m)["message"] for m in json.loads(body["_server_messages"])]


class ErpnextPeerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.peer = PeerProcess(SERVER, "--port", "0")
        cls.proc, cls.port = cls.peer.proc, cls.peer.port

    @classmethod
    def tearDownClass(cls):
        assert cls.peer.stop(timeout=5) == 0

    def setUp(self):
        self.call("POST", "/_control/reset")

    def call(self, method, path, body=None, auth=TOKEN, headers=None, timeout=5):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        hdrs = dict(headers or {})
        if auth:
            hdrs["Authorization"] = auth
        if body is not None and not isinstance(body, (str, bytes)):
            body = json.dumps(body)
            hdrs.setdefault("Content-Type", "application/json")
        try:
            conn.request(method, path, body=body, headers=hdrs)
            resp = conn.getresponse()
            raw = resp.read()
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = raw
            return resp.status, dict(resp.getheaders()), parsed
        finally:
            conn.close()

    def customer(self, name="Asha Rao"):
        status, _, body = self.call("POST", "/api/resource/Customer",
                                    {"customer_name": name, "customer_type": "Individual",
                                     "email_id": "asha.rao@example.com"})
        self.assertEqual(status, 200, body)
        return body["data"]["name"]

    def order(self, customer, **extra):
        doc = {"customer": customer, "transaction_date": "2026-11-20", "delivery_date": "2026-11-27",
               "po_no": "ORD-5001", "items": [
                   {"item_code": "TSHIRT-BLU-M", "qty": 2, "rate": 474.0},
                   {"item_code": "MUG-CER-350", "qty": 1, "rate": 299.0}]}
        doc.update(extra)
        return self.call("POST", SO, doc)

    # ---------------------------------------------------------------- auth

    def test_token_and_basic_auth_succeed(self):
        status, _, body = self.call("GET", "/api/method/frappe.auth.get_logged_user")
        self.assertEqual((status, body), (200, {"message": "integration@example.com"}))
        basic = "Basic " + base64.b64encode(b"erpb-key:erpb-secret").decode()
        status, _, body = self.call("GET", "/api/resource/Customer", auth=basic)
        self.assertEqual((status, body), (200, {"data": []}))

    def test_wrong_secret_is_401_authentication_error(self):
        status, _, body = self.call("GET", "/api/resource/Customer", auth="token erpb-key:wrong")
        self.assertEqual(status, 401)
        self.assertEqual(body, {"exc_type": "AuthenticationError"})
        status, _, body = self.call("GET", "/api/resource/Customer", auth="token nobody:erpb-secret")
        self.assertEqual((status, body["exc_type"]), (401, "AuthenticationError"))

    def test_basic_with_bad_base64_is_400(self):
        status, _, body = self.call("GET", "/api/resource/Customer", auth="Basic !!!notbase64")
        self.assertEqual((status, body["exc_type"]), (400, "InvalidAuthorizationToken"))
        self.assertEqual(messages(body), ["Failed to decode token, please provide a valid base64-encoded token."])

    def test_missing_or_malformed_token_is_guest_and_403(self):
        for auth in (None, "token no-colon-here", "Bearer something"):
            status, _, body = self.call("GET", "/api/resource/Customer", auth=auth)
            self.assertEqual(status, 403, auth)
            self.assertEqual(body["exc_type"], "PermissionError")
            self.assertIn("Insufficient Permission for Customer", body["_error_message"])

    # ---------------------------------------------------------------- customers and lists

    def test_customer_named_by_customer_name_and_lists(self):
        self.assertEqual(self.customer(), "Asha Rao")
        self.assertEqual(self.customer(), "Asha Rao - 1")
        query = urlencode({"filters": json.dumps({"email_id": "asha.rao@example.com"}),
                           "fields": json.dumps(["name", "customer_name"])})
        status, _, body = self.call("GET", "/api/resource/Customer?" + query)
        self.assertEqual(status, 200)
        self.assertEqual(sorted(d["name"] for d in body["data"]), ["Asha Rao", "Asha Rao - 1"])
        query = urlencode({"filters": json.dumps([["email_id", "=", "nobody@example.com"]])})
        self.assertEqual(self.call("GET", "/api/resource/Customer?" + query)[::2], (200, {"data": []}))

    def test_unknown_filter_field_is_417_data_error(self):
        query = urlencode({"filters": json.dumps({"no_such_field": "x"})})
        status, _, body = self.call("GET", "/api/resource/Customer?" + query)
        self.assertEqual((status, body["exc_type"]), (417, "DataError"))
        self.assertEqual(messages(body), ["Field not permitted in query: no_such_field"])

    def test_customer_name_is_mandatory(self):
        status, _, body = self.call("POST", "/api/resource/Customer", {"customer_type": "Individual"})
        self.assertEqual((status, body["exc_type"]), (417, "MandatoryError"))
        self.assertEqual(messages(body), ["Error: Value missing for Customer: Customer Name"])
        self.assertTrue(body["exception"].startswith("frappe.exceptions.MandatoryError: [Customer, "))

    def test_unknown_link_on_customer(self):
        status, _, body = self.call("POST", "/api/resource/Customer",
                                    {"customer_name": "X", "customer_group": "Nope"})
        self.assertEqual((status, body["exc_type"]), (417, "LinkValidationError"))
        self.assertEqual(messages(body), ["Could not find Customer Group: Nope"])

    # ---------------------------------------------------------------- sales orders

    def test_sales_order_create_submit_update_refused_cancel(self):
        cust = self.customer()
        status, _, body = self.order(cust)
        self.assertEqual(status, 200, body)
        so = body["data"]
        self.assertRegex(so["name"], r"^SAL-ORD-\d{4}-00001$")
        self.assertEqual((so["docstatus"], so["customer"], so["grand_total"]), (0, cust, 1247.0))
        self.assertEqual([r["idx"] for r in so["items"]], [1, 2])
        path = f"{SO}/{quote(so['name'])}"
        status, _, body = self.call("PUT", path, {"docstatus": 1})
        self.assertEqual((status, body["data"]["docstatus"]), (200, 1))
        status, _, body = self.call("PUT", path, {"customer_name": "Someone else", "delivery_date": "2026-12-30"})
        self.assertEqual((status, body["exc_type"]), (417, "UpdateAfterSubmitError"))
        self.assertIn("after submission", messages(body)[0])
        status, _, body = self.call("POST", "/api/method/frappe.client.cancel",
                                    {"doctype": "Sales Order", "name": so["name"]})
        self.assertEqual((status, body["message"]["docstatus"], body["message"]["status"]), (200, 2, "Cancelled"))
        status, _, body = self.call("POST", "/api/method/frappe.client.cancel",
                                    {"doctype": "Sales Order", "name": so["name"]})
        self.assertEqual((status, messages(body)), (417, ["Cannot edit cancelled document"]))
        self.assertEqual(self.call("GET", path)[2]["data"]["docstatus"], 2)

    def test_sales_order_refusals(self):
        cust = self.customer()
        status, _, body = self.order(cust, delivery_date=None)
        self.assertEqual((status, body["exc_type"], messages(body)), (417, "ValidationError", ["Please enter Delivery Date"]))
        status, _, body = self.order("Nobody")
        self.assertEqual((status, body["exc_type"], messages(body)),
                         (417, "LinkValidationError", ["Could not find Customer: Nobody"]))
        status, _, body = self.order(cust, items=[{"item_code": "NOPE-SKU", "qty": 1}])
        self.assertEqual(messages(body), ["Could not find Row #1: Item Code: NOPE-SKU"])
        status, _, body = self.order(cust, items=[])
        self.assertEqual((status, body["exc_type"], messages(body)),
                         (417, "MandatoryError", ["Error: Data missing in table Items"]))
        status, _, body = self.order(None)
        self.assertEqual((status, body["exc_type"]), (417, "MandatoryError"))
        self.assertIn("Error: Value missing for Sales Order: Customer", messages(body))
        status, _, body = self.order(cust, items=[1])
        self.assertEqual((status, body["exc_type"]), (500, "ValueError"))  # a Python error, not a ValidationError
        self.assertNotIn("_server_messages", body)
        self.assertTrue(body["exception"].startswith("ValueError: Document for field items"))
        self.assertEqual(self.call("GET", "/_control/state")[2]["documents"]["Sales Order"], {})

    def test_cancel_of_a_draft_and_get_of_method_refused(self):
        so = self.order(self.customer())[2]["data"]
        status, _, body = self.call("POST", "/api/method/frappe.client.cancel",
                                    {"doctype": "Sales Order", "name": so["name"]})
        self.assertEqual((status, body["exc_type"]), (417, "DocstatusTransitionError"))
        status, _, body = self.call("GET", "/api/method/frappe.client.cancel?" +
                                    urlencode({"doctype": "Sales Order", "name": so["name"]}))
        self.assertEqual((status, body["exc_type"], messages(body)), (403, "PermissionError", ["Not permitted"]))
        status, _, body = self.call("POST", "/api/method/frappe.client.nothing")
        self.assertEqual((status, body["exc_type"]), (417, "ValidationError"))
        self.assertEqual(messages(body), ["Failed to get method for command frappe.client.nothing with module "
                                          "'frappe.client' has no attribute 'nothing'"])
        status, _, body = self.call("GET", "/api/method/frappe.auth.get_logged_user", auth=None)
        self.assertEqual((status, body["exc_type"]), (403, "PermissionError"))

    def test_submit_needs_the_latest_modified(self):
        so = self.order(self.customer())[2]["data"]
        status, _, body = self.call("POST", "/api/method/frappe.client.submit",
                                    {"doc": {"doctype": "Sales Order", "name": so["name"]}})
        self.assertEqual((status, body["exc_type"]), (417, "TimestampMismatchError"))
        status, _, body = self.call("POST", "/api/method/frappe.client.submit", {"doc": json.dumps(so)})
        self.assertEqual((status, body["message"]["docstatus"]), (200, 1))

    def test_missing_document_is_404(self):
        status, _, body = self.call("GET", f"{SO}/SAL-ORD-2026-09999")
        self.assertEqual((status, body["exc_type"]), (404, "DoesNotExistError"))
        self.assertEqual(messages(body), ["Sales Order SAL-ORD-2026-09999 not found"])
        self.assertNotIn("exception", body)

    def test_update_child_qty_rate_sends_the_remaining_lines(self):
        so = self.order(self.customer(), docstatus=1)[2]["data"]
        self.assertEqual(so["docstatus"], 1)
        keep = so["items"][0]
        trans = [{"docname": keep["name"], "item_code": keep["item_code"], "qty": 1, "rate": keep["rate"]}]
        status, _, body = self.call("POST", "/api/method/erpnext.controllers.accounts_controller.update_child_qty_rate",
                                    {"parent_doctype": "Sales Order", "parent_doctype_name": so["name"],
                                     "trans_items": json.dumps(trans)})
        self.assertEqual((status, body), (200, {}))
        after = self.call("GET", f"{SO}/{quote(so['name'])}")[2]["data"]
        self.assertEqual([(r["item_code"], r["qty"]) for r in after["items"]], [("TSHIRT-BLU-M", 1.0)])
        self.assertEqual(after["grand_total"], 474.0)

    def test_draft_edits_links_and_back_links(self):
        cust = self.customer()
        so = self.order(cust)[2]["data"]
        path = f"{SO}/{quote(so['name'])}"
        status, _, body = self.call("PUT", path, {"customer": "Nobody"})
        self.assertEqual((status, messages(body)), (417, ["Could not find Customer: Nobody"]))
        status, _, body = self.call("PUT", path, {"items": [{"item_code": "MUG-CER-350", "qty": 3}]})
        self.assertEqual((status, body["data"]["grand_total"], len(body["data"]["items"])), (200, 897.0, 1))
        self.call("PUT", path, {"docstatus": 1})
        inv = self.invoice(cust, docstatus=1, items=[{"item_code": "MUG-CER-350", "qty": 3, "rate": 299,
                                                      "sales_order": so["name"]}])[2]["data"]
        status, _, body = self.call("POST", "/api/method/frappe.client.cancel", {"doctype": "Sales Order", "name": so["name"]})
        self.assertEqual((status, body["exc_type"]), (417, "LinkExistsError"))
        self.assertIn(inv["name"], messages(body)[0])
        status, _, body = self.call("DELETE", path)
        self.assertEqual((status, body["exc_type"]), (417, "ValidationError"))
        status, _, body = self.call("POST", "/api/resource/Item", {"item_code": "NEW", "item_name": "x"})
        self.assertEqual((status, body["exc_type"]), (403, "PermissionError"))
        draft = self.order(cust)[2]["data"]
        self.assertEqual(self.call("DELETE", f"{SO}/{quote(draft['name'])}")[::2], (202, {"data": "ok"}))

    # ---------------------------------------------------------------- credit notes

    def invoice(self, cust, **extra):
        doc = {"customer": cust, "posting_date": "2026-11-21",
               "items": [{"item_code": "TSHIRT-BLU-M", "qty": 2, "rate": 474.0},
                         {"item_code": "MUG-CER-350", "qty": 1, "rate": 299.0}]}
        doc.update(extra)
        return self.call("POST", SI, doc)

    def test_credit_note_rules(self):
        cust = self.customer()
        inv = self.invoice(cust, docstatus=1)[2]["data"]
        self.assertRegex(inv["name"], r"^ACC-SINV-\d{4}-00001$")
        ret = {"is_return": 1, "return_against": inv["name"],
               "items": [{"item_code": "TSHIRT-BLU-M", "qty": -1, "rate": 474.0}]}
        status, _, body = self.invoice(None, **ret)
        self.assertEqual((status, body["exc_type"]), (417, "MandatoryError"))
        self.assertIn("Error: Value missing for Sales Invoice: Customer", messages(body))
        status, _, body = self.invoice(cust, **dict(ret, items=[{"item_code": "TSHIRT-BLU-M", "qty": 1}]))
        self.assertEqual(messages(body), ["Stock Qty must be negative in return document"])
        status, _, body = self.invoice(cust, **dict(ret, return_against="SAL-ORD-2026-00001"))
        self.assertEqual((status, messages(body)), (417, ["Could not find Return Against: SAL-ORD-2026-00001"]))
        status, _, body = self.invoice(cust, **dict(ret, docstatus=1))
        self.assertEqual(status, 200, body)
        self.assertEqual((body["data"]["is_return"], body["data"]["items"][0]["qty"]), (1, -1.0))
        status, _, body = self.invoice(cust, **dict(ret, items=[{"item_code": "TSHIRT-BLU-M", "qty": -2}]))
        self.assertEqual((status, body["exc_type"]), (417, "StockOverReturnError"))
        self.assertEqual(messages(body), ["Row # 1: Cannot return more than 1.0 for Item TSHIRT-BLU-M"])

    # ---------------------------------------------------------------- control API

    def test_received_log_redacts_and_records_the_encoded_path(self):
        self.order(self.customer())
        requests = self.call("GET", "/_control/received")[2]["requests"]
        so = [r for r in requests if r["path"] == "/api/resource/Sales Order"][0]
        self.assertEqual(so["rawPath"], "/api/resource/Sales%20Order")
        self.assertEqual(so["headers"]["authorization"], "***")
        self.assertEqual(so["replyStatus"], 200)

    def test_failure_plans(self):
        self.call("POST", "/_control/fail", {"path": "/api/resource/Customer", "status": 429, "retry_after": 2,
                                             "body": "{\"exc_type\": \"RateLimitExceededError\"}"})
        status, headers, body = self.call("GET", "/api/resource/Customer")
        self.assertEqual((status, headers["Retry-After"], body["exc_type"]), (429, "2", "RateLimitExceededError"))
        self.call("POST", "/_control/fail", {"status": 429, "retry_after": 1})
        status, headers, body = self.call("GET", "/api/resource/Customer")
        self.assertEqual((status, headers["Retry-After"], body), (429, "1", b"Too Many Requests"))
        self.assertEqual(headers["X-RateLimit-Remaining"], "0")
        self.call("POST", "/_control/fail", {"mode": "auth"})
        status, _, body = self.call("GET", "/api/resource/Customer")
        self.assertEqual((status, body), (401, {"exc_type": "AuthenticationError"}))
        self.call("POST", "/_control/fail", {"path": "/api/resource/Customer", "method": "POST",
                                             "mode": "drop_after_processing"})
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            self.call("POST", "/api/resource/Customer", {"customer_name": "Lost Reply"})
        self.assertIn("Lost Reply", self.call("GET", "/_control/state")[2]["documents"]["Customer"])

    def test_in_flight_maximum(self):
        self.call("POST", "/_control/fail", {"mode": "delay", "delay_ms": 800, "times": 3})
        threads = [threading.Thread(target=self.call, args=("GET", "/api/resource/Customer")) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # A reply reaches the client just before the peer counts its request finished.
        deadline = time.monotonic() + 5
        while self.call("GET", "/_control/inflight")[2]["current"] != 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertEqual(self.call("GET", "/_control/inflight")[2], {"current": 0, "max": 3})


if __name__ == "__main__":
    unittest.main()
