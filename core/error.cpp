#include "core/error.h"

namespace armwatch {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid argument";
    case ErrorCode::kParse:
      return "parse error";
    case ErrorCode::kNotFound:
      return "not found";
    case ErrorCode::kIo:
      return "I/O error";
    case ErrorCode::kNetwork:
      return "network error";
    case ErrorCode::kTooLarge:
      return "too large";
    case ErrorCode::kDatabase:
      return "database error";
    case ErrorCode::kBusy:
      return "database busy";
    case ErrorCode::kFull:
      return "disk full";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kInternal:
      return "internal error";
  }
  return "unknown error";
}

std::string Error::to_string() const {
  if (context.empty()) {
    return message;
  }
  return context + ": " + message;
}

}  // namespace armwatch
