#include "request_builder.hpp"

#include <algorithm>
#include <cctype>

namespace erpbridge::rest {
namespace {

bool has_header(const sdk::HttpRequest& request, std::string_view name) {
  return std::any_of(request.headers.begin(), request.headers.end(), [&](const auto& header) {
    return header.first.size() == name.size() &&
           std::equal(name.begin(), name.end(), header.first.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) ==
                    std::tolower(static_cast<unsigned char>(b));
           });
  });
}

}  // namespace

sdk::Expected<sdk::HttpRequest> build_request(const EventSpec& event, const RequestSpec& spec,
                                              RequestPurpose purpose, const sdk::Delivery& delivery,
                                              LuaSession& lua) {
  auto evaluate = [&](int chunk) { return lua.render_text(chunk); };
  sdk::HttpRequest request;
  request.method = spec.method;
  request.timeout_ms = spec.timeout_ms;
  if (auto error =
          expand_template(spec.path, TemplateEncoding::path_segment, request.target, evaluate))
    return sdk::Failure{*error};
  char separator = request.target.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : spec.query) {
    request.target += separator;
    separator = '&';
    percent_encode(name, request.target);
    request.target += '=';
    if (auto error =
            expand_template(value, TemplateEncoding::query_component, request.target, evaluate))
      return sdk::Failure{*error};
  }

  request.headers.reserve(spec.headers.size() + 3);
  for (const auto& [name, value] : spec.headers) {
    std::string text;
    if (auto error = expand_template(value, TemplateEncoding::none, text, evaluate))
      return sdk::Failure{*error};
    if (text.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
      return sdk::Failure{"header " + name + ": the value contains a line break or NUL"};
    request.headers.emplace_back(name, std::move(text));
  }

  const char* media_type = event.format == Format::xml ? "application/xml" : "application/json";
  if (spec.body_chunk >= 0) {
    auto body = event.format == Format::xml ? lua.render_xml(spec.body_chunk, event.xml_root)
                                            : lua.render_json(spec.body_chunk);
    if (!body) return body.failure();
    request.body = std::move(*body);
    if (!has_header(request, "Content-Type"))
      request.headers.emplace_back("Content-Type", media_type);
  }
  if (!has_header(request, "Accept")) request.headers.emplace_back("Accept", media_type);
  if (purpose == RequestPurpose::delivery && !event.idempotency_header.empty() &&
      !delivery.idempotency_key.empty() && !has_header(request, event.idempotency_header))
    request.headers.emplace_back(event.idempotency_header, delivery.idempotency_key);
  return request;
}

}  // namespace erpbridge::rest
