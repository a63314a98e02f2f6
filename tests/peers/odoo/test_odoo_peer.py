"""Self-test for the Odoo peer: starts the real server as a subprocess on port 0.

Run: /usr/bin/python3 -m unittest discover -s tests/peers/odoo -v
"""

import http.client
import json
import os
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peerkit"))
from peerkit import PeerProcess  # noqa: E402  (shared peer start/stop)

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "odoo_peer.py")
DB, LOGIN, PASSWORD, API_KEY = "erpb", "admin@example.com", "erpb-password", "erpb-api-key"


class OdooPeerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.peer = PeerProcess(SERVER, "--port", "0")
        cls.proc, cls.port = cls.peer.proc, cls.peer.port

    @classmethod
    def tearDownClass(cls):
        assert cls.peer.stop(timeout=5) == 0

    def setUp(self):
        self.http("POST", "/_control/reset")
        self.uid = self.rpc("common", "login", [DB, LOGIN, PASSWORD])["result"]

    def http(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        hdrs = dict(headers or {})
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            hdrs.setdefault("Content-Type", "application/json")
        try:
            conn.request(method, path, body=body, headers=hdrs)
            resp = conn.getresponse()
            raw = resp.read()
            try:
                return resp.status, json.loads(raw) if raw else None
            except ValueError:
                return resp.status, raw
        finally:
            conn.close()

    def rpc(self, service, method, args, rid=1):
        status, body = self.http("POST", "/jsonrpc", {"jsonrpc": "2.0", "method": "call", "id": rid,
                                                      "params": {"service": service, "method": method, "args": args}})
        self.assertEqual(status, 200)  # JSON-RPC answers 200 even for errors
        self.assertEqual((body["jsonrpc"], body["id"]), ("2.0", rid))
        return body

    def kw(self, model, method, args, kwargs=None, password=PASSWORD):
        return self.rpc("object", "execute_kw", [DB, self.uid, password, model, method, args, kwargs or {}])

    def ok(self, model, method, args, kwargs=None):
        body = self.kw(model, method, args, kwargs)
        self.assertNotIn("error", body, body.get("error"))
        return body["result"]

    def error(self, model, method, args, kwargs=None, password=PASSWORD):
        body = self.kw(model, method, args, kwargs, password)
        self.assertNotIn("result", body)
        err = body["error"]
        self.assertEqual((err["code"], err["message"]), (200, "Odoo Server Error"))
        self.assertEqual(set(err["data"]), {"name", "message", "arguments", "context", "debug"})
        return err["data"]

    def json2(self, model, method, body, key=API_KEY, headers=None):
        hdrs = {"Authorization": f"bearer {key}", "X-Odoo-Database": DB}
        hdrs.update(headers or {})
        return self.http("POST", f"/json/2/{model}/{method}", body, hdrs)

    def product_id(self, sku):
        found = self.ok("product.product", "search_read", [[["default_code", "=", sku]]], {"fields": ["id"]})
        return found[0]["id"]

    def order(self, partner, lines=None):
        lines = lines or [[0, 0, {"product_id": self.product_id("TSHIRT-BLU-M"), "product_uom_qty": 2,
                                  "price_unit": 474.0}],
                          [0, 0, {"product_id": self.product_id("MUG-CER-350"), "product_uom_qty": 1}]]
        return self.ok("sale.order", "create", [{"partner_id": partner, "client_order_ref": "ORD-5001",
                                                 "order_line": lines}])

    # ---------------------------------------------------------------- common service

    def test_login_and_authenticate(self):
        self.assertEqual(self.uid, 2)
        self.assertEqual(self.rpc("common", "authenticate", [DB, LOGIN, PASSWORD, {}])["result"], 2)
        self.assertEqual(self.rpc("common", "authenticate", [DB, LOGIN, API_KEY, {}])["result"], 2)
        self.assertIs(self.rpc("common", "login", [DB, LOGIN, "wrong"])["result"], False)
        self.assertIs(self.rpc("common", "authenticate", [DB, "nobody", PASSWORD, {}])["result"], False)
        self.assertEqual(self.rpc("common", "version", [])["result"]["server_version"], "19.0")
        err = self.rpc("common", "login", ["nodb", LOGIN, PASSWORD])["error"]
        self.assertEqual(err["data"]["name"], "psycopg2.OperationalError")

    def test_wrong_password_on_execute_kw_is_access_denied_under_http_200(self):
        data = self.error("res.partner", "search", [[]], password="wrong")
        self.assertEqual((data["name"], data["message"], data["arguments"]),
                         ("odoo.exceptions.AccessDenied", "Access Denied", ["Access Denied"]))
        self.assertEqual(data["debug"], "odoo.exceptions.AccessDenied: Access Denied\n")  # no traceback
        body = self.rpc("object", "execute_kw", [DB, False, PASSWORD, "res.partner", "search", [[]]])
        self.assertEqual(body["error"]["data"]["name"], "odoo.exceptions.AccessDenied")

    def test_credentials_rotated_mid_run(self):
        self.http("POST", "/_control/credentials", {"password": "new-password", "api_key": "new-key"})
        self.assertEqual(self.error("res.partner", "search", [[]])["name"], "odoo.exceptions.AccessDenied")
        status, body = self.json2("res.partner", "search", {"domain": []})
        self.assertEqual((status, body["name"]), (401, "werkzeug.exceptions.Unauthorized"))
        self.assertEqual(self.kw("res.partner", "search", [[]], password="new-password")["result"], [3, 1])  # name asc

    # ---------------------------------------------------------------- partners and products

    def test_partner_create_search_read(self):
        pid = self.ok("res.partner", "create", [{"name": "Asha Rao", "email": "asha.rao@example.com",
                                                 "phone": "+919800000001", "ref": "cu_1001", "country_id": 104}])
        self.assertIsInstance(pid, int)
        self.assertEqual(self.ok("res.partner", "search", [[["ref", "=", "cu_1001"]]]), [pid])
        self.assertEqual(self.ok("res.partner", "search", [[["ref", "=", "nobody"]]]), [])
        rows = self.ok("res.partner", "search_read", [[["email", "ilike", "ASHA.RAO"]]],
                       {"fields": ["name", "country_id"]})
        self.assertEqual(rows, [{"id": pid, "name": "Asha Rao", "country_id": [104, "India"]}])
        ids = self.ok("res.partner", "create", [[{"name": "A"}, {"name": "B"}]])
        self.assertEqual(len(ids), 2)

    def test_partner_refusals(self):
        data = self.error("res.partner", "create", [{"email": "x@example.com"}])
        self.assertEqual(data["name"], "odoo.exceptions.ValidationError")
        self.assertIn("Contacts require a name", data["message"])
        data = self.error("res.partner", "create", [{"name": "X", "no_such_field": 1}])
        self.assertEqual((data["name"], data["message"]),
                         ("builtins.ValueError", "Invalid field 'no_such_field' on model 'res.partner'"))
        data = self.error("res.partner", "create", [{"name": "X", "country_id": 999}])
        self.assertEqual(data["name"], "odoo.exceptions.ValidationError")
        self.assertIn("Constraint: res_partner_country_id_fkey", data["message"])
        data = self.error("res.partner", "search_read", [[]], {"nonsense": 1})
        self.assertEqual(data["name"], "builtins.TypeError")
        self.assertIn("unexpected keyword argument 'nonsense'", data["message"])
        data = self.error("res.partner", "_private", [[]])
        self.assertEqual(data["name"], "odoo.exceptions.AccessError")
        data = self.error("no.such.model", "search", [[]])
        self.assertEqual((data["name"], data["message"]), ("odoo.exceptions.UserError", "Object no.such.model doesn't exist"))
        self.assertEqual(self.ok("res.partner", "search_count", [[]]), 2)

    def test_products_looked_up_by_default_code(self):
        for sku in ("TSHIRT-BLU-M", "MUG-CER-350"):
            self.assertIsInstance(self.product_id(sku), int)
        self.assertEqual(self.ok("product.product", "search", [[["default_code", "=", "NOPE"]]]), [])
        data = self.error("product.product", "create", [{"name": "X"}])
        self.assertEqual(data["name"], "odoo.exceptions.AccessError")

    # ---------------------------------------------------------------- sales orders

    def test_sale_order_create_confirm_cancel(self):
        partner = self.ok("res.partner", "create", [{"name": "Asha Rao"}])
        oid = self.order(partner)
        order = self.ok("sale.order", "read", [[oid]], {"fields": ["name", "state", "partner_id", "order_line",
                                                                    "amount_total"]})[0]
        self.assertEqual((order["name"], order["state"], order["partner_id"]), ("S00001", "draft", [partner, "Asha Rao"]))
        self.assertEqual((len(order["order_line"]), order["amount_total"]), (2, 1247.0))
        lines = self.ok("sale.order.line", "read", [order["order_line"]], {"fields": ["name", "price_unit"]})
        self.assertEqual(lines[1], {"id": lines[1]["id"], "name": "[MUG-CER-350] Ceramic mug 350 ml", "price_unit": 299.0})
        self.assertIs(self.ok("sale.order", "action_confirm", [[oid]]), True)
        data = self.error("sale.order", "action_confirm", [[oid]])
        self.assertEqual((data["name"], data["message"]),
                         ("odoo.exceptions.UserError", "Some orders are not in a state requiring confirmation."))
        # a partial cancel on a confirmed order: lower the quantity; removing a line is refused
        line_ids = order["order_line"]
        self.assertIs(self.ok("sale.order", "write", [[oid], {"order_line": [[1, line_ids[0], {"product_uom_qty": 1}]]}]), True)
        data = self.error("sale.order", "write", [[oid], {"order_line": [[2, line_ids[1], 0]]}])
        self.assertIn("Once a sales order is confirmed, you can't remove one of its lines", data["message"])
        self.assertEqual(self.ok("sale.order", "read", [[oid]], {"fields": ["amount_total"]})[0]["amount_total"], 773.0)
        self.assertIs(self.ok("sale.order", "action_cancel", [[oid]]), True)
        self.assertEqual(self.ok("sale.order", "search_read", [[["client_order_ref", "=", "ORD-5001"]]],
                                 {"fields": ["state"]}), [{"id": oid, "state": "cancel"}])

    def test_sale_order_refusals(self):
        data = self.error("sale.order", "create", [{"order_line": []}])
        self.assertEqual(data["name"], "odoo.exceptions.ValidationError")
        self.assertIn("- Create/update: a mandatory field is not set.", data["message"])
        self.assertIn("Model: Sales Order (sale.order)\nField: Customer (partner_id)", data["message"])
        data = self.error("sale.order", "create", [{"partner_id": 9999}])
        self.assertIn("Constraint: sale_order_partner_id_fkey", data["message"])
        partner = self.ok("res.partner", "create", [{"name": "Asha Rao"}])
        data = self.error("sale.order", "create", [{"partner_id": partner,
                                                    "order_line": [[0, 0, {"product_id": 9999, "product_uom_qty": 1}]]}])
        self.assertIn("Model: Sales Order Line (sale.order.line)", data["message"])
        self.assertEqual(self.ok("sale.order", "search", [[]]), [])  # nothing half-created
        oid = self.order(partner, lines=[[0, 0, {"name": "Free text line", "product_uom_qty": 1}]])
        data = self.error("sale.order", "action_confirm", [[oid]])
        self.assertEqual(data["message"], "A line on these orders missing a product, you cannot confirm it.")
        data = self.error("sale.order", "write", [[4242], {"note": "x"}])
        self.assertEqual((data["name"], data["message"]),
                         ("odoo.exceptions.MissingError",
                          "Record does not exist or has been deleted.\n(Record: sale.order(4242,), User: 2)"))

    # ---------------------------------------------------------------- JSON-2

    def test_json2_success_shapes(self):
        status, ids = self.json2("res.partner", "create", {"vals_list": [{"name": "Asha Rao", "ref": "cu_1001"}]})
        self.assertEqual(status, 200)
        self.assertEqual(len(ids), 1)
        status, rows = self.json2("res.partner", "search_read", {"domain": [["ref", "=", "cu_1001"]], "fields": ["name"]})
        self.assertEqual((status, rows), (200, [{"id": ids[0], "name": "Asha Rao"}]))
        status, oids = self.json2("sale.order", "create", {"vals_list": {"partner_id": ids[0], "order_line": [
            [0, 0, {"product_id": self.product_id("TSHIRT-BLU-M"), "product_uom_qty": 2}]]}})
        self.assertEqual(status, 200)
        self.assertEqual(self.json2("sale.order", "action_confirm", {"ids": oids}), (200, True))

    def test_json2_errors_use_http_statuses(self):
        status, body = self.json2("res.partner", "search", {"domain": []}, key="wrong")
        self.assertEqual((status, body["name"], body["message"], body["arguments"]),
                         (401, "werkzeug.exceptions.Unauthorized", "Invalid apikey", ["Invalid apikey", 401]))
        self.assertEqual(set(body), {"name", "message", "arguments", "context", "debug"})
        status, body = self.http("POST", "/json/2/res.partner/search", {"domain": []})
        self.assertEqual(status, 401)
        status, body = self.json2("res.partner", "search", {"domain": [], "badparameter": 1})
        self.assertEqual((status, body["name"]), (422, "werkzeug.exceptions.UnprocessableEntity"))
        self.assertEqual(body["message"], "got an unexpected keyword argument 'badparameter'")
        status, body = self.json2("res.partner", "create", {"ids": [1], "vals_list": [{"name": "x"}]})
        self.assertEqual((status, body["message"]), (422, "cannot call res.partner.create with ids"))
        status, body = self.json2("no.model", "search", {"domain": []})
        self.assertEqual((status, body["message"]), (404, "the model 'no.model' does not exist"))
        status, body = self.json2("res.partner", "_private", {})
        self.assertEqual((status, body["name"]), (403, "odoo.exceptions.AccessError"))
        status, body = self.json2("sale.order", "action_confirm", {"ids": [77]})
        self.assertEqual((status, body["name"]), (404, "odoo.exceptions.MissingError"))
        status, body = self.json2("sale.order", "create", {"vals_list": [{}]})
        self.assertEqual((status, body["name"]), (422, "odoo.exceptions.ValidationError"))
        status, body = self.http("GET", "/json/2/res.partner/search", headers={"Authorization": f"bearer {API_KEY}"})
        self.assertEqual(status, 405)
        status, _ = self.json2("res.partner", "search", {"domain": []}, key=PASSWORD)
        self.assertEqual(status, 401)  # JSON-2 takes API keys only

    # ---------------------------------------------------------------- control API

    def test_failure_plans_and_log(self):
        self.http("POST", "/_control/fail", {"path": "/jsonrpc", "body_contains": "sale.order", "mode": "auth"})
        partner = self.ok("res.partner", "create", [{"name": "Asha Rao"}])  # not matched
        body = self.kw("sale.order", "search", [[]])
        self.assertEqual(body["error"]["data"]["name"], "odoo.exceptions.AccessDenied")
        self.http("POST", "/_control/fail", {"status": 429, "retry_after": 3})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        conn.request("POST", "/jsonrpc", body="{}", headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        resp.read()
        conn.close()
        self.assertEqual((resp.status, resp.getheader("Retry-After")), (429, "3"))
        self.http("POST", "/_control/fail", {"mode": "drop_after_processing", "body_contains": "\"create\""})
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            self.order(partner)
        self.assertEqual(len(self.http("GET", "/_control/state")[1]["records"]["sale.order"]), 1)
        log = self.http("GET", "/_control/received")[1]["requests"]
        self.assertTrue(all(r["path"] == "/jsonrpc" for r in log))
        self.assertIsNone(log[-1]["replyStatus"])

    def test_in_flight_maximum(self):
        self.http("POST", "/_control/reset")
        self.http("POST", "/_control/fail", {"mode": "delay", "delay_ms": 800, "times": 2})
        threads = [threading.Thread(target=self.rpc, args=("common", "version", [])) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # A reply reaches the client just before the peer counts its request finished.
        deadline = time.monotonic() + 5
        while self.http("GET", "/_control/inflight")[1]["current"] != 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertEqual(self.http("GET", "/_control/inflight")[1], {"current": 0, "max": 2})


if __name__ == "__main__":
    unittest.main()
