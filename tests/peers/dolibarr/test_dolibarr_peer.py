"""Self-test for the Dolibarr peer: starts the real server as a subprocess on port 0.

Run: /usr/bin/python3 -m unittest discover -s tests/peers/dolibarr -v
"""

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

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dolibarr_peer.py")
KEY = "erpb-dolapikey"
API = "/api/index.php"


class Peer(PeerProcess):
    def __init__(self, *args):
        super().__init__(SERVER, "--port", "0", *args)

    def call(self, method, path, body=None, key=KEY, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        hdrs = dict(headers or {})
        if key is not None:
            hdrs["DOLAPIKEY"] = key
        if body is not None:
            body = json.dumps(body)
            hdrs["Content-Type"] = "application/json"
        try:
            conn.request(method, path, body=body, headers=hdrs)
            resp = conn.getresponse()
            raw = resp.read()
            return resp.status, json.loads(raw) if raw else None
        finally:
            conn.close()


class DolibarrPeerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.peer = Peer()

    @classmethod
    def tearDownClass(cls):
        assert cls.peer.stop() == 0

    def setUp(self):
        self.call("POST", "/_control/reset")

    def call(self, *args, **kwargs):
        return self.peer.call(*args, **kwargs)

    def thirdparty(self, name="Asha Rao"):
        status, tid = self.call("POST", f"{API}/thirdparties", {"name": name, "client": "1", "code_client": "-1",
                                                               "email": "asha.rao@example.com", "ref_ext": "cu_1001"})
        self.assertEqual(status, 200)
        return tid

    def product_id(self, sku):
        status, rows = self.call("GET", f"{API}/products?" + urlencode({"sqlfilters": f"(t.ref:=:'{sku}')"}))
        self.assertEqual(status, 200)
        return int(rows[0]["id"])

    def order(self, socid, **extra):
        body = {"socid": socid, "date": 1795000000, "ref_client": "ORD-5001", "lines": [
            {"fk_product": self.product_id("TSHIRT-BLU-M"), "qty": 2, "subprice": 474, "tva_tx": 12},
            {"fk_product": self.product_id("MUG-CER-350"), "qty": 1, "subprice": 299}]}
        body.update(extra)
        return self.call("POST", f"{API}/orders", body)

    # ---------------------------------------------------------------- auth

    def test_wrong_or_missing_key_is_401_restler_error(self):
        status, body = self.call("GET", f"{API}/orders", key="wrong")
        self.assertEqual(status, 401)
        self.assertEqual(body["error"], {"code": 401, "message": "Unauthorized: Error user not valid (not found with "
                                         "api key or bad status or bad validity dates) (conf->entity=1)"})
        self.assertEqual(body["debug"]["source"], "api_access.class.php at authenticate stage")
        status, body = self.call("GET", f"{API}/orders", key=None)
        self.assertEqual(status, 401)
        self.assertTrue(body["error"]["message"].startswith("Unauthorized: Failed to login to API. Neither parameter "
                                                            "'HTTP_DOLAPIKEY' nor 'Authentication: Bearer'"))
        status, _ = self.call("GET", f"{API}/products", key=None, headers={"Authorization": f"Bearer {KEY}"})
        self.assertEqual(status, 200)
        status, _ = self.call("GET", f"{API}/products?DOLAPIKEY={KEY}", key=None)
        self.assertEqual(status, 200)
        log = self.call("GET", "/_control/received")[1]["requests"]
        self.assertEqual(log[-1]["query"]["DOLAPIKEY"], "***")
        self.assertNotIn(KEY, json.dumps(log))

    # ---------------------------------------------------------------- thirdparties

    def test_thirdparty_create_returns_bare_id_and_lookups(self):
        tid = self.thirdparty()
        self.assertIsInstance(tid, int)
        status, tp = self.call("GET", f"{API}/thirdparties/{tid}")
        self.assertEqual((status, tp["name"], tp["client"]), (200, "Asha Rao", "1"))
        self.assertRegex(tp["code_client"], r"^CU\d{4}-00001$")
        status, rows = self.call("GET", f"{API}/thirdparties?" + urlencode({"sqlfilters": "(t.ref_ext:=:'cu_1001')"}))
        self.assertEqual((status, [r["id"] for r in rows]), (200, [str(tid)]))
        status, body = self.call("GET", f"{API}/thirdparties?" + urlencode({"sqlfilters": "(t.email:=:'no@x.y')"}))
        self.assertEqual((status, body["error"]["message"]), (404, "Not Found: Thirdparties not found"))
        status, body = self.call("POST", f"{API}/thirdparties", {"email": "x@example.com"})
        self.assertEqual((status, body["error"]["message"]), (400, "Bad Request: name field missing"))
        status, body = self.call("POST", f"{API}/thirdparties", {"name": "Dup", "client": "1", "code_client": tp["code_client"]})
        self.assertEqual((status, body["error"]["message"], body["error"]["0"]),
                         (500, "Internal Server Error: Error creating thirdparty", "ErrorCustomerCodeAlreadyUsed"))
        status, body = self.call("GET", f"{API}/thirdparties/999")
        self.assertEqual((status, body["error"]["message"]), (404, "Not Found: Thirdparty not found"))

    # ---------------------------------------------------------------- orders

    def test_order_draft_validate_twice_close(self):
        socid = self.thirdparty()
        status, oid = self.order(socid)
        self.assertEqual(status, 200)
        self.assertIsInstance(oid, int)  # the reply body is the bare id
        status, order = self.call("GET", f"{API}/orders/{oid}")
        self.assertEqual((order["ref"], order["statut"], order["socid"]), (f"(PROV{oid})", "0", str(socid)))
        self.assertEqual((len(order["lines"]), order["total_ht"]), (2, "1247.00000000"))
        self.assertEqual(order["lines"][0]["total_ttc"], "1061.76000000")
        status, order = self.call("POST", f"{API}/orders/{oid}/validate", {"idwarehouse": 0, "notrigger": 0})
        self.assertEqual((status, order["statut"]), (200, "1"))
        self.assertRegex(order["ref"], r"^CO\d{4}-0001$")
        status, body = self.call("POST", f"{API}/orders/{oid}/validate")
        self.assertEqual((status, body), (304, None))  # "Error nothing done. May be object is already validated"
        status, body = self.call("POST", f"{API}/orders/{oid}/lines", {"fk_product": 1, "qty": 1, "subprice": 1})
        self.assertEqual((status, body["error"]["message"]), (400, "Bad Request"))
        status, order = self.call("POST", f"{API}/orders/{oid}/close")
        self.assertEqual((status, order["statut"]), (200, "3"))
        self.assertEqual(self.call("POST", f"{API}/orders/{oid}/close")[0], 304)

    def test_cancel_by_setting_status(self):
        oid = self.order(self.thirdparty())[1]
        self.call("POST", f"{API}/orders/{oid}/validate")
        status, order = self.call("PUT", f"{API}/orders/{oid}", {"statut": -1})
        self.assertEqual((status, order["statut"]), (200, "-1"))

    def test_order_refusals(self):
        status, body = self.call("POST", f"{API}/orders", {"date": 1795000000})
        self.assertEqual((status, body["error"]["message"]), (400, "Bad Request: socid field missing"))
        status, body = self.call("POST", f"{API}/orders", {"socid": 1})
        self.assertEqual((status, body["error"]["message"]), (400, "Bad Request: date field missing"))
        status, body = self.order(4242)
        self.assertEqual((status, body["error"]["code"], body["error"]["message"]),
                         (500, 500, "Internal Server Error: Error creating order"))
        self.assertIn("CONSTRAINT `fk_commande_fk_soc` FOREIGN KEY (`fk_soc`)", body["error"]["0"])
        self.assertEqual(self.call("GET", "/_control/state")[1]["orders"], {})
        status, body = self.call("GET", f"{API}/orders/777")
        self.assertEqual((status, body["error"]["message"]), (404, "Not Found: Order not found"))

    def test_order_lookups_by_sqlfilters(self):
        socid = self.thirdparty()
        oid = self.order(socid)[1]
        query = urlencode({"sqlfilters": "(t.ref_client:=:'ORD-5001') and (t.fk_soc:=:" + str(socid) + ")"})
        status, rows = self.call("GET", f"{API}/orders?{query}")
        self.assertEqual((status, [r["id"] for r in rows]), (200, [str(oid)]))
        status, body = self.call("GET", f"{API}/orders?" + urlencode({"sqlfilters": "(t.ref_client:=:'ORD-9')"}))
        self.assertEqual((status, body["error"]), (404, {"code": 404, "message": "Not Found: No order found"}))
        status, body = self.call("GET", f"{API}/orders?" + urlencode({"sqlfilters": "(t.nope:=:'x')"}))
        self.assertEqual(status, 503)
        self.assertIn("Unknown column 't.nope'", body["error"]["message"])
        status, body = self.call("GET", f"{API}/orders?" + urlencode({"sqlfilters": "t.ref_client=ORD"}))
        self.assertEqual(status, 400)
        self.assertIn("Error when validating parameter sqlfilters", body["error"]["message"])
        status, body = self.call("GET", f"{API}/orders?" + quote("sqlfilterlines=(tl.fk_product:=:'1')", safe="=&"))
        self.assertEqual(status, 200)
        self.assertEqual(self.call("GET", f"{API}/products?" + urlencode({"sqlfilters": "(t.ref:=:'NOPE')"}))[0], 404)

    def test_lines_change_only_on_drafts(self):
        oid = self.order(self.thirdparty())[1]
        status, line_id = self.call("POST", f"{API}/orders/{oid}/lines", {"fk_product": 3, "qty": 1, "subprice": 499})
        self.assertEqual(status, 200)
        self.assertIsInstance(line_id, int)
        status, order = self.call("PUT", f"{API}/orders/{oid}/lines/{line_id}", {"qty": 2})
        self.assertEqual((status, order["lines"][-1]["qty"]), (200, "2"))
        status, order = self.call("DELETE", f"{API}/orders/{oid}/lines/{line_id}")
        self.assertEqual((status, len(order["lines"])), (200, 2))
        self.call("POST", f"{API}/orders/{oid}/validate")
        status, body = self.call("PUT", f"{API}/orders/{oid}/lines/{order['lines'][0]['id']}", {"qty": 1})
        self.assertEqual((status, body), (200, False))
        status, body = self.call("DELETE", f"{API}/orders/{oid}/lines/{order['lines'][0]['id']}")
        self.assertEqual((status, body["error"]["message"]), (405, "Method Not Allowed: ErrorDeleteLineNotAllowedByObjectStatus"))

    # ---------------------------------------------------------------- control API

    def test_failure_plans_and_in_flight(self):
        self.call("POST", "/_control/fail", {"status": 503, "retry_after": 5, "path": f"{API}/orders"})
        conn = http.client.HTTPConnection("127.0.0.1", self.peer.port, timeout=5)
        conn.request("GET", f"{API}/orders", headers={"DOLAPIKEY": KEY})
        resp = conn.getresponse()
        resp.read()
        conn.close()
        self.assertEqual((resp.status, resp.getheader("Retry-After")), (503, "5"))
        self.call("POST", "/_control/fail", {"mode": "auth"})
        self.assertEqual(self.call("GET", f"{API}/products")[0], 401)
        socid = self.thirdparty()
        self.call("POST", "/_control/fail", {"mode": "drop_after_processing", "path": f"{API}/orders", "method": "POST"})
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            self.order(socid)
        self.assertEqual(len(self.call("GET", "/_control/state")[1]["orders"]), 1)
        self.call("POST", "/_control/reset")
        self.call("POST", "/_control/fail", {"mode": "delay", "delay_ms": 800, "times": 3})
        threads = [threading.Thread(target=self.call, args=("GET", f"{API}/products")) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # A reply reaches the client just before the peer counts its request finished.
        deadline = time.monotonic() + 5
        while self.call("GET", "/_control/inflight")[1]["current"] != 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertEqual(self.call("GET", "/_control/inflight")[1], {"current": 0, "max": 3})

    def test_rotated_key(self):
        self.call("POST", "/_control/api_key", {"api_key": "new-key"})
        self.assertEqual(self.call("GET", f"{API}/products")[0], 401)
        self.assertEqual(self.call("GET", f"{API}/products", key="new-key")[0], 200)


class DolibarrEmptyListArrayTest(unittest.TestCase):
    def test_empty_list_as_array(self):
        peer = Peer("--empty-list", "array")
        try:
            self.assertEqual(peer.call("GET", f"{API}/orders"), (200, []))
        finally:
            self.assertEqual(peer.stop(), 0)


if __name__ == "__main__":
    unittest.main()
