#include "idoc_writer.hpp"

#include <erpbridge/xml_text.hpp>

#include <stdexcept>

#include "sap_format.hpp"

namespace erpbridge::sap_xml {

void IdocWriter::open(std::string_view name, bool segment) {
  if (segment)
    open_with(name, "SEGMENT", "1");
  else
    open_with(name, "", "");
}

void IdocWriter::open_with(std::string_view name, std::string_view attribute,
                           std::string_view value) {
  out_ += '<';
  out_ += name;
  if (!attribute.empty()) {
    out_ += ' ';
    out_ += attribute;
    out_ += "=\"" + sdk::xml_escape(value, sdk::XmlPlace::attribute) + '"';
  }
  out_ += '>';
  open_.emplace_back(name);
}

void IdocWriter::close() {
  if (open_.empty()) throw std::logic_error("IdocWriter::close without an open element");
  out_ += "</" + open_.back() + '>';
  open_.pop_back();
}

void IdocWriter::field(std::string_view name, std::string_view value) {
  if (value.empty()) return;
  const std::string segment = open_.empty() ? std::string() : open_.back();
  out_ += '<';
  out_ += name;
  out_ += '>';
  out_ += sdk::xml_escape(fit(segment, name, value, policy_));
  out_ += "</";
  out_ += name;
  out_ += '>';
}

std::string IdocWriter::finish() {
  if (!open_.empty()) throw std::logic_error("IdocWriter::finish with open elements");
  return out_;
}

}  // namespace erpbridge::sap_xml
