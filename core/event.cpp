#include "core/event.h"

namespace armwatch {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kViolation:
      return "violation";
  }
  return "info";
}

std::optional<Severity> parse_severity(std::string_view slug) {
  if (slug == "info") {
    return Severity::kInfo;
  }
  if (slug == "warning") {
    return Severity::kWarning;
  }
  if (slug == "violation") {
    return Severity::kViolation;
  }
  return std::nullopt;
}

}  // namespace armwatch
