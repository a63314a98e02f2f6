// The sample events (tests/samples) mapped to Tryton values, with reference data from a
// scripted Tryton.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>
#include <sstream>

#include "fake_tryton.hpp"
#include "party_mapper.hpp"
#include "reference_data.hpp"
#include "sale_mapper.hpp"

namespace erpbridge::tryton {
namespace {

namespace json = boost::json;

json::object sample_data(const std::string& name) {
  std::ifstream in(std::string(TRYTON_SAMPLES_DIR) + "/" + name + ".json");
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str()).at("data").as_object();
}

// Knows country IN (id 2) and subdivision IN-MH (id 7).
struct Fixture {
  testing::FakeTryton fake{
      [](const std::string& method, const json::array& params, const std::string&) {
        if (method == "common.db.login") return testing::result(json::array{1, "k"});
        const auto code = params.at(0).at(0).at(2);
        if (method == "model.country.country.search_read" && code == "IN")
          return testing::result(json::array{json::object{{"id", 2}}});
        if (method == "model.country.subdivision.search_read" && code == "IN-MH")
          return testing::result(json::array{json::object{{"id", 7}}});
        return testing::result(json::array{});
      }};
  TrytonSettings settings = [] {
    TrytonSettings s;
    s.database = "erp";
    return s;
  }();
  Session session{fake.host(), LoginSettings{"/erp/", "erp", "admin", "pw", "en", 0}};
  JsonRpcClient rpc{fake.host(), session, "/erp/", json::object{{"company", 1}}, 0};
  ReferenceData reference{rpc, settings};
};

TEST(PartyMapperTest, SampleCustomerBecomesAPartyWithContactsAndAddress) {
  Fixture f;
  const auto data = sample_data("customer.created");
  auto values = party_values(party_draft(sdk::CustomerView(data), "CU-"), f.reference);
  ASSERT_TRUE(values) << values.failure().message;
  EXPECT_EQ(json::serialize(*values),
            R"({"name":"Asha Rao","code":"CU-cu_1001","contact_mechanisms":[["create",[)"
            R"({"type":"email","value":"asha.rao@example.com"},)"
            R"({"type":"phone","value":"+919800000001"}]]],"addresses":[["create",[)"
            R"({"street":"12 MG Road\nFlat 4B","postal_code":"411001","city":"Pune",)"
            R"("country":2,"subdivision":7}]]]})");
}

TEST(PartyMapperTest, CountriesAreLookedUpOncePerConnector) {
  Fixture f;
  const auto data = sample_data("customer.created");
  const auto draft = party_draft(sdk::CustomerView(data), "");
  ASSERT_TRUE(party_values(draft, f.reference));
  ASSERT_TRUE(party_values(draft, f.reference));
  EXPECT_EQ(f.fake.count("model.country.country.search_read"), 1);
  EXPECT_EQ(f.fake.count("model.country.subdivision.search_read"), 1);
}

TEST(PartyMapperTest, UnknownCountryIsPermanentAndNamesTheCode) {
  Fixture f;
  auto data = sample_data("customer.created");
  data["addresses"].as_array()[0].as_object()["country"] = "ZZ";
  auto values = party_values(party_draft(sdk::CustomerView(data), ""), f.reference);
  ASSERT_FALSE(values);
  EXPECT_EQ(values.failure().result_class, ResultClass::permanent);
  EXPECT_NE(values.failure().message.find("country 'ZZ' is not in Tryton"), std::string::npos);
}

TEST(PartyMapperTest, CountryNamesMapThroughTheSettings) {
  Fixture f;
  f.settings.country_codes["India"] = "IN";
  auto data = sample_data("customer.created");
  data["addresses"].as_array()[0].as_object()["country"] = "India";
  auto values = party_values(party_draft(sdk::CustomerView(data), ""), f.reference);
  ASSERT_TRUE(values) << values.failure().message;
}

TEST(SaleMapperTest, SampleOrderBecomesASaleWithDecimalPricesAndSequencedLines) {
  const auto data = sample_data("order.created");
  auto draft = sale_draft(sdk::OrderView(data));
  ASSERT_TRUE(draft) << draft.failure().message;
  ASSERT_EQ(draft->lines.size(), 2u);
  EXPECT_EQ(draft->lines[0].unit_price.to_string(), "474.00");  // 499.00 less 50.00 over 2
  EXPECT_EQ(draft->lines[1].unit_price.to_string(), "299.00");

  SaleRefs refs;
  refs.party = 5;
  refs.invoice_address = 6;
  refs.shipment_address = 6;
  refs.currency = 2;
  refs.products = {{"TSHIRT-BLU-M", Product{11, 1, true}}, {"MUG-CER-350", Product{12, 1, true}}};
  auto values = sale_values(*draft, refs);
  EXPECT_EQ(values.at("reference"), "ORD-5001");
  EXPECT_EQ(values.at("description"), "Order #5001");
  EXPECT_EQ(json::serialize(values.at("sale_date")),
            R"({"__class__":"date","year":2026,"month":11,"day":20})");
  EXPECT_EQ(values.at("currency"), 2);
  EXPECT_NE(values.at("comment").as_string().find("razorpay"), std::string::npos);
  EXPECT_EQ(json::serialize(values.at("lines")),
            R"([["create",[{"type":"line","sequence":1,"product":11,"quantity":2,"unit":1,)"
            R"("unit_price":{"__class__":"Decimal","decimal":"474.00"},)"
            R"("description":"Cotton T-shirt, blue, M"},)"
            R"({"type":"line","sequence":2,"product":12,"quantity":1,"unit":1,)"
            R"("unit_price":{"__class__":"Decimal","decimal":"299.00"},)"
            R"("description":"Ceramic mug 350 ml"}]]])");
}

TEST(SaleMapperTest, ShippingBecomesALineWhenAShippingProductIsSet) {
  const auto data = sample_data("order.created");
  auto draft = sale_draft(sdk::OrderView(data));
  ASSERT_TRUE(draft) << draft.failure().message;
  SaleRefs refs;
  refs.products = {{"TSHIRT-BLU-M", Product{11, 1, true}}, {"MUG-CER-350", Product{12, 1, true}}};
  refs.shipping_product = Product{13, 1, true};
  refs.unit = 4;
  auto lines = sale_values(*draft, refs).at("lines").at(0).at(1).as_array();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].at("unit"), 4);
  EXPECT_EQ(lines[2].at("sequence"), 3);
  EXPECT_EQ(lines[2].at("product"), 13);
  EXPECT_EQ(json::serialize(lines[2].at("unit_price")),
            R"({"__class__":"Decimal","decimal":"60.00"})");
}

// Malformed lines (money as a float, a zero quantity, no items) never reach the mapper:
// core/events refuses them (EventParsing tests). These limits are Tryton's own.
TEST(SaleMapperTest, QuantityTrytonCannotCountIsInvalidAndNamed) {
  auto data = sample_data("order.created");
  data["items"].as_array()[1].as_object()["quantity"] = 1'000'000'000;
  auto draft = sale_draft(sdk::OrderView(data));
  ASSERT_FALSE(draft);
  EXPECT_EQ(draft.failure().result_class, ResultClass::invalid);
  EXPECT_NE(draft.failure().message.find("data.items[1].quantity"), std::string::npos);
}

TEST(SaleMapperTest, PriceWithMoreDigitsThanTrytonHoldsIsInvalidAndNamed) {
  auto data = sample_data("order.created");
  data["items"].as_array()[0].as_object()["unit_price"] = "123456789012345678.50";
  auto draft = sale_draft(sdk::OrderView(data));
  ASSERT_FALSE(draft);
  EXPECT_NE(draft.failure().message.find("data.items[0].unit_price"), std::string::npos);
}

}  // namespace
}  // namespace erpbridge::tryton
