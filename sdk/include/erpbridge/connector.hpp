// Header-only C++ wrapper over plugin_abi.h. An adapter author subclasses
// erpbridge::sdk::Connector and adds ERPBRIDGE_DECLARE_CONNECTOR once; this file turns the
// C calls into virtual calls and every exception into an error result, so nothing C++
// crosses the ABI. Link the adapter with Boost::json (erpbridge_add_adapter does).
#pragma once

#include <erpbridge/plugin_abi.h>
#include <erpbridge/http_result.hpp>
#include <erpbridge/result.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace erpbridge::sdk {

// Thrown from a connector constructor when its settings are wrong. `key` is a JSON pointer
// to the offending setting ("/auth/user", "/events/order.created/path") so the host can name
// the file line; pointers, not dotted paths, because event type keys contain dots.
struct SettingsError : std::runtime_error {
  SettingsError(std::string key_path, const std::string& message)
      : std::runtime_error(message), key(std::move(key_path)) {}
  std::string key;
};

struct HttpResponse {
  erpb_transport_status transport = ERPB_TRANSPORT_OK;
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string error;
  // The common rule applied to this exchange (http_result.hpp): by the host from ABI 1.2, by
  // Host::send itself against an older host. retry_after_ms only for a retryable status.
  ResultClass result_class = ResultClass::ok;
  std::optional<std::int64_t> retry_after_ms;

  bool ok_transport() const { return transport == ERPB_TRANSPORT_OK; }
  // True for a 2xx answer.
  bool succeeded() const { return result_class == ResultClass::ok; }
  // Case-insensitive header lookup; nullopt if absent.
  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k.size() == name.size() &&
          std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          }))
        return v;
    }
    return std::nullopt;
  }
};

struct HttpRequest {
  std::string method = "POST";
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  uint32_t timeout_ms = 0;
  // Whether the host may repeat it after a reply lost on a reused connection (plugin_abi.h).
  erpb_repeat repeat = ERPB_REPEAT_BY_METHOD;
};

// The host's services as seen from adapter code. Copyable handle; valid while the connector
// lives.
class Host {
 public:
  // erpb_http_response up to the ABI 1.2 fields: a shorter one comes from an older host.
  static constexpr std::size_t kResponseSize_1_2 =
      offsetof(erpb_http_response, retry_after_ms) + sizeof(erpb_http_response::retry_after_ms);

  Host(const erpb_host_api* api, erpb_host_ctx* ctx) : api_(api), ctx_(ctx) {}

  void log(erpb_log_level level, std::string_view message) const {
    api_->log(ctx_, level, erpb_str{message.data(), message.size()});
  }

  HttpResponse send(const HttpRequest& request) const {
    std::vector<erpb_http_header> headers;
    headers.reserve(request.headers.size());
    for (const auto& [k, v] : request.headers)
      headers.push_back({{k.data(), k.size()}, {v.data(), v.size()}});
    erpb_http_request raw{};
    raw.struct_size = sizeof raw;
    raw.method = {request.method.data(), request.method.size()};
    raw.target = {request.target.data(), request.target.size()};
    raw.headers = headers.data();
    raw.header_count = headers.size();
    raw.body = {request.body.data(), request.body.size()};
    raw.timeout_ms = request.timeout_ms;
    raw.repeat = static_cast<uint32_t>(request.repeat);

    const erpb_http_response* answer = api_->http_send(ctx_, &raw);
    if (!answer) {  // the host promises never to do this; do not crash if one does
      HttpResponse out;
      out.transport = ERPB_TRANSPORT_NOT_SENT;
      out.error = "host returned no response";
      return out;
    }
    // Copy out, then release at once so no host memory outlives this call.
    struct Release {
      const erpb_host_api* api;
      erpb_host_ctx* ctx;
      const erpb_http_response* r;
      ~Release() { api->http_release(ctx, r); }
    } release{api_, ctx_, answer};
    HttpResponse out;
    out.transport = answer->transport;
    out.status = answer->status;
    out.body.assign(answer->body.data ? answer->body.data : "", answer->body.size);
    out.error.assign(answer->error.data ? answer->error.data : "", answer->error.size);
    for (size_t i = 0; i < answer->header_count; ++i) {
      const auto& h = answer->headers[i];
      out.headers.emplace_back(std::string(h.name.data, h.name.size),
                               std::string(h.value.data, h.value.size));
    }
    if (answer->struct_size >= kResponseSize_1_2) {
      out.result_class = static_cast<ResultClass>(answer->result_class);
      if (answer->retry_after_ms >= 0) out.retry_after_ms = answer->retry_after_ms;
    } else {
      const auto retry_after = out.header("Retry-After");
      const auto verdict =
          classify_http(out.transport, out.status,
                        retry_after ? std::optional<std::string_view>(*retry_after) : std::nullopt,
                        std::chrono::system_clock::now());
      out.result_class = static_cast<ResultClass>(verdict.result_class);
      out.retry_after_ms = verdict.retry_after_ms;
    }
    return out;
  }

 private:
  const erpb_host_api* api_;
  erpb_host_ctx* ctx_;
};

// One delivery's input: the event envelope, the ERP ids the host resolved, the attempt number
// and the idempotency key.
struct Delivery {
  boost::json::object event;
  boost::json::object refs;
  int attempt = 1;
  std::string idempotency_key;

  std::string_view event_type() const { return event.at("event_type").as_string(); }
  const boost::json::object& data() const { return event.at("data").as_object(); }
  // A resolved ERP id from refs ("customer_erp_id", "order_erp_id"), or nullopt.
  std::optional<std::string> ref(std::string_view key) const {
    auto it = refs.find(key);
    if (it == refs.end() || !it->value().is_string()) return std::nullopt;
    return std::string(it->value().as_string());
  }
};

// A body the ERP pushed to erpbridge in its own shape (ABI 1.1 translate_push).
struct PushBody {
  std::string kind;  // "inventory" or "order_status"
  std::string content_type;
  std::string body;
};

// One pull of the ERP's changes (ABI 1.1 pull_changes).
struct PullRequest {
  std::optional<std::string> cursor;  // nullopt on the first pull of a tenant
  int limit = 500;                    // most changes the host wants in one answer
};

// The optional operations a connector class offers. A class opts in by declaring
//   static constexpr unsigned erpbridge_capabilities = erpbridge::sdk::kCanPull | ...;
// and overriding the matching virtual functions; without it the entry points are NULL and
// the host never calls them.
inline constexpr unsigned kCanTranslatePush = 1u << 0;
inline constexpr unsigned kCanPull = 1u << 1;

// Base class of every C++ adapter. Construct from (Host, settings); throw SettingsError for
// bad settings. deliver() may run on several threads at once.
class Connector {
 public:
  virtual ~Connector() = default;
  virtual Result deliver(const Delivery& delivery) = 0;
  // Finds the document an in-doubt delivery may have created. Override it to offer lookup
  // (the entry point then exports it); returning nullopt from an override says "unsupported".
  virtual std::optional<Result> lookup(const Delivery&) { return std::nullopt; }
  // Translates a pushed body into changes JSON ({"inventory": [..], "order_status": [..]},
  // plugin_abi.h). Throw ConnectorError(invalid, ..) or return Result::failure for a bad body;
  // put the offending field's pointer in details["field"].
  virtual Result translate_push(const PushBody&) {
    return Result::failure(ResultClass::invalid, "translate_push is not supported");
  }
  // Fetches changes since request.cursor: changes JSON plus "cursor" (and "more").
  virtual Result pull(const PullRequest&) {
    return Result::failure(ResultClass::invalid, "pull is not supported");
  }
};

namespace detail {

inline void put_buffer(erpb_buffer* out, const std::string& text) {
  if (!out) return;
  out->size = text.size();
  out->data = static_cast<char*>(std::malloc(text.size() + 1));
  if (!out->data) {
    out->size = 0;
    return;
  }
  std::memcpy(out->data, text.data(), text.size());
  out->data[text.size()] = '\0';
}

inline void release_buffer(char* data) {
  std::free(data);
}

// Never throws: it also runs inside the catch handlers of guarded(), where an escaping
// exception (bad_alloc while serialising) would terminate the host.
inline erpb_result_class put_result(const Result& r, erpb_buffer* out) noexcept {
  try {
    put_buffer(out, boost::json::serialize(r.details));
    return static_cast<erpb_result_class>(r.result_class);
  } catch (...) {
    if (out) *out = erpb_buffer{nullptr, 0};
    return ERPB_RESULT_PERMANENT;  // the host reports "invalid result JSON" for the empty buffer
  }
}

inline Delivery parse_delivery(erpb_str input) {
  boost::json::value v = boost::json::parse(std::string_view(input.data, input.size));
  auto& root = v.as_object();
  Delivery d;
  d.event = root.at("event").as_object();
  if (auto* refs = root.if_contains("refs"); refs && refs->is_object()) d.refs = refs->as_object();
  if (auto* a = root.if_contains("attempt"); a && a->is_int64())
    d.attempt = static_cast<int>(a->as_int64());
  if (auto* k = root.if_contains("idempotency_key"); k && k->is_string())
    d.idempotency_key = std::string(k->as_string());
  return d;
}

// The one place where adapter exceptions stop. Malformed input met inside adapter code (a
// missing member: std::out_of_range; a member of the wrong JSON type: std::invalid_argument or
// Boost.JSON's system_error) is the input's fault, so it is `invalid`, never retried.
template <typename F>
erpb_result_class guarded(erpb_buffer* out, F&& body) noexcept {
  try {
    return put_result(body(), out);
  } catch (const ConnectorError& e) {
    return put_result(e.failure.to_result(), out);
  } catch (const std::out_of_range& e) {
    return put_result(Result::failure(ResultClass::invalid, std::string("bad input: ") + e.what()),
                      out);
  } catch (const std::invalid_argument& e) {
    return put_result(Result::failure(ResultClass::invalid, std::string("bad input: ") + e.what()),
                      out);
  } catch (const boost::system::system_error& e) {
    const bool json = &e.code().category() == &boost::json::make_error_code({}).category();
    return put_result(
        Result::failure(json ? ResultClass::invalid : ResultClass::permanent,
                        (json ? "bad input: " : "adapter error: ") + std::string(e.what())),
        out);
  } catch (const std::exception& e) {
    return put_result(
        Result::failure(ResultClass::permanent, std::string("adapter error: ") + e.what()), out);
  } catch (...) {
    return put_result(Result::failure(ResultClass::permanent, "adapter error: unknown exception"),
                      out);
  }
}

struct Instance {
  std::unique_ptr<Connector> connector;
};

template <typename T>
erpb_connector* create(const erpb_host_api* host, erpb_host_ctx* ctx, erpb_str settings,
                       erpb_buffer* error) noexcept {
  auto fail = [&](const std::string& key, const std::string& message) {
    boost::json::object e;
    e["key"] = key;
    e["message"] = message;
    put_buffer(error, boost::json::serialize(e));
    return static_cast<erpb_connector*>(nullptr);
  };
  try {
    boost::json::value parsed =
        settings.size ? boost::json::parse(std::string_view(settings.data, settings.size))
                      : boost::json::value(boost::json::object{});
    if (!parsed.is_object()) return fail("", "settings must be a mapping");
    auto* instance = new Instance{std::make_unique<T>(Host(host, ctx), parsed.as_object())};
    return reinterpret_cast<erpb_connector*>(instance);
  } catch (const SettingsError& e) {
    return fail(e.key, e.what());
  } catch (const std::exception& e) {
    return fail("", e.what());
  } catch (...) {
    return fail("", "unknown error while creating connector");
  }
}

inline void destroy(erpb_connector* c) noexcept {
  delete reinterpret_cast<Instance*>(c);
}

inline erpb_result_class deliver(erpb_connector* c, erpb_str input, erpb_buffer* out) noexcept {
  return guarded(out, [&] {
    return reinterpret_cast<Instance*>(c)->connector->deliver(parse_delivery(input));
  });
}

inline erpb_result_class lookup(erpb_connector* c, erpb_str input, erpb_buffer* out) noexcept {
  return guarded(out, [&] {
    auto found = reinterpret_cast<Instance*>(c)->connector->lookup(parse_delivery(input));
    if (!found) return Result::failure(ResultClass::invalid, "lookup is not supported");
    return *found;
  });
}

inline erpb_result_class translate_push(erpb_connector* c, erpb_str input,
                                        erpb_buffer* out) noexcept {
  return guarded(out, [&] {
    boost::json::value v = boost::json::parse(std::string_view(input.data, input.size));
    const auto& root = v.as_object();
    PushBody body;
    body.kind = std::string(root.at("kind").as_string());
    if (auto* ct = root.if_contains("content_type"); ct && ct->is_string())
      body.content_type = std::string(ct->as_string());
    body.body = std::string(root.at("body").as_string());
    return reinterpret_cast<Instance*>(c)->connector->translate_push(body);
  });
}

inline erpb_result_class pull_changes(erpb_connector* c, erpb_str input,
                                      erpb_buffer* out) noexcept {
  return guarded(out, [&] {
    boost::json::value v = boost::json::parse(std::string_view(input.data, input.size));
    const auto& root = v.as_object();
    PullRequest request;
    if (auto* cursor = root.if_contains("cursor"); cursor && cursor->is_string())
      request.cursor = std::string(cursor->as_string());
    if (auto* limit = root.if_contains("limit"); limit && limit->is_int64())
      request.limit = static_cast<int>(limit->as_int64());
    return reinterpret_cast<Instance*>(c)->connector->pull(request);
  });
}

// CLASS::erpbridge_capabilities, or 0 when the class does not declare it.
template <typename T, typename = void>
struct capabilities_of : std::integral_constant<unsigned, 0> {};
template <typename T>
struct capabilities_of<T, std::void_t<decltype(T::erpbridge_capabilities)>>
    : std::integral_constant<unsigned, T::erpbridge_capabilities> {};

// True when T (or a base between it and Connector) declares lookup(): &T::lookup then names
// that class's member, not Connector's, so an override and the entry point cannot disagree.
template <typename T>
inline constexpr bool overrides_lookup =
    !std::is_same_v<decltype(&T::lookup), decltype(&Connector::lookup)>;

template <typename T>
constexpr auto lookup_entry() {
  return overrides_lookup<T> ? &lookup : nullptr;
}
template <typename T>
constexpr auto translate_push_entry() {
  return (capabilities_of<T>::value & kCanTranslatePush) ? &translate_push : nullptr;
}
template <typename T>
constexpr auto pull_changes_entry() {
  return (capabilities_of<T>::value & kCanPull) ? &pull_changes : nullptr;
}

// The settings a connector class declares with
//   static std::span<const erpbridge::sdk::Setting> erpbridge_settings();
// as the JSON of describe_settings (settings.hpp, found by argument-dependent lookup where the
// plugin includes it), built on the first call; NULL for a class that declares none.
template <typename T>
const char* settings_schema_json() {
  if constexpr (requires { T::erpbridge_settings(); }) {
    static const std::string json =
        boost::json::serialize(describe_settings(T::erpbridge_settings()));
    return json.c_str();
  } else {
    return nullptr;
  }
}

}  // namespace detail
}  // namespace erpbridge::sdk

// Declares the plugin entry point for connector class CLASS (constructible from
// (erpbridge::sdk::Host, const boost::json::object& settings)). The optional operations follow
// the class: lookup when it overrides lookup(), the ABI 1.1 ones from
// CLASS::erpbridge_capabilities (see kCanPull), and the ABI 1.3 settings description from
// CLASS::erpbridge_settings() when it has one. Use once per shared library.
#define ERPBRIDGE_DECLARE_CONNECTOR(CLASS, NAME, VERSION, DESCRIPTION)                     \
  extern "C" ERPB_EXPORT const erpb_plugin_info* erpbridge_plugin_entry(                   \
      const erpb_host_offer* offer) {                                                      \
    static const erpb_plugin_info info = {                                                 \
        sizeof(erpb_plugin_info),                                                          \
        ERPB_ABI_VERSION_MAJOR,                                                            \
        ERPB_ABI_VERSION_MINOR,                                                            \
        NAME,                                                                              \
        VERSION,                                                                           \
        DESCRIPTION,                                                                       \
        &::erpbridge::sdk::detail::create<CLASS>,                                          \
        &::erpbridge::sdk::detail::destroy,                                                \
        &::erpbridge::sdk::detail::deliver,                                                \
        ::erpbridge::sdk::detail::lookup_entry<CLASS>(),                                   \
        &::erpbridge::sdk::detail::release_buffer,                                         \
        ::erpbridge::sdk::detail::translate_push_entry<CLASS>(),                           \
        ::erpbridge::sdk::detail::pull_changes_entry<CLASS>(),                             \
        ::erpbridge::sdk::detail::settings_schema_json<CLASS>(),                           \
    };                                                                                     \
    /* The host compares versions and refuses with both named; refusing here would only */ \
    /* tell it "entry returned NULL". */                                                   \
    if (!offer) return nullptr;                                                            \
    return &info;                                                                          \
  }
