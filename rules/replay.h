// Replaying a labelled or unlabelled JSONL corpus through a rule pack, for
// `armwatch replay` and the pack's score test. One JSON object per line:
//
//   {"id": "...", "published": "2024-01-05", "source": "Yonhap", "title": "...",
//    "summary": "...", "link": "...",
//    "expected": {"labels": ["artillery-fire-near-border"], "severity": "warning"}}
//
// Scoring the results is rules/scoring.h. JSON is read with nlohmann-json inside
// replay.cpp; no exception leaves this header's functions.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/item.h"
#include "core/result.h"
#include "rules/rule_set.h"

namespace armwatch::rules {

// The label of an item that bears on no category.
inline constexpr std::string_view kNoneLabel = "none";

// What a labelled line expects.
struct Expectation {
  std::vector<std::string> labels;   // taxonomy slugs, or exactly {"none"}
  std::optional<Severity> severity;  // of the most severe match; nullopt for "none"
};

struct ReplayItem {
  Item item;  // id, title, summary, link, source, published; feed "replay"
  int line = 0;
  std::optional<Expectation> expected;
};

// Parses JSONL text; `name` stands for the file in errors. Blank lines are
// skipped; unknown keys are ignored (notes for people). kParse with context
// "name:line" for: a line that is not a JSON object, a missing or non-string
// "id", no "title" and no "summary", a "published" that is not YYYY-MM-DD or
// RFC 3339, a duplicate id, an "expected" without a non-empty "labels" list,
// a label that is not a taxonomy slug or "none" ("none" must stand alone), or
// a severity that is not violation, warning, info or none.
Result<std::vector<ReplayItem>> parse_replay_items(std::string_view text, std::string_view name);

// Reads a JSONL file (kNotFound / kIo when it cannot), then parse_replay_items.
Result<std::vector<ReplayItem>> read_replay_items(const std::filesystem::path& file);

// Matches every item against `rules`, in input order: result[i] are the events
// of items[i]. Event::time is set to the item's date (else left at epoch).
std::vector<std::vector<Event>> replay(const RuleSet& rules, const std::vector<ReplayItem>& items);

// The replay output line of one item (no trailing newline):
//   {"id": ..., "matches": [{"rule": ..., "category": ..., "severity": ...,
//    "confidence": ..., "provisions": [...], "claim": ...}]}
std::string to_ndjson(const ReplayItem& item, const std::vector<Event>& events);

}  // namespace armwatch::rules
