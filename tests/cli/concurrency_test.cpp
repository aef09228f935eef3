// The CLI reading while a writer records, for minutes: a writer thread stores
// batches through the store (as armwatchd's poller does, with retention
// pruning now and then) while the real `armwatch` binary runs events,
// incidents, search, stats and export, and a reader thread queries in process.
// No read or write may fail ("database is locked" or any other error), no read
// may be torn (every event read has its item, its evidence and its incident;
// counts never go down).
//
// Runs for $ARMWATCH_CONCURRENCY_SECONDS (default 120, as in CI); for a longer
// soak run the test binary directly (ctest's TIMEOUT for this folder is 300 s):
//   ARMWATCH_CONCURRENCY_SECONDS=1800 armwatch_cli_tests "[concurrency]"
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/cli/log_fixture.h"

using namespace std::chrono_literals;
using armwatch::SystemClock;
using armwatch::testing::run_command;
using nlohmann::json;

namespace {

namespace storage = armwatch::storage;

std::chrono::seconds test_duration() {
  const char* s = std::getenv("ARMWATCH_CONCURRENCY_SECONDS");
  return std::chrono::seconds(s != nullptr ? std::max(1, std::atoi(s)) : 120);
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

// armwatchd's part: a batch every few milliseconds, retention every 20 batches.
void write_batches(const std::string& path, const std::atomic<bool>& stop, Problems& problems,
                   std::atomic<int>& batches) {
  auto store = storage::open_sqlite_store(path);
  if (!store) {
    problems.add("writer: " + store.error().to_string());
    return;
  }
  int n = 0;
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
    std::this_thread::sleep_for(5ms);
  }
}

// Checks one event as read back: nothing of it may be missing.
void check_event(const std::string& where, const json& e, Problems& problems) {
  const json& item = e.contains("item") ? e.at("item") : e;
  std::string title = item.at("title").get<std::string>();
  if (title.find("report") == std::string::npos || e.at("evidence").empty() ||
      e.at("incident").is_null()) {
    problems.add(where + ": torn event " + e.dump());
  }
}

// An analyst's part: the real binary, each command in turn.
class Analyst {
 public:
  Analyst(std::string path, Problems& problems) : path_(std::move(path)), problems_(problems) {}

  void round() {
    events();
    json_doc({"incidents", "--since", "30d", "--format", "json"});
    json_doc({"search", "missile OR report", "--format", "json"});
    json_doc({"stats", "--by", "source", "--format", "json"});
    exported();
    ++rounds;
  }

  int rounds = 0;

 private:
  std::string run(std::vector<std::string> args, int* status) {
    std::vector<std::string> argv = {ARMWATCH_BIN, "--db", path_};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string out;
    // stderr is appended: any message ("database is locked") breaks the JSON.
    *status = run_command(argv, &out, true);
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

}  // namespace

TEST_CASE("the CLI reads while the writer writes, with no lock errors and no torn reads",
          "[cli][concurrency]") {
  armwatch::testing::TempDir dir;
  std::string path = dir.file("armwatch.db");
  {
    auto store = storage::open_sqlite_store(path);  // created, as armwatchd would
    REQUIRE(store);
  }
  Problems problems;
  std::atomic<bool> stop{false};
  std::atomic<int> batches{0};
  std::atomic<int> reads{0};
  std::thread writer(write_batches, path, std::cref(stop), std::ref(problems), std::ref(batches));
  std::thread reader(read_snapshots, path, std::cref(stop), std::ref(problems), std::ref(reads));
  Analyst analyst(path, problems);
  auto deadline = std::chrono::steady_clock::now() + test_duration();
  while (std::chrono::steady_clock::now() < deadline && problems.count() == 0) {
    analyst.round();
  }
  stop = true;
  writer.join();
  reader.join();
  analyst.round();  // once more, at rest
  INFO(problems.first());
  CHECK(problems.count() == 0);
  INFO("batches " << batches << ", CLI rounds " << analyst.rounds << ", in-process reads "
                  << reads);
  CHECK(batches > 10);
  CHECK(analyst.rounds > 2);
  CHECK(reads > 2);
  auto store = storage::open_sqlite_store(path);
  REQUIRE(store);
  auto events = (*store)->query_events({});
  REQUIRE(events);
  std::size_t expected = 0;
  for (int n = 0; n < batches * 5; ++n) {
    expected += n % 4 == 0 ? 2 : 1;
  }
  CHECK(events->size() == expected);  // nothing lost
}
