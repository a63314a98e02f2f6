"""Self-test for the S/4HANA OData v2 peer: starts it as a subprocess on port 0.

Run: /usr/bin/python3 -m unittest discover -s tests/peers/s4hana -v
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
from urllib.parse import quote

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peerkit"))
from peerkit import PeerProcess  # noqa: E402  (shared peer start/stop)

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "s4hana_peer.py")
SO = "/sap/opu/odata/sap/API_SALES_ORDER_SRV"
BP = "/sap/opu/odata/sap/API_BUSINESS_PARTNER"
USER, PASSWORD = "COMM_USER", "secret-pw"
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
COOKIE = "SAP_SESSIONID_S4H_100"


class Peer(PeerProcess):
    def __init__(self, *args):
        super().__init__(SERVER, "--user", USER, "--password", PASSWORD, *args)

    def raw(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
            conn.request(method, path, body=data, headers=headers or {})
            r = conn.getresponse()
            text = r.read().decode()
            cookies = r.headers.get_all("Set-Cookie") or []
            return r.status, {k.lower(): v for k, v in r.getheaders()}, text, cookies
        finally:
            conn.close()

    def control(self, method, path, body=None):
        status, _, text, _ = self.raw(method, "/_control/" + path, body)
        return status, json.loads(text)


class Client:
    """What an OData client does: Basic auth, a cookie jar, a CSRF token."""

    def __init__(self, peer, auth=BASIC):
        self.peer, self.auth, self.jar, self.token = peer, auth, {}, None

    def headers(self, extra=None, json_body=False):
        h = {"Accept": "application/json"}
        if self.auth:
            h["Authorization"] = self.auth
        if self.jar:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        if json_body:
            h["Content-Type"] = "application/json"
        h.update(extra or {})
        return h

    def fetch_token(self, method="GET", path=SO + "/"):
        status, headers, _, cookies = self.peer.raw(method, path,
                                                    headers=self.headers({"X-CSRF-Token": "Fetch"}))
        for cookie in cookies:
            name, _, value = cookie.split(";")[0].partition("=")
            self.jar[name] = value
        self.token = headers.get("x-csrf-token")
        return status, headers, cookies

    def call(self, method, path, body=None, extra=None):
        h = self.headers(extra, json_body=body is not None)
        if method != "GET" and self.token and "X-CSRF-Token" not in (extra or {}):
            h["X-CSRF-Token"] = self.token
        status, headers, text, _ = self.peer.raw(method, path, body, h)
        try:
            payload = json.loads(text) if text else None
        except ValueError:
            payload = text
        return status, headers, payload


def order_body(sold_to="17100001", po="ORD-5001"):
    return {"SalesOrderType": "OR", "SalesOrganization": "1710", "DistributionChannel": "10",
            "OrganizationDivision": "00", "SoldToParty": sold_to, "PurchaseOrderByCustomer": po,
            "TransactionCurrency": "INR",
            "to_Item": {"results": [
                {"Material": "TSHIRT-BLU-M", "RequestedQuantity": "2", "RequestedQuantityUnit": "EA",
                 "to_PricingElement": {"results": [{"ConditionType": "PPR0", "ConditionRateValue": "474.00"}]}},
                {"Material": "MUG-CER-350", "RequestedQuantity": "1"}]}}


class S4HanaPeerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.peer = Peer()

    @classmethod
    def tearDownClass(cls):
        cls.peer.stop()

    def setUp(self):
        self.peer.control("POST", "reset")
        self.client = Client(self.peer)

    def assert_odata_error(self, status, payload, expected_status, target=None):
        self.assertEqual(status, expected_status, payload)
        err = payload["error"]
        self.assertTrue(err["code"])
        self.assertEqual(err["message"]["lang"], "en")
        self.assertTrue(err["message"]["value"])
        details = err["innererror"]["errordetails"]
        self.assertTrue(details and {"code", "message", "severity", "target"} <= set(details[0]))
        if target:
            self.assertIn(target, [d["target"] for d in details])
        return err

    def create_order(self, body=None):
        self.client.fetch_token()
        status, headers, payload = self.client.call("POST", SO + "/A_SalesOrder", body or order_body())
        self.assertEqual(status, 201, payload)
        return headers, payload["d"]

    # ---- CSRF and sessions
    def test_fetch_returns_token_and_session_cookies(self):
        status, headers, cookies = self.client.fetch_token()
        self.assertEqual(status, 200)
        self.assertTrue(self.client.token and self.client.token.lower() != "fetch")
        names = [c.split("=")[0] for c in cookies]
        self.assertEqual(names, [COOKIE, "sap-usercontext"])
        self.assertIn("HttpOnly", cookies[0])
        self.assertIn("sap-client=100", cookies[1])
        token = self.client.token
        self.client.fetch_token()  # same session: same token
        self.assertEqual(self.client.token, token)

    def test_head_fetch_as_the_sap_cloud_sdk_does(self):
        status, headers, cookies = self.client.fetch_token("HEAD")
        self.assertEqual(status, 200)
        self.assertTrue(headers["x-csrf-token"])
        status, _, payload = self.client.call("POST", SO + "/A_SalesOrder", order_body())
        self.assertEqual(status, 201, payload)

    def assert_csrf_refused(self, status, headers, payload):
        self.assertEqual(status, 403)
        self.assertEqual(headers["x-csrf-token"], "Required")
        self.assertEqual(payload, "CSRF token validation failed")

    def test_post_without_token_is_403_required(self):
        self.assert_csrf_refused(*self.client.call("POST", SO + "/A_SalesOrder", order_body()))

    def test_post_with_wrong_token_is_403(self):
        self.client.fetch_token()
        self.assert_csrf_refused(*self.client.call("POST", SO + "/A_SalesOrder", order_body(),
                                                   {"X-CSRF-Token": "bm90LXRoZS10b2tlbg=="}))

    def test_token_without_its_session_cookies_is_403(self):
        self.client.fetch_token()
        token = self.client.token
        self.client.jar = {}
        self.assert_csrf_refused(*self.client.call("POST", SO + "/A_SalesOrder", order_body(),
                                                   {"X-CSRF-Token": token}))

    def test_token_with_another_sessions_cookies_is_403(self):
        other = Client(self.peer)
        other.fetch_token()
        self.client.fetch_token()
        self.client.jar = dict(other.jar)  # cookies of session B, token of session A
        self.assert_csrf_refused(*self.client.call("POST", SO + "/A_SalesOrder", order_body()))
        _, state = self.peer.control("GET", "state")
        self.assertEqual(state["salesOrders"], {})

    def test_expired_session_needs_a_new_token(self):
        self.client.fetch_token()
        self.peer.control("POST", "expire_sessions")
        self.assert_csrf_refused(*self.client.call("POST", SO + "/A_SalesOrder", order_body()))
        self.client.jar = {}
        self.client.fetch_token()
        self.assertEqual(self.client.call("POST", SO + "/A_SalesOrder", order_body())[0], 201)

    def test_session_timeout(self):
        peer = Peer("--session-timeout", "0.5")
        try:
            client = Client(peer)
            client.fetch_token()
            time.sleep(0.8)
            self.assert_csrf_refused(*client.call("POST", SO + "/A_SalesOrder", order_body()))
        finally:
            peer.stop()

    def test_injected_session_expiry(self):
        self.client.fetch_token()
        self.peer.control("POST", "fail", {"mode": "expire_session", "path": SO + "/A_SalesOrder"})
        self.assert_csrf_refused(*self.client.call("POST", SO + "/A_SalesOrder", order_body()))

    def test_basic_auth_refused(self):
        client = Client(self.peer, "Basic " + base64.b64encode(b"COMM_USER:wrong").decode())
        status, headers, _ = client.call("GET", SO + "/A_SalesOrder")
        self.assertEqual(status, 401)
        self.assertIn('Basic realm="SAP NetWeaver Application Server [S4H/100]"', headers["www-authenticate"])
        status, _, _ = Client(self.peer, None).call("GET", SO + "/A_SalesOrder")
        self.assertEqual(status, 401)
        # the session cookie alone authenticates
        self.client.fetch_token()
        cookie_only = Client(self.peer, None)
        cookie_only.jar, cookie_only.token = dict(self.client.jar), self.client.token
        self.assertEqual(cookie_only.call("POST", SO + "/A_SalesOrder", order_body())[0], 201)

    # ---- sales orders
    def test_deep_insert_reply_shape(self):
        headers, d = self.create_order()
        self.assertEqual(d["SalesOrder"], "1")
        self.assertEqual(headers["etag"], d["__metadata"]["etag"])
        self.assertRegex(headers["etag"], r"^W/\"datetimeoffset'\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\d\.\d{7}Z'\"$")
        self.assertTrue(headers["location"].endswith(SO + "/A_SalesOrder('1')"))
        items = d["to_Item"]["results"]
        self.assertEqual([(i["SalesOrderItem"], i["Material"], i["RequestedQuantity"], i["NetAmount"])
                          for i in items],
                         [("10", "TSHIRT-BLU-M", "2.000", "948.00"), ("20", "MUG-CER-350", "1.000", "299.00")])
        self.assertEqual(d["TotalNetAmount"], "1247.00")
        status, headers2, payload = self.client.call("GET", SO + "/A_SalesOrder('1')")
        self.assertEqual(status, 200)
        self.assertIn("__deferred", payload["d"]["to_Item"])
        self.assertEqual(headers2["etag"], headers["etag"])

    def test_lookup_by_purchase_order(self):
        self.create_order()
        f = quote("PurchaseOrderByCustomer eq 'ORD-5001'")
        status, _, payload = self.client.call("GET", SO + f"/A_SalesOrder?$filter={f}")
        self.assertEqual(status, 200)
        self.assertEqual([o["SalesOrder"] for o in payload["d"]["results"]], ["1"])
        f = quote("PurchaseOrderByCustomer eq 'nope'")
        self.assertEqual(self.client.call("GET", SO + f"/A_SalesOrder?$filter={f}")[2], {"d": {"results": []}})
        status, _, payload = self.client.call("GET", SO + "/A_SalesOrder?$filter=" + quote("foo gt 1"))
        self.assert_odata_error(status, payload, 400)

    def test_required_fields(self):
        self.client.fetch_token()
        body = order_body()
        del body["SalesOrganization"], body["SoldToParty"]
        status, _, payload = self.client.call("POST", SO + "/A_SalesOrder", body)
        self.assert_odata_error(status, payload, 400, "SalesOrganization")
        self.assertIn("SoldToParty", [d["target"] for d in payload["error"]["innererror"]["errordetails"]])

    def test_unknown_sold_to_party_and_material(self):
        self.client.fetch_token()
        status, _, payload = self.client.call("POST", SO + "/A_SalesOrder", order_body("99999999"))
        err = self.assert_odata_error(status, payload, 400, "SoldToParty")
        self.assertIn("99999999", err["message"]["value"])
        body = order_body()
        body["to_Item"]["results"][1]["Material"] = "NOPE"
        status, _, payload = self.client.call("POST", SO + "/A_SalesOrder", body)
        self.assert_odata_error(status, payload, 400, "to_Item[1]/Material")
        body = order_body()
        body["to_Item"] = {"results": []}
        self.assert_odata_error(*self.client.call("POST", SO + "/A_SalesOrder", body)[::2], 400)
        _, state = self.peer.control("GET", "state")
        self.assertEqual(state["salesOrders"], {})

    def test_change_needs_current_etag(self):
        headers, _ = self.create_order()
        etag = headers["etag"]
        path = SO + "/A_SalesOrder('1')"
        status, _, payload = self.client.call("PATCH", path, {"PurchaseOrderByCustomer": "X"})
        self.assert_odata_error(status, payload, 428)
        status, h2, payload = self.client.call("PATCH", path, {"PurchaseOrderByCustomer": "ORD-5001-B"},
                                               {"If-Match": etag})
        self.assertEqual((status, payload), (204, None))
        self.assertNotEqual(h2["etag"], etag)
        status, _, payload = self.client.call("MERGE", path, {"PurchaseOrderByCustomer": "Y"}, {"If-Match": etag})
        self.assert_odata_error(status, payload, 412)
        status, _, _ = self.client.call("POST", path, {"PurchaseOrderByCustomer": "Z"},
                                        {"If-Match": h2["etag"], "X-HTTP-Method": "MERGE"})
        self.assertEqual(status, 204)

    def test_cancel_by_rejecting_items(self):
        headers, d = self.create_order()
        etag = headers["etag"]
        item = SO + "/A_SalesOrderItem(SalesOrder='1',SalesOrderItem='10')"
        status, _, payload = self.client.call("PATCH", item, {"SalesDocumentRjcnReason": "10"})
        self.assert_odata_error(status, payload, 428)
        status, h2, _ = self.client.call("PATCH", item, {"SalesDocumentRjcnReason": "10"}, {"If-Match": etag})
        self.assertEqual(status, 204)
        _, _, payload = self.client.call("GET", SO + "/A_SalesOrder('1')")
        self.assertEqual(payload["d"]["OverallSDDocumentRejectionSts"], "B")
        item2 = SO + "/A_SalesOrderItem(SalesOrder='1',SalesOrderItem='20')"
        status, _, payload = self.client.call("PATCH", item2, {"SalesDocumentRjcnReason": "ZZ"},
                                              {"If-Match": h2["etag"]})
        self.assert_odata_error(status, payload, 400)
        status, _, _ = self.client.call("PATCH", item2, {"SalesDocumentRjcnReason": "10"}, {"If-Match": h2["etag"]})
        self.assertEqual(status, 204)
        _, _, payload = self.client.call("GET", SO + "/A_SalesOrder('1')?$expand=to_Item")
        self.assertEqual(payload["d"]["OverallSDDocumentRejectionSts"], "C")
        self.assertEqual(payload["d"]["TotalNetAmount"], "0.00")

    def test_delete_needs_if_match(self):
        headers, _ = self.create_order()
        path = SO + "/A_SalesOrder('1')"
        self.assert_odata_error(*self.client.call("DELETE", path)[::2], 428)
        self.assertEqual(self.client.call("DELETE", path, extra={"If-Match": headers["etag"]})[0], 204)
        self.assert_odata_error(*self.client.call("GET", path)[::2], 404)

    # ---- business partners
    def test_create_customer_as_business_partner(self):
        self.client.fetch_token(path=BP + "/")
        body = {"BusinessPartnerCategory": "1", "FirstName": "Asha", "LastName": "Rao",
                "SearchTerm1": "CU_1001",
                "to_BusinessPartnerRole": {"results": [{"BusinessPartnerRole": "FLCU01"}]}}
        status, headers, payload = self.client.call("POST", BP + "/A_BusinessPartner", body)
        self.assertEqual(status, 201, payload)
        bp = payload["d"]["BusinessPartner"]
        self.assertEqual(payload["d"]["Customer"], bp)
        self.assertTrue(headers["location"].endswith(f"A_BusinessPartner('{bp}')"))
        f = quote("SearchTerm1 eq 'CU_1001'")
        _, _, found = self.client.call("GET", BP + f"/A_BusinessPartner?$filter={f}")
        self.assertEqual([r["BusinessPartner"] for r in found["d"]["results"]], [bp])
        self.assertEqual(self.client.call("POST", SO + "/A_SalesOrder", order_body(bp))[0], 201)
        status, _, payload = self.client.call("POST", BP + "/A_BusinessPartner",
                                              {"BusinessPartnerCategory": "1", "FirstName": "A"})
        self.assert_odata_error(status, payload, 400, "LastName")
        # a partner without a customer role is no sold-to party
        _, _, payload = self.client.call("POST", BP + "/A_BusinessPartner",
                                         {"BusinessPartnerCategory": "2", "OrganizationBPName1": "Acme"})
        self.assert_odata_error(*self.client.call("POST", SO + "/A_SalesOrder",
                                                  order_body(payload["d"]["BusinessPartner"]))[::2], 400)

    # ---- control API
    def test_failures_concurrency_and_log(self):
        self.client.fetch_token()
        self.peer.control("POST", "fail", {"status": 503, "retry_after": 2, "path": SO + "/A_SalesOrder"})
        status, headers, payload = self.client.call("POST", SO + "/A_SalesOrder", order_body())
        self.assertEqual((status, headers["retry-after"]), (503, "2"))
        self.peer.control("POST", "fail", {"mode": "drop_after_processing"})
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            self.client.call("POST", SO + "/A_SalesOrder", order_body())
        _, state = self.peer.control("GET", "state")
        self.assertEqual(list(state["salesOrders"]), ["1"])
        self.peer.control("POST", "fail", {"mode": "delay", "delay_ms": 1200, "times": 3})
        threads = [threading.Thread(target=self.client.call, args=("GET", SO + "/A_SalesOrder"))
                   for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # A reply reaches the client just before the peer counts its request finished.
        deadline = time.monotonic() + 5
        while True:
            _, conc = self.peer.control("GET", "concurrency")
            if conc["inFlight"] == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        self.assertEqual((conc["maxInFlight"], conc["inFlight"]), (3, 0))
        _, log = self.peer.control("GET", "received")
        self.assertEqual(log["requests"][0]["headers"]["authorization"], "***")
        self.assertNotIn(PASSWORD, json.dumps(log))
        self.assertIn(COOKIE, log["requests"][-1]["cookies"])
        self.peer.control("POST", "fail", {"mode": "unauthorized"})
        self.assertEqual(self.client.call("GET", SO + "/A_SalesOrder")[0], 401)

    def test_json_only(self):
        status, _, _, _ = self.peer.raw("GET", SO + "/A_SalesOrder", headers={"Authorization": BASIC})
        self.assertEqual(status, 406)
        status, _, _, _ = self.peer.raw("GET", SO + "/A_SalesOrder?$format=json", headers={"Authorization": BASIC})
        self.assertEqual(status, 200)


if __name__ == "__main__":
    unittest.main()
