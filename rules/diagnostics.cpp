#include "rules/diagnostics.h"

#include <algorithm>
#include <sstream>

namespace armwatch::rules {

std::string Diagnostic::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) {
      out += ":" + std::to_string(column);
    }
  }
  out += level == Level::kError ? ": error " : ": warning ";
  return out + code + ": " + message;
}

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.to_string() + "\n";
  if (!d.snippet.empty()) {
    out += "  " + d.snippet + "\n";
    if (d.column > 0) {
      out += "  " + std::string(static_cast<std::size_t>(d.column - 1), ' ') + "^\n";
    }
  }
  return out;
}

std::size_t LoadResult::error_count() const {
  return static_cast<std::size_t>(
      std::count_if(diagnostics.begin(), diagnostics.end(),
                    [](const Diagnostic& d) { return d.level == Diagnostic::Level::kError; }));
}

std::size_t LoadResult::warning_count() const {
  return diagnostics.size() - error_count();
}

namespace detail {

void DiagSink::add_source(const std::string& file, const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    lines.push_back(std::move(line));
  }
  lines_[file] = std::move(lines);
  files_.push_back(file);
}

void DiagSink::error(const std::string& code, const Loc& loc, std::string message) {
  add(Diagnostic::Level::kError, code, loc, std::move(message));
}

void DiagSink::warning(const std::string& code, const Loc& loc, std::string message) {
  add(Diagnostic::Level::kWarning, code, loc, std::move(message));
}

void DiagSink::add(Diagnostic::Level level, const std::string& code, const Loc& loc,
                   std::string message) {
  Diagnostic d{level, code, loc.file, loc.line, loc.column, std::move(message), {}};
  auto it = lines_.find(loc.file);
  if (it != lines_.end() && loc.line > 0 &&
      static_cast<std::size_t>(loc.line) <= it->second.size()) {
    d.snippet = it->second[static_cast<std::size_t>(loc.line - 1)];
  }
  errors_ += level == Diagnostic::Level::kError ? 1 : 0;
  diags_.push_back(std::move(d));
}

std::vector<Diagnostic> DiagSink::take() {
  // File order: by file (as loaded), then line; a stable sort keeps stages in order.
  std::vector<std::string> order = files_;
  for (const auto& d : diags_) {
    if (std::find(order.begin(), order.end(), d.file) == order.end()) {
      order.push_back(d.file);
    }
  }
  auto rank = [&](const Diagnostic& d) {
    return std::find(order.begin(), order.end(), d.file) - order.begin();
  };
  std::stable_sort(diags_.begin(), diags_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    return rank(a) != rank(b) ? rank(a) < rank(b) : a.line < b.line;
  });
  return std::move(diags_);
}

}  // namespace detail
}  // namespace armwatch::rules
