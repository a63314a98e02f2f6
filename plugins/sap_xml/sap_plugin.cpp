// The plugin entry point of sap_xml.so; everything else lives in erpbridge_sap_xml_core.
#include <erpbridge/connector.hpp>

#include "sap_adapter.hpp"

ERPBRIDGE_DECLARE_CONNECTOR(erpbridge::sap_xml::SapXmlConnector, "sap_xml", "1.0.0",
                            "SAP-like IDoc XML (DEBMAS, ORDERS05, ORDCHG) over HTTP or SOAP")
