// A value or the classified failure that stands in its place. Adapter code on the request path
// reports failures as values; the boundary turns a Failure into the result JSON.
#pragma once

#include <erpbridge/result.hpp>

#include <string>
#include <utility>
#include <variant>

namespace erpbridge::sdk {

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
  // Only when !has_value().
  const Failure& failure() const { return std::get<1>(state_); }
  const std::string& error() const { return std::get<1>(state_).message; }

 private:
  std::variant<T, Failure> state_;
};

// For steps that produce nothing but may fail: Expected<Done>.
struct Done {};

}  // namespace erpbridge::sdk
