"""Self-test of the SAP-like test ERP: run with python3 -m unittest discover -s tests/peers/sap_erp."""

import json
import threading
import time
import unittest
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import sap_erp
from idoc_samples import change, customer, item, order, parse


class PeerCase(unittest.TestCase):
    def setUp(self):
        sap_erp.Handler.erp = sap_erp.Erp("RE")
        self.erp = sap_erp.Handler.erp
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), sap_erp.Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        self.base = "http://127.0.0.1:%d" % self.server.server_address[1]

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

    def request(self, method, path, body=None, content_type="application/xml", headers=None):
        data = body.encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(), dict(e.headers)

    def post(self, body, content_type="application/xml", headers=None, path="/sap/bc/idoc_xml"):
        status, text, _ = self.request("POST", path, body, content_type, headers)
        return status, text

    def control(self, path, value=None):
        status, text, _ = self.request("POST", "/_control/" + path, json.dumps(value or {}),
                                       "application/json")
        self.assertEqual(status, 200, text)
        return json.loads(text)

    def state(self):
        return json.loads(self.request("GET", "/_control/state")[1])

    def number(self, reply, name="BELNR"):
        found = parse(reply).find(".//" + name)
        return found.text if found is not None else None

    def customer_number(self, **kw):
        status, body = self.post(customer(**kw))
        self.assertEqual(status, 200)
        self.assertIn("<TYPE>S</TYPE>", body, body)
        return self.number(body)


class SyncModeTest(PeerCase):
    def test_customer_then_order_get_sap_numbers(self):
        status, body = self.post(customer())
        self.assertEqual(status, 200)
        self.assertIn("<BELNR>0000100001</BELNR>", body)
        self.assertIn("<CODE>53</CODE>", body)
        state = self.state()["customers"]["0000100001"]
        self.assertEqual(state["sales_areas"], [["1000", "10", "00"]])
        self.assertEqual(state["email"], "asha.rao@example.com")
        status, body = self.post(order("0000100001"))
        self.assertIn("<BELNR>4500000001</BELNR>", body)
        self.assertIn("Standard Order 4500000001 has been saved", body)
        saved = self.state()["orders"]["4500000001"]
        self.assertEqual((saved["order_type"], saved["sales_area"], saved["customer_ref"]),
                         ("OR", ["1000", "10", "00"], "ORD-5001"))

    def test_invalid_idoc_is_refused_with_status_51(self):
        self.customer_number()
        status, body = self.post(order("0000100001").replace("411001", "94105-1234"))
        self.assertEqual(status, 200)
        self.assertIn("<TYPE>E</TYPE><CODE>51</CODE>", body)
        self.assertIn("is longer than 9 characters", body)
        self.assertNotIn("<BELNR>", body)
        self.assertEqual(self.state()["orders"], {})
        docnum = self.number(body, "DOCNUM")
        self.assertEqual(self.state()["idocs"][docnum]["status"], "51")

    def test_customer_needs_name_country_account_group_and_language(self):
        status, body = self.post(customer(language=False))
        self.assertIn("Fill in all required entry fields (E1KNA1M/SPRAS)", body)
        status, body = self.post(customer().replace("<KTOKD>KUNA</KTOKD>", ""))
        self.assertIn("Fill in all required entry fields (E1KNA1M/KTOKD)", body)
        self.assertEqual(self.state()["customers"], {})

    def test_order_needs_a_known_sold_to_in_its_sales_area(self):
        status, body = self.post(order("0000999999"))
        self.assertIn("Sold-to party 0000999999 does not exist", body)
        self.post(customer(sales_area=False))
        status, body = self.post(order("0000100001"))
        self.assertIn("Sold-to party 0000100001 is not maintained for sales area 1000/10/00", body)
        status, body = self.post(order("0000100001", area=None))
        self.assertIn("Sales area could not be determined for sold-to party 0000100001", body)

    def test_sales_area_is_determined_when_the_customer_has_one(self):
        self.customer_number()
        status, body = self.post(order("0000100001", area=None))
        self.assertIn("<BELNR>4500000001</BELNR>", body)

    def test_materials_and_partner_functions_are_checked(self):
        self.customer_number()
        status, body = self.post(order("0000100001", item("000010", "1", "NO-SUCH-SKU")))
        self.assertIn("The material NO-SUCH-SKU does not exist or is not activated", body)
        status, body = self.post(order("0000100001", item("000010", "1", qualf="001")))
        self.assertIn("<BELNR>4500000001</BELNR>", body)  # customer material info record
        status, body = self.post(order("0000100001").replace("<PARVW>WE</PARVW>", "<PARVW>XX</PARVW>"))
        self.assertIn("Partner function XX is not defined", body)

    def test_order_type_comes_from_e1edk14_012_not_bsart(self):
        self.customer_number()
        status, body = self.post(order("0000100001").replace("<CURCY>INR</CURCY>",
                                                             "<CURCY>INR</CURCY><BSART>RE</BSART>"))
        self.assertIn("Standard Order 4500000001 has been saved", body)
        self.assertEqual(self.state()["returns"], {})
        status, body = self.post(order("0000100001", order_type="ZZ"))
        self.assertIn("Sales document type ZZ is not defined", body)

    def test_return_refers_to_order_items_by_qualifier_002(self):
        self.customer_number()
        self.post(order("0000100001"))
        returned = item("000010", "1", refs=[("002", "4500000001", "000010")])
        status, body = self.post(order("0000100001", returned, order_type="RE"))
        self.assertIn("Returns 6000000001 has been saved", body)
        saved = self.state()["returns"]["6000000001"]
        self.assertEqual((saved["order"], saved["items"][0]["ref_item"]), ("4500000001", "000010"))
        status, body = self.post(order("0000100001", returned, order_type="RE"))
        self.assertIn("<BELNR>6000000002</BELNR>", body)
        status, body = self.post(order("0000100001", returned, order_type="RE"))
        self.assertIn("Return quantity 1 for item 000010 exceeds the open quantity 0", body)

    def test_return_with_qualifier_043_is_refused(self):
        self.customer_number()
        self.post(order("0000100001"))
        wrong = item("000010", "1", refs=[("043", "4500000001", "000010")])
        status, body = self.post(order("0000100001", wrong, order_type="RE",
                                       extra_refs=[("043", "4500000001")]))
        self.assertIn("refers to no order item", body)
        self.assertEqual(self.state()["returns"], {})

    def test_order_change_partial_and_full_cancel(self):
        self.customer_number()
        self.post(order("0000100001"))
        status, body = self.post(change(item("000010", "1", None, "002"), sap_number="4500000001"))
        self.assertIn("Standard Order 4500000001 has been saved", body)
        line = self.state()["orders"]["4500000001"]["items"][0]
        self.assertEqual((line["MENGE"], line["cancelled"]), ("1", False))
        status, body = self.post(change(item("000020", "1", None, "003"), sap_number="4500000001"))
        saved = self.state()["orders"]["4500000001"]
        self.assertEqual((saved["cancelled_items"], saved["status"]), (["000020"], "open"))
        status, body = self.post(change(header_action="001", sap_number="0004500000001"))
        self.assertIn("<CODE>53</CODE>", body)
        self.assertEqual(self.state()["orders"]["4500000001"]["status"], "cancelled")
        status, body = self.post(change(item("000010", "1", None, "002"), sap_number="4500000001"))
        self.assertIn("Sales document 4500000001 is cancelled", body)

    def test_order_change_mistakes_of_the_current_adapter_are_refused(self):
        self.customer_number()
        self.post(order("0000100001"))
        # the SAP order number under qualifier 001 (the customer's PO number)
        status, body = self.post(change(item("000010", "1", None, "003"), po="4500000001"))
        self.assertIn("Customer purchase order 4500000001 not found for sold-to party 0000100001", body)
        # header ACTION 003 means "changes in one or more items", not a cancel
        status, body = self.post(change(header_action="003", sap_number="4500000001"))
        self.assertIn("No data was changed: header ACTION 003", body)
        self.assertEqual(self.state()["orders"]["4500000001"]["status"], "open")
        # the customer's PO number identifies the order when it is unique for the sold-to party
        status, body = self.post(change(item("000010", "1", None, "003"), po="ORD-5001"))
        self.assertIn("<CODE>53</CODE>", body)

    def test_missing_control_record_is_refused(self):
        status, body = self.post("<DEBMAS06><IDOC/></DEBMAS06>")
        self.assertIn("Control record EDI_DC40 is missing", body)
        self.assertIn("<CODE>56</CODE>", body)

    def test_soap11_without_soapaction_is_a_client_fault(self):
        envelope = ('<s:Envelope xmlns:s="%s"><s:Body>%s</s:Body></s:Envelope>'
                    % (sap_erp.SOAP11, customer()))
        status, body = self.post(envelope, "text/xml")
        self.assertEqual(status, 500)
        self.assertIn("<faultcode>soap:Client</faultcode>", body)
        status, body = self.post(envelope, "text/xml", {"SOAPAction": '""'})
        self.assertEqual(status, 200)
        self.assertIn(sap_erp.SOAP11, body)
        self.assertIn("<BELNR>0000100001</BELNR>", body)

    def test_repeated_arckey_creates_once(self):
        first = self.post(customer(key="urn:sap.com:msgid=k1"))
        second = self.post(customer(key="urn:sap.com:msgid=k1"))
        self.assertIn("0000100001", first[1])
        self.assertEqual(first, second)
        self.assertEqual(len(self.state()["customers"]), 1)
        self.assertEqual(len(self.state()["idocs"]), 1)

    def test_soap12_fault_on_demand(self):
        self.control("fail", {"mode": "soap_fault", "code": "Receiver"})
        envelope = ('<e:Envelope xmlns:e="%s"><e:Body>%s</e:Body></e:Envelope>'
                    % (sap_erp.SOAP12, customer()))
        status, body = self.post(envelope, "application/soap+xml")
        self.assertEqual(status, 500)
        self.assertIn("env:Receiver", body)

    def test_status_51_after_a_delay_in_sync_mode(self):
        self.control("fail", {"mode": "idoc_status", "status": "51", "message": "Credit check failed",
                              "delay_ms": 300})
        started = time.monotonic()
        status, body = self.post(customer())
        self.assertGreaterEqual(time.monotonic() - started, 0.3)
        self.assertIn("<TYPE>E</TYPE><CODE>51</CODE><MESSAGE>Credit check failed</MESSAGE>", body)
        self.assertEqual(self.state()["customers"], {})

    def test_concurrent_requests_are_counted(self):
        self.control("fail", {"mode": "delay", "delay_ms": 1000, "count": 2})
        threads = [threading.Thread(target=self.post, args=(customer(name="C%d" % i),))
                   for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        state = self.state()
        self.assertEqual((state["max_in_flight"], state["in_flight"]), (2, 0))
        self.assertEqual(len(state["customers"]), 2)

    def test_inbound_logon_is_checked_when_configured(self):
        self.control("mode", {"inbound_auth": "Basic dXNlcjpwYXNz"})
        status, body = self.post(customer())
        self.assertEqual(status, 401)
        self.assertEqual(self.state()["idocs"], {})
        status, body = self.post(customer(), headers={"Authorization": "Basic dXNlcjpwYXNz"})
        self.assertIn("<BELNR>0000100001</BELNR>", body)

    def test_mode_settings_are_checked(self):
        status, text, _ = self.request("POST", "/_control/mode", json.dumps({"mode": "later"}),
                                       "application/json")
        self.assertEqual(status, 400)
        status, text, _ = self.request("POST", "/_control/mode", json.dumps({"mode": "callback"}),
                                       "application/json")
        self.assertIn("needs callback_url", text)
        status, text, _ = self.request("POST", "/_control/mode", json.dumps({"delay": 5}),
                                       "application/json")
        self.assertIn("unknown settings", text)


class Receiver:
    """A little HTTP server standing for erpbridge's inbound endpoint for audit IDocs."""

    def __init__(self, status=200):
        received = self.received = []
        answer = status

        class Handle(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                received.append({"path": self.path, "headers": dict(self.headers), "body": body})
                self.send_response(answer)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handle)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        self.url = "http://127.0.0.1:%d/sap/audit" % self.server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class AsyncModeTest(PeerCase):
    def wait_for(self, predicate, timeout=5.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.02)
        self.fail("timed out")

    def poll(self, docnum, headers=None):
        status, body, _ = self.request("GET", "/sap/bc/idoc_status?docnum=%s" % docnum,
                                       headers=headers)
        self.assertEqual(status, 200, body)
        return parse(body)

    def test_poll_mode_answers_docnum_now_and_the_number_later(self):
        self.control("mode", {"mode": "poll", "delay_ms": 3000})
        status, body = self.post(customer())
        self.assertEqual(status, 200)
        self.assertEqual(parse(body.split("?>", 1)[1]).tag, "IDOC_RESPONSE")
        self.assertNotIn("BELNR", body)
        self.assertNotIn("STATUS", body)
        docnum = self.number(body, "DOCNUM")
        self.assertEqual(docnum, "0000000000000001")
        self.assertEqual(self.poll(docnum).findtext("STATUS"), "64")
        self.assertEqual(self.state()["customers"], {})
        time.sleep(1.6)
        self.assertEqual(self.poll("1").findtext("STATUS"), "62")  # leading zeros optional
        done = self.wait_for(lambda: self.poll(docnum).findtext("STATUS") == "53" and self.poll(docnum))
        self.assertEqual((done.findtext("OBJTYPE"), done.findtext("OBJKEY")), ("KNA1", "0000100001"))
        self.assertEqual(done.findtext("STATXT"), "Customer & has been created")
        self.assertEqual(done.findtext("STAPA1"), "0000100001")
        self.assertEqual(done.findtext("MESSAGE"), "Customer 0000100001 has been created")
        statuses = [s["status"] for s in self.state()["idocs"][docnum]["statuses"]]
        self.assertEqual(statuses, ["50", "64", "62", "53"])

    def test_poll_mode_order_waits_for_nothing_and_fails_like_sap(self):
        self.control("mode", {"mode": "poll", "delay_ms": 50})
        first = self.number(self.post(customer())[1], "DOCNUM")
        second = self.number(self.post(order("0000100001"))[1], "DOCNUM")  # customer still pending
        unknown = self.number(self.post(order("0000999999"))[1], "DOCNUM")
        self.control("flush")
        self.assertEqual(self.poll(first).findtext("STATUS"), "53")
        self.assertEqual(self.poll(second).findtext("OBJKEY"), "4500000001")  # processed in order
        failed = self.poll(unknown)
        self.assertEqual((failed.findtext("STATUS"), failed.findtext("MESSAGE")),
                         ("51", "Sold-to party 0000999999 does not exist"))
        self.assertEqual(failed.findtext("OBJKEY"), None)

    def test_poll_by_arckey_and_unknown_docnum(self):
        self.control("mode", {"mode": "poll", "delay_ms": 0})
        self.post(customer(key="urn:sap.com:msgid=abc"))
        self.wait_for(lambda: self.state()["customers"])
        status, body, _ = self.request("GET", "/sap/bc/idoc_status?arckey=urn:sap.com:msgid=abc")
        self.assertEqual(parse(body).findtext("OBJKEY"), "0000100001")
        status, body, _ = self.request("GET", "/sap/bc/idoc_status?docnum=42")
        self.assertEqual(status, 404)

    def test_status_service_needs_its_authorization(self):
        self.control("mode", {"mode": "poll", "status_auth": "Basic dXNlcjpwYXNz"})
        docnum = self.number(self.post(customer())[1], "DOCNUM")
        status, body, headers = self.request("GET", "/sap/bc/idoc_status?docnum=" + docnum)
        self.assertEqual(status, 401)
        self.assertIn("Basic realm=", headers["WWW-Authenticate"])
        status, body, headers = self.request("GET", "/sap/bc/idoc_status?docnum=" + docnum,
                                             headers={"Authorization": "Basic d3Jvbmc6d3Jvbmc="})
        self.assertEqual(status, 401)
        self.poll(docnum, {"Authorization": "Basic dXNlcjpwYXNz"})

    def test_status_51_after_a_delay_on_demand(self):
        self.control("mode", {"mode": "poll", "delay_ms": 50})
        self.control("fail", {"mode": "idoc_status", "status": "51", "delay_ms": 1500,
                              "message": "Credit limit exceeded for customer"})
        started = time.monotonic()
        status, body = self.post(customer())
        docnum = self.number(body, "DOCNUM")
        self.assertNotIn("STATUS", body)
        self.assertIn(self.poll(docnum).findtext("STATUS"), ("64", "62"))
        done = self.wait_for(lambda: self.poll(docnum).findtext("STATUS") == "51" and self.poll(docnum))
        self.assertGreaterEqual(time.monotonic() - started, 1.5)
        self.assertEqual(done.findtext("MESSAGE"), "Credit limit exceeded for customer")
        self.assertEqual(self.state()["customers"], {})

    def test_soap_posts_get_the_docnum_in_their_envelope(self):
        self.control("mode", {"mode": "poll", "delay_ms": 0})
        for version, content_type, headers in (
                (sap_erp.SOAP11, "text/xml; charset=utf-8", {"SOAPAction": '""'}),
                (sap_erp.SOAP12, "application/soap+xml; charset=utf-8", {})):
            envelope = '<s:Envelope xmlns:s="%s"><s:Body>%s</s:Body></s:Envelope>' % (
                version, customer(name="Soap %s" % version[-8:]))
            status, body = self.post(envelope, content_type, headers)
            self.assertEqual(status, 200)
            reply = parse(body)
            self.assertEqual(reply.tag, "{%s}Envelope" % version)
            answer = reply.find("{%s}Body/IDOC_RESPONSE" % version)
            self.assertEqual([c.tag for c in answer], ["DOCNUM"])
        self.control("flush")
        self.assertEqual(len(self.wait_for(lambda: self.state()["customers"])), 2)

    def test_invalid_idoc_is_refused_at_once_in_async_modes(self):
        self.control("mode", {"mode": "poll"})
        status, body = self.post(customer("A" * 36))
        self.assertIn("<TYPE>E</TYPE><CODE>51</CODE>", body)
        self.assertIn("longer than 35 characters", body)

    def test_callback_mode_posts_an_aleaud_audit_idoc(self):
        receiver = Receiver()
        self.addCleanup(receiver.close)
        self.control("mode", {"mode": "callback", "delay_ms": 1000, "callback_url": receiver.url,
                              "callback_headers": {"Authorization": "Bearer tenant-secret"}})
        status, body = self.post(customer())
        docnum = self.number(body, "DOCNUM")
        self.assertNotIn("BELNR", body)
        self.assertEqual(receiver.received, [])
        self.wait_for(lambda: receiver.received)
        posted = receiver.received[0]
        self.assertEqual(posted["path"], "/sap/audit")
        self.assertEqual(posted["headers"]["Authorization"], "Bearer tenant-secret")
        self.assertTrue(posted["headers"]["Content-Type"].startswith("text/xml"))
        audit = parse(posted["body"])
        self.assertEqual(audit.tag, "ALEAUD01")
        self.assertEqual(audit.findtext("IDOC/EDI_DC40/MESTYP"), "ALEAUD")
        self.assertEqual(audit.findtext("IDOC/EDI_DC40/RCVPRN"), "SHOP")
        state = audit.find("IDOC/E1ADHDR/E1STATE")
        self.assertEqual(audit.findtext("IDOC/E1ADHDR/MESTYP_LNG"), "DEBMAS")
        self.assertEqual((state.findtext("STATUS"), state.findtext("STATYP")), ("53", "S"))
        self.assertEqual(state.findtext("STAPA1_LNG"), "0000100001")
        self.assertEqual((state.findtext("E1PRTOB/DOCNUM"), state.findtext("E1PRTOB/OBJTYPE"),
                          state.findtext("E1PRTOB/OBJKEY")), (docnum, "KNA1", "0000100001"))
        self.wait_for(lambda: self.state()["callbacks"])
        self.assertEqual(self.state()["callbacks"][0]["http_status"], 200)

    def test_callback_mode_posts_status_51_with_sap_text(self):
        receiver = Receiver()
        self.addCleanup(receiver.close)
        self.control("mode", {"mode": "callback", "delay_ms": 50, "callback_url": receiver.url})
        self.post(order("0000999999"))
        self.wait_for(lambda: receiver.received)
        state = parse(receiver.received[0]["body"]).find("IDOC/E1ADHDR/E1STATE")
        self.assertEqual((state.findtext("STATUS"), state.findtext("STATYP")), ("51", "E"))
        self.assertEqual(state.findtext("STATXT"), "Sold-to party & does not exist")
        self.assertEqual(state.findtext("STAPA1_LNG"), "0000999999")
        self.assertIsNone(state.findtext("E1PRTOB/OBJKEY"))
        self.assertEqual(parse(receiver.received[0]["body"]).findtext("IDOC/E1ADHDR/MESTYP"), "ORDERS")

    def test_callback_refused_by_the_receiver_is_recorded(self):
        receiver = Receiver(status=401)
        self.addCleanup(receiver.close)
        self.control("mode", {"mode": "callback", "delay_ms": 0, "callback_url": receiver.url})
        self.post(customer())
        callbacks = self.wait_for(lambda: self.state()["callbacks"])
        self.assertEqual((callbacks[0]["http_status"], callbacks[0]["idoc_status"]), (401, "53"))

    def test_status_56_after_a_delay_is_posted_back(self):
        receiver = Receiver()
        self.addCleanup(receiver.close)
        self.control("mode", {"mode": "callback", "delay_ms": 0, "callback_url": receiver.url})
        self.control("fail", {"mode": "idoc_status", "status": "56", "delay_ms": 100,
                              "message": "EDI: Partner profile not available"})
        self.post(customer())
        self.wait_for(lambda: receiver.received)
        state = parse(receiver.received[0]["body"]).find("IDOC/E1ADHDR/E1STATE")
        self.assertEqual((state.findtext("STATUS"), state.findtext("STATXT")),
                         ("56", "EDI: Partner profile not available"))

    def test_drop_after_processing_still_completes_later(self):
        self.control("mode", {"mode": "poll", "delay_ms": 0})
        self.control("fail", {"mode": "drop_after_processing"})
        with self.assertRaises(Exception):
            self.post(customer(key="urn:sap.com:msgid=lost"))
        self.wait_for(lambda: self.state()["customers"])
        status, body = self.post(customer(key="urn:sap.com:msgid=lost"))
        self.assertEqual(self.number(body, "DOCNUM"), "0000000000000001")

    def test_reset_returns_to_sync_mode(self):
        self.control("mode", {"mode": "poll", "delay_ms": 10000})
        self.post(customer())
        self.control("reset")
        self.assertEqual(self.state()["config"]["mode"], "sync")
        self.assertEqual(self.state()["idocs"], {})
        self.assertIn("<BELNR>0000100001</BELNR>", self.post(customer())[1])


if __name__ == "__main__":
    unittest.main()
