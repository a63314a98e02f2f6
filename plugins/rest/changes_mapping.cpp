#include "changes_mapping.hpp"

#include <boost/json.hpp>

namespace erpbridge::rest {
namespace {

boost::json::object parse_table(const std::string& text) {
  boost::system::error_code error;
  boost::json::value parsed = boost::json::parse(text, error);
  if (error || !parsed.is_object()) return {};
  return std::move(parsed.get_object());
}

}  // namespace

MappingOutcome run_changes_mapping(LuaSession& lua, const SyncBackSettings& settings, int chunk) {
  MappingOutcome outcome;
  if (auto defined = lua.evaluate(settings.reject_helper_chunk); !defined) {
    outcome.message = defined.error();
    return outcome;
  }
  auto rendered = lua.render_json(chunk);
  if (!rendered) {
    outcome.message = rendered.error();
    auto rejection = lua.render_json(settings.rejection_chunk);
    if (!rejection) return outcome;
    boost::json::object recorded = parse_table(*rejection);
    const auto* field = recorded.if_contains("field");
    const auto* message = recorded.if_contains("message");
    if (field && field->is_string() && message && message->is_string()) {
      outcome.field = std::string(field->get_string());
      outcome.message = std::string(message->get_string());
    }
    return outcome;
  }
  boost::system::error_code error;
  boost::json::value parsed = boost::json::parse(*rendered, error);
  if (error || !parsed.is_object()) {
    // A mapping that returns a string has it used as it is; it must then be a JSON object.
    outcome.message = "the mapping must return a table like { inventory = {...} }";
    return outcome;
  }
  outcome.table = std::move(parsed.get_object());
  return outcome;
}

}  // namespace erpbridge::rest
