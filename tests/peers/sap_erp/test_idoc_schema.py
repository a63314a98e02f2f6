"""Self-test of the IDoc schemas and their validator: the XSDs written from SAP's segment
definitions accept SAP-shaped documents and refuse the documented mistakes."""

import os
import re
import tempfile
import unittest

import idoc_schema
from idoc_samples import change, customer, idoc, item, order, parse, seg

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = idoc_schema.Schemas(os.path.join(HERE, "xsd"))


class SchemaTest(unittest.TestCase):
    """The XSDs accept SAP-shaped documents and refuse the documented mistakes."""

    def errors(self, document):
        root = parse(document)
        control = root.find("IDOC/EDI_DC40")
        schema = SCHEMAS.find(root.tag, control.findtext("MESTYP"))
        self.assertIsNotNone(schema)
        return schema.validate(root)

    def test_each_schema_accepts_a_correct_document(self):
        documents = {"DEBMAS07.xsd": customer(), "DEBMAS06.xsd": customer(idoctyp="DEBMAS06"),
                     "ORDERS05.xsd": order("0000100001"),
                     "ORDCHG.xsd": change(item("000010", "1", None, "002"), sap_number="4500000001")}
        self.assertEqual(sorted(os.path.basename(s.path) for s in SCHEMAS.by_key.values()),
                         sorted(documents))
        for name, document in documents.items():
            self.assertEqual(self.errors(document), [], name)

    def test_wrong_field_order_is_refused(self):
        for document in (customer(stceg_first=True), customer(idoctyp="DEBMAS06", stceg_first=True)):
            errors = self.errors(document)
            self.assertTrue(any("STRAS comes after STCEG" in e for e in errors), errors)
        swapped = seg("E1EDP01", [("MENGE", "1"), ("POSEX", "000010")])
        for document in (order("0000100001", swapped), change(swapped, sap_number="4500000001")):
            errors = self.errors(document)
            self.assertTrue(any("POSEX comes after MENGE" in e for e in errors), errors)

    def test_segment_order_is_refused(self):
        document = order("0000100001").replace(
            seg("E1EDS01", [("SUMID", "002"), ("SUMME", "1297.00"), ("WAERQ", "INR")]), "")
        moved = document.replace("<E1EDK01", seg("E1EDS01", [("SUMID", "002")]) + "<E1EDK01", 1)
        errors = self.errors(moved)
        self.assertTrue(any("E1EDK01 comes after E1EDS01" in e for e in errors), errors)

    def test_overlong_field_is_refused(self):
        zip4 = order("0000100001").replace("<PSTLZ>411001</PSTLZ>", "<PSTLZ>94105-1234</PSTLZ>")
        for document in (zip4, zip4.replace("<MESTYP>ORDERS</MESTYP>", "<MESTYP>ORDCHG</MESTYP>")):
            errors = self.errors(document)
            self.assertIn("ORDERS05/IDOC/E1EDKA1[2]/PSTLZ: value '94105-1234' is longer than 9 "
                          "characters", errors)
        self.assertEqual(self.errors(zip4.replace("94105-1234", "941051234")), [])
        long_name = "A" * 36
        for idoctyp in ("DEBMAS06", "DEBMAS07"):
            errors = self.errors(customer(long_name, idoctyp=idoctyp))
            self.assertTrue(any("NAME1: value '%s' is longer than 35" % long_name in e
                                for e in errors), errors)

    def test_length_counts_characters_not_bytes(self):
        name = "Ääkkönen Šťastný Ōtsuka Ğüleryüz őő"  # 35 characters, 47 bytes in UTF-8
        self.assertEqual((len(name), len(name.encode("utf-8"))), (35, 47))
        self.assertEqual(self.errors(customer(name)), [])
        self.assertTrue(self.errors(customer(name + "x")))

    def test_missing_required_segment_is_refused(self):
        no_header = order("0000100001").replace(seg("E1EDK01", [("CURCY", "INR")]), "")
        self.assertIn("ORDERS05/IDOC: required segment E1EDK01 is missing", self.errors(no_header))
        no_header = change(item("000010", "1", None, "002"), sap_number="4500000001").replace(
            seg("E1EDK01"), "")
        self.assertIn("ORDERS05/IDOC: required segment E1EDK01 is missing", self.errors(no_header))
        for idoctyp in ("DEBMAS06", "DEBMAS07"):
            errors = self.errors(idoc(idoctyp, "DEBMAS", ""))
            self.assertIn("%s/IDOC: required segment E1KNA1M is missing" % idoctyp, errors)

    def test_missing_control_field_and_attributes_are_refused(self):
        document = customer().replace("<SNDPOR>SHOPPORT</SNDPOR>", "")
        self.assertIn("DEBMAS07/IDOC/EDI_DC40: required field SNDPOR is missing",
                      self.errors(document))
        self.assertIn("DEBMAS07/IDOC has no attribute BEGIN",
                      self.errors(idoc("DEBMAS07", "DEBMAS", seg("E1KNA1M"), begin=False)))
        errors = self.errors(customer().replace('<E1KNVVM SEGMENT="1">', "<E1KNVVM>"))
        self.assertIn("DEBMAS07/IDOC/E1KNA1M/E1KNVVM has no attribute SEGMENT", errors)
        errors = self.errors(customer().replace("<IDOCTYP>DEBMAS07</IDOCTYP>",
                                                "<IDOCTYP>DEBMAS06</IDOCTYP>"))
        self.assertIn("DEBMAS07/IDOC/EDI_DC40/IDOCTYP must be 'DEBMAS07', not 'DEBMAS06'", errors)

    def test_field_sap_does_not_define_is_refused(self):
        document = customer().replace("<STCEG>", "<SMTP_ADDR>a@example.com</SMTP_ADDR><STCEG>", 1)
        errors = self.errors(document)
        self.assertTrue(any("SMTP_ADDR is not defined in E1KNA1M" in e for e in errors), errors)

    def test_occurrences_are_counted(self):
        twice = order("0000100001").replace("<E1EDK14", seg("E1EDK01") + "<E1EDK14", 1)
        self.assertIn("ORDERS05/IDOC/E1EDK01[2]: E1EDK01 occurs more than 1 times", self.errors(twice))
        many = "".join(seg("E1EDK02", [("QUALF", "001"), ("BELNR", str(i))]) for i in range(11))
        document = order("0000100001", po="").replace("<E1EDP01", many + "<E1EDP01", 1)
        self.assertIn("ORDERS05/IDOC/E1EDK02[11]: E1EDK02 occurs more than 10 times",
                      self.errors(document))

    def test_unsupported_xsd_is_refused_when_loaded(self):
        with tempfile.TemporaryDirectory() as directory:
            with open(os.path.join(directory, "X.xsd"), "w") as f:
                f.write('<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"><xsd:element '
                        'name="X"><xsd:complexType><xsd:choice/></xsd:complexType></xsd:element>'
                        '</xsd:schema>')
            with self.assertRaises(idoc_schema.SchemaError):
                idoc_schema.Schemas(directory)

    def test_readme_field_table_matches_the_schemas(self):
        limits = SCHEMAS.field_limits()
        with open(os.path.join(HERE, "xsd", "README.md"), encoding="utf-8") as readme:
            rows = [line for line in readme
                    if re.match(r"\| (EDI_DC40|E1\w+) \| \w+ \| \d+ \|", line)]
        self.assertGreater(len(rows), 60)
        for row in rows:
            segment, field, length = [c.strip() for c in row.split("|")[1:4]]
            found = {k[0]: v for k, v in limits.items() if k[1] == segment and k[2] == field}
            self.assertTrue(found, "%s/%s is in no schema" % (segment, field))
            for schema, limit in found.items():
                self.assertEqual(limit, int(length), "%s %s/%s" % (schema, segment, field))


if __name__ == "__main__":
    unittest.main()
