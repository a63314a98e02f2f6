// One deliver call across the plugin ABI (core/plugin), on a real plugin loaded with Boost.DLL
// whose connector does no I/O: the host hands over the 2 KB order's delivery input, takes the
// result buffer back through release_buffer and parses the result JSON.
#include <benchmark/benchmark.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>

#include "plugin/connector_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "sample_file.hpp"

namespace {

using erpbridge::plugin::ConnectorInstance;

std::unique_ptr<ConnectorInstance> null_connector() {
  std::string refusal;
  auto plugin = erpbridge::plugin::PluginRegistry::load_file(ERPBRIDGE_NULL_CONNECTOR, refusal);
  if (!plugin) throw std::runtime_error("null_connector refused: " + refusal);
  erpbridge::plugin::ConnectorSettingsError error;
  auto connector = ConnectorInstance::create(plugin, "bench", nullptr, "{}", error);
  if (!connector) throw std::runtime_error("null_connector create failed: " + error.message);
  return connector;
}

std::string delivery_input() {
  boost::json::object input;
  input["event"] = boost::json::parse(erpbridge::bench::read_sample("order.created.json"));
  input["refs"] = boost::json::object{{"customer_erp_id", "C-1"}};
  input["attempt"] = 1;
  input["idempotency_key"] = "p8f3a21:evt_01HZX3M1V9D4T7";
  return boost::json::serialize(input);
}

void BM_DeliverAcrossAbi(benchmark::State& state) {
  auto connector = null_connector();
  const std::string input = delivery_input();
  for (auto _ : state) {
    auto result = connector->deliver(input);
    if (!result.ok()) throw std::runtime_error("deliver failed: " + result.message);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_DeliverAcrossAbi);
BENCHMARK(BM_DeliverAcrossAbi)->Threads(2);

}  // namespace

BENCHMARK_MAIN();
