// The CLI reading while the daemon writes, for minutes: the real `armwatchd`
// polls two loopback feeds that grow every second and records what its rules
// find; a writer thread stores more batches through the store (as armwatchd's
// poller does, with retention pruning now and then, which a test cannot wait
// days for the daemon to do); the real `armwatch` binary runs events,
// incidents, search, stats and export; and a reader thread queries in process.
// No read or write may fail ("database is locked" or any other error, in the
// CLI's output, the threads' results or armwatchd's log), no read may be torn
// (every event read has its item, its evidence and its incident; counts never
// go down).
//
// Runs for $ARMWATCH_CONCURRENCY_SECONDS, 90 by default (the issue asks for
// minutes), then one more round and the checks: 100 to 120 s on a busy 2-core
// machine; ctest's TIMEOUT for this folder is 300 s. Its timeline goes to
// stderr, which ctest prints when the test fails.
// For a longer soak, run the test binary directly:
//   ARMWATCH_CONCURRENCY_SECONDS=1800 armwatch_cli_tests "[concurrency]"
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>
#include <fmt/core.h>

#include "tests/cli/log_fixture.h"
#include "tests/support/daemon_process.h"

using namespace std::chrono_literals;
using armwatch::SystemClock;
using armwatch::testing::run_command;
using nlohmann::json;

namespace {

namespace storage = armwatch::storage;

std::chrono::seconds test_duration() {
  const char* s = std::getenv("ARMWATCH_CONCURRENCY_SECONDS");
  return std::chrono::seconds(s != nullptr ? std::max(1, std::atoi(s)) : 90);
}

// Failures seen by the threads, reported by the main thread (Catch2's
// assertions are not thread-safe).
class Problems {
 public:
  void add(const std::string& p) {
    std::lock_guard<std::mutex> lock(mu_);
    if (list_.size() < 20) {
      list_.push_back(p);
    }
    ++count_;
  }
  std::size_t count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return count_;
  }
  std::string first() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::string out;
    for (const auto& p : list_) {
      out += p + "\n";
    }
    return out;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> list_;
  std::size_t count_ = 0;
};

constexpr const char* kCategories[] = {"missile-launch", "dmz-hostile-act", "mdl-crossing"};
constexpr const char* kTitles[] = {"North Korea fires ballistic missile into East Sea",
                                   "KPA guards fire warning shots near the DMZ",
                                   "Soldiers cross the MDL near Cheorwon"};

storage::ItemRecord batch_item(int n) {
  using armwatch::Event;
  using armwatch::TimePoint;
  storage::ItemRecord r;
  int kind = n % 3;
  r.item.feed = n % 2 == 0 ? "yonhap" : "nknews";
  r.item.id = "item-" + std::to_string(n);
  r.item.title = std::string(kTitles[kind]) + ", report " + std::to_string(n);
  r.item.summary = "Summary of report " + std::to_string(n) + " about a missile.";
  r.item.content = std::string(300, 'x') + " body";
  r.item.source = n % 5 == 0 ? "" : (n % 2 == 0 ? "Yonhap" : "NK News");
  r.item.link = "https://example.org/" + std::to_string(n);
  TimePoint now = SystemClock().now();
  r.item.published = now - std::chrono::minutes(n % 50);
  int events = n % 4 == 0 ? 2 : 1;
  for (int k = 0; k < events; ++k) {
    Event e = armwatch::cli::testing::log_event("rule-" + std::to_string(kind),
                                                kCategories[(kind + k) % 3],
                                                armwatch::Severity::kWarning, now, {"UNSCR-1718"});
    e.evidence.push_back(armwatch::cli::testing::span_of("title", r.item.title, "report"));
    r.events.push_back(e);
  }
  return r;
}

// armwatchd's part: a batch of five items every 200 ms (a busy day's hour of
// news in a minute), retention every 20 batches. The pace is fixed, not as
// fast as the machine goes, so that the log grows at the same rate on a fast
// machine and a slow one. Every CLI round reads the whole log back and checks
// each event (JSON parsing under ASan costs more than the CLI itself), so a
// round's cost grows with the log: at 50 ms a batch the last rounds took 17 s
// here and more than the 300 s budget on a slower machine; at 200 ms the log
// ends near 2,300 items and the last round takes a few seconds.
void write_batches(const std::string& path, const std::atomic<bool>& stop, Problems& problems,
                   std::atomic<int>& batches) {
  auto store = storage::open_sqlite_store(path);
  if (!store) {
    problems.add("writer: " + store.error().to_string());
    return;
  }
  int n = 0;
  auto next = std::chrono::steady_clock::now();
  while (!stop) {
    std::vector<storage::ItemRecord> batch;
    for (int i = 0; i < 5; ++i) {
      batch.push_back(batch_item(n++));
    }
    if (auto r = (*store)->record(batch); !r) {
      problems.add("writer: record: " + r.error().to_string());
    }
    if (++batches % 20 == 0) {
      auto pruned = (*store)->prune_item_text(SystemClock().now() - 2s, 500);
      if (!pruned) {
        problems.add("writer: prune: " + pruned.error().to_string());
      }
    }
    next += 200ms;
    std::this_thread::sleep_until(next);
  }
}

// ---- armwatchd's part --------------------------------------------------------

const std::string kRules = std::string(ARMWATCH_SOURCE_DIR) + "/rules/pack";
constexpr const char* kFeeds[] = {"wire-a", "wire-b"};
// Titles the shipped rule pack flags (see tests/e2e).
constexpr const char* kWireTitles[] = {
    "North Korea fires ballistic missile into East Sea, JCS says",
    "North Korean soldiers briefly cross Military Demarcation Line, retreat after warning shots"};

std::string rfc822_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

// The feed's latest 30 items of `count`, replaced atomically (the server
// never serves half a file).
void write_feed(const std::filesystem::path& dir, const std::string& name, int count) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>" + name +
      "</title><link>http://127.0.0.1/" + name + "</link>\n";
  for (int n = std::max(0, count - 30); n < count; ++n) {
    std::string id = name + "-" + std::to_string(n);
    xml += "<item><title>" + std::string(kWireTitles[n % 2]) + "</title><link>http://127.0.0.1/" +
           id + "</link><guid isPermaLink=\"false\">" + id + "</guid><pubDate>" + rfc822_now() +
           "</pubDate><description>Report " + std::to_string(n) +
           " of the wire.</description></item>\n";
  }
  xml += "</channel></rss>\n";
  std::filesystem::path tmp = dir / (name + ".tmp");
  std::ofstream(tmp) << xml;
  std::filesystem::rename(tmp, dir / (name + ".xml"));
}

// Two new items a feed every second, until `stop`.
void grow_feeds(const std::filesystem::path& dir, const std::atomic<bool>& stop) {
  for (int count = 2; !stop; count += 2) {
    for (const char* name : kFeeds) {
      write_feed(dir, name, count);
    }
    std::this_thread::sleep_for(1s);
  }
}

std::string daemon_config(const armwatch::testing::TempDir& dir, const std::string& db,
                          const armwatch::testing::LocalServer& server) {
  std::string text = "database: " + db + "\nrules: [" + kRules +
                     "]\n"
                     "poll:\n  interval: 1s\n  min_interval: 1s\n  max_interval: 2s\n"
                     "  jitter: 0s\n  new_feed_backfill: all\n"
                     "http:\n  listen: off\n"
                     "feeds:\n";
  for (const char* name : kFeeds) {
    text += "  - name: " + std::string(name) +
            "\n    url: " + server.url("/" + std::string(name) + ".xml") + "\n";
  }
  return dir.write("armwatch.yaml", text);
}

// The test's timeline on stderr (ctest shows it when the test fails or times
// out): where the minutes went on a slow machine.
class Timeline {
 public:
  void say(const std::string& what) const {
    std::chrono::duration<double> t = std::chrono::steady_clock::now() - start_;
    std::fprintf(stderr, "[concurrency %6.1fs] %s\n", t.count(), what.c_str());
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Checks one event as read back: nothing of it may be missing.
void check_event(const std::string& where, const json& e, Problems& problems) {
  const json& item = e.contains("item") ? e.at("item") : e;
  std::string title = item.at("title").get<std::string>();
  if (title.empty() || e.at("evidence").empty() || e.at("incident").is_null()) {
    problems.add(where + ": torn event " + e.dump());
  }
}

// An analyst's part: the real binary, each command in turn.
class Analyst {
 public:
  Analyst(std::string path, Problems& problems) : path_(std::move(path)), problems_(problems) {}

  // Each command in turn; once anything has gone wrong the round stops (the
  // test fails anyway, and a command that hangs must not be waited for five
  // times over).
  void round() {
    const std::function<void()> steps[] = {
        [this] { events(); },
        [this] {
          json_doc({"incidents", "--since", "30d", "--format", "json"});
        },
        [this] {
          json_doc({"search", "missile OR report", "--format", "json"});
        },
        [this] {
          json_doc({"stats", "--by", "source", "--format", "json"});
        },
        [this] { exported(); }};
    for (const auto& step : steps) {
      if (problems_.count() > 0) {
        return;
      }
      step();
    }
    ++rounds;
  }

  int rounds = 0;
  std::size_t last_events() const { return last_events_; }

 private:
  std::string run(std::vector<std::string> args, int* status) {
    std::vector<std::string> argv = {ARMWATCH_BIN, "--db", path_};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string out;
    // stderr is appended: any message ("database is locked") breaks the JSON.
    // A command that hangs is killed after a minute and reported.
    *status = run_command(argv, &out, true, 60s);
    if (*status != 0 && *status != 1) {
      problems_.add(args[0] + ": exit " + std::to_string(*status) + ": " + out.substr(0, 300));
    }
    return out;
  }

  std::vector<json> lines(const std::string& what, const std::string& out) {
    std::vector<json> parsed;
    for (std::size_t at = 0; at < out.size();) {
      std::size_t nl = out.find('\n', at);
      std::string line = out.substr(at, nl - at);
      at = nl == std::string::npos ? out.size() : nl + 1;
      try {
        parsed.push_back(json::parse(line));
      } catch (const std::exception&) {
        problems_.add(what + ": not JSON: " + line.substr(0, 300));
      }
    }
    return parsed;
  }

  void events() {
    int status = 0;
    std::string out = run({"events", "--since", "30d", "--format", "ndjson"}, &status);
    auto events = lines("events", out);
    for (const auto& e : events) {
      check_event("events", e, problems_);
    }
    monotonic("events", events.size(), last_events_);
  }

  void exported() {
    int status = 0;
    std::string out = run({"export"}, &status);
    auto events = lines("export", out);
    for (const auto& e : events) {
      check_event("export", e, problems_);
    }
    monotonic("export", events.size(), last_export_);
  }

  void json_doc(std::vector<std::string> args) {
    int status = 0;
    std::string out = run(args, &status);
    if (status == 0) {
      try {
        json doc = json::parse(out);
        static_cast<void>(doc.size());
      } catch (const std::exception&) {
        problems_.add(args[0] + ": not JSON: " + out.substr(0, 300));
      }
    }
  }

  void monotonic(const std::string& what, std::size_t now, std::size_t& last) {
    if (now < last) {
      problems_.add(what + ": count went down from " + std::to_string(last) + " to " +
                    std::to_string(now));
    }
    last = now;
  }

  std::string path_;
  Problems& problems_;
  std::size_t last_events_ = 0;
  std::size_t last_export_ = 0;
};

// A reader in process, much faster than the binary: many more snapshots.
void read_snapshots(const std::string& path, const std::atomic<bool>& stop, Problems& problems,
                    std::atomic<int>& reads) {
  storage::StoreOptions ro;
  ro.read_only = true;
  auto store = storage::open_sqlite_store(path, ro);
  if (!store) {
    problems.add("reader: " + store.error().to_string());
    return;
  }
  std::size_t last = 0;
  while (!stop) {
    std::size_t n = 0;
    auto st = (*store)->for_each_event({}, [&](const storage::StoredEvent& e) {
      ++n;
      if (e.event.evidence.empty() || e.incident_id == 0 || e.item.title.empty()) {
        problems.add("reader: torn event " + std::to_string(e.id));
      }
      return true;
    });
    auto hits = (*store)->search("missile", {}, 10);
    auto counts = (*store)->count_events({}, storage::CountBy::kCategory, storage::CountPer::kDay);
    for (const armwatch::Error* e : {st ? nullptr : &st.error(), hits ? nullptr : &hits.error(),
                                     counts ? nullptr : &counts.error()}) {
      if (e != nullptr) {
        problems.add("reader: " + e->to_string());
      }
    }
    if (n < last) {
      problems.add("reader: count went down from " + std::to_string(last));
    }
    last = n;
    ++reads;
  }
}

// The rows the two writers left: the daemon's (its feeds) and the thread's.
void check_nothing_lost(const std::string& path, int batches) {
  auto store = storage::open_sqlite_store(path);
  REQUIRE(store);
  std::size_t expected = 0;
  for (int n = 0; n < batches * 5; ++n) {
    expected += n % 4 == 0 ? 2 : 1;
  }
  std::size_t found = 0;
  for (const char* feed : {"yonhap", "nknews"}) {  // the writer thread's
    storage::EventQuery q;
    q.feed = feed;
    auto events = (*store)->query_events(q);
    REQUIRE(events);
    found += events->size();
  }
  CHECK(found == expected);  // nothing lost
  auto feeds = (*store)->list_feeds();
  REQUIRE(feeds);
  for (const auto& f : *feeds) {
    INFO("feed " << f.name << ": " << f.last_error);
    CHECK(f.consecutive_errors == 0);
    if (f.name == kFeeds[0] || f.name == kFeeds[1]) {
      CHECK(f.item_count > 4);  // armwatchd polled it again and again
    }
  }
  storage::EventQuery daemon_events;
  daemon_events.feed = kFeeds[0];
  auto recorded = (*store)->query_events(daemon_events);
  REQUIRE(recorded);
  CHECK(recorded->size() > 4);  // and its rules found events in the new items
}

}  // namespace

TEST_CASE("the CLI reads while the daemon writes, with no lock errors and no torn reads",
          "[cli][concurrency]") {
  armwatch::testing::TempDir dir;
  std::string path = dir.file("armwatch.db");
  {
    auto store = storage::open_sqlite_store(path);  // created, as armwatchd would
    REQUIRE(store);
  }
  armwatch::testing::TempDir feeds;
  for (const char* name : kFeeds) {
    write_feed(feeds.path(), name, 2);
  }
  armwatch::testing::LocalServer server(armwatch::testing::feed_server_argv(feeds.path().string()));
  std::string log = dir.file("armwatchd.log");
  pid_t daemon = armwatch::testing::spawn_logged(
      {ARMWATCHD_BIN, "--config", daemon_config(dir, path, server), "--log-level", "info"}, log);
  REQUIRE(daemon > 0);
  Timeline timeline;
  Problems problems;
  std::atomic<bool> stop{false};
  std::atomic<int> batches{0};
  std::atomic<int> reads{0};
  std::thread grower(grow_feeds, feeds.path(), std::cref(stop));
  std::thread writer(write_batches, path, std::cref(stop), std::ref(problems), std::ref(batches));
  std::thread reader(read_snapshots, path, std::cref(stop), std::ref(problems), std::ref(reads));
  Analyst analyst(path, problems);
  auto deadline = std::chrono::steady_clock::now() + test_duration();
  while (std::chrono::steady_clock::now() < deadline && problems.count() == 0) {
    analyst.round();
    timeline.say(fmt::format("CLI round {} done: {} events read, {} batches written, {} reads",
                             analyst.rounds, analyst.last_events(), batches.load(), reads.load()));
  }
  stop = true;
  grower.join();
  writer.join();
  reader.join();
  timeline.say("writer and reader threads joined");
  // SIGTERM; a daemon that has not exited 30 s later is killed and fails.
  int daemon_status = armwatch::testing::stop_and_wait(daemon, 30s);
  timeline.say(fmt::format("armwatchd stopped, status {}", daemon_status));
  analyst.round();  // once more, at rest
  timeline.say("last CLI round done");
  std::string daemon_log = armwatch::testing::read_file(log);
  INFO(problems.first());
  CHECK(problems.count() == 0);
  INFO("armwatchd's log:\n" << daemon_log.substr(0, 4000));
  CHECK(daemon_status == 0);
  // core/log.cpp's prefixes, plain or for journald: no warning, no error.
  for (const char* bad : {"locked", "busy", "warning: ", "error: ", "<4>", "<3>"}) {
    CHECK_THAT(daemon_log, !Catch::Contains(bad));
  }
  INFO("batches " << batches << ", CLI rounds " << analyst.rounds << ", in-process reads "
                  << reads);
  CHECK(batches > 10);
  CHECK(analyst.rounds > 2);
  CHECK(reads > 2);
  check_nothing_lost(path, batches);
  timeline.say("checks done");
}
