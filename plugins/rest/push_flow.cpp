#include "push_flow.hpp"

#include <boost/json.hpp>

#include "changes_json.hpp"
#include "changes_mapping.hpp"
#include "reply_document.hpp"
#include "sync_back_settings.hpp"

namespace erpbridge::rest {

using sdk::ResultClass;

sdk::Result translate_push(const RestSettings& settings, const sdk::PushBody& push) {
  if (!settings.sync_back || settings.sync_back->pushes.empty())
    return sdk::Result::failure(ResultClass::invalid,
                                "push translation is not configured for this tenant (its rest "
                                "settings have no push: section)");
  const PushMapping* mapping = settings.sync_back->push_for(push.kind);
  if (!mapping)
    return sdk::Result::failure(ResultClass::invalid, "pushes of kind '" + push.kind +
                                                          "' are not configured for this tenant "
                                                          "(no push." +
                                                          push.kind + " setting)");
  const char* format = mapping->format == Format::xml ? "XML" : "JSON";
  auto document = ReplyDocument::parse(mapping->format, push.body, &settings.xml_namespaces);
  if (!document)
    return sdk::Result::failure(
        ResultClass::invalid,
        std::string("the pushed ") + format + " body cannot be read: " + document.error());
  boost::json::object globals{
      {"body", document->view()}, {"kind", push.kind}, {"content_type", push.content_type}};
  LuaSession lua(settings.program, LuaInput{nullptr, nullptr, 1, {}, &globals});

  MappingOutcome outcome = run_changes_mapping(lua, *settings.sync_back, mapping->changes_chunk);
  if (!outcome.table) {
    if (outcome.field.empty())
      return sdk::Result::failure(ResultClass::invalid,
                                  "the push mapping failed: " + outcome.message);
    return sdk::Result::failure(ResultClass::invalid, "the pushed body is not valid: " +
                                                          outcome.field + " " + outcome.message)
        .with("field", outcome.field);
  }
  AllowedChanges allowed{push.kind == "inventory", push.kind == "order_status"};
  if (auto problem = normalize_changes(*outcome.table, allowed))
    return sdk::Result::failure(ResultClass::invalid,
                                "the push mapping produced an invalid change: " + problem->pointer +
                                    " " + problem->message);
  // The host's push endpoint takes a document with the pushed kind, even when it is empty.
  if (!outcome.table->contains(push.kind)) (*outcome.table)[push.kind] = boost::json::array();
  sdk::Result result;
  result.details = std::move(*outcome.table);
  return result;
}

}  // namespace erpbridge::rest
