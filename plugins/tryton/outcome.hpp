// A value or a classified failure. The Tryton adapter reports every failure on the request path
// as a value carrying its result class (DESIGN.md principle 8); exceptions are kept for settings
// validation.
#pragma once

#include <erpbridge/connector.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace erpbridge::tryton {

using sdk::ResultClass;

struct Failure {
  ResultClass result_class = ResultClass::permanent;
  std::string message;
  int http_status = 0;                         // Tryton's HTTP status, when it answered
  std::optional<std::int64_t> retry_after_ms;  // from Retry-After
  std::string body_excerpt;                    // plain text, short

  // The failure as the result the host sees.
  sdk::Result to_result() const;
};

inline Failure permanent(std::string message) {
  return Failure{ResultClass::permanent, std::move(message), 0, std::nullopt, {}};
}
inline Failure invalid(std::string message) {
  return Failure{ResultClass::invalid, std::move(message), 0, std::nullopt, {}};
}

template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Expected(Failure failure) : state_(std::in_place_index<1>, std::move(failure)) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& operator*() { return std::get<0>(state_); }
  const T& operator*() const { return std::get<0>(state_); }
  T* operator->() { return &std::get<0>(state_); }
  const T* operator->() const { return &std::get<0>(state_); }
  const Failure& failure() const { return std::get<1>(state_); }

 private:
  std::variant<T, Failure> state_;
};

// For steps that produce nothing but may fail.
struct Done {};

}  // namespace erpbridge::tryton
