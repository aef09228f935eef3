// Evaluates the small subset of feedparser's Python "Expect:" expressions that
// maps onto armwatch's ParsedFeed (README step 4). Test-only code.
#pragma once

#include <string>

#include "core/result.h"
#include "feeds/feed_parser.h"

namespace armwatch::conformance {

enum class Verdict { kPass, kFail, kUnsupported };

struct Evaluation {
  Verdict verdict = Verdict::kUnsupported;
  std::string detail;  // for kFail: the term, what was expected and what we had
};

// Splits `expect` on top-level " and " and evaluates each term:
//   bozo / not bozo                      (broken, or parse_feed failed)
//   len(entries) == N, version == 'rss10'
//   feed[K] == LIT, feed.K == LIT        K: title, link
//   entries[N][K] == LIT, entries[N].K   K: title, link, id, guid, summary,
//                                        description, and *_parsed date tuples
// (channel/items are accepted for feed/entries). Strings are compared after
// reducing the expected value to text as armwatch does (HTML to text, collapsed
// whitespace, canonical links). Any other term makes the file kUnsupported.
Evaluation evaluate(const std::string& expect, const Result<feeds::ParsedFeed>& parsed);

}  // namespace armwatch::conformance
