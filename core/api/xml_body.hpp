// Commerceup may send a facade body as XML. The convention (docs/http-api.yaml, "XML bodies"):
//  - the root element may have any name (<customer>, <order>, <data>); its children are the
//    keys of the `data` object, nested elements are nested objects;
//  - a list is a wrapper whose children all have its singular name: <items><item>..</item>
//    </items>, <addresses><address>, <lines><line>, <discounts><discount>;
//  - values are strings, except the known integer field `quantity` and the known booleans
//    `prices_include_tax` and `restock`; an empty element or xsi:nil="true" is null;
//  - attributes other than xsi:nil, comments and processing instructions are ignored;
//  - a DOCTYPE or entity declaration is refused before parsing (no entity expansion, no
//    external fetches), as is mixed text and elements, and a repeated element outside a list.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace erpbridge::api {

// The body as a JSON object, or nullopt with a one-line `error` (with the XML line number
// when the parser knows it).
std::optional<boost::json::object> xml_to_json(std::string_view xml, std::string& error);

// The reverse, for replies: <root>...</root> with an XML declaration. Arrays become wrappers
// of singular children (lines -> line, addresses -> address, anything else -> item).
std::string json_to_xml(const std::string& root, const boost::json::object& body);

}  // namespace erpbridge::api
