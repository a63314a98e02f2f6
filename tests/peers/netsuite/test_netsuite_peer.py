"""Self-test for the NetSuite peer: starts it as a subprocess on port 0.

The client here signs requests with its own OAuth 1.0a code (not the peer's), and the
signing rules are pinned by RFC 5849's own example and by a signature computed with openssl.

Run: /usr/bin/python3 -m unittest discover -s tests/peers/netsuite -v
"""

import base64
import hashlib
import hmac
import http.client
import json
import os
import secrets
import subprocess
import sys
import threading
import time
import unittest
from urllib.parse import parse_qsl, quote, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peerkit"))
from peerkit import PeerProcess  # noqa: E402  (shared peer start/stop)

SERVER = os.path.join(HERE, "netsuite_peer.py")
sys.path.insert(0, HERE)
import netsuite_peer  # noqa: E402  (for the pure signing functions only)

ACCOUNT, CK, CS, TK, TS = "1234567_SB1", "ck-test", "cs-test", "tk-test", "ts-test"
REC = "/services/rest/record/v1"


def enc(text):
    return quote(text, safe="")  # Python's quote leaves only ALPHA DIGIT - . _ ~ unencoded


def client_sign(method, url, oauth, consumer_secret=CS, token_secret=TS, digest=hashlib.sha256):
    """An independent RFC 5849 signer: what a NetSuite client does."""
    parts = urlsplit(url)
    host = parts.hostname.lower()
    port = parts.port
    scheme = parts.scheme.lower()
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    uri = f"{scheme}://{host}{parts.path}"
    pairs = parse_qsl(parts.query, keep_blank_values=True) + [
        (k, v) for k, v in oauth.items() if k not in ("realm", "oauth_signature")]
    normalised = "&".join(f"{a}={b}" for a, b in sorted((enc(k), enc(v)) for k, v in pairs))
    base = f"{method.upper()}&{enc(uri)}&{enc(normalised)}"
    key = f"{enc(consumer_secret)}&{enc(token_secret)}".encode()
    return base64.b64encode(hmac.new(key, base.encode(), digest).digest()).decode()


def auth_header(method, url, **over):
    oauth = {"oauth_consumer_key": CK, "oauth_token": TK, "oauth_signature_method": "HMAC-SHA256",
             "oauth_timestamp": str(int(time.time())), "oauth_nonce": secrets.token_hex(16),
             "oauth_version": "1.0"}
    realm = over.pop("realm", ACCOUNT)
    secrets_over = {k: over.pop(k) for k in ("consumer_secret", "token_secret", "digest") if k in over}
    sign_url = over.pop("sign_url", url)
    oauth.update(over)
    for k in [k for k, v in oauth.items() if v is None]:
        del oauth[k]
    oauth["oauth_signature"] = client_sign(method, sign_url, oauth, **secrets_over)
    fields = [f'realm="{realm}"'] + [f'{k}="{enc(v)}"' for k, v in oauth.items()]
    return "OAuth " + ", ".join(fields), oauth


class Peer(PeerProcess):
    def __init__(self, *args):
        super().__init__(SERVER, "--account", ACCOUNT, "--consumer-key", CK, "--consumer-secret", CS, "--token-id", TK, "--token-secret", TS, *args)

    def raw(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
            conn.request(method, path, body=data, headers=headers or {})
            r = conn.getresponse()
            text = r.read().decode()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, text
        finally:
            conn.close()

    def ns(self, method, path, body=None, headers=None, **oauth_over):
        url = f"http://127.0.0.1:{self.port}{path}"
        header, _ = auth_header(method, url, **oauth_over)
        h = {"Authorization": header}
        if body is not None:
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        status, hdrs, text = self.raw(method, path, body, h)
        return status, hdrs, (json.loads(text) if text else None)

    def control(self, method, path, body=None):
        status, _, text = self.raw(method, "/_control/" + path, body)
        return status, json.loads(text)


CUSTOMER = {"externalId": "cu_1001", "isPerson": True, "firstName": "Asha", "lastName": "Rao",
            "email": "asha.rao@example.com", "subsidiary": {"id": "1"}}


def order(entity, external_id="ORD-5001"):
    return {"externalId": external_id, "entity": {"id": entity}, "otherRefNum": "#5001",
            "location": {"id": "1"},
            "item": {"items": [{"item": {"id": "101"}, "quantity": 2, "rate": 474.0},
                               {"item": {"id": "102"}, "quantity": 1, "rate": 299.0}]}}


class SigningRules(unittest.TestCase):
    def test_rfc5849_example_base_string(self):
        # RFC 5849 section 3.4.1.1, including its form body parameters c2 and a3.
        query = parse_qsl("b5=%3D%253D&a3=a&c%40=&a2=r%20b", keep_blank_values=True)
        body = [("c2", ""), ("a3", "2 q")]
        oauth = {"realm": "Example", "oauth_consumer_key": "9djdj82h48djs9d2",
                 "oauth_token": "kkk9d7dh3k39sjv7", "oauth_signature_method": "HMAC-SHA1",
                 "oauth_timestamp": "137131201", "oauth_nonce": "7d8f3e4a",
                 "oauth_signature": "bYT5CMsGcbgUdFHObYMEfcx6bsw="}
        uri = netsuite_peer.base_string_uri("http", "EXAMPLE.com:80") + "/request"
        self.assertEqual(
            netsuite_peer.signature_base_string("post", uri, query + body, oauth),
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D"
            "%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_n"
            "once%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201"
            "%26oauth_token%3Dkkk9d7dh3k39sjv7")

    def test_hmac_sha256_vector_from_openssl(self):
        # printf '%s' "$BASE" | openssl dgst -sha256 -hmac 'cs&ts' -binary | base64
        oauth = {"oauth_consumer_key": "ck", "oauth_nonce": "abcdef123", "oauth_token": "tk",
                 "oauth_signature_method": "HMAC-SHA256", "oauth_timestamp": "1700000000",
                 "oauth_version": "1.0"}
        uri = netsuite_peer.base_string_uri("http", "127.0.0.1:8080") + f"{REC}/customer"
        base = netsuite_peer.signature_base_string("GET", uri, [("limit", "5")], oauth)
        expected = "O3+P9y30HjtqzhqzifBVuA/eMtjSHsYyoBp/qRhvOz8="
        self.assertEqual(netsuite_peer.sign(base, "cs", "ts", "HMAC-SHA256"), expected)
        self.assertEqual(client_sign("GET", f"http://127.0.0.1:8080{REC}/customer?limit=5", oauth,
                                     "cs", "ts"), expected)

    def test_default_port_dropped_and_host_lower_cased(self):
        self.assertEqual(netsuite_peer.base_string_uri("https", "Demo123.SuiteTalk.Api.NetSuite.com:443"),
                         "https://demo123.suitetalk.api.netsuite.com")
        self.assertEqual(netsuite_peer.base_string_uri("http", "127.0.0.1:8080"), "http://127.0.0.1:8080")


class NetSuitePeerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.peer = Peer("--concurrency-limit", "2")

    @classmethod
    def tearDownClass(cls):
        cls.peer.stop()

    def setUp(self):
        self.peer.control("POST", "reset")

    def create_customer(self, body=CUSTOMER):
        status, headers, reply = self.peer.ns("POST", f"{REC}/customer", body)
        self.assertEqual(status, 204, reply)
        return headers["location"].rsplit("/", 1)[1]

    def assert_ns_error(self, reply, status, code, path=None):
        self.assertEqual(reply["status"], status)
        self.assertIn("title", reply)
        self.assertTrue(reply["type"].startswith("https://www.w3.org/Protocols/rfc2616/"))
        detail = reply["o:errorDetails"][0]
        self.assertEqual(detail["o:errorCode"], code)
        self.assertTrue(detail["detail"])
        if path:
            self.assertEqual(detail.get("o:errorPath"), path)

    # ---- success shapes
    def test_create_replies_204_with_location_and_no_body(self):
        status, headers, reply = self.peer.ns("POST", f"{REC}/customer", CUSTOMER)
        self.assertEqual(status, 204)
        self.assertIsNone(reply)
        self.assertEqual(headers["content-length"], "0")
        self.assertRegex(headers["location"],
                         rf"^http://127\.0\.0\.1:{self.peer.port}{REC}/customer/\d+$")
        cid = headers["location"].rsplit("/", 1)[1]
        status, headers, record = self.peer.ns("GET", f"{REC}/customer/{cid}")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("application/vnd.oracle.resource+json"))
        self.assertEqual(record["id"], cid)
        self.assertEqual(record["externalId"], "cu_1001")

    def test_sales_order_with_lines_read_back(self):
        cid = self.create_customer()
        status, headers, _ = self.peer.ns("POST", f"{REC}/salesOrder", order(cid))
        self.assertEqual(status, 204)
        sid = headers["location"].rsplit("/", 1)[1]
        status, _, record = self.peer.ns("GET", f"{REC}/salesOrder/{sid}")
        self.assertEqual(status, 200)
        self.assertEqual(record["entity"]["id"], cid)
        self.assertIn("links", record["item"])  # sublists are links unless expanded
        _, _, record = self.peer.ns("GET", f"{REC}/salesOrder/{sid}?expandSubResources=true")
        lines = record["item"]["items"]
        self.assertEqual([(l["item"]["id"], l["quantity"], l["line"]) for l in lines],
                         [("101", 2, 1), ("102", 1, 2)])
        self.assertEqual(record["orderStatus"]["id"], "B")
        _, _, by_eid = self.peer.ns("GET", f"{REC}/salesOrder/eid:ORD-5001")
        self.assertEqual(by_eid["id"], sid)

    def test_lookup_by_external_id_query(self):
        cid = self.create_customer()
        q = quote('externalId IS "cu_1001"')
        status, _, reply = self.peer.ns("GET", f"{REC}/customer?q={q}")
        self.assertEqual(status, 200)
        self.assertEqual([i["id"] for i in reply["items"]], [cid])
        self.assertEqual(reply["totalResults"], 1)
        _, _, reply = self.peer.ns("GET", f"{REC}/customer?q=" + quote('externalId IS "nobody"'))
        self.assertEqual((reply["count"], reply["items"]), (0, []))
        status, _, reply = self.peer.ns("GET", f"{REC}/customer?q=" + quote("externalId = x"))
        self.assert_ns_error(reply, 400, "INVALID_PARAMETER")

    def test_upsert_by_external_id_keeps_one_record(self):
        cid = self.create_customer()
        status, h1, _ = self.peer.ns("PUT", f"{REC}/salesOrder/eid:ORD-7", order(cid, "ignored"))
        self.assertEqual(status, 204)
        status, h2, _ = self.peer.ns("PUT", f"{REC}/salesOrder/eid:ORD-7", order(cid, "ignored"))
        self.assertEqual(status, 204)
        self.assertEqual(h1["location"], h2["location"])
        _, state = self.peer.control("GET", "state")
        self.assertEqual([o["externalId"] for o in state["salesOrder"].values()], ["ORD-7"])
        status, _, reply = self.peer.ns("PUT", f"{REC}/salesOrder/5000", order(cid))
        self.assert_ns_error(reply, 400, "INVALID_REQUEST")

    def test_patch_closes_lines_for_a_cancel(self):
        cid = self.create_customer()
        _, headers, _ = self.peer.ns("POST", f"{REC}/salesOrder", order(cid))
        sid = headers["location"].rsplit("/", 1)[1]
        status, _, reply = self.peer.ns("PATCH", f"{REC}/salesOrder/{sid}",
                                        {"item": {"items": [{"line": 1, "isClosed": True}]}})
        self.assertEqual((status, reply), (204, None))
        _, state = self.peer.control("GET", "state")
        self.assertEqual(state["salesOrder"][sid]["orderStatus"]["id"], "B")
        self.peer.ns("PATCH", f"{REC}/salesOrder/{sid}",
                     {"item": {"items": [{"line": 2, "isClosed": True}]}})
        _, state = self.peer.control("GET", "state")
        self.assertEqual(state["salesOrder"][sid]["orderStatus"], {"id": "H", "refName": "Closed"})
        status, _, reply = self.peer.ns("PATCH", f"{REC}/salesOrder/{sid}",
                                        {"item": {"items": [{"line": 9, "isClosed": True}]}})
        self.assert_ns_error(reply, 400, "INVALID_CONTENT", "item.items[0].line")

    # ---- validation the NetSuite way
    def test_unknown_customer_and_item_are_invalid_content(self):
        status, _, reply = self.peer.ns("POST", f"{REC}/salesOrder", order("999"))
        self.assert_ns_error(reply, 400, "INVALID_CONTENT", "entity")
        cid = self.create_customer()
        bad = order(cid)
        bad["item"]["items"][1]["item"]["id"] = "9999"
        status, _, reply = self.peer.ns("POST", f"{REC}/salesOrder", bad)
        self.assert_ns_error(reply, 400, "INVALID_CONTENT", "item.items[1].item")
        self.assertIn("9999", reply["o:errorDetails"][0]["detail"])
        _, state = self.peer.control("GET", "state")
        self.assertEqual(state["salesOrder"], {})

    def test_missing_mandatory_fields(self):
        status, _, reply = self.peer.ns("POST", f"{REC}/customer", {"isPerson": True, "firstName": "A"})
        self.assert_ns_error(reply, 400, "USER_ERROR")
        self.assertIn("Subsidiary", reply["o:errorDetails"][0]["detail"])
        cid = self.create_customer()
        status, _, reply = self.peer.ns("POST", f"{REC}/salesOrder", {"entity": {"id": cid}})
        self.assert_ns_error(reply, 400, "USER_ERROR")

    def test_duplicate_external_id_is_refused(self):
        self.create_customer()
        status, _, reply = self.peer.ns("POST", f"{REC}/customer", CUSTOMER)
        self.assert_ns_error(reply, 400, "USER_ERROR")
        self.assertIn("already exists", reply["o:errorDetails"][0]["detail"])

    # ---- token-based authentication
    def assert_invalid_login(self, status, headers, reply):
        self.assertEqual(status, 401)
        self.assertEqual(headers["content-type"], "application/vnd.oracle.resource+json; type=error")
        self.assert_ns_error(reply, 401, "INVALID_LOGIN")
        self.assertIn("Login Audit Trail", reply["o:errorDetails"][0]["detail"])

    def test_every_signature_fault_is_invalid_login(self):
        path = f"{REC}/customer"
        cases = {
            "wrong token secret": {"token_secret": "nope"},
            "wrong consumer secret": {"consumer_secret": "nope"},
            "wrong realm": {"realm": "1234567_sb1"},  # NetSuite's realm is case-sensitive
            "unknown token": {"oauth_token": "other"},
            "stale timestamp": {"oauth_timestamp": str(int(time.time()) - 3600)},
            "future timestamp": {"oauth_timestamp": str(int(time.time()) + 3600)},
            "HMAC-SHA1": {"oauth_signature_method": "HMAC-SHA1", "digest": hashlib.sha1},
            "no oauth_version": {"oauth_version": None},
            "version 2.0": {"oauth_version": "2.0"},
            "short nonce": {"oauth_nonce": "abc"},
            "signed another path": {"sign_url": f"http://127.0.0.1:{self.peer.port}{REC}/salesOrder"},
            "signed without the query": {"sign_url": f"http://127.0.0.1:{self.peer.port}{path}"},
        }
        for name, over in cases.items():
            with self.subTest(name):
                target = path + "?limit=5" if name == "signed without the query" else path
                status, headers, reply = self.peer.ns("GET", target, **over)
                self.assert_invalid_login(status, headers, reply)
        status, headers, text = self.peer.raw("GET", path)
        self.assert_invalid_login(status, headers, json.loads(text))
        status, headers, text = self.peer.raw("GET", path, headers={"Authorization": "Bearer x"})
        self.assert_invalid_login(status, headers, json.loads(text))

    def test_query_parameters_are_signed(self):
        q = quote('externalId IS "a b"')
        status, _, _ = self.peer.ns("GET", f"{REC}/customer?q={q}&limit=10")
        self.assertEqual(status, 200)

    def test_replayed_nonce_is_refused(self):
        url = f"http://127.0.0.1:{self.peer.port}{REC}/customer"
        header, _ = auth_header("GET", url)
        status, _, _ = self.peer.raw("GET", f"{REC}/customer", headers={"Authorization": header})
        self.assertEqual(status, 200)
        status, headers, text = self.peer.raw("GET", f"{REC}/customer", headers={"Authorization": header})
        self.assert_invalid_login(status, headers, json.loads(text))

    def test_revoked_token_and_injected_invalid_login(self):
        self.peer.control("POST", "revoke")
        self.assert_invalid_login(*self.peer.ns("GET", f"{REC}/customer"))
        self.peer.control("POST", "restore")
        self.assertEqual(self.peer.ns("GET", f"{REC}/customer")[0], 200)
        self.peer.control("POST", "fail", {"mode": "invalid_login", "times": 1})
        self.assert_invalid_login(*self.peer.ns("GET", f"{REC}/customer"))
        self.assertEqual(self.peer.ns("GET", f"{REC}/customer")[0], 200)

    def test_sha1_accepted_only_when_enabled(self):
        peer = Peer("--accept-hmac-sha1")
        try:
            status, _, _ = peer.ns("GET", f"{REC}/customer", oauth_signature_method="HMAC-SHA1",
                                   digest=hashlib.sha1)
            self.assertEqual(status, 200)
        finally:
            peer.stop()

    # ---- async, idempotency
    def test_async_idempotency_key_creates_once(self):
        cid = self.create_customer()
        key = "cac827ea-3543-4cda-add2-bae634326c27"
        hdrs = {"Prefer": "respond-async", "X-NetSuite-Idempotency-Key": key}
        status, h1, reply = self.peer.ns("POST", f"{REC}/salesOrder", order(cid), hdrs)
        self.assertEqual((status, reply), (202, None))
        self.assertEqual(h1["preference-applied"], "respond-async")
        self.assertRegex(h1["location"], r"^/services/rest/async/v1/job/\d+$")
        status, h2, reply = self.peer.ns("POST", f"{REC}/salesOrder", order(cid), hdrs)
        self.assert_ns_error(reply, 400, "IDEMPOTENCY_ERROR")
        self.assertEqual(h2["location"], h1["location"])
        _, state = self.peer.control("GET", "state")
        self.assertEqual(len(state["salesOrder"]), 1)
        job = h1["location"]
        _, _, info = self.peer.ns("GET", job)
        self.assertEqual((info["completed"], info["progress"]), (True, "succeeded"))
        _, _, tasks = self.peer.ns("GET", job + "/task")
        task_id = tasks["items"][0]["id"]
        status, h3, body = self.peer.ns("GET", f"{job}/task/{task_id}/result")
        self.assertEqual((status, body), (204, None))
        self.assertEqual(h3["location"].rsplit("/", 1)[1], list(state["salesOrder"])[0])
        status, _, reply = self.peer.ns("POST", f"{REC}/salesOrder", order(cid),
                                        {"Prefer": "respond-async",
                                         "X-NetSuite-Idempotency-Key": "not-a-uuid"})
        self.assert_ns_error(reply, 400, "INVALID_HEADER")

    def test_sync_request_ignores_idempotency_key_as_documented(self):
        cid = self.create_customer()
        hdrs = {"X-NetSuite-Idempotency-Key": "0f8fad5b-d9cb-469f-a165-70867728950e"}
        self.assertEqual(self.peer.ns("POST", f"{REC}/salesOrder", order(cid, "A-1"), hdrs)[0], 204)
        self.assertEqual(self.peer.ns("POST", f"{REC}/salesOrder", order(cid, "A-2"), hdrs)[0], 204)
        _, state = self.peer.control("GET", "state")
        self.assertEqual(len(state["salesOrder"]), 2)

    # ---- concurrency governance and failure plans
    def test_concurrency_limit_429_and_max_in_flight(self):
        self.peer.control("POST", "fail", {"mode": "delay", "delay_ms": 1200, "times": 3})
        results = []

        def call():
            results.append(self.peer.ns("GET", f"{REC}/customer"))
        threads = [threading.Thread(target=call) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(r[0] for r in results)
        self.assertEqual(statuses, [200, 200, 429])
        refused = next(r for r in results if r[0] == 429)
        self.assert_ns_error(refused[2], 429, "CONCURRENCY_LIMIT_EXCEEDED")
        # A reply reaches the client just before the peer counts its request finished.
        deadline = time.monotonic() + 5
        while True:
            _, conc = self.peer.control("GET", "concurrency")
            if conc["inFlight"] == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        self.assertEqual((conc["maxInFlight"], conc["inFlight"], conc["limit"]), (3, 0, 2))

    def test_injected_status_with_retry_after(self):
        self.peer.control("POST", "fail", {"status": 503, "retry_after": 2, "path": f"{REC}/customer"})
        status, headers, reply = self.peer.ns("POST", f"{REC}/customer", CUSTOMER)
        self.assertEqual((status, headers["retry-after"]), (503, "2"))
        _, state = self.peer.control("GET", "state")
        self.assertEqual(state["customer"], {})

    def test_drop_after_processing_applies_the_write(self):
        self.peer.control("POST", "fail", {"mode": "drop_after_processing"})
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            self.peer.ns("POST", f"{REC}/customer", CUSTOMER)
        _, _, reply = self.peer.ns("GET", f"{REC}/customer?q=" + quote('externalId IS "cu_1001"'))
        self.assertEqual(reply["count"], 1)

    def test_received_log_redacts_the_signature(self):
        self.peer.ns("GET", f"{REC}/customer")
        _, log = self.peer.control("GET", "received")
        entry = log["requests"][-1]
        self.assertEqual(entry["headers"]["authorization"], "***")
        oauth = entry["headers"]["x-peer-oauth-params"]
        self.assertEqual((oauth["realm"], oauth["oauth_signature"]), (ACCOUNT, "***"))
        self.assertEqual(entry["replyStatus"], 200)
        self.assertNotIn(TS, json.dumps(log))


if __name__ == "__main__":
    unittest.main()
