"""Self-test for the Zoho Inventory peer: starts the real server as a subprocess on port 0.

Run: /usr/bin/python3 -m unittest discover -s tests/peers/zoho -v
"""

import http.client
import json
import os
import subprocess
import sys
import threading
import time
import unittest
from urllib.parse import urlencode

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peerkit"))
from peerkit import PeerProcess  # noqa: E402  (shared peer start/stop)

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zoho_peer.py")
CLIENT_ID, CLIENT_SECRET, REFRESH, ORG = "1000.ERPBCLIENTID", "erpb-client-secret", "1000.erpbrefresh.token", "10234695"


class Peer(PeerProcess):
    def __init__(self, *args):
        super().__init__(SERVER, "--port", "0", *args)

    def http(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        hdrs = dict(headers or {})
        if body is not None and not isinstance(body, (str, bytes)):
            body = json.dumps(body)
            hdrs.setdefault("Content-Type", "application/json")
        try:
            conn.request(method, path, body=body, headers=hdrs)
            resp = conn.getresponse()
            raw = resp.read()
            return resp.status, dict(resp.getheaders()), json.loads(raw) if raw else None
        finally:
            conn.close()

    def token(self, refresh=REFRESH, secret=CLIENT_SECRET):
        query = urlencode({"refresh_token": refresh, "client_id": CLIENT_ID, "client_secret": secret,
                           "grant_type": "refresh_token"})
        return self.http("POST", f"/oauth/v2/token?{query}")

    def api(self, method, path, token, body=None, org=ORG, query=None):
        params = dict(query or {})
        if org is not None:
            params["organization_id"] = org
        sep = "&" if "?" in path else "?"
        full = f"/inventory/v1{path}" + (f"{sep}{urlencode(params)}" if params else "")
        headers = {"Authorization": f"Zoho-oauthtoken {token}"} if token else {}
        return self.http(method, full, body, headers)


class ZohoPeerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.peer = Peer()

    @classmethod
    def tearDownClass(cls):
        assert cls.peer.stop() == 0

    def setUp(self):
        self.peer.http("POST", "/_control/reset")
        status, _, body = self.peer.token()
        self.assertEqual(status, 200)
        self.tok = body["access_token"]

    def api(self, *args, **kwargs):
        return self.peer.api(*args, **kwargs)

    def contact(self, name="Asha Rao"):
        status, _, body = self.api("POST", "/contacts", self.tok, {"contact_name": name, "contact_type": "customer",
                                                                   "email": "asha.rao@example.com"})
        self.assertEqual((status, body["code"], body["message"]), (201, 0, "The contact has been added."))
        return body["contact"]["contact_id"]

    def item_id(self, sku):
        status, _, body = self.api("GET", "/items", self.tok, query={"sku": sku})
        self.assertEqual((status, body["code"]), (200, 0))
        return body["items"][0]["item_id"]

    # ---------------------------------------------------------------- OAuth

    def test_refresh_token_flow(self):
        status, _, body = self.peer.token()
        self.assertEqual(status, 200)
        self.assertEqual(set(body), {"access_token", "expires_in", "api_domain", "token_type"})
        self.assertEqual((body["expires_in"], body["token_type"]), (3600, "Bearer"))
        self.assertTrue(body["access_token"].startswith("1000."))
        self.assertEqual(self.peer.token(refresh="1000.wrong")[::2], (200, {"error": "invalid_code"}))
        self.assertEqual(self.peer.token(secret="nope")[2], {"error": "invalid_client_secret"})
        form = urlencode({"refresh_token": REFRESH, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                          "grant_type": "refresh_token"})
        status, _, body = self.peer.http("POST", "/oauth/v2/token", form,
                                         {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertIn("access_token", body)
        log = json.dumps(self.peer.http("GET", "/_control/received")[2])
        for secret in (REFRESH, CLIENT_SECRET, body["access_token"], self.tok):
            self.assertNotIn(secret, log)

    def test_token_limit_per_refresh_token(self):
        for _ in range(8):  # with setUp's, 9 tokens in the window: the 10th is the last allowed
            self.peer.token()
        self.assertEqual(self.peer.token()[0], 200)
        status, _, body = self.peer.token()
        self.assertEqual((status, body["error"], body["status"]), (400, "Access Denied", "failure"))

    def test_expired_and_missing_tokens(self):
        self.peer.http("POST", "/_control/expire_tokens")
        status, _, body = self.api("GET", "/items", self.tok)
        self.assertEqual((status, body), (401, {"code": 57, "message": "You are not authorized to perform this operation"}))
        status, _, body = self.api("GET", "/items", None)
        self.assertEqual((status, body["code"]), (401, 14))
        status, _, body = self.peer.http("GET", f"/inventory/v1/items?organization_id={ORG}",
                                         headers={"Authorization": f"Bearer {self.tok}"})
        self.assertEqual((status, body["code"]), (401, 14))
        fresh = self.peer.token()[2]["access_token"]
        self.assertEqual(self.api("GET", "/items", fresh)[0], 200)

    def test_short_lived_tokens_expire(self):
        peer = Peer("--expires-in", "2")
        try:
            token = peer.token()[2]["access_token"]
            self.assertEqual(peer.api("GET", "/items", token)[0], 200)
            time.sleep(2.3)
            status, _, body = peer.api("GET", "/items", token)
            self.assertEqual((status, body["code"]), (401, 57))
        finally:
            self.assertEqual(peer.stop(), 0)

    def test_organization_id_required(self):
        status, _, body = self.api("GET", "/items", self.tok, org=None)
        self.assertEqual((status, body), (400, {"code": 2, "message": "Invalid value passed for organization_id"}))
        status, _, body = self.api("GET", "/items", self.tok, org="999")
        self.assertEqual((status, body["code"]), (401, 6041))
        self.assertIn("CompanyID/CompanyName:999", body["message"])

    # ---------------------------------------------------------------- documents

    def test_contacts_items_and_sales_order_flow(self):
        cid = self.contact()
        status, _, body = self.api("GET", "/contacts", self.tok, query={"email": "asha.rao@example.com"})
        self.assertEqual([c["contact_id"] for c in body["contacts"]], [cid])
        status, _, body = self.api("GET", "/contacts", self.tok, query={"email": "nobody@example.com"})
        self.assertEqual((status, body["code"], body["contacts"]), (200, 0, []))
        self.assertEqual(self.api("GET", "/items", self.tok, query={"sku": "NOPE"})[2]["items"], [])
        lines = [{"item_id": self.item_id("TSHIRT-BLU-M"), "quantity": 2, "rate": 474},
                 {"item_id": self.item_id("MUG-CER-350"), "quantity": 1}]
        status, _, body = self.api("POST", "/salesorders", self.tok, {"customer_id": cid, "reference_number": "ORD-5001",
                                                                      "line_items": lines})
        self.assertEqual((status, body["code"], body["message"]), (201, 0, "Sales Order has been created."))
        so = body["salesorder"]
        self.assertEqual((so["salesorder_number"], so["status"], so["total"]), ("SO-00001", "draft", 1247.0))
        status, _, body = self.api("GET", "/salesorders", self.tok, query={"reference_number": "ORD-5001"})
        self.assertEqual([s["salesorder_id"] for s in body["salesorders"]], [so["salesorder_id"]])
        status, _, body = self.api("POST", f"/salesorders/{so['salesorder_id']}/status/confirmed", self.tok)
        self.assertEqual((status, body["code"]), (200, 0))
        keep = so["line_items"][0]
        status, _, body = self.api("PUT", f"/salesorders/{so['salesorder_id']}", self.tok,
                                   {"line_items": [{"line_item_id": keep["line_item_id"], "quantity": 1}]})
        self.assertEqual((status, body["salesorder"]["total"]), (200, 474.0))
        status, _, body = self.api("POST", f"/salesorders/{so['salesorder_id']}/status/void", self.tok)
        self.assertEqual((status, body["code"]), (200, 0))
        self.assertEqual(self.api("GET", f"/salesorders/{so['salesorder_id']}", self.tok)[2]["salesorder"]["status"], "void")
        status, _, body = self.api("POST", "/creditnotes", self.tok, {"customer_id": cid, "reference_number": "RT-1",
                                                                      "salesorder_id": so["salesorder_id"],
                                                                      "line_items": [{"item_id": keep["item_id"], "quantity": 1, "rate": 474}]})
        self.assertEqual((status, body["code"], body["creditnote"]["creditnote_number"]), (201, 0, "CN-00001"))

    def test_document_refusals(self):
        status, _, body = self.api("POST", "/contacts", self.tok, {"email": "x@example.com"})
        self.assertEqual((status, body), (400, {"code": 2, "message": "Invalid value passed for contact_name"}))
        status, _, body = self.api("POST", "/salesorders", self.tok, {"customer_id": "4815000000099999",
                                                                      "line_items": [{"item_id": "1", "quantity": 1}]})
        self.assertEqual((status, body), (400, {"code": 1002, "message": "Customer does not exist."}))
        cid = self.contact()
        status, _, body = self.api("POST", "/salesorders", self.tok, {"customer_id": cid,
                                                                      "line_items": [{"item_id": "123", "quantity": 1}]})
        self.assertEqual((status, body["code"], body["message"]), (400, 1002, "Item does not exist."))
        status, _, body = self.api("POST", "/salesorders", self.tok, {"customer_id": cid, "line_items": []})
        self.assertEqual(body, {"code": 2, "message": "Invalid value passed for line_items"})
        status, _, body = self.api("POST", "/salesorders", self.tok, {"customer_id": cid, "line_items": [
            {"item_id": self.item_id("MUG-CER-350"), "quantity": 1}]}, query={"ignore_auto_number_generation": "true"})
        self.assertEqual(body, {"code": 2, "message": "Invalid value passed for salesorder_number"})
        status, _, body = self.api("GET", "/salesorders/4815000000099999", self.tok)
        self.assertEqual((status, body), (404, {"code": 1002, "message": "Sales Order does not exist."}))
        self.assertEqual(self.peer.http("GET", "/_control/state")[2]["salesorders"], {})

    # ---------------------------------------------------------------- limits

    def test_per_minute_limit_with_retry_after(self):
        peer = Peer("--per-minute", "3")
        try:
            token = peer.token()[2]["access_token"]
            for _ in range(3):
                self.assertEqual(peer.api("GET", "/items", token)[0], 200)
            status, headers, body = peer.api("GET", "/items", token)
            self.assertEqual((status, body["code"]), (429, 44))
            self.assertTrue(1 <= int(headers["Retry-After"]) <= 60)
            self.assertEqual(peer.http("GET", "/_control/usage")[2]["last_minute"], 3)
        finally:
            self.assertEqual(peer.stop(), 0)

    def test_daily_quota(self):
        self.peer.http("POST", "/_control/usage", {"daily_used": 2500})
        status, headers, body = self.api("GET", "/items", self.tok)
        self.assertEqual((status, body["code"]), (429, 44))
        self.assertIn("per day", body["message"])
        self.assertIn("Retry-After", headers)

    # ---------------------------------------------------------------- control API

    def test_failure_plans_and_in_flight(self):
        self.peer.http("POST", "/_control/fail", {"path": "/inventory/v1/salesorders", "status": 200,
                                                  "body": "{\"code\": 1000, \"message\": \"Internal error\"}"})
        cid = self.contact()
        status, _, body = self.api("POST", "/salesorders", self.tok, {"customer_id": cid, "line_items": [
            {"item_id": self.item_id("MUG-CER-350"), "quantity": 1}]})
        self.assertEqual((status, body["code"]), (200, 1000))  # a failure under HTTP 200
        self.peer.http("POST", "/_control/fail", {"mode": "auth", "path": "/inventory/v1/items"})
        self.assertEqual(self.api("GET", "/items", self.tok)[2]["code"], 57)
        self.peer.http("POST", "/_control/fail", {"mode": "drop_after_processing", "method": "POST",
                                                  "path": "/inventory/v1/salesorders"})
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            self.api("POST", "/salesorders", self.tok, {"customer_id": cid, "line_items": [
                {"item_id": self.item_id("MUG-CER-350"), "quantity": 1}]})
        self.assertEqual(len(self.peer.http("GET", "/_control/state")[2]["salesorders"]), 1)
        self.peer.http("POST", "/_control/reset")
        token = self.peer.token()[2]["access_token"]
        self.peer.http("POST", "/_control/fail", {"mode": "delay", "delay_ms": 800, "times": 3})
        threads = [threading.Thread(target=self.api, args=("GET", "/items", token)) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # A reply reaches the client just before the peer counts its request finished.
        deadline = time.monotonic() + 5
        while self.peer.http("GET", "/_control/inflight")[2]["current"] != 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertEqual(self.peer.http("GET", "/_control/inflight")[2], {"current": 0, "max": 3})


if __name__ == "__main__":
    unittest.main()
