"""IDoc documents for the self-tests, in SAP's shape: DEBMAS06/07, ORDERS05 (ORDERS and ORDCHG)."""

import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape


def seg(name, fields=(), inner=""):
    return '<%s SEGMENT="1">%s%s</%s>' % (
        name, "".join("<%s>%s</%s>" % (f, escape(v), f) for f, v in fields), inner, name)


def idoc(idoctyp, mestyp, segments, key="", begin=True):
    control = seg("EDI_DC40", [("TABNAM", "EDI_DC40"), ("MANDT", "100"), ("DIRECT", "2"),
                               ("IDOCTYP", idoctyp), ("MESTYP", mestyp), ("SNDPOR", "SHOPPORT"),
                               ("SNDPRT", "LS"), ("SNDPRN", "SHOP"), ("RCVPOR", "SAPERP"),
                               ("RCVPRT", "LS"), ("RCVPRN", "ERPCLNT100")]
                  + ([("ARCKEY", key)] if key else []))
    return "<%s><IDOC%s>%s%s</IDOC></%s>" % (idoctyp, ' BEGIN="1"' if begin else "", control,
                                             segments, idoctyp)


def customer(name="Asha Rao", idoctyp="DEBMAS07", key="", sales_area=True, language=True,
             vat="27AAPFU0939F1ZV", email="asha.rao@example.com", stceg_first=False):
    general = [("MSGFN", "009"), ("KTOKD", "KUNA"), ("LAND1", "IN"), ("NAME1", name),
               ("ORT01", "Pune"), ("PSTLZ", "411001"), ("REGIO", "13")]
    if language:
        general.append(("SPRAS", "E"))
    tail = [("STRAS", "12 MG Road"), ("TELF1", "+919800000001"), ("STCEG", vat)]
    if stceg_first:
        tail = [("STCEG", vat), ("STRAS", "12 MG Road"), ("TELF1", "+919800000001")]
    inner = ""
    if sales_area:
        inner += seg("E1KNVVM", [("MSGFN", "009"), ("VKORG", "1000"), ("VTWEG", "10"),
                                 ("SPART", "00"), ("KALKS", "1"), ("WAERS", "INR")],
                     seg("E1KNVPM", [("MSGFN", "009"), ("PARVW", "AG")]))
    inner += seg("E1KNB1M", [("MSGFN", "009"), ("BUKRS", "1000"), ("AKONT", "140000"),
                             ("SMTP_ADDR", email)])
    return idoc(idoctyp, "DEBMAS", seg("E1KNA1M", general + tail, inner), key)


def header(sold_to, order_type=None, area=("1000", "10", "00"), po="ORD-5001", extra_refs=()):
    out = seg("E1EDK01", [("CURCY", "INR")])
    if area:
        for qualifier, value in zip(("008", "007", "006"), area):
            out += seg("E1EDK14", [("QUALF", qualifier), ("ORGID", value)])
    if order_type:
        out += seg("E1EDK14", [("QUALF", "012"), ("ORGID", order_type)])
    out += seg("E1EDK03", [("IDDAT", "012"), ("DATUM", "20261120")])
    if sold_to:
        out += seg("E1EDKA1", [("PARVW", "AG"), ("PARTN", sold_to)])
    out += seg("E1EDKA1", [("PARVW", "WE"), ("NAME1", "Asha Rao"), ("STRAS", "12 MG Road"),
                           ("STRS2", "Flat 4B"), ("ORT01", "Pune"), ("PSTLZ", "411001"),
                           ("LAND1", "IN")])
    if po:
        out += seg("E1EDK02", [("QUALF", "001"), ("BELNR", po)])
    for qualifier, number in extra_refs:
        out += seg("E1EDK02", [("QUALF", qualifier), ("BELNR", number)])
    return out


def item(posex, menge, sku="TSHIRT-BLU-M", action=None, qualf="002", refs=()):
    fields = [("POSEX", posex)] + ([("ACTION", action)] if action else []) + [
        ("MENGE", menge), ("MENEE", "PCE"), ("VPREI", "499.00")]
    inner = "".join(seg("E1EDP02", [("QUALF", q), ("BELNR", b), ("ZEILE", z)]) for q, b, z in refs)
    if sku:
        inner += seg("E1EDP19", [("QUALF", qualf), ("IDTNR", sku)])
    return seg("E1EDP01", fields, inner)


def order(sold_to, items=None, key="", **kw):
    items = items if items is not None else item("000010", "2") + item(
        "000020", "1", "MUG-CER-350")
    return idoc("ORDERS05", "ORDERS", header(sold_to, **kw) + items +
                seg("E1EDS01", [("SUMID", "002"), ("SUMME", "1297.00"), ("WAERQ", "INR")]), key)


def change(items="", header_action="", sap_number="", po="", sold_to="0000100001"):
    out = seg("E1EDK01", [("ACTION", header_action)] if header_action else [])
    if sold_to:
        out += seg("E1EDKA1", [("PARVW", "AG"), ("PARTN", sold_to)])
    if po:
        out += seg("E1EDK02", [("QUALF", "001"), ("BELNR", po)])
    if sap_number:
        out += seg("E1EDK02", [("QUALF", "002"), ("BELNR", sap_number)])
    return idoc("ORDERS05", "ORDCHG", out + items)


def parse(xml_text):
    return ET.fromstring(xml_text)
