// Finding the reference texts alerts quote: the provisions table and the
// history timeline, beside the rule pack as in the source tree (rules/pack,
// rules/provisions, rules/history) and as installed (share/armwatch/rules,
// share/armwatch/provisions, share/armwatch/history).
#include <filesystem>
#include <system_error>

#include "core/log.h"
#include "daemon/alerting.h"
#include "rules/data_dirs.h"

namespace armwatch::daemon {
namespace {

namespace fs = std::filesystem;

template <typename T, typename Load>
std::optional<T> load_first(const std::vector<fs::path>& dirs, const fs::path& leaf, Load load) {
  std::error_code ec;
  for (const auto& d : dirs) {
    if (!fs::exists(d / leaf, ec)) {
      continue;
    }
    auto loaded = load(d / leaf);
    if (!loaded) {
      log_warning("alerts: " + loaded.error().to_string() + "; alerts will name ids only");
      return std::nullopt;
    }
    return std::move(*loaded);
  }
  return std::nullopt;
}

}  // namespace

AlertTexts load_alert_texts(const std::vector<std::string>& rule_paths) {
  auto dirs = rules::reference_directories(rule_paths);
  AlertTexts texts;
  texts.provisions = load_first<rules::ProvisionTable>(
      dirs, "provisions/provisions.yaml",
      [](const fs::path& p) { return rules::load_provisions(p); });
  texts.history = load_first<rules::History>(
      dirs, "history", [](const fs::path& p) { return rules::load_history(p); });
  return texts;
}

}  // namespace armwatch::daemon
