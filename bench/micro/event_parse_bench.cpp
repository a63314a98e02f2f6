// Event parse and validation (core/events) on the 2 KB sample order: what every
// POST /v1/events pays before the store, and the facade's validation of a `data` body.
#include <benchmark/benchmark.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>

#include "events/event.hpp"
#include "events/event_validation.hpp"
#include "sample_file.hpp"

namespace {

using erpbridge::events::ValidationError;

void BM_ParseAndValidateEnvelope(benchmark::State& state) {
  const std::string text = erpbridge::bench::read_sample("order.created.json");
  for (auto _ : state) {
    ValidationError error;
    auto event = erpbridge::events::parse_event(text, error);
    if (!event) throw std::runtime_error("sample rejected: " + error.path + " " + error.message);
    benchmark::DoNotOptimize(event);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseAndValidateEnvelope);

// Validation alone, on an already parsed `data` object.
void BM_ValidateOrderData(benchmark::State& state) {
  const auto envelope = boost::json::parse(erpbridge::bench::read_sample("order.created.json"));
  const auto& data = envelope.as_object().at("data").as_object();
  for (auto _ : state) {
    ValidationError error;
    const bool ok =
        erpbridge::events::validate_data(erpbridge::events::EventType::order_created, data, error);
    if (!ok) throw std::runtime_error("sample rejected: " + error.path + " " + error.message);
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(BM_ValidateOrderData);

// The facade's path: a `data` body parsed, wrapped in an envelope and validated.
void BM_FacadeEventFromData(benchmark::State& state) {
  const auto envelope = boost::json::parse(erpbridge::bench::read_sample("order.created.json"));
  const std::string data_text = boost::json::serialize(envelope.as_object().at("data"));
  for (auto _ : state) {
    ValidationError error;
    auto data = boost::json::parse(data_text);
    auto event = erpbridge::events::event_from_data(
        erpbridge::events::EventType::order_created, "order.created:ORD-5001", "p8f3a21",
        "2026-11-20T10:31:12Z", std::move(data.as_object()), error);
    if (!event) throw std::runtime_error("sample rejected: " + error.path + " " + error.message);
    benchmark::DoNotOptimize(event);
  }
}
BENCHMARK(BM_FacadeEventFromData);

}  // namespace

BENCHMARK_MAIN();
