// The Commerceup facade end to end: /createcustomer, /createorder, /cancelorder, /returnorder
// with each auth style, in JSON and in XML, answered synchronously with the ERP's ids.
#include <boost/json.hpp>

#include "api/url_encoding.hpp"
#include "serve_fixture.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;

// The XML body convention of docs/http-api.yaml, written independently of the server's code.
void write_xml(std::string& out, const std::string& name, const json::value& v) {
  if (v.is_null()) {
    out += "<" + name + "/>";
    return;
  }
  out += "<" + name + ">";
  if (v.is_object()) {
    for (const auto& [key, child] : v.as_object()) write_xml(out, std::string(key), child);
  } else if (v.is_array()) {
    const std::string item = name == "addresses" ? "address" : name.substr(0, name.size() - 1);
    for (const auto& child : v.as_array()) write_xml(out, item, child);
  } else if (v.is_string()) {
    for (char c : v.as_string()) out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : std::string(1, c);
  } else {
    out += json::serialize(v);
  }
  out += "</" + name + ">";
}

std::string to_xml(const std::string& root, const json::object& data) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  write_xml(out, root, data);
  return out;
}

// The text of <name> in an XML reply.
std::string xml_field(const std::string& xml, const std::string& name) {
  const std::string open = "<" + name + ">";
  const std::size_t start = xml.find(open);
  if (start == std::string::npos) return "";
  const std::size_t end = xml.find("</" + name + ">", start);
  return xml.substr(start + open.size(), end - start - open.size());
}

enum class Auth { basic, headers, bearer };
enum class Format { json, xml };

struct Style {
  Auth auth;
  Format format;
};

std::string name_of(const Style& style) {
  const char* auth = style.auth == Auth::basic     ? "Basic"
                     : style.auth == Auth::headers ? "UsernamePasswordHeaders"
                                                   : "Bearer";
  return std::string(auth) + (style.format == Format::json ? "Json" : "Xml");
}

// Readable names in test output and in ctest.
void PrintTo(const Style& style, std::ostream* out) {
  *out << name_of(style);
}

std::string style_name(const ::testing::TestParamInfo<Style>& info) {
  return name_of(info.param);
}

class FacadeTest : public ServeTest, public ::testing::WithParamInterface<Style> {
 protected:
  HeaderList auth() const {
    switch (GetParam().auth) {
      case Auth::basic:
        return basic_auth();
      case Auth::headers:
        return header_auth();
      case Auth::bearer:
        return bearer_auth();
    }
    return {};
  }

  // Posts a sample's data in the parameter's format; returns status and the reply's fields.
  std::pair<int, std::map<std::string, std::string>> call(const std::string& path,
                                                          const std::string& sample_name,
                                                          const std::string& root) {
    std::map<std::string, std::string> fields;
    if (GetParam().format == Format::json) {
      HttpReply r = post_json(path, data(sample_name), auth());
      EXPECT_EQ(r.header("content-type").rfind("application/json", 0), 0u) << r.body;
      for (const auto& [k, v] : r.json())
        if (v.is_string()) fields[k] = v.as_string();
      return {r.status, fields};
    }
    HttpReply r = post_xml(path, to_xml(root, data(sample_name)), auth());
    EXPECT_EQ(r.header("content-type").rfind("application/xml", 0), 0u) << r.body;
    EXPECT_NE(r.body.find("<response>"), std::string::npos) << r.body;
    for (const char* k : {"status", "customerId", "orderId", "message"})
      if (auto v = xml_field(r.body, k); !v.empty()) fields[k] = v;
    return {r.status, fields};
  }
};

TEST_P(FacadeTest, CreatesCustomerAndOrderWithErpIdsAndCancelsAndReturnsThem) {
  auto [customer_status, customer] = call("/createcustomer", "customer.created", "customer");
  ASSERT_EQ(customer_status, 200) << customer["message"];
  EXPECT_EQ(customer["status"], "success");
  const std::string customer_id = customer["customerId"];
  ASSERT_FALSE(customer_id.empty());
  EXPECT_TRUE(erp_->state().at("customers").as_object().contains(customer_id));

  auto [order_status, order] = call("/createorder", "order.created", "order");
  ASSERT_EQ(order_status, 200) << order["message"];
  EXPECT_EQ(order["status"], "success");
  const std::string order_id = order["orderId"];
  ASSERT_FALSE(order_id.empty());
  const json::value erp_order = erp_->state().at("orders").at(order_id);
  EXPECT_EQ(erp_order.at("customerId").as_string(), customer_id);

  auto [cancel_status, cancel] = call("/cancelorder", "order.cancelled", "cancel");
  ASSERT_EQ(cancel_status, 200) << cancel["message"];
  EXPECT_EQ(cancel["status"], "success");

  auto [return_status, returned] = call("/returnorder", "order.returned", "return");
  ASSERT_EQ(return_status, 200) << returned["message"];
  EXPECT_EQ(returned["status"], "success");
  EXPECT_EQ(erp_->requests_to("/returnorder").size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    AuthStylesAndFormats, FacadeTest,
    ::testing::Values(Style{Auth::basic, Format::json}, Style{Auth::headers, Format::json},
                      Style{Auth::bearer, Format::json}, Style{Auth::basic, Format::xml},
                      Style{Auth::headers, Format::xml}, Style{Auth::bearer, Format::xml}),
    style_name);

using FacadeRepeatTest = ServeTest;

TEST_F(FacadeRepeatTest, RepeatedCallsGetTheFirstAnswerAndTheErpSeesOneRequest) {
  HttpReply first = post_json("/createcustomer", data("customer.created"), bearer_auth());
  ASSERT_EQ(first.status, 200) << first.body;
  HttpReply again = post_json("/createcustomer", data("customer.created"), basic_auth());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("customerId"), first.json().at("customerId"));

  HttpReply order = post_json("/createorder", data("order.created"), bearer_auth());
  ASSERT_EQ(order.status, 200) << order.body;
  HttpReply order_again = post_json("/createorder", data("order.created"), bearer_auth());
  EXPECT_EQ(order_again.json().at("orderId"), order.json().at("orderId"));

  EXPECT_EQ(erp_->requests_to("/createcustomer").size(), 1u);
  EXPECT_EQ(erp_->requests_to("/createorder").size(), 1u);
  EXPECT_EQ(erp_customers_with("cu_1001"), 1);
  EXPECT_EQ(erp_orders_with("ORD-5001"), 1);
}

TEST_F(FacadeRepeatTest, GetWithUrlEncodedDataCreatesTheCustomer) {
  const std::string query =
      "?data=" + api::percent_encode_segment(json::serialize(data("customer.created")));
  HttpReply r = http("GET", "/createcustomer" + query, "", header_auth());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "success");
  // The phone number's '+' survived the query string.
  const json::value customer =
      erp_->state().at("customers").at(r.json().at("customerId").as_string());
  EXPECT_EQ(customer.at("phone").as_string(), "+919800000001");
}

TEST_F(FacadeRepeatTest, GetWithABodyCreatesTheCustomer) {
  HttpReply r =
      http("GET", "/createcustomer", json::serialize(data("customer.created")), bearer_auth());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json().at("customerId").as_string().empty());
}

TEST_F(FacadeRepeatTest, ErpRefusalIs422WithTheErpsMessageAndRepeatsTheSame) {
  erp_->fail_next({{"path", "/createcustomer"},
                   {"mode", "status"},
                   {"status", 200},
                   {"body", R"({"status":"failure","message":"duplicate email"})"}});
  HttpReply r = post_json("/createcustomer", data("customer.created"), bearer_auth());
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("status"), "error");
  EXPECT_NE(r.body.find("duplicate email"), std::string::npos) << r.body;
  EXPECT_EQ(r.json().at("error").at("code"), "erp_rejected");

  HttpReply again = post_json("/createcustomer", data("customer.created"), bearer_auth());
  EXPECT_EQ(again.status, 422);
  EXPECT_NE(again.body.find("duplicate email"), std::string::npos);
  EXPECT_EQ(erp_->requests_to("/createcustomer").size(), 1u);
}

TEST_F(FacadeRepeatTest, SlowErpGetsPendingThenTheRepeatGetsTheFinalAnswer) {
  ServeSettings quick;
  quick.request_timeout_ms = 1000;
  restart_serve(quick);
  erp_->fail_next({{"path", "/createcustomer"}, {"mode", "delay"}, {"delay_ms", 2500}});
  HttpReply pending = post_json("/createcustomer", data("customer.created"), bearer_auth());
  ASSERT_EQ(pending.status, 202) << pending.body;
  EXPECT_EQ(pending.json().at("status"), "pending");
  const std::string status_url(pending.json().at("status_url").as_string());
  EXPECT_EQ(status_url, "/v1/events/customer.created:cu_1001");

  HttpReply done;
  ASSERT_TRUE(eventually([&] {
    done = post_json("/createcustomer", data("customer.created"), bearer_auth());
    return done.status == 200;
  })) << done.body;
  EXPECT_FALSE(done.json().at("customerId").as_string().empty());
  EXPECT_EQ(http("GET", status_url, "", bearer_auth()).json().at("state"), "delivered");
  EXPECT_EQ(erp_->requests_to("/createcustomer").size(), 1u);
}

}  // namespace
}  // namespace erpbridge::testing
