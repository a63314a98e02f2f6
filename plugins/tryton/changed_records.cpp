#include "changed_records.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "value_encoding.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

// stamp_field > t, or stamp_field = t and id > i.
json::array after_clause(std::string_view stamp_field, const Mark& after) {
  const auto t = after.stamp.to_json();
  return json::array{
      "OR", json::array{stamp_field, ">", t},
      json::array{json::array{stamp_field, "=", t}, json::array{"id", ">", after.id}}};
}

json::array domain_of(const json::value& filter, json::array clauses) {
  if (!filter.is_null()) clauses.emplace_back(filter);
  return clauses;
}

// The rows of one part as records; `stamp_field` holds their stamp.
Expected<std::vector<ChangedRecord>> records_of(const Expected<json::value>& rows,
                                                std::string_view model,
                                                std::string_view stamp_field) {
  if (!rows) return rows.failure();
  if (!rows->is_array())
    return permanent("unexpected reply from Tryton searching " + std::string(model));
  std::vector<ChangedRecord> out;
  for (const auto& row : rows->as_array()) {
    if (!row.is_object()) continue;
    const auto& r = row.as_object();
    const auto id = r.contains("id") ? decode_id(r.at("id")) : std::nullopt;
    const auto* stamp_value = r.if_contains(stamp_field);
    const auto stamp = stamp_value ? Stamp::from_json(*stamp_value) : std::nullopt;
    if (!id || !stamp)
      return permanent("unexpected reply from Tryton searching " + std::string(model) +
                       ": a record without id or " + std::string(stamp_field));
    out.push_back(ChangedRecord{Mark{*stamp, *id}, r});
  }
  return out;
}

}  // namespace

Expected<ChangedPage> changed_after(JsonRpcClient& rpc, std::string_view model,
                                    const json::value& filter, const Mark& after, int limit,
                                    json::array fields) {
  limit = std::max(limit, 1);
  fields.emplace_back("write_date");
  fields.emplace_back("create_date");

  auto written = records_of(
      rpc.search_read(
          model,
          domain_of(filter, json::array{json::array{"write_date", "!=", nullptr},
                                        after_clause("write_date", after)}),
          fields, json::array{json::array{"write_date", "ASC"}, json::array{"id", "ASC"}}, limit),
      model, "write_date");
  if (!written) return written.failure();
  auto created = records_of(
      rpc.search_read(
          model,
          domain_of(filter, json::array{json::array{"write_date", "=", nullptr},
                                        after_clause("create_date", after)}),
          fields, json::array{json::array{"create_date", "ASC"}, json::array{"id", "ASC"}}, limit),
      model, "create_date");
  if (!created) return created.failure();

  const auto limit_size = static_cast<std::size_t>(limit);
  ChangedPage page;
  page.more = written->size() == limit_size || created->size() == limit_size;
  page.records = std::move(*written);
  page.records.insert(page.records.end(), std::make_move_iterator(created->begin()),
                      std::make_move_iterator(created->end()));
  std::sort(page.records.begin(), page.records.end(),
            [](const ChangedRecord& a, const ChangedRecord& b) { return a.mark < b.mark; });
  if (page.records.size() > limit_size) {
    page.records.resize(limit_size);
    page.more = true;
  }
  return page;
}

Expected<Mark> newest_mark(JsonRpcClient& rpc, std::string_view model) {
  auto newest = [&](std::string_view stamp_field, const char* op) -> Expected<std::optional<Mark>> {
    auto rows =
        records_of(rpc.search_read(
                       model, json::array{json::array{"write_date", op, nullptr}},
                       json::array{"write_date", "create_date"},
                       json::array{json::array{stamp_field, "DESC"}, json::array{"id", "DESC"}}, 1),
                   model, stamp_field);
    if (!rows) return rows.failure();
    if (rows->empty()) return std::optional<Mark>();
    return std::optional<Mark>(rows->front().mark);
  };
  auto written = newest("write_date", "!=");
  if (!written) return written.failure();
  auto created = newest("create_date", "=");
  if (!created) return created.failure();
  return std::max(written->value_or(Mark{}), created->value_or(Mark{}));
}

}  // namespace erpbridge::tryton
