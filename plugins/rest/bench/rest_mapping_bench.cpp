// Micro benchmarks of the rest adapter's hot paths, with the demo tenants' real settings
// (config/tenants/demo-json.yaml, demo-xml.yaml, read by the host's config reader):
//   MapOrder/json, MapOrder/xml   the 2 KB sample order (tests/samples/order.created.json)
//                                 mapped by the tenant's order.created body to the request
//   ReadReplyIds/json, /xml       the sample ERP's reply to /createorder parsed, the order id
//                                 (JSON pointer / XPath) and the line ids read from it
//   DeliverOrder/json, /xml       a whole delivery with that reply canned: mapping, reply
//                                 parsing, the `success` expression, ids
//   TrivialBody                   the fixed cost: a fresh environment and `return { a = 1 }`
// Run: build/<preset>/bench/bench_rest_mapping. With BENCH_ITERATIONS=n every benchmark runs
// exactly n iterations, so instruction counts under valgrind are comparable between runs
// (plugins/rest/bench/callgrind_per_iteration.sh).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "config/tenant_config.hpp"
#include "request_builder.hpp"
#include "rest_test_support.hpp"

namespace erpbridge::rest {
namespace {

using namespace testing;

// The sample ERP's replies to POST /createorder (tests/peers/sample_erp): JSON, and XML as its
// ElementTree writer produces it.
constexpr const char* kJsonReply =
    R"({"status": "success", "orderId": "SO000001", "lines": [{"lineRef": "L1", "lineId": )"
    R"("SO000001-1"}, {"lineRef": "L2", "lineId": "SO000001-2"}]})";
constexpr const char* kXmlReply =
    "<?xml version='1.0' encoding='utf-8'?>\n"
    "<response><status>success</status><orderId>SO000001</orderId><lines>"
    "<line><lineRef>L1</lineRef><lineId>SO000001-1</lineId></line>"
    "<line><lineRef>L2</lineRef><lineId>SO000001-2</lineId></line></lines></response>";

// The demo tenant's settings, exactly as the host hands them to the connector.
RestAdapter demo_adapter(const std::string& file) {
  // The demo files name these secrets; their values do not matter here.
  ::setenv("DEMO_ERP_PORT", "18080", 0);
  ::setenv("DEMO_ERP_PASSWORD", "bench-secret", 0);
  ::setenv("P8F3A21_INBOUND_PASSWORD", "bench-secret", 0);
  ::setenv("PXML001_INBOUND_PASSWORD", "bench-secret", 0);
  ::setenv("P8F3A21_INBOUND_TOKEN", "bench-secret", 0);
  ::setenv("PXML001_INBOUND_TOKEN", "bench-secret-xml", 0);
  ::setenv("DEMO_COMMERCEUP_PORT", "18081", 0);
  ::setenv("P8F3A21_COMMERCEUP_API_KEY", "bench-secret", 0);
  ::setenv("P8F3A21_ERP_PUSH_TOKEN", "bench-secret", 0);
  config::TenantConfig tenant =
      config::load_tenant_config(std::string(REST_TENANTS_DIR) + "/" + file);
  return RestAdapter(tenant.settings.as_object());
}

const char* tenant_file(Format format) {
  return format == Format::xml ? "demo-xml.yaml" : "demo-json.yaml";
}

// One delivery's request: a fresh environment holding the event, the body mapping run and
// written as JSON or XML, path and headers expanded.
void MapOrder(benchmark::State& state, Format format) {
  RestAdapter adapter = demo_adapter(tenant_file(format));
  const EventSpec& event = *adapter.settings().find("order.created");
  sdk::Delivery d = delivery("order.created", sample_refs());
  std::size_t body_bytes = 0;
  for (auto _ : state) {
    LuaSession lua(adapter.settings().program,
                   LuaInput{&d.event, &d.refs, d.attempt, d.idempotency_key});
    auto request = build_request(event, event.request, RequestPurpose::delivery, d, lua);
    if (!request) {
      state.SkipWithError(request.error().c_str());
      break;
    }
    body_bytes = request->body.size();
    benchmark::DoNotOptimize(request);
  }
  state.counters["body_bytes"] = static_cast<double>(body_bytes);
}

// What the adapter reads from a successful create reply: the id and the line ids.
void ReadReplyIds(benchmark::State& state, Format format) {
  RestAdapter adapter = demo_adapter(tenant_file(format));
  const EventSpec& event = *adapter.settings().find("order.created");
  std::string body = format == Format::xml ? kXmlReply : kJsonReply;
  for (auto _ : state) {
    auto document = ReplyDocument::parse(format, body, &adapter.settings().xml_namespaces);
    if (!document) {
      state.SkipWithError(document.error().c_str());
      break;
    }
    auto id = document->text_at(*event.id);
    auto lines = document->line_ids(*event.line_ids);
    if (!id || lines.size() != 2) {
      state.SkipWithError("the reply's ids were not found");
      break;
    }
    benchmark::DoNotOptimize(id);
    benchmark::DoNotOptimize(lines);
  }
}

void DeliverOrder(benchmark::State& state, Format format) {
  RestAdapter adapter = demo_adapter(tenant_file(format));
  sdk::Delivery d = delivery("order.created", sample_refs());
  sdk::HttpResponse canned = reply(200, format == Format::xml ? kXmlReply : kJsonReply);
  sdk::testing::FakeHost fake;
  fake.answer_with([&](const sdk::HttpRequest&) { return canned; });
  const sdk::Host host = fake.host();
  for (auto _ : state) {
    sdk::Result result = adapter.deliver(d, host);
    if (result.result_class != sdk::ResultClass::ok) {
      state.SkipWithError(message_of(result).c_str());
      break;
    }
    benchmark::DoNotOptimize(result);
  }
}

void TrivialBody(benchmark::State& state, Format) {
  RestAdapter adapter(parse_object(
      R"({"events": {"order.created": {"path": "/o", "id": "/id", "body": "return { a = 1 }"}}})"));
  const EventSpec& event = *adapter.settings().find("order.created");
  sdk::Delivery d = delivery("order.created", sample_refs());
  for (auto _ : state) {
    LuaSession lua(adapter.settings().program,
                   LuaInput{&d.event, &d.refs, d.attempt, d.idempotency_key});
    auto request = build_request(event, event.request, RequestPurpose::delivery, d, lua);
    benchmark::DoNotOptimize(request);
  }
}

void register_benchmarks(benchmark::IterationCount fixed_iterations) {
  auto add = [&](const char* name, void (*function)(benchmark::State&, Format), Format format) {
    auto* bench = benchmark::RegisterBenchmark(
        name, [function, format](benchmark::State& state) { function(state, format); });
    if (fixed_iterations > 0) bench->Iterations(fixed_iterations);
  };
  add("MapOrder/json", MapOrder, Format::json);
  add("MapOrder/xml", MapOrder, Format::xml);
  add("ReadReplyIds/json", ReadReplyIds, Format::json);
  add("ReadReplyIds/xml", ReadReplyIds, Format::xml);
  add("DeliverOrder/json", DeliverOrder, Format::json);
  add("DeliverOrder/xml", DeliverOrder, Format::xml);
  add("TrivialBody", TrivialBody, Format::json);
}

}  // namespace
}  // namespace erpbridge::rest

int main(int argc, char** argv) {
  const char* iterations = std::getenv("BENCH_ITERATIONS");
  erpbridge::rest::register_benchmarks(iterations ? std::atoll(iterations) : 0);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
