// Deterministic, news-like items and events for the storage benchmarks. The
// armwatch side (storage_bench.cpp) and the bare SQLite peer (sqlite_peer.cpp)
// build exactly the same rows from the same index, so neither reads a data file
// and both pay the same (small) generation cost inside the timed loop.
//
// Shape: reports come in stories of 1 to 16 reports, 4.6 on average (one
// real-world event reported by several outlets within hours, with shared title
// words and a detail of its own), stories are spread evenly over `days` ending
// at `end`, and every item carries one event with one evidence span. Titles, summaries and bodies
// mix the category's vocabulary with Zipf-distributed filler words, so FTS5 queries hit realistic
// fractions of the log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/item.h"

namespace armwatch::bench {

inline constexpr int kFeedCount = 20;

struct GenOptions {
  std::size_t items = 1000000;
  TimePoint end;  // the newest story's time
  // Stories are spread over this many days before `end`. With a million items
  // 20 years give 30 stories a day, 2.5 per category: a busy log, but one where
  // stories of a kind rarely overlap, as in the news.
  int days = 7300;
};

struct Report {
  Item item;
  Event event;
  std::int64_t story = 0;  // reports of one story form one incident in the peer
};

// The feed names, index 0..kFeedCount-1.
const std::string& feed_name(int index);

class Generator {
 public:
  explicit Generator(GenOptions options);
  // Report `index` (0 <= index < items). Pure: the same index gives the same report.
  Report make(std::size_t index) const;
  std::size_t size() const { return options_.items; }

 private:
  GenOptions options_;
  std::vector<std::string> filler_;  // by decreasing frequency
};

// The JSON array of strings storage writes for provisions and the like.
std::string json_strings(const std::vector<std::string>& values);

}  // namespace armwatch::bench
