// The example tenants in config/tenants/ load through the host's own config reader, and map the
// sample events to exactly what the sample ERP contract (tests/peers/sample_erp) expects.
#include <gtest/gtest.h>

#include <cstdlib>

#include "config/tenant_config.hpp"
#include "rest_test_support.hpp"

namespace erpbridge::rest {
namespace {

using namespace testing;

RestAdapter demo_adapter(const std::string& file) {
  ::setenv("DEMO_ERP_PORT", "18080", 1);
  ::setenv("DEMO_ERP_PASSWORD", "demo-erp-secret", 1);
  ::setenv("P8F3A21_INBOUND_PASSWORD", "demo-inbound-secret", 1);
  ::setenv("PXML001_INBOUND_PASSWORD", "demo-inbound-secret", 1);
  ::setenv("P8F3A21_INBOUND_TOKEN", "demo-inbound-token", 1);
  ::setenv("PXML001_INBOUND_TOKEN", "demo-inbound-token-xml", 1);
  ::setenv("DEMO_COMMERCEUP_PORT", "18081", 1);
  ::setenv("P8F3A21_COMMERCEUP_API_KEY", "demo-commerceup-key", 1);
  ::setenv("P8F3A21_ERP_PUSH_TOKEN", "demo-erp-push-token", 1);
  config::TenantConfig tenant =
      config::load_tenant_config(std::string(REST_TENANTS_DIR) + "/" + file);
  EXPECT_EQ(tenant.connector, "rest");
  return RestAdapter(tenant.settings.as_object());
}

sdk::HttpRequest request_for(const RestAdapter& adapter, const std::string& event_type,
                             bool as_lookup = false) {
  ScriptedErp erp(reply(200, "{}"));
  auto d = delivery(event_type, sample_refs());
  if (as_lookup)
    adapter.lookup(d, erp.sender());
  else
    adapter.deliver(d, erp.sender());
  EXPECT_EQ(erp.requests.size(), 1u);
  return erp.requests.empty() ? sdk::HttpRequest{} : erp.requests[0];
}

constexpr const char* kAddress =
    R"("city":"Pune","country":"IN","line1":"12 MG Road","line2":"Flat 4B","name":"Asha Rao",)"
    R"("phone":"+919800000001","pincode":"411001","state":"MH")";

TEST(DemoJsonTenant, CustomerMatchesTheSampleErpContract) {
  auto request = request_for(demo_adapter("demo-json.yaml"), "customer.created");
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/createcustomer");
  EXPECT_EQ(header_of(request, "Idempotency-Key"), "evt-key-1");
  EXPECT_EQ(request.body, std::string(R"({"customer":{"addresses":[{)") + kAddress +
                              R"(,"type":"billing"}],"email":"asha.rao@example.com",)"
                              R"("externalId":"cu_1001","firstName":"Asha","gstin":null,)"
                              R"("lastName":"Rao","phone":"+919800000001"}})");
}

TEST(DemoJsonTenant, OrderMatchesTheSampleErpContract) {
  auto request = request_for(demo_adapter("demo-json.yaml"), "order.created");
  EXPECT_EQ(request.target, "/createorder");
  EXPECT_EQ(request.body,
            std::string(R"({"order":{"billTo":{)") + kAddress +
                R"(},"currency":"INR","customerId":"C000001","externalId":"ORD-5001",)"
                R"("grandTotal":"1307.00","lines":[)"
                R"({"description":"Cotton T-shirt, blue, M","discount":"50.00","lineRef":"L1",)"
                R"("lineTotal":"948.00","quantity":2,"sku":"TSHIRT-BLU-M","taxAmount":"101.68",)"
                R"("unitPrice":"499.00"},)"
                R"({"description":"Ceramic mug 350 ml","discount":"0.00","lineRef":"L2",)"
                R"("lineTotal":"299.00","quantity":1,"sku":"MUG-CER-350","taxAmount":"45.61",)"
                R"("unitPrice":"299.00"}],"orderDate":"2026-11-20","orderNumber":"#5001",)"
                R"("paymentMethod":"PREPAID","shipTo":{)" +
                kAddress + R"(},"shippingAmount":"60.00"}})");
}

TEST(DemoJsonTenant, CancelAndReturnUseTheErpIds) {
  auto adapter = demo_adapter("demo-json.yaml");
  auto cancel = request_for(adapter, "order.cancelled");
  EXPECT_EQ(cancel.target, "/cancelorder");
  EXPECT_EQ(cancel.body, R"({"cancel":{"lines":[{"lineId":"SO000001-2","quantity":1}],)"
                         R"("orderId":"SO000001","reason":"customer","reference":"CX-1"}})");
  auto returned = request_for(adapter, "order.returned");
  EXPECT_EQ(returned.target, "/returnorder");
  EXPECT_EQ(
      returned.body,
      R"({"return":{"lines":[{"lineId":"SO000001-1","quantity":1,"reason":"size too small"}],)"
      R"("orderId":"SO000001","reference":"RT-1"}})");
}

TEST(DemoJsonTenant, FullCancellationSendsNoLines) {
  auto adapter = demo_adapter("demo-json.yaml");
  ScriptedErp erp(reply(200, R"({"status":"success","cancelled":true})"));
  auto d = delivery("order.cancelled", sample_refs());
  d.event["data"].as_object()["scope"] = "full";
  auto result = adapter.deliver(d, erp.sender());
  EXPECT_EQ(class_name(result.result_class), "ok");
  EXPECT_EQ(erp.requests.at(0).body,
            R"({"cancel":{"orderId":"SO000001","reason":"customer","reference":"CX-1"}})");
}

TEST(DemoJsonTenant, LookupsQueryByOurReference) {
  auto adapter = demo_adapter("demo-json.yaml");
  EXPECT_EQ(request_for(adapter, "customer.created", true).target, "/customers?externalId=cu_1001");
  auto order = request_for(adapter, "order.created", true);
  EXPECT_EQ(order.method, "GET");
  EXPECT_EQ(order.target, "/orders?externalId=ORD-5001");
}

TEST(DemoJsonTenant, ClassifiesTheSampleErpsReplies) {
  auto adapter = demo_adapter("demo-json.yaml");
  ScriptedErp created(reply(200, R"({"status":"success","orderId":"SO000001","lines":[
      {"lineRef":"L1","lineId":"SO000001-1"},{"lineRef":"L2","lineId":"SO000001-2"}]})"));
  auto ok = adapter.deliver(delivery("order.created", sample_refs()), created.sender());
  EXPECT_EQ(boost::json::serialize(ok.details.at("line_erp_ids")),
            R"({"L1":"SO000001-1","L2":"SO000001-2"})");
  ScriptedErp refused(
      reply(200, R"({"status":"failure","message":"order SO000001 is already cancelled"})"));
  auto failure = adapter.deliver(delivery("order.cancelled", sample_refs()), refused.sender());
  EXPECT_EQ(class_name(failure.result_class) + ": " + message_of(failure),
            "permanent: the ERP reported a failure: order SO000001 is already cancelled");
  ScriptedErp rejected(reply(
      422, R"({"status":"error","message":"order.customerId C00009 is not a known customer"})"));
  auto invalid = adapter.deliver(delivery("order.created", sample_refs()), rejected.sender());
  EXPECT_EQ(message_of(invalid),
            "ERP answered HTTP 422: order.customerId C00009 is not a known customer");
}

TEST(DemoXmlTenant, OrderMatchesTheSampleErpXmlContract) {
  auto request = request_for(demo_adapter("demo-xml.yaml"), "order.created");
  EXPECT_EQ(request.target, "/xml/createorder");
  EXPECT_EQ(header_of(request, "Content-Type"), "application/xml");
  std::string address =
      "<city>Pune</city><country>IN</country><line1>12 MG Road</line1><line2>Flat 4B</line2>"
      "<name>Asha Rao</name><phone>+919800000001</phone><pincode>411001</pincode><state>MH</state>";
  EXPECT_EQ(
      request.body,
      R"(<?xml version="1.0" encoding="UTF-8"?><order><billTo>)" + address +
          "</billTo><currency>INR</currency><customerId>C000001</customerId>"
          "<externalId>ORD-5001</externalId><grandTotal>1307.00</grandTotal><lines>"
          "<line><description>Cotton T-shirt, blue, M</description><discount>50.00</discount>"
          "<lineRef>L1</lineRef><lineTotal>948.00</lineTotal><quantity>2</quantity>"
          "<sku>TSHIRT-BLU-M</sku><taxAmount>101.68</taxAmount><unitPrice>499.00</unitPrice>"
          "</line><line><description>Ceramic mug 350 ml</description><discount>0.00</discount>"
          "<lineRef>L2</lineRef><lineTotal>299.00</lineTotal><quantity>1</quantity>"
          "<sku>MUG-CER-350</sku><taxAmount>45.61</taxAmount><unitPrice>299.00</unitPrice>"
          "</line></lines><orderDate>2026-11-20</orderDate><orderNumber>#5001</orderNumber>"
          "<paymentMethod>PREPAID</paymentMethod><shipTo>" +
          address + "</shipTo><shippingAmount>60.00</shippingAmount></order>");
}

TEST(DemoXmlTenant, CustomerCancelAndReturnBodies) {
  auto adapter = demo_adapter("demo-xml.yaml");
  auto customer = request_for(adapter, "customer.created");
  EXPECT_EQ(customer.target, "/xml/createcustomer");
  EXPECT_NE(customer.body.find("<addresses><address><city>Pune</city>"), std::string::npos)
      << customer.body;
  EXPECT_NE(customer.body.find("<gstin/>"), std::string::npos) << customer.body;
  EXPECT_EQ(
      request_for(adapter, "order.cancelled").body,
      R"(<?xml version="1.0" encoding="UTF-8"?><cancel><lines><line><lineId>SO000001-2</lineId>)"
      "<quantity>1</quantity></line></lines><orderId>SO000001</orderId><reason>customer</reason>"
      "<reference>CX-1</reference></cancel>");
  EXPECT_EQ(
      request_for(adapter, "order.returned").body,
      R"(<?xml version="1.0" encoding="UTF-8"?><return><lines><line><lineId>SO000001-1</lineId>)"
      "<quantity>1</quantity><reason>size too small</reason></line></lines>"
      "<orderId>SO000001</orderId><reference>RT-1</reference></return>");
}

TEST(DemoXmlTenant, ReadsXmlRepliesAndLookups) {
  auto adapter = demo_adapter("demo-xml.yaml");
  ScriptedErp created(reply(200, R"(<?xml version='1.0' encoding='utf-8'?>
<response><status>success</status><orderId>SO000001</orderId><lines><line><lineRef>L1</lineRef>
<lineId>SO000001-1</lineId></line><line><lineRef>L2</lineRef><lineId>SO000001-2</lineId></line></lines></response>)"));
  auto ok = adapter.deliver(delivery("order.created", sample_refs()), created.sender());
  EXPECT_EQ(class_name(ok.result_class), "ok");
  EXPECT_EQ(boost::json::serialize(ok.details),
            R"({"erp_id":"SO000001","line_erp_ids":{"L1":"SO000001-1","L2":"SO000001-2"},)"
            R"("http_status":200,"body_excerpt":)" +
                boost::json::serialize(
                    boost::json::value(created.sender().send(sdk::HttpRequest{}).body)) +
                "}");
  ScriptedErp failed(reply(200,
                           "<response><status>failure</status><message>line SO000001-1: cannot "
                           "return 2, only 1 returnable</message></response>"));
  auto refused = adapter.deliver(delivery("order.returned", sample_refs()), failed.sender());
  EXPECT_EQ(message_of(refused),
            "the ERP reported a failure: line SO000001-1: cannot return 2, only 1 returnable");
  ScriptedErp found(reply(200, "<response><customerId>C000001</customerId></response>"));
  auto lookup = adapter.lookup(delivery("customer.created", sample_refs()), found.sender());
  EXPECT_EQ(found.requests.at(0).target, "/xml/customers?externalId=cu_1001");
  EXPECT_EQ(lookup.details.at("erp_id"), "C000001");
}

}  // namespace
}  // namespace erpbridge::rest
