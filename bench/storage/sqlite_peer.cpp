// The bare SQLite peer of the storage benchmark: the same generated rows into
// the same schema (a database armwatch_bench_storage `init` created), with the
// same PRAGMAs and batch size, through plain prepared statements and nothing
// else: no duplicate checks, no incident grouping (each story is one incident,
// kept up to date incrementally), no statement cache layer.
//
//   armwatch_bench_sqlite_peer ingest DB --items N --end-ms T [--sync full|normal] [--batch B]
//   armwatch_bench_sqlite_peer search DB --reps R QUERY...   (bare FTS5 MATCH, top 20 by rank)
//   armwatch_bench_sqlite_peer search1 DB QUERY              (one query, its rowids)
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "bench/storage/bench_data.h"
#include "bench/storage/bench_util.h"

using namespace armwatch;
using namespace armwatch::bench;

namespace {

class Peer {
 public:
  Peer(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      die("cannot open " + path);
    }
  }
  ~Peer() {
    for (sqlite3_stmt* s : stmts_) {
      sqlite3_finalize(s);
    }
    sqlite3_close(db_);
  }
  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      die(sql + ": " + (err ? err : ""));
    }
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
      die(std::string(sql) + ": " + sqlite3_errmsg(db_));
    }
    stmts_.push_back(s);
    return s;
  }
  void done(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) {
      die(sqlite3_errmsg(db_));
    }
    sqlite3_reset(s);
  }
  std::int64_t last_id() { return sqlite3_last_insert_rowid(db_); }

 private:
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> stmts_;
};

void text(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

// One story at a time: reports of a story are consecutive in the generator.
struct StoryState {
  std::int64_t story = -1;
  std::int64_t incident = 0;
  std::set<std::string> sources;
  int severity = 0;
  std::int64_t first = 0;
  std::int64_t last = 0;
  std::int64_t reports = 0;
};

struct Statements {
  sqlite3_stmt* item;
  sqlite3_stmt* event;
  sqlite3_stmt* evidence;
  sqlite3_stmt* new_incident;
  sqlite3_stmt* update_incident;
};

void insert_incident(Peer& db, const Statements& st, const Report& r, StoryState& s) {
  std::int64_t t = to_unix_ms(*r.item.published);
  if (s.story != r.story) {
    s = StoryState{r.story, 0, {}, static_cast<int>(r.event.severity), t, t, 0};
    sqlite3_bind_text(st.new_incident, 1, r.event.category.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st.new_incident, 2, s.severity);
    sqlite3_bind_int64(st.new_incident, 3, t);
    text(st.new_incident, 4, json_strings(r.event.provisions));
    text(st.new_incident, 5, r.item.title);
    db.done(st.new_incident);
    s.incident = db.last_id();
  }
  s.sources.insert(r.item.source);
  s.severity = std::max(s.severity, static_cast<int>(r.event.severity));
  s.first = std::min(s.first, t);
  s.last = std::max(s.last, t);
  ++s.reports;
  sqlite3_bind_int(st.update_incident, 1, s.severity);
  sqlite3_bind_int64(st.update_incident, 2, s.first);
  sqlite3_bind_int64(st.update_incident, 3, s.last);
  sqlite3_bind_int64(st.update_incident, 4, s.reports);
  sqlite3_bind_int64(st.update_incident, 5, static_cast<std::int64_t>(s.sources.size()));
  sqlite3_bind_int64(st.update_incident, 6, s.incident);
  db.done(st.update_incident);
}

void insert_report(Peer& db, const Statements& st, const Report& r, std::int64_t feed_id,
                   std::int64_t fetched_at, StoryState& story) {
  const Item& it = r.item;
  sqlite3_stmt* s = st.item;
  sqlite3_bind_int64(s, 1, feed_id);
  text(s, 2, it.id);
  text(s, 3, it.title);
  text(s, 4, it.summary);
  text(s, 5, it.content);
  text(s, 6, it.link);
  text(s, 7, it.source);
  sqlite3_bind_int64(s, 8, to_unix_ms(*it.published));
  sqlite3_bind_null(s, 9);
  sqlite3_bind_int64(s, 10, fetched_at);
  text(s, 11, json_strings(it.authors));
  text(s, 12, json_strings(it.categories));
  db.done(s);
  std::int64_t item_id = db.last_id();
  insert_incident(db, st, r, story);
  const Event& e = r.event;
  s = st.event;
  sqlite3_bind_int64(s, 1, item_id);
  text(s, 2, e.rule_id);
  text(s, 3, e.category);
  sqlite3_bind_int(s, 4, static_cast<int>(e.severity));
  text(s, 5, json_strings(e.provisions));
  text(s, 6, json_strings(e.precedents));
  sqlite3_bind_double(s, 7, e.confidence);
  text(s, 8, e.message);
  sqlite3_bind_int64(s, 9, to_unix_ms(e.time));
  sqlite3_bind_int64(s, 10, story.incident);
  db.done(s);
  std::int64_t event_id = db.last_id();
  for (std::size_t k = 0; k < e.evidence.size(); ++k) {
    const Span& sp = e.evidence[k];
    s = st.evidence;
    sqlite3_bind_int64(s, 1, event_id);
    sqlite3_bind_int64(s, 2, static_cast<std::int64_t>(k));
    text(s, 3, sp.field);
    sqlite3_bind_int64(s, 4, static_cast<std::int64_t>(sp.begin));
    sqlite3_bind_int64(s, 5, static_cast<std::int64_t>(sp.end));
    text(s, 6, sp.text);
    db.done(s);
  }
}

int ingest(const std::string& path, const Args& args) {
  GenOptions g;
  g.items = static_cast<std::size_t>(args.number("items", 1000000));
  g.end = from_unix_ms(args.number("end-ms", 0));
  g.days = static_cast<int>(args.number("days", g.days));
  auto batch_size = static_cast<std::size_t>(args.number("batch", 1000));
  std::string sync = args.get("sync", "full") == "full" ? "FULL" : "NORMAL";
  Generator gen(g);
  Peer db(path, SQLITE_OPEN_READWRITE);
  // The same connection settings as storage/sqlite_event_store.cpp.
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = " + sync +
          "; PRAGMA foreign_keys = ON; PRAGMA journal_size_limit = 67108864;"
          " PRAGMA busy_timeout = 5000");
  db.exec("BEGIN IMMEDIATE");
  for (int f = 0; f < kFeedCount; ++f) {
    db.exec("INSERT INTO feeds (id, name, url, created_at) VALUES (" + std::to_string(f + 1) +
            ", '" + feed_name(f) + "', 'https://news.example/" + feed_name(f) + "', 0);" +
            "INSERT INTO feed_state (feed_id) VALUES (" + std::to_string(f + 1) + ")");
  }
  db.exec("COMMIT");
  Statements st{
      db.prepare("INSERT INTO items (feed_id, item_key, title, summary, content, link, source,"
                 " published, updated, fetched_at, authors, categories)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
      db.prepare("INSERT INTO events (item_id, rule_id, category, severity, provisions,"
                 " precedents, confidence, message, detected_at, incident_id)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
      db.prepare("INSERT INTO evidence (event_id, seq, field, span_begin, span_end, text)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
      db.prepare("INSERT INTO incidents (category, severity, first_seen, last_seen, provisions,"
                 " title) VALUES (?1, ?2, ?3, ?3, ?4, ?5)"),
      db.prepare("UPDATE incidents SET severity = ?1, first_seen = ?2, last_seen = ?3,"
                 " report_count = ?4, source_count = ?5 WHERE id = ?6")};
  Stopwatch clock;
  double cpu0 = cpu_seconds();
  StoryState story;
  std::int64_t fetched_at = to_unix_ms(g.end);
  for (std::size_t i = 0; i < gen.size(); i += batch_size) {
    db.exec("BEGIN IMMEDIATE");
    for (std::size_t k = i; k < std::min(gen.size(), i + batch_size); ++k) {
      Report r = gen.make(k);
      std::int64_t feed_id = 1;
      while (feed_name(static_cast<int>(feed_id - 1)) != r.item.feed) {
        ++feed_id;
      }
      insert_report(db, st, r, feed_id, fetched_at, story);
    }
    db.exec("COMMIT");
  }
  double s = clock.seconds();
  double cpu = cpu_seconds() - cpu0;
  std::printf("ingest items=%zu seconds=%.3f cpu_seconds=%.3f items_per_s=%.0f\n", gen.size(), s,
              cpu, static_cast<double>(gen.size()) / s);
  return 0;
}

constexpr const char* kMatch =
    "SELECT rowid FROM items_fts WHERE items_fts MATCH ?1 ORDER BY rank LIMIT 20";

int search(const std::string& path, const Args& args) {
  Peer db(path, SQLITE_OPEN_READONLY);
  sqlite3_stmt* s = db.prepare(kMatch);
  long long reps = args.number("reps", 10);
  std::vector<double> all;
  std::vector<double> all_cpu;
  for (const std::string& q : args.positional()) {
    std::vector<double> samples;
    std::vector<double> cpu;
    int hits = 0;
    for (long long r = 0; r < reps; ++r) {
      Stopwatch clock;
      double cpu0 = thread_cpu_ms();
      text(s, 1, q);
      hits = 0;
      while (sqlite3_step(s) == SQLITE_ROW) {
        ++hits;
      }
      sqlite3_reset(s);
      samples.push_back(clock.millis());
      cpu.push_back(thread_cpu_ms() - cpu0);
    }
    std::printf("query %-28s hits=%2d p50_ms=%.3f cpu_p50_ms=%.3f\n", ("'" + q + "'").c_str(), hits,
                percentile(samples, 50), percentile(cpu, 50));
    all.insert(all.end(), samples.begin(), samples.end());
    all_cpu.insert(all_cpu.end(), cpu.begin(), cpu.end());
  }
  std::printf("search samples=%zu p50_ms=%.3f p99_ms=%.3f cpu_p50_ms=%.3f cpu_p99_ms=%.3f\n",
              all.size(), percentile(all, 50), percentile(all, 99), percentile(all_cpu, 50),
              percentile(all_cpu, 99));
  return 0;
}

// One query in one process, printing the rowids: the process-level peer of
// `armwatch search`.
int search1(const std::string& path, const std::string& query) {
  Peer db(path, SQLITE_OPEN_READONLY);
  sqlite3_stmt* s = db.prepare(kMatch);
  text(s, 1, query);
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::printf("%lld\n", static_cast<long long>(sqlite3_column_int64(s, 0)));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    die("usage: armwatch_bench_sqlite_peer ingest|search|search1 DB [options]");
  }
  std::string cmd = argv[1];
  std::string path = argv[2];
  Args args(argc, argv, 3);
  if (cmd == "ingest") {
    return ingest(path, args);
  }
  if (cmd == "search") {
    return search(path, args);
  }
  if (cmd == "search1" && argc >= 4) {
    return search1(path, argv[3]);
  }
  die("unknown command " + cmd);
}
