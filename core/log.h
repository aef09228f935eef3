// A minimal leveled logger on stderr, shared by every module. Thread-safe: each
// line is written with one call. Under journald (JOURNAL_STREAM set) lines carry
// a "<N>" syslog priority prefix so the journal records their level.
#pragma once

#include <string_view>

namespace armwatch {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// "debug", "info", "warning", "error"; false if `name` is none of these.
bool parse_log_level(std::string_view name, LogLevel& out);

// Lines below `level` are dropped. Default: kInfo.
void set_log_level(LogLevel level);
LogLevel log_level();

void log_line(LogLevel level, std::string_view message);

inline void log_debug(std::string_view m) {
  log_line(LogLevel::kDebug, m);
}
inline void log_info(std::string_view m) {
  log_line(LogLevel::kInfo, m);
}
inline void log_warning(std::string_view m) {
  log_line(LogLevel::kWarning, m);
}
inline void log_error(std::string_view m) {
  log_line(LogLevel::kError, m);
}

}  // namespace armwatch
