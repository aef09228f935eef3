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

std::string_view to_string(Claim c) {
  switch (c) {
    case Claim::kAct:
      return "act";
    case Claim::kClaim:
      return "claim";
    case Claim::kDenial:
      return "denial";
  }
  return "act";
}

std::optional<Claim> parse_claim(std::string_view slug) {
  if (slug == "act") {
    return Claim::kAct;
  }
  if (slug == "claim") {
    return Claim::kClaim;
  }
  if (slug == "denial") {
    return Claim::kDenial;
  }
  return std::nullopt;
}

}  // namespace armwatch
