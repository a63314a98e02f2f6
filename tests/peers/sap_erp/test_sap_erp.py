"""Self-test of the SAP-like test ERP: run with python3 -m unittest discover -s tests/peers/sap_erp."""

import json
import threading
import unittest
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

import sap_erp

CONTROL = ("<EDI_DC40 SEGMENT=\"1\"><TABNAM>EDI_DC40</TABNAM><MANDT>100</MANDT><DIRECT>2</DIRECT>"
           "<IDOCTYP>%s</IDOCTYP><MESTYP>%s</MESTYP><SNDPRN>SHOP</SNDPRN><RCVPRN>SAP</RCVPRN>"
           "<ARCKEY>%s</ARCKEY></EDI_DC40>")


def idoc(idoctyp, mestyp, segments, key=""):
    return "<%s><IDOC BEGIN=\"1\">%s%s</IDOC></%s>" % (
        idoctyp, CONTROL % (idoctyp, mestyp, key), segments, idoctyp)


CUSTOMER = idoc("DEBMAS06", "DEBMAS", "<E1KNA1M><NAME1>Asha Rao</NAME1></E1KNA1M>")


def order(sold_to):
    return idoc("ORDERS05", "ORDERS",
                "<E1EDK01><BSART>OR</BSART></E1EDK01><E1EDKA1><PARVW>AG</PARVW><PARTN>%s</PARTN>"
                "</E1EDKA1><E1EDP01><POSEX>000010</POSEX><MENGE>1</MENGE><E1EDP19><QUALF>002"
                "</QUALF><IDTNR>SKU-1</IDTNR></E1EDP19></E1EDP01>" % sold_to)


class SapErpTest(unittest.TestCase):
    def setUp(self):
        sap_erp.Handler.erp = sap_erp.Erp("RE")
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), sap_erp.Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = "http://127.0.0.1:%d" % self.server.server_address[1]

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

    def post(self, body, content_type="application/xml", headers=None, path="/sap/idoc"):
        request = urllib.request.Request(self.base + path, data=body.encode(), method="POST")
        request.add_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def test_customer_then_order_get_sap_numbers(self):
        status, body = self.post(CUSTOMER)
        self.assertEqual(status, 200)
        self.assertIn("<BELNR>0000100001</BELNR>", body)
        status, body = self.post(order("0000100001"))
        self.assertIn("<BELNR>4500000001</BELNR>", body)

    def test_order_for_unknown_sold_to_gets_an_error_status(self):
        status, body = self.post(order("0000999999"))
        self.assertEqual(status, 200)
        self.assertIn("<TYPE>E</TYPE>", body)
        self.assertIn("sold-to party 0000999999 does not exist", body)

    def test_missing_control_record_is_refused(self):
        status, body = self.post("<DEBMAS06><IDOC/></DEBMAS06>")
        self.assertIn("EDI_DC40 is missing", body)

    def test_soap11_without_soapaction_is_a_client_fault(self):
        envelope = ('<s:Envelope xmlns:s="%s"><s:Body>%s</s:Body></s:Envelope>'
                    % (sap_erp.SOAP11, CUSTOMER))
        status, body = self.post(envelope, "text/xml")
        self.assertEqual(status, 500)
        self.assertIn("<faultcode>soap:Client</faultcode>", body)
        status, body = self.post(envelope, "text/xml", {"SOAPAction": '""'})
        self.assertEqual(status, 200)
        self.assertIn(sap_erp.SOAP11, body)

    def test_repeated_arckey_creates_once(self):
        first = self.post(idoc("DEBMAS06", "DEBMAS", "<E1KNA1M><NAME1>A</NAME1></E1KNA1M>", "k1"))
        second = self.post(idoc("DEBMAS06", "DEBMAS", "<E1KNA1M><NAME1>A</NAME1></E1KNA1M>", "k1"))
        self.assertIn("0000100001", first[1])
        self.assertIn("0000100001", second[1])
        self.assertEqual(len(sap_erp.Handler.erp.customers), 1)

    def test_soap12_fault_on_demand(self):
        self.post(json.dumps({"mode": "soap_fault", "code": "Receiver"}), "application/json",
                  path="/_control/fail")
        envelope = ('<e:Envelope xmlns:e="%s"><e:Body>%s</e:Body></e:Envelope>'
                    % (sap_erp.SOAP12, CUSTOMER))
        status, body = self.post(envelope, "application/soap+xml")
        self.assertEqual(status, 500)
        self.assertIn("env:Receiver", body)


if __name__ == "__main__":
    unittest.main()
