// armwatch core: the error value every module returns at its public edge.
//
// core/ owns the plain value types shared by all modules (Item, Event, Error,
// Result, Clock). It includes only the standard library, never another armwatch
// folder and never a third-party header.
#pragma once

#include <string>
#include <string_view>

namespace armwatch {

// Broad classes of failure. Callers branch on these; the message is for people.
enum class ErrorCode {
  kInvalidArgument,  // bad input from a caller or a user (flags, config values)
  kParse,            // a document (YAML, XML, JSON) could not be read
  kNotFound,         // a file, row or key is absent
  kIo,               // the OS refused a read or write
  kNetwork,          // a transfer failed (DNS, connect, TLS, timeout, HTTP status)
  kTooLarge,         // a size limit was hit (body cap, entity expansion)
  kDatabase,         // SQLite reported an error
  kBusy,             // the database is locked by another writer
  kFull,             // the disk or database is full
  kUnsupported,      // valid input that armwatch does not handle
  kInternal,         // a bug: an invariant did not hold
};

std::string_view to_string(ErrorCode code);

// An error: what kind, what went wrong, and where (a path with line:col, a URL,
// a table name). Cheap to copy; no ownership concerns.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string context;

  // "context: message" or just "message" when there is no context.
  std::string to_string() const;
};

// Named constructors keep call sites short: `return Error::parse(msg, where);`.
inline Error make_error(ErrorCode code, std::string message, std::string context = {}) {
  return Error{code, std::move(message), std::move(context)};
}

}  // namespace armwatch
