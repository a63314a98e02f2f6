// "What changed since the mark": the records of a Tryton model whose change stamp (write_date,
// or create_date while never written) comes after a cursor mark, oldest first, with ties at one
// stamp broken by id. Tryton cannot order by COALESCE(write_date, create_date), so written and
// never-written records are asked for separately, each ordered and limited, and merged here:
// the first `limit` of the merge are among the first `limit` of each part.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string_view>
#include <vector>

#include "json_rpc_client.hpp"
#include "outcome.hpp"
#include "pull_cursor.hpp"

namespace erpbridge::tryton {

struct ChangedRecord {
  Mark mark;  // the record's stamp and id
  boost::json::object row;
};

struct ChangedPage {
  std::vector<ChangedRecord> records;  // oldest first, at most `limit`
  bool more = false;                   // more records may follow the last one
};

// The records of `model` matching `filter` (one domain clause; null for none) changed after
// `after`. `fields` need not name write_date and create_date.
Expected<ChangedPage> changed_after(JsonRpcClient& rpc, std::string_view model,
                                    const boost::json::value& filter, const Mark& after, int limit,
                                    boost::json::array fields);

// The mark of the newest change to any record of `model`; Mark{} when it has none.
Expected<Mark> newest_mark(JsonRpcClient& rpc, std::string_view model);

}  // namespace erpbridge::tryton
