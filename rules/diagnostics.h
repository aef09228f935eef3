// DiagSink: collects loader errors and warnings with file, line, column and the
// offending source line. Internal to rules/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "rules/rule_set.h"

namespace armwatch::rules::detail {

// A place in a rule file; line and column are 1-based (0 = unknown).
struct Loc {
  std::string file;
  int line = 0;
  int column = 0;
};

class DiagSink {
 public:
  // Remembers a file's text so that diagnostics can quote its lines.
  void add_source(const std::string& file, const std::string& text);

  void error(const std::string& code, const Loc& loc, std::string message);
  void warning(const std::string& code, const Loc& loc, std::string message);

  bool has_errors() const { return errors_ > 0; }
  std::vector<Diagnostic> take();

 private:
  void add(Diagnostic::Level level, const std::string& code, const Loc& loc, std::string message);

  std::map<std::string, std::vector<std::string>> lines_;
  std::vector<std::string> files_;  // in load order
  std::vector<Diagnostic> diags_;
  int errors_ = 0;
};

}  // namespace armwatch::rules::detail
