// The plugin entry of hello_adapter.so. The SDK reads the optional operations off the class
// (lookup, because HelloConnector overrides it).
#include "hello_connector.hpp"

ERPBRIDGE_DECLARE_CONNECTOR(hello::HelloConnector, "hello", "0.2.0", "example adapter from the SDK")
