// The history timeline: dated entries on the armistice commissions, the
// armistice's status, past incidents and Security Council resolutions
// (rules/history/*.yaml, built from shared/reference/commission-history.md).
// Rules cite entry ids in `precedents`; load_rule_pack checks them when given
// the timeline (LoadOptions::history, AW-W007); `armwatch history` lists and
// searches it. Format: rules/README.md, "History timeline".
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace armwatch::rules {

struct HistoryEntry {
  std::string id;       // "H-2010-11-23-yeonpyeong-shelling": "H-", the date, a slug
  std::string date;     // "2010-11-23", or "2010-11" / "2010" when the day is unknown
  std::string date_to;  // last date of a span or series ("2024-06-20"), or empty
  std::string kind;     // "commission", "incident" or "resolution"
  std::string title;
  std::string summary;
  std::vector<std::string> provisions;  // ids of armistice-provisions.md
  std::vector<std::string> sources;     // URLs (or a note on the source)
  std::string file;                     // where the entry was read
  int line = 0;
};

struct History {
  std::vector<HistoryEntry> entries;  // by date, then id

  // The entry with this id, or nullptr.
  const HistoryEntry* find(std::string_view id) const;

  // Entries in which every word of `text` occurs (caseless, ASCII folding) in
  // the id, date, kind, title, summary or provisions, by date. An empty or
  // blank `text` gives every entry.
  std::vector<HistoryEntry> search(std::string_view text) const;
};

// The entry kinds load_history accepts.
inline constexpr std::string_view kHistoryKinds[] = {"commission", "incident", "resolution"};

// Loads every *.yaml / *.yml file of a directory (sorted by name), or one file.
// Errors (never throws): kNotFound for a missing path; kParse for YAML that
// does not read, a missing or unknown field, a bad id or date, an id whose date
// differs from `date`, or a duplicate id. The context is "file:line:col".
Result<History> load_history(const std::filesystem::path& path);

}  // namespace armwatch::rules
