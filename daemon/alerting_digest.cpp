// Alerting's digests: receivers with `digest: hourly|daily` get one notification
// per UTC hour or day listing every incident alerted in it. Their outbox rows
// stay undispatched until the period (plus a grace) is over, so a restart
// rebuilds the same digest from the database; the digest's id comes from the
// receiver and the period only, so a resend carries the same Message-ID.
#include <algorithm>

#include "alerts/grouping.h"
#include "core/log.h"
#include "daemon/alerting.h"

namespace armwatch::daemon {
namespace {

// Rows recorded just before a period ends may commit a moment after it.
constexpr Millis kDigestGrace = std::chrono::seconds(60);
constexpr std::string_view kDigestPrefix = "digest-";

TimePoint period_start(TimePoint t, Millis period) {
  std::int64_t ms = to_unix_ms(t);
  std::int64_t p = period.count();
  return from_unix_ms(ms - (((ms % p) + p) % p));
}

// "digest-<start>/<end>": the notification's incident_key, from which its id is made.
std::string digest_key(TimePoint start, TimePoint end) {
  return std::string(kDigestPrefix) + format_rfc3339(start) + "/" + format_rfc3339(end);
}

std::optional<std::pair<TimePoint, TimePoint>> parse_digest_key(std::string_view key) {
  if (key.substr(0, kDigestPrefix.size()) != kDigestPrefix) {
    return std::nullopt;
  }
  key.remove_prefix(kDigestPrefix.size());
  auto slash = key.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  auto start = parse_rfc3339(key.substr(0, slash));
  auto end = parse_rfc3339(key.substr(slash + 1));
  if (!start || !end) {
    return std::nullopt;
  }
  return std::make_pair(*start, *end);
}

}  // namespace

bool Alerting::collect_digest_row(storage::QueuedAlert& row) {
  auto period = digest_periods_.find(row.receiver);
  // A silenced alert is recorded on its own, as for any receiver.
  if (period == digest_periods_.end() || !row.silenced_by.empty()) {
    return false;
  }
  Millis p = period->second;
  TimePoint start = period_start(row.created, p);
  TimePoint now = clock_.now();
  if (now >= start + p + kDigestGrace && digest_made(row.receiver, start)) {
    // Committed after its period's digest went out (a write slower than the
    // grace, a clock step): it joins the current period's digest rather than
    // one that is already sent, where nobody would see it.
    log_info("alerts: a late report for " + row.receiver + "'s digest of " + format_rfc3339(start) +
             " goes into the digest of " + format_rfc3339(period_start(now, p)));
    start = period_start(now, p);
  }
  digests_[{row.receiver, start}].rows.push_back(std::move(row));
  return true;
}

bool Alerting::digest_made(const std::string& receiver, TimePoint start) {
  TimePoint end = start + digest_periods_.at(receiver);
  std::string id = alerts::notification_id(receiver, digest_key(start, end), 0);
  storage::NotificationQuery q;
  q.receiver = receiver;
  auto made = store_.notifications(q);
  if (!made) {
    log_warning("alerts: cannot read notifications: " + made.error().to_string());
    return false;
  }
  return std::any_of(made->begin(), made->end(),
                     [&](const auto& r) { return r.notification.id == id; });
}

void Alerting::dispatch_digests(TimePoint now) {
  if (!outbox_drained_) {
    return;  // a period's last rows may still be unread
  }
  for (auto it = digests_.begin(); it != digests_.end();) {
    const auto& [receiver, start] = it->first;
    TimePoint end = start + digest_periods_.at(receiver);
    if (now >= end + kDigestGrace && dispatch_digest(receiver, start, it->second, now)) {
      it = digests_.erase(it);
    } else {
      ++it;
    }
  }
}

bool Alerting::dispatch_digest(const std::string& receiver, TimePoint start, Digest& digest,
                               TimePoint now) {
  TimePoint end = start + digest_periods_.at(receiver);
  Notification n;
  n.incident_key = digest_key(start, end);
  n.id = alerts::notification_id(receiver, n.incident_key, 0);
  n.kind = AlertKind::kDigest;
  n.receiver = receiver;
  n.status = AlertStatus::kPending;
  n.created = now;
  n.next_attempt = now;
  n.content = digest_content(digest.rows, start, end, texts_);
  n.severity = n.content.event.severity;
  std::vector<std::int64_t> ids;
  for (const auto& row : digest.rows) {
    ids.push_back(row.outbox_id);
  }
  storage::NotificationRecord record{n, 0};
  if (auto st = store_.dispatch(ids, &record); !st) {
    log_warning("alerts: cannot store digest " + n.id + ": " + st.error().to_string());
    return false;
  }
  log_info("alert " + n.id + " (digest, " + std::string(to_string(n.severity)) + ") for " +
           receiver + ": " + n.content.title);
  enqueue(std::move(n));
  return true;
}

void Alerting::rebuild_digest(Notification& n) {
  auto period = parse_digest_key(n.incident_key);
  auto rows = store_.dispatched_alerts(n.id);
  if (!period || !rows) {
    log_warning("alerts: cannot rebuild digest " + n.id +
                (rows ? std::string(": bad key") : ": " + rows.error().to_string()));
    return;
  }
  n.content = digest_content(*rows, period->first, period->second, texts_);
}

}  // namespace armwatch::daemon
