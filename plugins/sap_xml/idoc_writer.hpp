// Writes IDoc XML segment by segment, applying SAP's field length limits as it goes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sap_settings.hpp"

namespace erpbridge::sap_xml {

class IdocWriter {
 public:
  explicit IdocWriter(OverflowPolicy policy) : policy_(policy) {}
  // Opens an element; `segment` adds SEGMENT="1", as SAP's IDoc XML does for every segment.
  void open(std::string_view name, bool segment = true);
  void open_with(std::string_view name, std::string_view attribute, std::string_view value);
  void close();
  // Writes <name>value</name> inside the open segment; an empty value writes nothing. Values
  // longer than the field's limit are truncated or refused (sdk::ConnectorError invalid).
  void field(std::string_view name, std::string_view value);
  // The root element and its content, without an XML declaration; all elements must be closed.
  std::string finish();

 private:
  OverflowPolicy policy_;
  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace erpbridge::sap_xml
