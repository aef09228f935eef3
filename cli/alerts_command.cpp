#include "cli/alerts_command.h"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include "alerts/grouping.h"
#include "core/clock.h"
#include "storage/alert_store.h"

namespace armwatch::cli {
namespace {

struct AlertsArgs {
  std::string status;
  std::string receiver;
  int limit = 50;
  bool attempts = false;
  std::string format = "auto";
  std::string test_receiver;
  std::string wait = "60s";
};

std::string time_or_empty(TimePoint t) {
  return to_unix_ms(t) == 0 ? "" : format_rfc3339(t);
}

Table deliveries_table(storage::AlertStore& store,
                       const std::vector<storage::NotificationRecord>& records,
                       bool with_attempts) {
  Table t;
  t.columns = {"id",       "created",      "receiver",  "kind",       "severity", "status",
               "attempts", "next_attempt", "last_code", "last_error", "title"};
  t.raw_json = {false, false, false, false, false, false, true, false, true, false, false};
  for (const auto& r : records) {
    const Notification& n = r.notification;
    std::string title = n.kind == AlertKind::kDigest ? "(" + n.incident_key + ")"
                        : n.event_id != 0            ? ""
                                                     : "(test)";
    if (n.event_id != 0) {
      if (auto ctx = store.event_context(n.event_id)) {
        title = ctx->event.item.title;
      }
    }
    t.rows.push_back({n.id, time_or_empty(n.created), n.receiver, std::string(to_string(n.kind)),
                      std::string(to_string(n.severity)), std::string(to_string(n.status)),
                      std::to_string(n.attempts),
                      n.status == AlertStatus::kPending ? time_or_empty(n.next_attempt) : "",
                      std::to_string(n.last_code), n.last_error, title});
    if (!with_attempts) {
      continue;
    }
    for (const auto& a : store.attempts(n.id).value_or(std::vector<storage::AttemptRecord>{})) {
      t.rows.push_back({"  attempt", format_rfc3339(a.at), n.receiver, "", "",
                        a.ok ? "ok" : "error", "", "", std::to_string(a.code), a.message, ""});
    }
  }
  return t;
}

int run_list(const GlobalOptions& global, const AlertsArgs& args) {
  auto format = parse_format(args.format);
  if (!format) {
    std::cerr << "armwatch: unknown --format '" << args.format << "'\n";
    return kExitUsage;
  }
  storage::NotificationQuery q;
  q.receiver = args.receiver;
  q.limit = args.limit;
  if (!args.status.empty()) {
    q.status = parse_alert_status(args.status);
    if (!q.status) {
      std::cerr << "armwatch: --status must be pending, sent, failed or silenced\n";
      return kExitUsage;
    }
  }
  auto store = open_store_for_reading(global);
  if (!store) {
    return report(store.error());
  }
  storage::AlertStore* alerts = (*store)->alerts();
  auto records = alerts->notifications(q);
  if (!records) {
    return report(records.error());
  }
  write_table(std::cout, deliveries_table(*alerts, *records, args.attempts),
              resolve_format(*format, stdout_is_tty()), terminal_width());
  return records->empty() ? kExitNoResults : kExitResults;
}

// Waits for the daemon to attempt `id`; prints the outcome.
int wait_for_outcome(storage::AlertStore& store, const std::string& id, Millis wait) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    auto attempts = store.attempts(id);
    if (attempts && !attempts->empty()) {
      const auto& a = attempts->back();
      std::cout << (a.ok ? "delivered" : "failed") << " (" << a.code << ")"
                << (a.message.empty() ? "" : ": " + a.message) << "\n";
      return a.ok ? kExitResults : kExitFailure;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  std::cerr << "armwatch: test alert " << id << " queued, but no attempt within the wait; is "
            << "armwatchd running with this database?\n";
  return kExitFailure;
}

int run_test(const GlobalOptions& global, const AlertsArgs& args) {
  auto wait = parse_duration(args.wait);
  if (!wait) {
    std::cerr << "armwatch: --wait must be a duration such as 60s\n";
    return kExitUsage;
  }
  auto store = open_store_for_writing(global);
  if (!store) {
    return report(store.error());
  }
  SystemClock clock;
  Notification n = alerts::make_test_notification(args.test_receiver, clock.now());
  storage::NotificationRecord record{n, 0};
  storage::AlertStore* alerts = (*store)->alerts();
  if (auto st = alerts->dispatch({}, &record); !st) {
    return report(st.error());
  }
  std::cout << "queued test alert " << n.id << " for " << args.test_receiver << "\n";
  return wait->count() == 0 ? kExitResults : wait_for_outcome(*alerts, n.id, *wait);
}

}  // namespace

void add_alerts_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<AlertsArgs>();
  CLI::App* cmd = app.add_subcommand("alerts", "List alert deliveries, or send a test alert");
  cmd->add_option("--status", args->status, "pending, sent, failed or silenced");
  cmd->add_option("--receiver", args->receiver, "Only this receiver");
  cmd->add_option("--limit", args->limit, "At most this many")->capture_default_str();
  cmd->add_flag("--attempts", args->attempts, "Show every delivery attempt");
  cmd->add_option("--format", args->format, "auto, table, tsv, csv, json, ndjson");
  CLI::App* test = cmd->add_subcommand("test", "Queue a test alert for the running daemon");
  test->add_option("--receiver", args->test_receiver, "A configured receiver")->required();
  test->add_option("--wait", args->wait, "How long to wait for the outcome (0: do not wait)")
      ->capture_default_str();
  test->callback([&global, &exit_code, args] { exit_code = run_test(global, *args); });
  cmd->callback([&global, &exit_code, args, test] {
    if (!test->parsed()) {
      exit_code = run_list(global, *args);
    }
  });
}

}  // namespace armwatch::cli
