// rules_bench: the rules engine against its peers, measured in one run.
//
//   rules_bench --pack DIR --corpus FILE --compile-pack DIR [--rg PATH] [--repeat N]
//               [--slice-mb N] [--work DIR] [--quick]
//
// 1. full evaluation (normalise, scan, conditions, events) of every corpus item,
//    vs `rg -i -c -w -f PATTERNS corpus` with the pack's own terms (target <= 0.6x)
//    and vs a bare vectorscan loop scanning the same fields with the same
//    compiled expressions and flags (target <= 1.25x);
// 2. load time of the --compile-pack (1,000 rules) vs a bare hs_compile_multi of
//    its expressions (target <= 2x);
// 3. peak memory (RSS) of a streaming evaluation process vs a streaming bare
//    vectorscan process and rg;
// 4. a naive per-rule std::regex loop on a --slice-mb slice, as the low anchor.
//
// Times are CPU seconds, the best of --repeat runs: this thread's CPU clock in
// process, user + system time from wait4() for child processes (which also
// gives their peak RSS). The machine is shared, so wall time is noisier.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <hs/hs.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rules/compiled_rule_set.h"
#include "rules/evaluator.h"
#include "rules/rule_set.h"

#include "bench/rules/bench_support.h"

namespace {

using namespace armwatch;
using namespace armwatch::bench;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string pack;
  std::string compile_pack;
  std::string corpus;
  std::string rg = "rg";
  std::string work = ".";
  int repeat = 3;
  double slice_mb = 1.0;
  std::string mode;    // "", "mem-engine", "mem-bare": child processes for memory
  bool quick = false;  // --quick: only the engine, the bare loop and the breakdown
};

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// CPU time of this thread: the machine is shared (2 cores, several builds), so
// CPU seconds are steadier than wall-clock seconds for a single-threaded loop.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The best CPU time and the best wall time of `repeat` runs (each its own
// minimum): wall is reported beside CPU, since the machine is shared.
struct Best {
  double cpu = 1e300;
  double wall = 1e300;
};

Best best_timed(int repeat, const std::function<void()>& fn) {
  Best best;
  for (int i = 0; i < repeat; ++i) {
    auto w0 = Clock::now();
    double t0 = thread_cpu_seconds();
    fn();
    best.cpu = std::min(best.cpu, thread_cpu_seconds() - t0);
    best.wall = std::min(best.wall, seconds_since(w0));
  }
  return best;
}

double best_of(int repeat, const std::function<void()>& fn) {
  return best_timed(repeat, fn).cpu;
}

// Runs each of `fns` once per round for `repeat` rounds and keeps each one's
// best. Interleaved contenders see the same load on a shared machine, so their
// ratios are steadier than those of back-to-back blocks of runs. `ratios`
// gets fns[0] / fns[1] in CPU time for each round, sorted.
std::vector<Best> interleaved(int repeat, const std::vector<std::function<void()>>& fns,
                              std::vector<double>* ratios) {
  std::vector<Best> best(fns.size());
  for (int i = 0; i < repeat; ++i) {
    std::vector<Best> round;
    for (const auto& fn : fns) {
      round.push_back(best_timed(1, fn));
    }
    for (std::size_t k = 0; k < fns.size(); ++k) {
      best[k].cpu = std::min(best[k].cpu, round[k].cpu);
      best[k].wall = std::min(best[k].wall, round[k].wall);
    }
    ratios->push_back(round[0].cpu / round[1].cpu);
  }
  std::sort(ratios->begin(), ratios->end());
  return best;
}

const rules::detail::Pack& pack_of(const rules::RuleSet& rs) {
  return dynamic_cast<const rules::detail::CompiledRuleSet&>(rs).pack();
}

std::shared_ptr<const rules::RuleSet> load_or_die(const std::string& dir) {
  auto loaded = rules::load_rule_pack({dir});
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) {
      std::cerr << rules::format_diagnostic(d);
    }
    std::exit(1);
  }
  return loaded.rules;
}

int count_match(unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
  ++*static_cast<std::size_t*>(ctx);
  return 0;
}

// The peer: the same expressions and flags in one database, every field of
// every item scanned with a callback that only counts.
struct BareScanner {
  hs_database_t* db = nullptr;
  hs_scratch_t* scratch = nullptr;
  double compile_seconds = 0;  // CPU
  double compile_wall = 0;

  explicit BareScanner(const std::vector<rules::detail::Pattern>& patterns) {
    std::vector<const char*> exprs;
    std::vector<unsigned> flags;
    std::vector<unsigned> ids;
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      exprs.push_back(patterns[i].expression.c_str());
      flags.push_back(patterns[i].flags);
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* err = nullptr;
    auto w0 = Clock::now();
    double t0 = thread_cpu_seconds();
    if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(ids.size()),
                         HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
      std::cerr << "bare compile failed: " << (err ? err->message : "?") << "\n";
      std::exit(1);
    }
    compile_seconds = thread_cpu_seconds() - t0;
    compile_wall = seconds_since(w0);
    hs_alloc_scratch(db, &scratch);
  }
  ~BareScanner() {
    hs_free_scratch(scratch);
    hs_free_database(db);
  }
  std::size_t scan(const Item& item) const {
    std::size_t hits = 0;
    for (const std::string* f :
         {&item.title, &item.summary, &item.content, &item.source, &item.link}) {
      if (!f->empty()) {
        hs_scan(db, f->data(), static_cast<unsigned>(f->size()), 0, scratch, count_match, &hits);
      }
    }
    return hits;
  }
};

Best compile_bare_best(const std::vector<rules::detail::Pattern>& patterns, int repeat) {
  Best best;
  for (int i = 0; i < repeat; ++i) {
    BareScanner s(patterns);
    best.cpu = std::min(best.cpu, s.compile_seconds);
    best.wall = std::min(best.wall, s.compile_wall);
  }
  return best;
}

// Patterns as "flags TAB expression" lines, so that the bare memory child
// compiles them without our loader.
void write_hs_patterns(const std::vector<rules::detail::Pattern>& patterns,
                       const std::string& path) {
  std::ofstream out(path);
  for (const auto& p : patterns) {
    out << p.flags << "\t" << p.expression << "\n";
  }
}

std::vector<rules::detail::Pattern> read_hs_patterns(const std::string& path) {
  std::vector<rules::detail::Pattern> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::size_t tab = line.find('\t');
    rules::detail::Pattern p;
    p.flags = static_cast<unsigned>(std::stoul(line.substr(0, tab)));
    p.expression = line.substr(tab + 1);
    out.push_back(std::move(p));
  }
  return out;
}

// A /proc/self/status field in kB: "VmRSS" (now) or "VmHWM" (peak). Both
// belong to this process image only: they restart at exec, unlike wait4()'s
// ru_maxrss, which a forked child inherits from its parent's size.
long status_kb(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) {
      return std::stol(line.substr(key.size() + 1));
    }
  }
  return 0;
}

// Streams the corpus line by line: what a daemon's memory looks like, without
// the whole corpus in RAM. Prints the events (engine) or raw matches (bare) and
// the RSS at the end, after the peak of compiling.
int memory_child(const Options& o) {
  std::shared_ptr<const rules::RuleSet> rs;
  std::unique_ptr<BareScanner> bare;
  if (o.mode == "mem-bare") {
    bare = std::make_unique<BareScanner>(read_hs_patterns(o.pack));  // the term database
  } else {
    rs = load_or_die(o.pack);
  }
  std::ifstream in(o.corpus, std::ios::binary);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    Item item = item_from_line(line);
    n += bare ? bare->scan(item) : rs->match(item).size();
  }
  std::printf("%zu %ld %ld\n", n, status_kb("VmHWM"), status_kb("VmRSS"));
  return 0;
}

// Only the engine's match loop, for `perf record`.
int profile_engine(const Options& o) {
  auto rs = load_or_die(o.pack);
  std::vector<Item> items = read_corpus(o.corpus);
  std::size_t events = 0;
  double s = best_of(o.repeat, [&] {
    for (const Item& it : items) {
      events += rs->match(it).size();
    }
  });
  std::printf("%zu events, best %.3f s\n", events, s);
  return 0;
}

struct ChildRun {
  double seconds = 0;  // user + system CPU time
  double wall_seconds = 0;
  long max_rss_kb = 0;
  std::string output;
};

ChildRun run_child(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe(fds) != 0) {
    std::perror("pipe");
    std::exit(1);
  }
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    std::vector<char*> args;
    for (const auto& a : argv) {
      args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::perror("execvp");
    _exit(127);
  }
  close(fds[1]);
  ChildRun r;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) {
    r.output.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  r.wall_seconds = seconds_since(t0);
  r.seconds = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
              static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
  r.max_rss_kb = ru.ru_maxrss;
  if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
    std::cerr << "child failed: " << argv[0] << "\n";
    std::exit(1);
  }
  return r;
}

ChildRun best_child(const std::vector<std::string>& argv, int repeat) {
  ChildRun best;
  best.seconds = 1e300;
  for (int i = 0; i < repeat; ++i) {
    ChildRun r = run_child(argv);
    if (r.seconds < best.seconds) {
      best = r;
    }
  }
  return best;
}

// The naive way: per rule, one std::regex per selection (alternation of the
// escaped terms with \b), evaluated as any && all && !none over the item text.
struct NaiveRule {
  std::vector<std::regex> must;
  std::vector<std::regex> must_not;
};

std::string naive_alternation(const rules::detail::Pack& pack, const std::vector<int>& ids) {
  std::string alt;
  for (int id : ids) {
    const auto& p = pack.scanner->patterns()[static_cast<std::size_t>(id)];
    std::string e = ecmascript_of(p.expression, p.boundary == rules::detail::Boundary::kNone);
    alt += (alt.empty() ? "" : "|") + e;
  }
  return "\\b(?:" + alt + ")\\b";
}

std::vector<NaiveRule> naive_rules(const rules::detail::Pack& pack) {
  std::vector<NaiveRule> out;
  const auto flags = std::regex::ECMAScript | std::regex::icase | std::regex::optimize;
  for (const auto& rule : pack.rules) {
    NaiveRule nr;
    for (std::size_t s = 0; s < rule.predicate.selections.size(); ++s) {
      const auto& sel = rule.predicate.selections[s];
      std::vector<int> ids;
      for (const auto& clause : sel.clauses) {
        for (const auto& g : clause.groups) {
          ids.insert(ids.end(), g.begin(), g.end());
        }
      }
      if (ids.empty()) {
        continue;  // near: its two selections are tested anyway
      }
      std::regex re(naive_alternation(pack, ids), flags);
      (sel.name == "none" ? nr.must_not : nr.must).push_back(std::move(re));
    }
    out.push_back(std::move(nr));
  }
  return out;
}

std::size_t naive_run(const std::vector<NaiveRule>& rules, const std::vector<Item>& items) {
  std::size_t fired = 0;
  for (const Item& item : items) {
    std::string text = item.title + "\n" + item.summary + "\n" + item.content;
    for (const NaiveRule& r : rules) {
      bool ok = std::all_of(r.must.begin(), r.must.end(),
                            [&](const std::regex& re) { return std::regex_search(text, re); }) &&
                std::none_of(r.must_not.begin(), r.must_not.end(),
                             [&](const std::regex& re) { return std::regex_search(text, re); });
      fired += ok ? 1 : 0;
    }
  }
  return fired;
}

// Where the engine's time goes beyond the bare loop: the scanner alone (raw
// fields, boundary checks, sort), then plus normalisation (scan_item, which
// also counts the items that wake a rule); match() adds candidate rules, the
// cue scan, conditions and events.
std::function<void()> scanner_only(const rules::detail::Pack& pack,
                                   const std::vector<Item>& items) {
  return [&pack, &items] {
    std::vector<rules::detail::RawHit> out;
    for (const Item& it : items) {
      std::string_view texts[] = {it.title, it.summary, it.content, it.source, it.link};
      out.clear();
      pack.scanner->scan(texts, out);
    }
  };
}

std::function<void()> scan_items(const rules::detail::Pack& pack, const std::vector<Item>& items,
                                 std::size_t* candidates) {
  return [&pack, &items, candidates] {
    *candidates = 0;
    for (const Item& it : items) {
      auto scan = rules::detail::scan_item(pack, it, /*with_cues=*/false);
      for (const auto& h : scan.hits) {
        if (!pack.trigger_rules[static_cast<std::size_t>(h.pattern)].empty()) {
          ++*candidates;
          break;
        }
      }
    }
  };
}

void print_ratio(const char* what, double ours, double peer, double target, bool lower_is_better) {
  double ratio = ours / peer;
  bool met = lower_is_better ? ratio <= target : ratio >= target;
  std::printf("%-44s %8.3f s vs %8.3f s  ratio %6.3f  target %s%.2f  %s\n", what, ours, peer, ratio,
              lower_is_better ? "<= " : ">= ", target, met ? "MET" : "NOT MET");
}

// Peak memory first, while this process is still small: rg's ru_maxrss from
// wait4() would otherwise include the size of this process at fork().
void report_memory(const Options& o, const char* self) {
  std::printf("== peak memory (streaming the corpus, one process each)\n");
  ChildRun rg = run_child({o.rg, "-i", "-c", "-w", "-f", o.work + "/patterns.txt", o.corpus});
  ChildRun engine =
      run_child({self, "--pack", o.pack, "--corpus", o.corpus, "--mode", "mem-engine"});
  ChildRun bare = run_child(
      {self, "--pack", o.work + "/patterns.hs", "--corpus", o.corpus, "--mode", "mem-bare"});
  auto mb_of = [](long kb) { return static_cast<double>(kb) / 1024.0; };
  auto field = [](const ChildRun& r, int k) {
    std::istringstream in(r.output);
    long v = 0;
    for (int i = 0; i <= k; ++i) {
      in >> v;
    }
    return v;
  };
  std::printf(
      "peak RSS (VmHWM): engine %.1f MB, bare vectorscan %.1f MB (engine / bare %.2f); "
      "rg %.1f MB (ru_maxrss)\n",
      mb_of(field(engine, 1)), mb_of(field(bare, 1)),
      static_cast<double>(field(engine, 1)) / static_cast<double>(field(bare, 1)),
      mb_of(rg.max_rss_kb));
  std::printf("RSS after the stream: engine %.1f MB, bare vectorscan %.1f MB\n\n",
              mb_of(field(engine, 2)), mb_of(field(bare, 2)));
}

// The term database's patterns (what the peer scans for every item) and the
// pattern files the peers read: patterns.txt for rg, patterns.hs for the bare
// memory child.
std::vector<rules::detail::Pattern> peer_patterns(const rules::detail::Pack& pack, const Options& o,
                                                  std::size_t* deferred) {
  std::vector<rules::detail::Pattern> patterns;
  *deferred = 0;
  for (std::size_t i = 0; i < pack.scanner->patterns().size(); ++i) {
    if (pack.scanner->is_deferred(static_cast<int>(i))) {
      ++*deferred;
    } else if (!pack.scanner->is_inactive(static_cast<int>(i))) {
      patterns.push_back(pack.scanner->patterns()[i]);
    }
  }
  write_rg_patterns(pack, o.work + "/patterns.txt");
  write_hs_patterns(patterns, o.work + "/patterns.hs");
  return patterns;
}

int run_all(const Options& o, const char* self) {
  std::size_t deferred = 0;
  std::vector<rules::detail::Pattern> patterns;
  {
    auto small = load_or_die(o.pack);
    patterns = peer_patterns(pack_of(*small), o, &deferred);
  }
  if (!o.quick) {
    report_memory(o, self);
  }
  std::printf("== inputs\n");
  std::vector<Item> items;
  Best read = best_timed(1, [&] { items = read_corpus(o.corpus); });
  const double read_s = read.cpu;
  std::size_t bytes = 0;
  for (const Item& it : items) {
    bytes += it.title.size() + it.summary.size() + it.content.size() + it.source.size();
  }
  double mb = static_cast<double>(bytes) / (1024.0 * 1024.0);
  auto rs = load_or_die(o.pack);
  const auto& pack = pack_of(*rs);
  // The peer scans what the engine scans for every item: the term database,
  // not the deferred cue database (read only for items that wake a rule).
  PackCounts counts = count_pack(pack);
  std::printf("corpus: %zu items, %.1f MB of text (read and split in %.3f s)\n", items.size(), mb,
              read_s);
  std::printf(
      "pack: %zu rules, %zu patterns in the term database (%zu word/phrase terms and %zu "
      "regexes used by rules) + %zu cue-only patterns deferred; databases + scratch %.1f "
      "MB\n",
      pack.rules.size(), patterns.size(), counts.terms, counts.regexes, deferred,
      static_cast<double>(pack.scanner->memory_bytes()) / 1048576.0);

  std::string pattern_file = o.work + "/patterns.txt";

  std::printf("\n== scan throughput (best of %d interleaved rounds)\n", o.repeat);
  std::size_t events = 0;
  std::size_t items_with_events = 0;
  auto engine_fn = [&] {
    events = 0;
    items_with_events = 0;
    for (const Item& it : items) {
      std::size_t n = rs->match(it).size();
      events += n;
      items_with_events += n > 0 ? 1 : 0;
    }
  };
  BareScanner bare(patterns);
  std::size_t bare_hits = 0;
  auto bare_fn = [&] {
    bare_hits = 0;
    for (const Item& it : items) {
      bare_hits += bare.scan(it);
    }
  };
  std::size_t candidates = 0;
  std::vector<double> ratios;
  std::vector<Best> t = interleaved(
      o.repeat,
      {engine_fn, bare_fn, scanner_only(pack, items), scan_items(pack, items, &candidates)},
      &ratios);
  const double engine_s0 = t[0].cpu;
  const double bare_s0 = t[1].cpu;
  if (o.quick) {
    std::printf("engine %.3f s, bare %.3f s: engine / bare %.3f (rounds %.3f-%.3f); %zu events\n",
                engine_s0, bare_s0, engine_s0 / bare_s0, ratios.front(), ratios.back(), events);
    std::printf(
        "breakdown (x bare, CPU): scanner %.2f, + normalisation %.2f, + rules and events %.2f\n",
        t[2].cpu / bare_s0, t[3].cpu / bare_s0, engine_s0 / bare_s0);
    return 0;
  }
  ChildRun rg = best_child({o.rg, "-i", "-c", "-w", "-f", pattern_file, o.corpus}, o.repeat);
  const double engine_s = t[0].cpu;
  const double bare_s = t[1].cpu;
  std::printf("engine: %zu events on %zu items, %.0f MB/s (match only; %.3f s with read+split)\n",
              events, items_with_events, mb / engine_s, engine_s + read_s);
  std::printf("bare vectorscan: %zu raw matches, %.0f MB/s\n", bare_hits, mb / bare_s);
  std::printf("rg: %s lines matched, %.0f MB/s\n", trim(rg.output).c_str(), mb / rg.seconds);
  print_ratio("full evaluation (read+split+match) / rg", engine_s + read_s, rg.seconds, 0.6, true);
  print_ratio("full evaluation (match) / bare vectorscan", engine_s, bare_s, 1.25, true);
  std::printf("engine / bare per round (CPU): min %.3f, median %.3f, max %.3f\n", ratios.front(),
              ratios[ratios.size() / 2], ratios.back());
  std::printf(
      "wall clock (best of %d each): engine %.3f s, bare %.3f s (ratio %.3f); rg %.3f s "
      "(full evaluation / rg %.3f)\n",
      o.repeat, t[0].wall, t[1].wall, t[0].wall / t[1].wall, rg.wall_seconds,
      (t[0].wall + read.wall) / rg.wall_seconds);
  std::printf(
      "breakdown (x bare, CPU): scanner %.2f, + normalisation %.2f, + rules and events %.2f "
      "(%zu items wake a rule)\n",
      t[2].cpu / bare_s, t[3].cpu / bare_s, engine_s / bare_s, candidates);

  std::printf("\n== compile (1,000-rule pack, best of %d)\n", o.repeat);
  std::shared_ptr<const rules::RuleSet> big;
  Best load = best_timed(o.repeat, [&] { big = load_or_die(o.compile_pack); });
  const auto& big_pack = pack_of(*big);
  // The same compiled set: the term database and the deferred cue database,
  // compiled one after the other as load_rule_pack does.
  std::vector<rules::detail::Pattern> terms;
  std::vector<rules::detail::Pattern> cues;
  for (std::size_t i = 0; i < big_pack.scanner->patterns().size(); ++i) {
    if (!big_pack.scanner->is_inactive(static_cast<int>(i))) {
      (big_pack.scanner->is_deferred(static_cast<int>(i)) ? cues : terms)
          .push_back(big_pack.scanner->patterns()[i]);
    }
  }
  Best bare_terms = compile_bare_best(terms, o.repeat);
  Best bare_cues = cues.empty() ? Best{0, 0} : compile_bare_best(cues, o.repeat);
  std::printf("%zu rules, %zu patterns\n", big_pack.rules.size(),
              big_pack.scanner->patterns().size());
  print_ratio("load_rule_pack / bare hs_compile_multi", load.cpu, bare_terms.cpu + bare_cues.cpu,
              2.0, true);
  std::printf("wall clock: load_rule_pack %.3f s, bare %.3f s (ratio %.3f)\n", load.wall,
              bare_terms.wall + bare_cues.wall, load.wall / (bare_terms.wall + bare_cues.wall));

  std::printf("\n== low anchor: naive per-rule std::regex on a %.1f MB slice\n", o.slice_mb);
  std::vector<Item> slice;
  std::size_t slice_bytes = 0;
  for (const Item& it : items) {
    if (static_cast<double>(slice_bytes) >= o.slice_mb * 1048576.0) {
      break;
    }
    slice.push_back(it);
    slice_bytes += it.title.size() + it.summary.size() + it.content.size() + it.source.size();
  }
  auto naive = naive_rules(pack);
  std::size_t naive_fired = 0;
  double naive_s = best_of(1, [&] { naive_fired = naive_run(naive, slice); });
  std::size_t slice_events = 0;
  double slice_s = best_of(o.repeat, [&] {
    slice_events = 0;
    for (const Item& it : slice) {
      slice_events += rs->match(it).size();
    }
  });
  std::printf(
      "%zu items: naive %.3f s (%zu rule hits), engine %.4f s (%zu events): engine is "
      "%.0fx faster\n",
      slice.size(), naive_s, naive_fired, slice_s, slice_events, naive_s / slice_s);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    std::string v = i + 1 < argc ? argv[i + 1] : "";
    if (a == "--pack") {
      o.pack = v;
    } else if (a == "--compile-pack") {
      o.compile_pack = v;
    } else if (a == "--corpus") {
      o.corpus = v;
    } else if (a == "--rg") {
      o.rg = v;
    } else if (a == "--work") {
      o.work = v;
    } else if (a == "--repeat") {
      o.repeat = std::stoi(v);
    } else if (a == "--slice-mb") {
      o.slice_mb = std::stod(v);
    } else if (a == "--mode") {
      o.mode = v;
    } else if (a == "--quick") {
      o.quick = true;
      continue;
    } else {
      std::cerr << "rules_bench: unknown argument " << a << "\n";
      return 2;
    }
    ++i;
  }
  if (o.pack.empty() || o.corpus.empty()) {
    std::cerr << "usage: rules_bench --pack DIR --corpus FILE --compile-pack DIR [--rg PATH] "
                 "[--repeat N] [--slice-mb N] [--work DIR] [--quick]\n";
    return 2;
  }
  if (o.mode == "profile") {
    return profile_engine(o);
  }
  if (!o.mode.empty()) {
    return memory_child(o);
  }
  return run_all(o, argv[0]);
}
