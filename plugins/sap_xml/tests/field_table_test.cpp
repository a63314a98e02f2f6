// The field lengths the adapter enforces (sap_format.cpp) agree with the README's "Field
// limits" table, row for row, and with the maxLength of the XSDs written from SAP's segment
// definitions (tests/peers/sap_erp/xsd).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <utility>

#include <erpbridge/xml.hpp>

#include "sap_format.hpp"

namespace erpbridge::sap_xml {
namespace {

using sdk::XmlDocument;
using Key = std::pair<std::string, std::string>;  // segment, field

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Rows "| `E1EDKA1` | `PSTLZ` | 9 | ..." of the README section "### Field limits".
std::map<Key, std::size_t> readme_limits() {
  const std::string readme = file_text(SAP_XML_README);
  const auto start = readme.find("### Field limits");
  const auto end = readme.find("\n#", start + 1);
  const std::string section = readme.substr(start, end - start);
  std::map<Key, std::size_t> out;
  const std::regex row(R"(\n\| `(\w+)` \| `(\w+)` \| (\d+) \|)");
  for (std::sregex_iterator it(section.begin(), section.end(), row), stop; it != stop; ++it)
    out[{(*it)[1].str(), (*it)[2].str()}] = std::stoul((*it)[3].str());
  return out;
}

std::map<Key, std::size_t> code_limits() {
  std::map<Key, std::size_t> out;
  for (const auto& limit : field_limits())
    out[{std::string(limit.segment), std::string(limit.field)}] = limit.length;
  return out;
}

TEST(FieldTable, ReadmeListsExactlyTheLimitsTheCodeEnforces) {
  const auto documented = readme_limits();
  ASSERT_FALSE(documented.empty()) << "no \"### Field limits\" rows in " << SAP_XML_README;
  const auto enforced = code_limits();
  for (const auto& [key, length] : enforced) {
    auto found = documented.find(key);
    if (found == documented.end())
      ADD_FAILURE() << key.first << "/" << key.second << " is enforced but not documented";
    else
      EXPECT_EQ(found->second, length) << key.first << "/" << key.second;
  }
  for (const auto& [key, length] : documented)
    EXPECT_TRUE(enforced.count(key))
        << key.first << "/" << key.second << " is documented but not enforced";
}

TEST(FieldTable, CodeLimitsAreTheMaxLengthsOfSapsSegmentDefinitions) {
  struct Schema {
    const char* file;
    const char* type_prefix;  // complexType names are "<basic type>.<segment>"
  };
  const std::vector<Schema> schemas = {{"DEBMAS06.xsd", "DEBMAS06"},
                                       {"DEBMAS07.xsd", "DEBMAS07"},
                                       {"ORDERS05.xsd", "ORDERS05"},
                                       {"ORDCHG.xsd", "ORDERS05"}};
  std::vector<XmlDocument> docs;
  for (const auto& s : schemas) {
    auto doc = XmlDocument::parse(file_text(std::string(SAP_ERP_XSD_DIR) + "/" + s.file));
    ASSERT_TRUE(doc) << s.file;
    docs.push_back(*doc);
  }
  for (const auto& limit : field_limits()) {
    int checked = 0;
    for (std::size_t i = 0; i < schemas.size(); ++i) {
      const std::string element =
          "//*[local-name()='complexType'][@name='" + std::string(schemas[i].type_prefix) + "." +
          std::string(limit.segment) + "']//*[local-name()='element'][@name='" +
          std::string(limit.field) + "']";
      if (!docs[i].text_at("count(" + element + ")").has_value() ||
          *docs[i].text_at("count(" + element + ")") == "0")
        continue;
      ++checked;
      const auto max_length = docs[i].text_at(element + "//*[local-name()='maxLength']/@value");
      if (!max_length) {
        // IDOCTYP and MESTYP are fixed values there: no length to compare.
        EXPECT_TRUE(docs[i].text_at(element + "/@fixed"))
            << limit.segment << "/" << limit.field << " in " << schemas[i].file;
        continue;
      }
      EXPECT_EQ(*max_length, std::to_string(limit.length))
          << limit.segment << "/" << limit.field << " in " << schemas[i].file;
    }
    EXPECT_GT(checked, 0) << limit.segment << "/" << limit.field << " is in no schema";
  }
}

}  // namespace
}  // namespace erpbridge::sap_xml
