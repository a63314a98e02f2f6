#include "pull_flow.hpp"

#include <boost/json.hpp>

#include <variant>

#include "changed_records.hpp"
#include "sale_status_pull.hpp"
#include "stock_pull.hpp"
#include "value_encoding.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

Expected<std::int64_t> ChangePull::warehouse() {
  if (warehouse_) return *warehouse_;
  const auto& setting = t_.settings.pull.warehouse;
  json::array domain{json::array{"type", "=", "warehouse"}};
  std::string named;
  if (const auto* id = std::get_if<std::int64_t>(&setting)) {
    domain.emplace_back(json::array{"id", "=", *id});
    named = "id " + std::to_string(*id);
  } else {
    const auto& code = std::get<std::string>(setting);
    domain.emplace_back(json::array{"code", "=", code});
    named = "code '" + code + "'";
  }
  auto rows = t_.rpc.search_read("stock.location", domain, json::array{"code"},
                                 json::array{json::array{"id", "ASC"}}, 1);
  if (!rows) return rows.failure();
  if (!rows->is_array() || rows->as_array().empty() || !rows->as_array()[0].is_object())
    return permanent(
        "settings.pull.warehouse: Tryton has no warehouse (stock.location of type "
        "warehouse) with " +
        named);
  const auto& row = rows->as_array()[0].as_object();
  auto id = row.contains("id") ? decode_id(row.at("id")) : std::nullopt;
  if (!id) return permanent("unexpected reply from Tryton searching the warehouse");
  warehouse_ = *id;
  return *id;
}

Expected<PullCursor> ChangePull::first_cursor() {
  if (const auto& since = t_.settings.pull.since)
    return PullCursor{Mark{*since, 0}, Mark{*since, 0}};
  // "now": the newest change of each stream, so a new tenant starts with what happens next
  // instead of sending the store all of Tryton's history.
  auto moves = newest_mark(t_.rpc, "stock.move");
  if (!moves) return moves.failure();
  auto sales = newest_mark(t_.rpc, "sale.sale");
  if (!sales) return sales.failure();
  return PullCursor{*moves, *sales};
}

sdk::Result ChangePull::pull(const sdk::PullRequest& request) {
  std::lock_guard lock(mutex_);
  const auto& settings = t_.settings.pull;
  const int limit = std::max(request.limit, 1);

  PullCursor cursor;
  if (request.cursor) {
    auto decoded = PullCursor::decode(*request.cursor);
    if (!decoded)
      return sdk::Result::failure(ResultClass::invalid,
                                  "the cursor is not one the tryton connector wrote (expected "
                                  "v1;moves=<time>,<id>;sales=<time>,<id>)")
          .with("field", "/cursor");
    cursor = *decoded;
  } else {
    auto first = first_cursor();
    if (!first) return first.failure().to_result();
    cursor = *first;
  }

  json::array inventory, order_status;
  bool more = false;
  int room = limit;
  if (settings.stock) {
    auto wh = warehouse();
    if (!wh) return wh.failure().to_result();
    auto stock = pull_stock(t_.rpc, settings, *wh, cursor.moves, room);
    if (!stock) return stock.failure().to_result();
    inventory = std::move(stock->inventory);
    cursor.moves = stock->next;
    more = stock->more;
    room -= static_cast<int>(inventory.size());
  }
  // Sales wait while stock moves are still catching up: the host pulls again at once on
  // "more", and each answer stays within the limit.
  if (settings.order_status && !more) {
    if (room < 1) {
      more = true;
    } else {
      auto statuses = pull_sale_statuses(t_.rpc, t_.settings, cursor.sales, room);
      if (!statuses) return statuses.failure().to_result();
      order_status = std::move(statuses->order_status);
      cursor.sales = statuses->next;
      more = statuses->more;
    }
  }

  sdk::Result result;
  result.with("inventory", std::move(inventory))
      .with("order_status", std::move(order_status))
      .with("cursor", cursor.encode());
  if (more) result.with("more", true);
  return result;
}

}  // namespace erpbridge::tryton
