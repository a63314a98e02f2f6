// A fake of the erpbridge host for adapter unit tests, installed with the SDK: it implements
// erpb_host_api itself, so a connector under test talks to it through the real sdk::Host and
// the real C structs, records every request and log line, and gets the replies a test
// scripted. No server, no socket, no host binary.
//
//   erpbridge::sdk::testing::FakeHost fake;
//   fake.push(erpbridge::sdk::testing::reply(201, R"({"id": "C-1"})"));
//   MyConnector connector(fake.host(), settings);
//   auto result = erpbridge::sdk::testing::call([&] { return connector.deliver(delivery); });
//   EXPECT_EQ(fake.requests().at(0).target, "/customers");
#pragma once

#include <erpbridge/connector.hpp>
#include <erpbridge/http_result.hpp>
#include <erpbridge/settings.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace erpbridge::sdk::testing {

// A reply with `status`, `body` and `headers`.
inline HttpResponse reply(int status, std::string body = {},
                          std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

// The request left, then the connection died before an answer: the ERP may have applied it.
inline HttpResponse no_answer(std::string error = "connection closed before the reply") {
  HttpResponse r;
  r.transport = ERPB_TRANSPORT_SENT_NO_RESPONSE;
  r.error = std::move(error);
  return r;
}

// The request never left (connect refused, DNS, TLS).
inline HttpResponse not_sent(std::string error = "connection refused") {
  HttpResponse r;
  r.transport = ERPB_TRANSPORT_NOT_SENT;
  r.error = std::move(error);
  return r;
}

class FakeHost {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  // `abi_minor` below 2 plays an older host whose replies end before result_class, so the
  // SDK's own classification runs (both paths must agree).
  explicit FakeHost(std::uint16_t abi_minor = ERPB_ABI_VERSION_MINOR) : abi_minor_(abi_minor) {
    api_.struct_size = sizeof api_;
    api_.abi_major = ERPB_ABI_VERSION_MAJOR;
    api_.abi_minor = abi_minor;
    api_.log = &log_entry;
    api_.http_send = &send_entry;
    api_.http_release = &release_entry;
  }
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;

  // The handle a connector is constructed with; valid while this FakeHost lives.
  Host host() { return Host(&api_, reinterpret_cast<erpb_host_ctx*>(this)); }
  const erpb_host_api* api() const { return &api_; }
  erpb_host_ctx* ctx() { return reinterpret_cast<erpb_host_ctx*>(this); }

  // Queues the answer to the next request (first in, first out).
  void push(HttpResponse response) {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(response));
  }
  // Answers every request the queue does not: for ERPs whose answer depends on the request.
  void answer_with(Handler handler) {
    std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
  }
  // The clock the host's Retry-After classification uses (an HTTP-date is relative to it).
  void set_now(std::chrono::system_clock::time_point now) {
    std::lock_guard lock(mutex_);
    now_ = now;
  }

  // Every request sent, in order, as the adapter built it (its repeat mark included).
  std::vector<HttpRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  // Every log line, in order.
  std::vector<std::pair<erpb_log_level, std::string>> logs() const {
    std::lock_guard lock(mutex_);
    return logs_;
  }
  // Scripted replies not yet used.
  std::size_t unused_replies() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
  }

 private:
  struct Owned : erpb_http_response {
    HttpResponse source;
    std::vector<erpb_http_header> views;
  };

  static FakeHost& self(erpb_host_ctx* ctx) { return *reinterpret_cast<FakeHost*>(ctx); }

  static void log_entry(erpb_host_ctx* ctx, erpb_log_level level, erpb_str message) {
    FakeHost& fake = self(ctx);
    std::lock_guard lock(fake.mutex_);
    fake.logs_.emplace_back(level, std::string(message.data ? message.data : "", message.size));
  }

  static HttpRequest copy_request(const erpb_http_request& raw) {
    auto text = [](erpb_str s) { return std::string(s.data ? s.data : "", s.size); };
    HttpRequest out;
    out.method = text(raw.method);
    out.target = text(raw.target);
    out.body = text(raw.body);
    out.timeout_ms = raw.timeout_ms;
    // The repeat mark, for tests of which requests the host may send twice (ABI 1.2).
    if (raw.struct_size >= offsetof(erpb_http_request, repeat) + sizeof raw.repeat)
      out.repeat = static_cast<erpb_repeat>(raw.repeat);
    for (std::size_t i = 0; i < raw.header_count; ++i)
      out.headers.emplace_back(text(raw.headers[i].name), text(raw.headers[i].value));
    return out;
  }

  HttpResponse answer(const HttpRequest& request) {
    std::unique_lock lock(mutex_);
    requests_.push_back(request);
    if (!queue_.empty()) {
      HttpResponse next = std::move(queue_.front());
      queue_.pop_front();
      return next;
    }
    if (Handler handler = handler_) {
      lock.unlock();
      return handler(request);
    }
    return not_sent("fake host: no reply scripted for " + request.method + " " + request.target);
  }

  static const erpb_http_response* send_entry(erpb_host_ctx* ctx,
                                              const erpb_http_request* request) {
    FakeHost& fake = self(ctx);
    auto owned = std::make_unique<Owned>();
    owned->source = fake.answer(copy_request(*request));
    const HttpResponse& r = owned->source;
    owned->struct_size =
        fake.abi_minor_ >= 2
            ? sizeof(erpb_http_response)
            : static_cast<std::uint32_t>(offsetof(erpb_http_response, result_class));
    owned->transport = r.transport;
    owned->status = r.transport == ERPB_TRANSPORT_OK ? r.status : 0;
    owned->body = {r.body.data(), r.body.size()};
    owned->error = {r.error.data(), r.error.size()};
    for (const auto& [name, value] : r.headers)
      owned->views.push_back({{name.data(), name.size()}, {value.data(), value.size()}});
    owned->headers = owned->views.data();
    owned->header_count = owned->views.size();
    const auto retry_after = r.header("Retry-After");
    std::chrono::system_clock::time_point now;
    {
      std::lock_guard lock(fake.mutex_);
      now = fake.now_.value_or(std::chrono::system_clock::now());
    }
    const auto verdict = classify_http(
        owned->transport, owned->status,
        retry_after ? std::optional<std::string_view>(*retry_after) : std::nullopt, now);
    owned->result_class = verdict.result_class;
    owned->retry_after_ms = verdict.retry_after_ms.value_or(-1);
    return owned.release();
  }

  static void release_entry(erpb_host_ctx*, const erpb_http_response* response) {
    delete static_cast<const Owned*>(response);
  }

  std::uint16_t abi_minor_;
  erpb_host_api api_{};
  mutable std::mutex mutex_;
  std::deque<HttpResponse> queue_;
  Handler handler_;
  std::optional<std::chrono::system_clock::time_point> now_;
  std::vector<HttpRequest> requests_;
  std::vector<std::pair<erpb_log_level, std::string>> logs_;
};

// Runs `operation` (returning Result) behind the SDK's ABI boundary, as the host would call
// it: exceptions become results exactly as in the plugin, and the result JSON is parsed back.
template <typename Operation>
Result call(Operation&& operation) {
  erpb_buffer buffer{nullptr, 0};
  const erpb_result_class cls = detail::guarded(&buffer, std::forward<Operation>(operation));
  Result out;
  out.result_class = static_cast<ResultClass>(cls);
  if (buffer.data) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(std::string_view(buffer.data, buffer.size), ec);
    if (!ec && parsed.is_object()) out.details = std::move(parsed.get_object());
    detail::release_buffer(buffer.data);
  }
  return out;
}

// A Delivery of `event` (an envelope with event_type and data) with the resolved `refs`.
inline Delivery delivery(boost::json::object event, boost::json::object refs = {}, int attempt = 1,
                         std::string idempotency_key = "key-1") {
  Delivery d;
  d.event = std::move(event);
  d.refs = std::move(refs);
  d.attempt = attempt;
  d.idempotency_key = std::move(idempotency_key);
  return d;
}

// The text of `result`'s member `key` ("" when absent or not a string), for assertions.
inline std::string text_of(const Result& result, std::string_view key) {
  const auto* v = result.details.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// The whole text of the file at `path` ("" when it cannot be read): a README, a sample event.
inline std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The keys of `schema` that `reference` (an adapter's settings documentation, such as its
// README) never names: neither as `key` nor as `prefix.key`, nor as the start of a dotted row
// (`key.child`). A unit test that asserts this is empty keeps the docs listing every setting
// the table declares. `prefix` is the mapping's dotted path ("pull" for the pull: table).
inline std::vector<std::string> undocumented_settings(std::string_view reference,
                                                      std::span<const Setting> schema,
                                                      std::string_view prefix = {}) {
  std::vector<std::string> missing;
  for (const auto& s : schema) {
    const std::string name =
        prefix.empty() ? std::string(s.key) : std::string(prefix) + "." + std::string(s.key);
    const bool named = reference.find("`" + name + "`") != std::string_view::npos ||
                       reference.find("`" + name + ".") != std::string_view::npos;
    if (!named) missing.push_back(name);
  }
  return missing;
}

}  // namespace erpbridge::sdk::testing
