#include "daemon/alerting.h"

#include <algorithm>
#include <thread>

#include "alerts/grouping.h"
#include "core/log.h"
#include "daemon/alert_receivers.h"

namespace armwatch::daemon {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kOutboxBatch = 1000;
constexpr Millis kDispatchEvery = 1s;
constexpr Millis kSilencesEvery = 10s;
constexpr auto kFlushLimit = std::chrono::seconds(60);
constexpr Millis kResumeEvery = 5s;  // also picks up `armwatch alerts test`

std::string incident_key(const storage::QueuedAlert& row) {
  return row.incident ? "incident-" + std::to_string(row.incident->id)
                      : "event-" + std::to_string(row.event.id);
}

Severity severity_of(const storage::QueuedAlert& row) {
  Severity s = row.event.event.severity;
  return row.incident ? std::max(s, row.incident->severity) : s;
}

alerts::Silence silence_of(const storage::SilenceRecord& r) {
  alerts::Silence s;
  s.id = std::to_string(r.id);
  s.starts = r.created;
  s.expires = r.expires;
  s.created_by = r.created_by;
  s.comment = r.reason;
  for (const auto& [key, value] : r.matchers) {
    if (key == "category") {
      s.match.categories.push_back(value);
    } else if (key == "provision") {
      s.match.provisions.push_back(value);
    } else if (key == "tag") {
      s.match.tags.push_back(value);
    } else if (key == "source") {
      s.match.sources.push_back(value);
    } else if (key == "severity" || key == "min_severity") {
      s.match.min_severity = parse_severity(value);
    } else if (key == "receiver") {
      s.receivers.push_back(value);
    }
  }
  return s;
}

std::string paraphrase_of(const AlertTexts& texts, const std::string& id) {
  const rules::Provision* p = texts.provisions ? texts.provisions->find(id) : nullptr;
  return p == nullptr ? std::string() : p->paraphrase;
}

// "2010-11-23: <summary>" (the title when the entry has no summary).
std::string precedent_summary(const AlertTexts& texts, const std::string& id) {
  const rules::HistoryEntry* h = texts.history ? texts.history->find(id) : nullptr;
  if (h == nullptr) {
    return {};
  }
  return h->date + ": " + (h->summary.empty() ? h->title : h->summary);
}

ReportLink report_of(const Item& item) {
  return ReportLink{item.title, item.link, item.source.empty() ? item.feed : item.source,
                    item.date()};
}

}  // namespace

AlertContent content_of(const storage::QueuedAlert& row, const AlertTexts& texts) {
  AlertContent c;
  const Item& item = row.event.item;
  c.title = item.title;
  c.event = row.event.event;
  if (row.incident) {
    const storage::Incident& in = *row.incident;
    c.incident = IncidentSummary{in.id,        incident_key(row), in.title,
                                 in.category,  in.severity,       in.first_seen,
                                 in.last_seen, in.report_count,   row.incident_sources};
  }
  for (const auto& p : c.event.provisions) {
    c.provisions.push_back(ProvisionText{p, paraphrase_of(texts, p)});
  }
  for (const auto& p : c.event.precedents) {
    c.precedents.push_back(PrecedentText{p, precedent_summary(texts, p)});
  }
  c.reports.push_back(report_of(item));
  return c;
}

AlertContent digest_content(const std::vector<storage::QueuedAlert>& rows, TimePoint start,
                            TimePoint end, const AlertTexts& texts) {
  std::map<std::string, std::vector<const storage::QueuedAlert*>> incidents;
  std::vector<std::string> order;  // incident keys by first report
  for (const auto& row : rows) {
    auto& list = incidents[incident_key(row)];
    if (list.empty()) {
      order.push_back(incident_key(row));
    }
    list.push_back(&row);
  }
  AlertContent c;
  for (const auto& key : order) {
    const auto& list = incidents[key];
    auto best = *std::max_element(list.begin(), list.end(), [](auto* a, auto* b) {
      return severity_of(*a) <= severity_of(*b);  // ties: the latest wins
    });
    AlertContent entry = content_of(*best, texts);
    entry.event.severity = severity_of(*best);
    for (const auto* row : list) {
      if (row != best) {
        entry.reports.push_back(report_of(row->event.item));
      }
    }
    c.event.severity = std::max(c.event.severity, entry.event.severity);
    c.digest.push_back(std::move(entry));
  }
  std::stable_sort(c.digest.begin(), c.digest.end(), [](const auto& a, const auto& b) {
    return a.event.severity > b.event.severity;
  });
  c.title = std::to_string(c.digest.size()) + (c.digest.size() == 1 ? " incident" : " incidents") +
            " from " + format_rfc3339(start) + " to " + format_rfc3339(end);
  return c;
}

Alerting::Alerting(const config::AlertsConfig& config, storage::AlertStore& store,
                   const Clock& clock, Registry* registry, AlertTexts texts)
    : config_(config),
      routing_(routing_of(config)),
      store_(store),
      clock_(clock),
      registry_(registry),
      texts_(std::move(texts)) {
  for (const auto& r : config.receivers) {
    if (r.digest == "hourly") {
      digest_periods_[r.name] = std::chrono::hours(1);
    } else if (r.digest == "daily") {
      digest_periods_[r.name] = std::chrono::hours(24);
    }
  }
}

Result<std::unique_ptr<Alerting>> Alerting::start(const config::AlertsConfig& config,
                                                  storage::AlertStore& store, const Clock& clock,
                                                  Registry* registry, AlertTexts texts) {
  auto sinks = build_receivers(config, clock);
  if (!sinks) {
    return sinks.error();
  }
  return start_with_sinks(config, store, clock, registry, std::move(*sinks), std::move(texts));
}

std::unique_ptr<Alerting> Alerting::start_with_sinks(
    const config::AlertsConfig& config, storage::AlertStore& store, const Clock& clock,
    Registry* registry, std::map<std::string, std::shared_ptr<alerts::AlertSink>> sinks,
    AlertTexts texts) {
  std::unique_ptr<Alerting> a(new Alerting(config, store, clock, registry, std::move(texts)));
  alerts::WorkerOptions options;
  options.capacity = config.queue_capacity;
  options.retry.base = config.retry_base;
  options.retry.cap = config.retry_cap;
  options.retry.deadline = config.retry_deadline;
  Alerting* self = a.get();
  a->worker_ = std::make_unique<alerts::AlertWorker>(
      options, clock,
      [self](const Notification& n, const alerts::DeliveryResult& r) { self->on_attempt(n, r); });
  for (auto& [name, sink] : sinks) {
    a->worker_->add_sink(name, std::move(sink));
  }
  a->worker_->start();
  a->refresh_silences(clock.now());
  a->resume();
  return a;
}

Alerting::~Alerting() {
  stop();
}

void Alerting::on_attempt(const Notification& n, const alerts::DeliveryResult& r) {
  std::lock_guard lock(outcomes_mu_);
  outcomes_.push_back(Outcome{n, r, clock_.now()});
}

void Alerting::refresh_silences(TimePoint now) {
  auto records = store_.silences(now);
  if (!records) {
    log_warning("alerts: cannot read silences: " + records.error().to_string());
    return;
  }
  silences_.clear();
  for (const auto& r : *records) {
    silences_.push_back(silence_of(r));
  }
  silences_loaded_ = now;
}

std::vector<storage::OutboxEntry> Alerting::route(const Item& item,
                                                  const std::vector<Event>& events) {
  std::vector<storage::OutboxEntry> out;
  TimePoint now = clock_.now();
  for (std::size_t i = 0; i < events.size(); ++i) {
    AlertContent content;
    content.event = events[i];
    content.reports.push_back(report_of(item));
    alerts::AlertFacts facts = alerts::facts_of(content);
    facts.sources.push_back(item.feed);
    for (const auto& target : alerts::route_alert(routing_, silences_, facts, now)) {
      out.push_back(storage::OutboxEntry{i, target.receiver, target.silenced_by});
    }
  }
  return out;
}

void Alerting::collect_outbox() {
  auto rows = store_.queued_alerts(kOutboxBatch);
  if (!rows) {
    log_warning("alerts: cannot read the outbox: " + rows.error().to_string());
    return;
  }
  outbox_drained_ = rows->size() < kOutboxBatch;
  for (auto& row : *rows) {
    if (!seen_outbox_.insert(row.outbox_id).second || collect_digest_row(row)) {
      continue;
    }
    std::string key = row.receiver + "\n" + incident_key(row);
    auto [it, fresh] = groups_.try_emplace(key, Group{{}, row.created});
    it->second.first_seen = std::min(it->second.first_seen, row.created);
    it->second.rows.push_back(std::move(row));
  }
}

bool Alerting::dispatch_group(Group& group, TimePoint now) {
  const storage::QueuedAlert& first = group.rows.front();
  auto best = std::max_element(group.rows.begin(), group.rows.end(), [](auto& a, auto& b) {
    return severity_of(a) <= severity_of(b);  // ties: the latest wins
  });
  std::vector<storage::NotificationRecord> prev;
  if (first.incident) {
    storage::NotificationQuery q;
    q.receiver = first.receiver;
    q.incident_id = first.incident->id;
    auto found = store_.notifications(q);
    if (!found) {
      log_warning("alerts: " + found.error().to_string());
      return false;
    }
    prev = std::move(*found);
  }
  std::vector<std::int64_t> ids;
  for (const auto& row : group.rows) {
    ids.push_back(row.outbox_id);
  }
  Severity severity = severity_of(*best);
  std::int64_t sources = best->incident ? best->incident->source_count : 1;
  AlertKind kind = AlertKind::kNew;
  if (!prev.empty()) {
    const storage::NotificationRecord& last = prev.front();
    bool changed = severity > last.notification.severity || sources > last.source_count;
    bool repeat =
        config_.repeat_interval && now - last.notification.created >= *config_.repeat_interval;
    if (!changed && !repeat) {
      auto st = store_.dispatch(ids, nullptr);  // nothing new to say: absorbed
      return st.ok();
    }
    if (now < last.notification.created + config_.group_interval) {
      return false;
    }
    kind = AlertKind::kUpdate;
  }
  Notification n;
  n.id =
      alerts::notification_id(first.receiver, incident_key(first), static_cast<int>(prev.size()));
  n.thread_id = prev.empty() ? "" : prev.back().notification.id;
  n.kind = kind;
  n.receiver = first.receiver;
  n.event_id = best->event.id;
  n.incident_id = best->incident ? best->incident->id : 0;
  n.incident_key = incident_key(*best);
  n.severity = severity;
  n.silenced_by = best->silenced_by;
  n.status = n.silenced_by.empty() ? AlertStatus::kPending : AlertStatus::kSilenced;
  n.created = now;
  n.next_attempt = now;
  n.content = content_of(*best, texts_);
  for (const auto& row : group.rows) {
    if (&row != &*best) {
      n.content.reports.push_back(report_of(row.event.item));
    }
  }
  storage::NotificationRecord record{n, sources};
  if (auto st = store_.dispatch(ids, &record); !st) {
    log_warning("alerts: cannot store notification " + n.id + ": " + st.error().to_string());
    return false;
  }
  if (registry_ != nullptr && n.status == AlertStatus::kSilenced) {
    registry_->inc("armwatch_alerts_total", {{"receiver", n.receiver}, {"status", "silenced"}});
  }
  log_info("alert " + n.id + " (" + std::string(to_string(kind)) + ", " +
           std::string(to_string(n.severity)) + ") for " + n.receiver + ": " + n.content.title +
           (n.silenced_by.empty() ? "" : " [silenced by " + n.silenced_by + "]"));
  if (n.status == AlertStatus::kPending) {
    enqueue(std::move(n));
  }
  return true;
}

void Alerting::dispatch_due(TimePoint now, bool ignore_wait) {
  for (auto it = groups_.begin(); it != groups_.end();) {
    Group& g = it->second;
    bool due = ignore_wait || now >= g.first_seen + config_.group_wait;
    if (due && dispatch_group(g, now)) {
      it = groups_.erase(it);
    } else {
      ++it;
    }
  }
}

void Alerting::enqueue(Notification n) {
  std::string id = n.id;
  std::string receiver = n.receiver;
  if (in_worker_.count(id)) {
    return;
  }
  // A drop loses nothing: the notification stays pending in the database and
  // resume() offers it again once the receiver's queue has room.
  if (worker_->enqueue(std::move(n))) {
    in_worker_.insert(id);
  } else if (registry_ != nullptr) {
    registry_->inc("armwatch_alert_queue_dropped_total", {{"receiver", receiver}});
  }
}

void Alerting::publish_queue_metrics() {
  if (registry_ == nullptr) {
    return;
  }
  for (const auto& r : config_.receivers) {
    registry_->set("armwatch_alert_queue_depth", {{"receiver", r.name}},
                   static_cast<double>(worker_->depth(r.name)));
  }
}

void Alerting::persist_outcomes() {
  std::vector<Outcome> batch;
  {
    std::lock_guard lock(outcomes_mu_);
    batch.swap(outcomes_);
  }
  for (const auto& o : batch) {
    const Notification& n = o.notification;
    storage::AttemptRecord attempt{n.id, o.at, o.result.ok, o.result.code, o.result.message};
    if (auto st = store_.record_attempt(n, attempt); !st) {
      log_warning("alerts: cannot record an attempt of " + n.id + ": " + st.error().to_string());
    }
    if (n.status != AlertStatus::kPending) {
      in_worker_.erase(n.id);
    }
    if (!o.result.ok) {
      log_warning("alert " + n.id + " to " + n.receiver + ": " + o.result.message);
    }
    if (registry_ != nullptr) {
      registry_->inc(
          "armwatch_alerts_total",
          {{"receiver", n.receiver},
           {"status",
            o.result.ok ? "sent" : (n.status == AlertStatus::kFailed ? "failed" : "retry")}});
    }
  }
}

void Alerting::resume() {
  storage::NotificationQuery q;
  q.status = AlertStatus::kPending;
  auto pending = store_.notifications(q);
  if (!pending) {
    log_warning("alerts: cannot read pending notifications: " + pending.error().to_string());
    return;
  }
  for (auto& record : *pending) {
    Notification& n = record.notification;
    if (in_worker_.count(n.id)) {
      continue;
    }
    if (n.kind == AlertKind::kTest) {
      n.content = alerts::make_test_notification(n.receiver, n.created).content;
    } else if (n.kind == AlertKind::kDigest) {
      rebuild_digest(n);
    } else if (n.event_id != 0) {
      if (auto context = store_.event_context(n.event_id)) {
        n.content = content_of(*context, texts_);
      }
    }
    enqueue(std::move(n));
  }
  last_resume_ = clock_.now();
}

void Alerting::tick() {
  persist_outcomes();
  TimePoint now = clock_.now();
  if (now - last_dispatch_ < kDispatchEvery) {
    return;
  }
  last_dispatch_ = now;
  if (now - silences_loaded_ >= kSilencesEvery) {
    refresh_silences(now);
  }
  collect_outbox();
  dispatch_due(now, false);
  dispatch_digests(now);
  if (now - last_resume_ >= kResumeEvery) {
    resume();
  }
  publish_queue_metrics();
}

void Alerting::flush() {
  persist_outcomes();
  collect_outbox();
  dispatch_due(clock_.now(), true);
  dispatch_digests(clock_.now());
  // Give the worker a bounded while to deliver; what is left stays pending in
  // the database for the next run.
  auto until = std::chrono::steady_clock::now() + kFlushLimit;
  while (worker_->depth() > 0 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(50ms);
    persist_outcomes();
  }
  stop();
}

void Alerting::stop() {
  if (worker_) {
    worker_->stop();
    persist_outcomes();
    worker_.reset();
  }
}

}  // namespace armwatch::daemon
