"""Self-test for the Business Central peer: starts it as a subprocess on port 0.

Run: /usr/bin/python3 -m unittest discover -s tests/peers/business_central -v
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

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "business_central_peer.py")
TENANT = "5b7d3c7e-1f4a-4c1e-9a57-6d2b8f0c1a11"
COMPANY = "f3d1a4b2-6c5e-4f70-8a9b-0c1d2e3f4a5b"
CLIENT_ID, SECRET = "0b7e2a52-3c9d-4e8f-9a10-b2c3d4e5f607", "s3cret-value"
SCOPE = "https://api.businesscentral.dynamics.com/.default"
API = f"/v2.0/{TENANT}/Production/api/v2.0/companies({COMPANY})"


class Peer(PeerProcess):
    def __init__(self, *args):
        super().__init__(SERVER, "--client-secret", SECRET, *args)

    def raw(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            h = dict(headers or {})
            if isinstance(body, (dict, list)):
                body = json.dumps(body).encode()
                h.setdefault("Content-Type", "application/json")
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            text = r.read().decode()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, (json.loads(text) if text else None)
        finally:
            conn.close()

    def token(self, **over):
        form = {"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": SECRET,
                "scope": SCOPE}
        form.update(over)
        form = {k: v for k, v in form.items() if v is not None}
        return self.raw("POST", f"/{TENANT}/oauth2/v2.0/token", urlencode(form).encode(),
                        {"Content-Type": "application/x-www-form-urlencoded"})

    def control(self, method, path, body=None):
        return self.raw(method, "/_control/" + path, body)[2]


class Client:
    def __init__(self, peer):
        self.peer = peer
        status, _, reply = peer.token()
        assert status == 200, reply
        self.bearer = reply["access_token"]

    def call(self, method, path, body=None, headers=None):
        h = {"Authorization": f"Bearer {self.bearer}", "Accept": "application/json"}
        h.update(headers or {})
        return self.peer.raw(method, API + path, body, h)


def order(customer_number, external="ORD-5001"):
    return {"customerNumber": customer_number, "externalDocumentNumber": external, "orderDate": "2026-11-20",
            "salesOrderLines": [{"lineType": "Item", "lineObjectNumber": "TSHIRT-BLU-M", "quantity": 2,
                                 "unitPrice": 474},
                                {"lineType": "Item", "lineObjectNumber": "MUG-CER-350", "quantity": 1}]}


class BusinessCentralPeerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.peer = Peer("--rate-limit", "30", "--rate-window", "60")

    @classmethod
    def tearDownClass(cls):
        cls.peer.stop()

    def setUp(self):
        self.peer.control("POST", "reset")
        self.client = Client(self.peer)

    def customer(self):
        status, _, reply = self.client.call("POST", "/customers", {"displayName": "Asha Rao",
                                                                   "email": "asha.rao@example.com"})
        self.assertEqual(status, 201, reply)
        return reply

    def assert_bc_error(self, reply, status, code):
        self.assertEqual(reply[0], status, reply[2])
        self.assertEqual(reply[2]["error"]["code"], code)
        self.assertTrue(reply[2]["error"]["message"])

    # ---- Entra ID
    def test_token_reply(self):
        status, headers, reply = self.peer.token()
        self.assertEqual(status, 200)
        self.assertEqual(reply["token_type"], "Bearer")
        self.assertEqual(reply["expires_in"], 3599)
        header, payload, _ = reply["access_token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
        self.assertEqual((claims["aud"], claims["tid"], claims["appid"]),
                         ("https://api.businesscentral.dynamics.com", TENANT, CLIENT_ID))
        # client_secret_basic works too
        basic = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
        status, _, _ = self.peer.raw("POST", f"/{TENANT}/oauth2/v2.0/token",
                                     urlencode({"grant_type": "client_credentials", "scope": SCOPE}).encode(),
                                     {"Content-Type": "application/x-www-form-urlencoded",
                                      "Authorization": f"Basic {basic}"})
        self.assertEqual(status, 200)

    def test_token_refusals(self):
        cases = [({"client_secret": "wrong"}, 401, "invalid_client", 7000215),
                 ({"client_id": "11111111-2222-3333-4444-555555555555"}, 400, "unauthorized_client", 700016),
                 ({"scope": "https://graph.microsoft.com/.default"}, 400, "invalid_scope", 70011),
                 ({"grant_type": "password"}, 400, "unsupported_grant_type", 70003),
                 ({"grant_type": None}, 400, "invalid_request", 900144)]
        for over, status, error, code in cases:
            with self.subTest(error):
                got, _, reply = self.peer.token(**over)
                self.assertEqual((got, reply["error"], reply["error_codes"]), (status, error, [code]))
                self.assertTrue(reply["error_description"].startswith(f"AADSTS{code}:"))
                self.assertIn("trace_id", reply)
        self.assertNotIn(SECRET, json.dumps(self.peer.control("GET", "received")))

    def test_bad_expired_and_revoked_tokens(self):
        def refused(client):
            status, headers, reply = client.call("GET", "/customers")
            self.assertEqual(status, 401)
            self.assertTrue(headers["www-authenticate"].startswith("Bearer authorization_uri="))
            self.assertEqual(reply["error"]["code"], "Authentication_InvalidCredentials")
        self.assertEqual(self.client.call("GET", "/customers")[0], 200)
        forged = Client(self.peer)
        forged.bearer = forged.bearer[:-4] + "AAAA"
        refused(forged)
        self.peer.control("POST", "expire_tokens")
        refused(self.client)
        self.client = Client(self.peer)
        self.assertEqual(self.client.call("GET", "/customers")[0], 200)
        self.peer.control("POST", "revoke_tokens")
        refused(self.client)
        self.client = Client(self.peer)
        self.peer.control("POST", "fail", {"mode": "invalid_token"})
        refused(self.client)
        self.assertEqual(self.client.call("GET", "/customers")[0], 200)
        status, _, _ = self.peer.raw("GET", API + "/customers")
        self.assertEqual(status, 401)
        other_tenant = self.peer.raw("GET", API.replace(TENANT, "contoso.onmicrosoft.com") + "/customers",
                                     headers={"Authorization": f"Bearer {self.client.bearer}"})
        self.assertEqual(other_tenant[0], 401)

    def test_short_token_lifetime(self):
        peer = Peer("--token-lifetime", "2")
        try:
            client = Client(peer)
            self.assertEqual(client.call("GET", "/customers")[0], 200)
            time.sleep(2.5)
            self.assertEqual(client.call("GET", "/customers")[0], 401)
        finally:
            peer.stop()

    # ---- API shapes
    def test_customer_and_order_with_lines(self):
        customer = self.customer()
        self.assertRegex(customer["id"], r"^[0-9a-f-]{36}$")
        self.assertEqual(customer["number"], "C00010")
        self.assertTrue(customer["@odata.etag"].startswith('W/"'))
        status, headers, so = self.client.call("POST", "/salesOrders", order("C00010"))
        self.assertEqual(status, 201, so)
        self.assertEqual((so["number"], so["customerId"], so["status"]), ("101001", customer["id"], "Draft"))
        self.assertEqual(headers["etag"], so["@odata.etag"])
        self.assertTrue(headers["location"].endswith(f"/salesOrders({so['id']})"))
        self.assertEqual([(l["sequence"], l["lineObjectNumber"], l["amountExcludingTax"])
                          for l in so["salesOrderLines"]], [(10000, "TSHIRT-BLU-M", 948.0), (20000, "MUG-CER-350", 299.0)])
        self.assertEqual(so["totalAmountExcludingTax"], 1247.0)
        f = quote("externalDocumentNumber eq 'ORD-5001'")
        status, _, found = self.client.call("GET", f"/salesOrders?$filter={f}")
        self.assertEqual([o["id"] for o in found["value"]], [so["id"]])
        self.assertNotIn("salesOrderLines", found["value"][0])
        _, _, none = self.client.call("GET", "/salesOrders?$filter=" + quote("externalDocumentNumber eq 'x'"))
        self.assertEqual(none["value"], [])
        _, _, one = self.client.call("GET", f"/salesOrders({so['id']})?$expand=salesOrderLines")
        self.assertEqual(len(one["salesOrderLines"]), 2)
        # by customerId, lines added afterwards
        status, _, so2 = self.client.call("POST", "/salesOrders", {"customerId": customer["id"]})
        self.assertEqual(status, 201)
        status, _, line = self.client.call("POST", f"/salesOrders({so2['id']})/salesOrderLines",
                                           {"lineObjectNumber": "MUG-CER-350", "quantity": 3})
        self.assertEqual((status, line["documentId"], line["amountExcludingTax"]), (201, so2["id"], 897.0))

    def test_links_and_lengths_are_checked(self):
        self.assert_bc_error(self.client.call("POST", "/salesOrders", order("NOPE")), 400, "Internal_RecordNotFound")
        self.customer()
        bad = order("C00010")
        bad["salesOrderLines"][1]["lineObjectNumber"] = "NOPE"
        reply = self.client.call("POST", "/salesOrders", bad)
        self.assert_bc_error(reply, 400, "Internal_RecordNotFound")
        self.assertIn("No.='NOPE'", reply[2]["error"]["message"])
        self.assert_bc_error(self.client.call("POST", "/salesOrders", order("C00010", "X" * 36)), 400,
                             "Application_StringExceededLength")
        self.assert_bc_error(self.client.call("POST", "/salesOrders", {"externalDocumentNumber": "A"}), 400,
                             "Application_DialogException")
        self.assertEqual(self.peer.control("GET", "state")["salesOrders"], {})
        self.assert_bc_error(self.client.call("POST", "/customers", {"number": "C00010"}), 400,
                             "Internal_EntityWithSameKeyExists")

    def test_if_match_on_patch_and_delete(self):
        customer = self.customer()
        _, _, so = self.client.call("POST", "/salesOrders", order(customer["number"]))
        path = f"/salesOrders({so['id']})"
        self.assert_bc_error(self.client.call("PATCH", path, {"externalDocumentNumber": "B"}), 400,
                             "BadRequest_InvalidToken")
        status, headers, changed = self.client.call("PATCH", path, {"externalDocumentNumber": "ORD-5001-B"},
                                                    {"If-Match": so["@odata.etag"]})
        self.assertEqual((status, changed["externalDocumentNumber"]), (200, "ORD-5001-B"))
        self.assertNotEqual(changed["@odata.etag"], so["@odata.etag"])
        self.assert_bc_error(self.client.call("PATCH", path, {"externalDocumentNumber": "C"},
                                              {"If-Match": so["@odata.etag"]}), 409, "Request_EntityChanged")
        # partial cancel: reduce a line, then cancel the rest by deleting the order
        line = so["salesOrderLines"][0]
        line_path = f"{path}/salesOrderLines({line['id']})"
        self.assert_bc_error(self.client.call("PATCH", line_path, {"quantity": 1}), 400, "BadRequest_InvalidToken")
        status, _, new_line = self.client.call("PATCH", line_path, {"quantity": 1}, {"If-Match": line["@odata.etag"]})
        self.assertEqual((status, new_line["quantity"], new_line["amountExcludingTax"]), (200, 1.0, 474.0))
        _, _, current = self.client.call("GET", path)
        self.assertEqual(current["totalAmountExcludingTax"], 773.0)
        self.assert_bc_error(self.client.call("DELETE", path), 400, "BadRequest_InvalidToken")
        self.assertEqual(self.client.call("DELETE", path, headers={"If-Match": current["@odata.etag"]})[0], 204)
        self.assert_bc_error(self.client.call("GET", path), 404, "BadRequest_NotFound")

    # ---- limits and failures
    def test_rate_limit_429_with_retry_after(self):
        for _ in range(30):  # 30 per 60 s window; the token request is not counted
            self.assertEqual(self.client.call("GET", "/items")[0], 200)
        reply = self.client.call("GET", "/items")
        self.assert_bc_error(reply, 429, "Application_TooManyRequests")
        self.assertIn("Maximum (30)", reply[2]["error"]["message"])
        self.assertTrue(1 <= int(reply[1]["retry-after"]) <= 60)
        self.peer.control("POST", "reset")
        self.client = Client(self.peer)
        self.peer.control("POST", "fail", {"mode": "throttle", "retry_after": 7})
        reply = self.client.call("GET", "/items")
        self.assertEqual((reply[0], reply[1]["retry-after"]), (429, "7"))

    def test_window_slides(self):
        peer = Peer("--rate-limit", "3", "--rate-window", "2")
        try:
            client = Client(peer)
            for _ in range(3):
                self.assertEqual(client.call("GET", "/items")[0], 200)
            self.assertEqual(client.call("GET", "/items")[0], 429)
            time.sleep(2.1)
            self.assertEqual(client.call("GET", "/items")[0], 200)
        finally:
            peer.stop()

    def test_concurrent_requests_queue_behind_five(self):
        peer = Peer("--max-concurrent", "2", "--max-queue", "1")
        try:
            client = Client(peer)
            peer.control("POST", "fail", {"mode": "delay", "delay_ms": 1500, "times": 4})
            results = []
            threads = [threading.Thread(target=lambda: results.append(client.call("GET", "/items")[0]))
                       for _ in range(4)]
            for t in threads:
                t.start()
                time.sleep(0.1)
            for t in threads:
                t.join()
            self.assertEqual(sorted(results), [200, 200, 200, 429])
            # A reply reaches the client just before the peer counts its request finished.
            deadline = time.monotonic() + 5
            while True:
                conc = peer.control("GET", "concurrency")
                if conc["inFlight"] == 0 or time.monotonic() > deadline:
                    break
                time.sleep(0.02)
            self.assertEqual((conc["maxInFlight"], conc["maxExecuting"], conc["inFlight"]), (4, 2, 0))
        finally:
            peer.stop()

    def test_injected_failures_and_log(self):
        self.customer()
        self.peer.control("POST", "fail", {"status": 503, "retry_after": 2, "path": API + "/salesOrders"})
        status, headers, _ = self.client.call("POST", "/salesOrders", order("C00010"))
        self.assertEqual((status, headers["retry-after"]), (503, "2"))
        self.peer.control("POST", "fail", {"mode": "drop_after_processing", "path": API + "/salesOrders"})
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            self.client.call("POST", "/salesOrders", order("C00010"))
        self.assertEqual(len(self.peer.control("GET", "state")["salesOrders"]), 1)
        log = self.peer.control("GET", "received")["requests"]
        self.assertEqual(log[0]["json"]["client_secret"], "***")
        self.assertEqual(log[-1]["headers"]["authorization"], "***")
        self.assertNotIn(SECRET, json.dumps(log))
        self.assertNotIn(self.client.bearer, json.dumps(log))


if __name__ == "__main__":
    unittest.main()
