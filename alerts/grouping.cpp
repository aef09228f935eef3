#include "alerts/grouping.h"

#include <algorithm>

#include "alerts/encoding.h"
#include "alerts/routing.h"

namespace armwatch::alerts {

std::string notification_id(std::string_view receiver, std::string_view key, int sequence) {
  std::string material =
      std::string(receiver) + '\n' + std::string(key) + '\n' + std::to_string(sequence);
  return sha256_hex(material).substr(0, 32);
}

Notification make_test_notification(std::string_view receiver, TimePoint now) {
  Notification n;
  n.id = notification_id(receiver, "test:" + std::to_string(to_unix_ms(now)), 0);
  n.kind = AlertKind::kTest;
  n.receiver = receiver;
  n.created = now;
  n.next_attempt = now;
  n.content.title = "armwatch test notification";
  n.content.event.message = "This is a test of receiver '" + std::string(receiver) + "'.";
  n.content.event.time = now;
  return n;
}

void Grouper::add(GroupInput input, TimePoint now) {
  auto key = std::make_pair(input.receiver, input.key);
  auto facts = facts_of(input.content);
  auto [it, fresh] = groups_.try_emplace(key);
  Group& g = it->second;
  if (fresh || facts.severity >= g.severity) {
    g.severity = std::max(g.severity, facts.severity);
    g.latest = std::move(input);
  } else {
    g.latest.silenced_by = input.silenced_by;  // the silence state is always the latest
  }
  g.sources.insert(facts.sources.begin(), facts.sources.end());
  g.last_seen = now;
  if (fresh) {
    g.due = now + options_.group_wait;
  } else if (g.sent > 0 && !g.due && changed_since_sent(g)) {
    g.due = std::max(now, *g.last_sent + options_.group_interval);
  }
}

bool Grouper::changed_since_sent(const Group& g) const {
  if (g.severity > g.sent_severity) {
    return true;
  }
  return !std::includes(g.sent_sources.begin(), g.sent_sources.end(), g.sources.begin(),
                        g.sources.end());
}

Notification Grouper::make_notification(Group& g, TimePoint now) const {
  Notification n;
  n.id = notification_id(g.latest.receiver, g.latest.key, g.sent);
  n.thread_id = g.sent == 0 ? std::string() : notification_id(g.latest.receiver, g.latest.key, 0);
  n.kind = g.sent == 0 ? AlertKind::kNew : AlertKind::kUpdate;
  n.receiver = g.latest.receiver;
  n.event_id = g.latest.event_id;
  n.incident_id = g.latest.incident_id;
  n.incident_key = g.latest.key;
  n.severity = g.severity;
  n.status = g.latest.silenced_by.empty() ? AlertStatus::kPending : AlertStatus::kSilenced;
  n.silenced_by = g.latest.silenced_by;
  n.created = now;
  n.next_attempt = now;
  n.content = g.latest.content;
  g.sent += 1;
  g.sent_severity = g.severity;
  g.sent_sources = g.sources;
  g.last_sent = now;
  g.due.reset();
  return n;
}

std::vector<Notification> Grouper::take_due(TimePoint now) {
  std::vector<std::pair<TimePoint, Notification>> due;
  for (auto it = groups_.begin(); it != groups_.end();) {
    Group& g = it->second;
    if (!g.due && options_.repeat_interval && g.last_sent &&
        now >= *g.last_sent + *options_.repeat_interval) {
      g.due = now;
    }
    if (g.due && *g.due <= now) {
      TimePoint when = *g.due;
      due.emplace_back(when, make_notification(g, now));
    } else if (!g.due && now - g.last_seen >= options_.forget_after) {
      it = groups_.erase(it);
      continue;
    }
    ++it;
  }
  std::stable_sort(due.begin(), due.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Notification> out;
  for (auto& d : due) {
    out.push_back(std::move(d.second));
  }
  return out;
}

std::optional<TimePoint> Grouper::next_due() const {
  std::optional<TimePoint> best;
  for (const auto& [key, g] : groups_) {
    std::optional<TimePoint> when = g.due;
    if (!when && options_.repeat_interval && g.last_sent) {
      when = *g.last_sent + *options_.repeat_interval;
    }
    if (when && (!best || *when < *best)) {
      best = when;
    }
  }
  return best;
}

}  // namespace armwatch::alerts
