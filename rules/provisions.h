// The provisions table: each provision id rules cite (AA-I-6, AA-II-13c,
// CMA-1.3-air, UNSCR-1718) with a one-line paraphrase, for people reading an
// event (`armwatch show`). The table is rules/provisions/provisions.yaml,
// installed with the rule pack (share/armwatch/provisions/). Format: the
// comment at the top of that file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace armwatch::rules {

struct Provision {
  std::string id;
  std::string paraphrase;
  std::vector<std::string> covers;  // paragraph ids a grouped row stands for
};

struct ProvisionTable {
  std::vector<Provision> entries;  // in file order

  // The entry whose id or `covers` is `id`, or nullptr.
  const Provision* find(std::string_view id) const;
};

// Loads a provisions file. Never throws. kNotFound for a missing file; kParse
// (context "file:line:col") for YAML that does not read, an entry that is not
// a mapping, a missing id or paraphrase, an unknown key, an id that is not
// AA-, CMA- or UNSCR-, or an id (or covered id) given twice.
Result<ProvisionTable> load_provisions(const std::filesystem::path& file);

// Parses provisions YAML held in memory; `name` stands for the file in errors.
Result<ProvisionTable> parse_provisions(std::string_view yaml, std::string_view name);

}  // namespace armwatch::rules
