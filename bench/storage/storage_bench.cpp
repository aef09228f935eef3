// armwatch's side of the storage benchmark: ingest through EventStore::record,
// search through EventStore::search, events through query_events, and the
// query plan of `armwatch events --since`. bench/storage/run drives it and
// sqlite_peer in the same run and prints the ratios.
//
//   armwatch_bench_storage init DB
//   armwatch_bench_storage ingest DB --items N --end-ms T [--sync full|normal] [--batch B]
//   armwatch_bench_storage search DB --reps R QUERY...
//   armwatch_bench_storage events DB --since-ms T --reps R
//   armwatch_bench_storage plan DB --since-ms T
//   armwatch_bench_storage exec COMMAND [ARGS...]   (runs it, stdout to /dev/null;
//                                                    prints its wall and CPU time)
#include <cstdio>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "storage/event_rows.h"
#include "storage/event_store.h"

#include "bench/storage/bench_data.h"
#include "bench/storage/bench_util.h"

using namespace armwatch;
using namespace armwatch::bench;

namespace {

std::unique_ptr<storage::EventStore> open(const std::string& path, bool read_only, bool full) {
  storage::StoreOptions options;
  options.read_only = read_only;
  options.synchronous_full = full;
  auto store = storage::open_sqlite_store(path, options);
  if (!store) {
    die(store.error().to_string());
  }
  return std::move(*store);
}

int ingest(const std::string& path, const Args& args) {
  GenOptions g;
  g.items = static_cast<std::size_t>(args.number("items", 1000000));
  g.end = from_unix_ms(args.number("end-ms", 0));
  g.days = static_cast<int>(args.number("days", g.days));
  auto batch_size = static_cast<std::size_t>(args.number("batch", 1000));
  bool full = args.get("sync", "full") == "full";
  Generator gen(g);
  auto store = open(path, false, full);
  for (int f = 0; f < kFeedCount; ++f) {
    if (auto st = store->ensure_feed(feed_name(f), "https://news.example/" + feed_name(f)); !st) {
      die(st.error().to_string());
    }
  }
  Stopwatch clock;
  double cpu0 = cpu_seconds();
  std::size_t events = 0;
  std::vector<storage::ItemRecord> batch;
  for (std::size_t i = 0; i < gen.size(); i += batch_size) {
    batch.clear();
    for (std::size_t k = i; k < std::min(gen.size(), i + batch_size); ++k) {
      Report r = gen.make(k);
      batch.push_back(storage::ItemRecord{std::move(r.item), {std::move(r.event)}, {}});
    }
    auto stats = store->record(batch);
    if (!stats) {
      die(stats.error().to_string());
    }
    events += stats->events;
  }
  double s = clock.seconds();
  double cpu = cpu_seconds() - cpu0;
  std::printf("ingest items=%zu events=%zu seconds=%.3f cpu_seconds=%.3f items_per_s=%.0f\n",
              gen.size(), events, s, cpu, static_cast<double>(gen.size()) / s);
  return 0;
}

int search(const std::string& path, const Args& args) {
  auto store = open(path, true, true);
  long long reps = args.number("reps", 10);
  std::vector<double> all;
  std::vector<double> all_cpu;
  for (const std::string& q : args.positional()) {
    std::vector<double> samples;
    std::vector<double> cpu;
    std::size_t hits = 0;
    for (long long r = 0; r < reps; ++r) {
      Stopwatch clock;
      double cpu0 = thread_cpu_ms();
      auto found = store->search(q, {}, 20);
      samples.push_back(clock.millis());
      cpu.push_back(thread_cpu_ms() - cpu0);
      if (!found) {
        die(found.error().to_string());
      }
      hits = found->size();
    }
    std::printf("query %-28s hits=%2zu p50_ms=%.3f cpu_p50_ms=%.3f\n", ("'" + q + "'").c_str(),
                hits, percentile(samples, 50), percentile(cpu, 50));
    all.insert(all.end(), samples.begin(), samples.end());
    all_cpu.insert(all_cpu.end(), cpu.begin(), cpu.end());
  }
  std::printf("search samples=%zu p50_ms=%.3f p99_ms=%.3f cpu_p50_ms=%.3f cpu_p99_ms=%.3f\n",
              all.size(), percentile(all, 50), percentile(all, 99), percentile(all_cpu, 50),
              percentile(all_cpu, 99));
  return 0;
}

int events(const std::string& path, const Args& args) {
  auto store = open(path, true, true);
  storage::EventQuery query;
  query.since = from_unix_ms(args.number("since-ms", 0));
  std::vector<double> samples;
  std::size_t n = 0;
  for (long long r = 0; r < args.number("reps", 5); ++r) {
    Stopwatch clock;
    auto found = store->query_events(query);
    samples.push_back(clock.millis());
    if (!found) {
      die(found.error().to_string());
    }
    n = found->size();
  }
  std::printf("events rows=%zu p50_ms=%.3f max_ms=%.3f\n", n, percentile(samples, 50),
              percentile(samples, 100));
  return 0;
}

int plan(const std::string& path, const Args& args) {
  storage::EventQuery query;
  query.since = from_unix_ms(args.number("since-ms", 0));
  std::string sql = "EXPLAIN QUERY PLAN " + storage::events_sql(query);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    die("cannot open " + path);
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    die(sqlite3_errmsg(db));
  }
  std::printf("%s\n", sql.c_str() + 19);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::printf("  %s\n", reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return 0;
}

// One process's wall and CPU (user + system) time in milliseconds, from
// wait4's rusage: finer than time(1)'s hundredths of a second.
int exec_timed(char** argv) {
  Stopwatch clock;
  pid_t pid = fork();
  if (pid == 0) {
    int null = ::open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    execvp(argv[0], argv);
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
    die("cannot run " + std::string(argv[0]));
  }
  double wall = clock.millis();
  auto ms = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
  };
  std::printf("exec status=%d wall_ms=%.3f cpu_ms=%.3f\n",
              WIFEXITED(status) ? WEXITSTATUS(status) : 128, wall,
              ms(ru.ru_utime) + ms(ru.ru_stime));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::string(argv[1]) == "exec") {
    return exec_timed(argv + 2);
  }
  if (argc < 3) {
    die("usage: armwatch_bench_storage init|ingest|search|events|plan DB [options]");
  }
  std::string cmd = argv[1];
  std::string path = argv[2];
  Args args(argc, argv, 3);
  if (cmd == "init") {
    open(path, false, true);
    return 0;
  }
  if (cmd == "ingest") {
    return ingest(path, args);
  }
  if (cmd == "search") {
    return search(path, args);
  }
  if (cmd == "events") {
    return events(path, args);
  }
  if (cmd == "plan") {
    return plan(path, args);
  }
  die("unknown command " + cmd);
}
