#include "core/log.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace armwatch {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};

// syslog priorities: debug 7, info 6, warning 4, error 3.
const char* journal_prefix(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "<7>";
    case LogLevel::kInfo:
      return "<6>";
    case LogLevel::kWarning:
      return "<4>";
    case LogLevel::kError:
      return "<3>";
  }
  return "<6>";
}

const char* plain_prefix(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug: ";
    case LogLevel::kInfo:
      return "";
    case LogLevel::kWarning:
      return "warning: ";
    case LogLevel::kError:
      return "error: ";
  }
  return "";
}

bool under_journald() {
  static const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
  return journal;
}

}  // namespace

bool parse_log_level(std::string_view name, LogLevel& out) {
  static constexpr std::pair<std::string_view, LogLevel> kNames[] = {
      {"debug", LogLevel::kDebug},
      {"info", LogLevel::kInfo},
      {"warning", LogLevel::kWarning},
      {"error", LogLevel::kError}};
  for (const auto& [n, level] : kNames) {
    if (n == name) {
      out = level;
      return true;
    }
  }
  return false;
}

void set_log_level(LogLevel level) {
  g_level.store(static_cast<int>(level));
}

LogLevel log_level() {
  return static_cast<LogLevel>(g_level.load());
}

void log_line(LogLevel level, std::string_view message) {
  if (static_cast<int>(level) < g_level.load()) {
    return;
  }
  std::string line = under_journald() ? journal_prefix(level) : plain_prefix(level);
  line.append(message);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace armwatch
