#include "storage/event_store.h"

namespace armwatch::storage {
namespace {

Error not_supported(const char* what) {
  return make_error(ErrorCode::kUnsupported, std::string(what) + " is not supported by this store");
}

}  // namespace

Result<std::vector<Incident>> EventStore::query_incidents(const IncidentQuery& /*query*/) {
  return not_supported("query_incidents");
}

Result<std::vector<SearchHit>> EventStore::search(const std::string& /*text*/,
                                                  const SearchFilter& /*filter*/, int /*limit*/) {
  return not_supported("search");
}

Result<std::size_t> EventStore::prune_item_text(TimePoint /*older_than*/,
                                                std::size_t /*max_rows*/) {
  return not_supported("prune_item_text");
}

Status EventStore::for_each_event(const EventQuery& /*query*/, const EventVisitor& /*visit*/) {
  return not_supported("for_each_event");
}

Result<std::vector<EventCount>> EventStore::count_events(const EventQuery& /*query*/,
                                                         CountBy /*by*/, CountPer /*per*/) {
  return not_supported("count_events");
}

}  // namespace armwatch::storage
