// Grouping: turns a stream of routed alerts into notifications, one group per
// (receiver, incident key). Pure logic with time passed in; no storage.
//
//  - The first alert of a group waits group_wait (to collect the first reports
//    of an incident), then one "new" notification goes out.
//  - Later alerts send an "update" only when the severity rose above the last
//    notified one or new sources appeared, and no sooner than group_interval
//    after the previous notification.
//  - Nothing is repeated unless repeat_interval is set.
//  - Groups idle for forget_after are dropped.
// Notification ids come from (receiver, key, sequence), so a restart that sees
// the same incident again produces the same ids and the outbox can dedupe them.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/alert.h"

namespace armwatch::alerts {

struct GroupingOptions {
  Millis group_wait{std::chrono::seconds(30)};
  Millis group_interval{std::chrono::minutes(5)};
  std::optional<Millis> repeat_interval;  // unset: never repeat an unchanged group
  Millis forget_after{std::chrono::hours(24 * 7)};
};

// 32 hex digits of SHA-256(receiver, key, sequence): the stable notification id.
std::string notification_id(std::string_view receiver, std::string_view key, int sequence);

// A notification of kind test for `receiver`, sent by hand ("armwatch alerts test").
Notification make_test_notification(std::string_view receiver, TimePoint now);

// One routed alert, as the daemon hands it to the grouper.
struct GroupInput {
  std::string receiver;
  std::string key;          // the incident key; alerts with equal keys are grouped
  std::string silenced_by;  // from RouteTarget
  std::int64_t event_id = 0;
  std::int64_t incident_id = 0;
  AlertContent content;
};

class Grouper {
 public:
  explicit Grouper(GroupingOptions options) : options_(options) {}

  // Records an alert seen at `now`.
  void add(GroupInput input, TimePoint now);
  // The notifications due at `now` (status pending, or silenced when the latest
  // alert of the group was silenced), in due order. Also forgets idle groups.
  std::vector<Notification> take_due(TimePoint now);
  // The earliest time take_due() would return something; nullopt if never.
  std::optional<TimePoint> next_due() const;
  std::size_t group_count() const { return groups_.size(); }

 private:
  struct Group {
    GroupInput latest;  // the content of the most severe alert, latest on ties
    Severity severity = Severity::kInfo;
    std::set<std::string> sources;
    TimePoint last_seen;
    int sent = 0;  // notifications made so far
    Severity sent_severity = Severity::kInfo;
    std::set<std::string> sent_sources;
    std::optional<TimePoint> last_sent;
    std::optional<TimePoint> due;  // set while a notification is owed
  };

  bool changed_since_sent(const Group& g) const;
  Notification make_notification(Group& g, TimePoint now) const;

  GroupingOptions options_;
  std::map<std::pair<std::string, std::string>, Group> groups_;  // (receiver, key)
};

}  // namespace armwatch::alerts
