"""Self-test for the Business One Service Layer peer: starts it as a subprocess on port 0.

Run: /usr/bin/python3 -m unittest discover -s tests/peers/b1sl -v
"""

import http.client
import json
import os
import subprocess
import sys
import threading
import time
import unittest
from urllib.parse import quote

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peerkit"))
from peerkit import PeerProcess  # noqa: E402  (shared peer start/stop)

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "b1sl_peer.py")
V2 = "/b1s/v2"
LOGIN = {"CompanyDB": "SBODEMOIN", "UserName": "manager", "Password": "pw-1234"}


class Peer(PeerProcess):
    def __init__(self, *args):
        super().__init__(SERVER, "--password", "pw-1234", *args)

    def raw(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
            h = {"Content-Type": "application/json"} if data is not None else {}
            h.update(headers or {})
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            text = r.read().decode()
            return (r.status, {k.lower(): v for k, v in r.getheaders()},
                    json.loads(text) if text else None, r.headers.get_all("Set-Cookie") or [])
        finally:
            conn.close()

    def control(self, method, path, body=None):
        return self.raw(method, "/_control/" + path, body)[2]


class Client:
    """A cookie jar that honours the cookies' paths, as an HTTP client must."""

    def __init__(self, peer):
        self.peer, self.jar = peer, {}

    def login(self, body=LOGIN, version="v2"):
        status, headers, payload, cookies = self.peer.raw("POST", f"/b1s/{version}/Login", body)
        for cookie in cookies:
            parts = [p.strip() for p in cookie.split(";")]
            name, _, value = parts[0].partition("=")
            path = next((p[5:] for p in parts[1:] if p.lower().startswith("path=")), "/")
            self.jar[name] = (value, path)
        return status, headers, payload, cookies

    def call(self, method, path, body=None, headers=None):
        cookie = "; ".join(f"{n}={v}" for n, (v, p) in self.jar.items() if path.startswith(p))
        h = {"Cookie": cookie} if cookie else {}
        h.update(headers or {})
        status, hdrs, payload, _ = self.peer.raw(method, path, body, h)
        return status, hdrs, payload


ORDER = {"CardCode": "C-cu_1001", "NumAtCard": "ORD-5001", "DocDueDate": "2026-11-27",
         "DocumentLines": [{"ItemCode": "TSHIRT-BLU-M", "Quantity": 2, "UnitPrice": 474.0},
                           {"ItemCode": "MUG-CER-350", "Quantity": 1, "UnitPrice": 299.0}]}
PARTNER = {"CardCode": "C-cu_1001", "CardName": "Asha Rao", "CardType": "cCustomer",
           "EmailAddress": "asha.rao@example.com"}


class B1ServiceLayerPeerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.peer = Peer()

    @classmethod
    def tearDownClass(cls):
        cls.peer.stop()

    def setUp(self):
        self.peer.control("POST", "reset")
        self.client = Client(self.peer)

    def assert_invalid_session(self, status, payload, version="v2"):
        self.assertEqual(status, 401)
        if version == "v2":
            self.assertEqual(payload, {"error": {"code": "301",
                                                 "message": "Invalid session or session already timeout."}})
        else:
            self.assertEqual(payload["error"]["code"], 301)
            self.assertEqual(payload["error"]["message"]["lang"], "en-us")

    def logged_in_with_partner(self):
        self.client.login()
        status, _, payload = self.client.call("POST", V2 + "/BusinessPartners", PARTNER)
        self.assertEqual(status, 201, payload)

    def test_login_reply_and_cookies(self):
        status, _, payload, cookies = self.client.login()
        self.assertEqual(status, 200)
        self.assertEqual(set(payload), {"@odata.context", "SessionId", "Version", "SessionTimeout"})
        self.assertEqual(payload["SessionTimeout"], 30)
        self.assertEqual(cookies[0], f"B1SESSION={payload['SessionId']}; path=/b1s/v2; HttpOnly")
        self.assertEqual(cookies[1], "ROUTEID=.node0; path=/b1s")

    def test_login_refused(self):
        for body in (dict(LOGIN, Password="wrong"), dict(LOGIN, CompanyDB="OTHER"), {"UserName": "manager"}):
            status, _, payload, cookies = self.client.login(body)
            self.assertEqual(status, 401)
            self.assertEqual(payload["error"]["message"], "Login failed")
            self.assertEqual(cookies, [])

    def test_every_call_needs_the_session(self):
        self.assert_invalid_session(*self.client.call("GET", V2 + "/Orders")[::2])
        self.client.login()
        self.assertEqual(self.client.call("GET", V2 + "/Orders")[0], 200)
        route = self.client.jar.pop("ROUTEID")
        self.assert_invalid_session(*self.client.call("GET", V2 + "/Orders")[::2])
        self.client.jar["ROUTEID"] = route
        self.client.jar["B1SESSION"] = ("00000000-0000-0000-0000-000000000000", "/b1s/v2")
        self.assert_invalid_session(*self.client.call("GET", V2 + "/Orders")[::2])

    def test_v1_error_shape(self):
        status, _, payload = self.client.call("GET", "/b1s/v1/Orders")
        self.assert_invalid_session(status, payload, "v1")
        status, _, payload, cookies = self.client.login(version="v1")
        self.assertIn("odata.metadata", payload)
        self.assertIn("path=/b1s/v1", cookies[0])

    def test_idle_session_expires(self):
        peer = Peer("--session-seconds", "1.5")
        try:
            client = Client(peer)
            client.login()
            time.sleep(0.9)
            self.assertEqual(client.call("GET", V2 + "/Orders")[0], 200)  # sliding
            time.sleep(0.9)
            self.assertEqual(client.call("GET", V2 + "/Orders")[0], 200)
            time.sleep(1.8)
            self.assert_invalid_session(*client.call("GET", V2 + "/Orders")[::2])
        finally:
            peer.stop()

    def test_expiry_on_demand_and_logout(self):
        self.client.login()
        self.peer.control("POST", "expire_sessions")
        self.assert_invalid_session(*self.client.call("GET", V2 + "/Orders")[::2])
        self.client.login()
        self.peer.control("POST", "fail", {"mode": "expire_session", "path": V2 + "/Orders"})
        self.assert_invalid_session(*self.client.call("GET", V2 + "/Orders")[::2])
        self.client.login()
        self.assertEqual(self.client.call("POST", V2 + "/Logout")[0], 204)
        self.assert_invalid_session(*self.client.call("GET", V2 + "/Orders")[::2])

    def test_order_lifecycle(self):
        self.logged_in_with_partner()
        status, headers, order = self.client.call("POST", V2 + "/Orders", ORDER)
        self.assertEqual(status, 201, order)
        self.assertEqual((order["DocEntry"], order["DocNum"]), (500, 1000))
        self.assertTrue(headers["location"].endswith("/b1s/v2/Orders(500)"))
        self.assertEqual([(l["LineNum"], l["ItemCode"], l["LineTotal"]) for l in order["DocumentLines"]],
                         [(0, "TSHIRT-BLU-M", 948), (1, "MUG-CER-350", 299)])
        self.assertEqual(order["DocTotal"], 1247)
        f = quote("NumAtCard eq 'ORD-5001'")
        status, _, found = self.client.call("GET", V2 + f"/Orders?$filter={f}&$select=DocEntry,DocNum")
        self.assertEqual(found["value"], [{"DocEntry": 500, "DocNum": 1000}])
        _, _, none = self.client.call("GET", V2 + "/Orders?$filter=" + quote("NumAtCard eq 'x'"))
        self.assertEqual(none["value"], [])
        status, _, body = self.client.call("PATCH", V2 + "/Orders(500)",
                                           {"Comments": "partial cancel",
                                            "DocumentLines": [{"LineNum": 0, "Quantity": 1}]})
        self.assertEqual((status, body), (204, None))
        _, _, order = self.client.call("GET", V2 + "/Orders(500)")
        self.assertEqual((order["DocumentLines"][0]["Quantity"], order["DocTotal"]), (1, 773))
        self.assertEqual(self.client.call("POST", V2 + "/Orders(500)/Cancel")[0], 204)
        _, _, order = self.client.call("GET", V2 + "/Orders(500)")
        self.assertEqual((order["Cancelled"], order["DocumentStatus"]), ("tYES", "bost_Close"))
        status, _, payload = self.client.call("POST", V2 + "/Orders(500)/Cancel")
        self.assertEqual(status, 400)
        status, _, payload = self.client.call("PATCH", V2 + "/Orders(500)", {"Comments": "x"})
        self.assertEqual(status, 400)

    def test_replace_collections_on_patch(self):
        self.logged_in_with_partner()
        self.client.call("POST", V2 + "/Orders", ORDER)
        self.client.call("PATCH", V2 + "/Orders(500)", {"DocumentLines": [{"ItemCode": "MUG-CER-350", "Quantity": 3}]},
                         {"B1S-ReplaceCollectionsOnPatch": "true"})
        _, _, order = self.client.call("GET", V2 + "/Orders(500)")
        self.assertEqual([(l["LineNum"], l["ItemCode"], l["Quantity"]) for l in order["DocumentLines"]],
                         [(0, "MUG-CER-350", 3)])

    def test_validation(self):
        self.logged_in_with_partner()
        status, _, payload = self.client.call("POST", V2 + "/BusinessPartners", PARTNER)
        self.assertEqual((status, payload["error"]["code"]), (400, "-2035"))
        for change, fragment in ((dict(ORDER, CardCode="NOPE"), "NOPE"),
                                 ({k: v for k, v in ORDER.items() if k != "CardCode"}, "CardCode"),
                                 ({k: v for k, v in ORDER.items() if k != "DocDueDate"}, "DocDueDate"),
                                 (dict(ORDER, DocumentLines=[]), "DocumentLines"),
                                 (dict(ORDER, DocumentLines=[{"ItemCode": "NOPE", "Quantity": 1}]), "NOPE"),
                                 (dict(ORDER, DocumentLines=[{"ItemCode": "MUG-CER-350", "Quantity": 0}]), "Quantity")):
            with self.subTest(fragment):
                status, _, payload = self.client.call("POST", V2 + "/Orders", change)
                self.assertEqual(status, 400)
                self.assertIn(fragment, payload["error"]["message"])
        self.assertEqual(self.peer.control("GET", "state")["Orders"], {})
        status, _, payload = self.client.call("GET", V2 + "/Orders(999)")
        self.assertEqual((status, payload["error"]["code"]), (404, "-2028"))

    def test_failures_concurrency_and_log(self):
        self.logged_in_with_partner()
        self.peer.control("POST", "fail", {"status": 503, "retry_after": 2, "path": V2 + "/Orders"})
        status, headers, _ = self.client.call("POST", V2 + "/Orders", ORDER)
        self.assertEqual((status, headers["retry-after"]), (503, "2"))
        self.peer.control("POST", "fail", {"mode": "drop_after_processing", "path": V2 + "/Orders"})
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            self.client.call("POST", V2 + "/Orders", ORDER)
        self.assertEqual(list(self.peer.control("GET", "state")["Orders"]), ["500"])
        self.peer.control("POST", "fail", {"mode": "delay", "delay_ms": 1200, "times": 3})
        threads = [threading.Thread(target=self.client.call, args=("GET", V2 + "/Orders")) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # A reply reaches the client just before the peer counts its request finished.
        deadline = time.monotonic() + 5
        while True:
            conc = self.peer.control("GET", "concurrency")
            if conc["inFlight"] == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        self.assertEqual((conc["maxInFlight"], conc["inFlight"]), (3, 0))
        log = self.peer.control("GET", "received")["requests"]
        self.assertEqual(log[0]["json"]["Password"], "***")
        self.assertNotIn("pw-1234", json.dumps(log))
        self.assertEqual(log[-1]["cookies"], ["B1SESSION", "ROUTEID"])


if __name__ == "__main__":
    unittest.main()
