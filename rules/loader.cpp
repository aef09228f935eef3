// load_rule_pack / load_rule_text: find the files, run the reader on each, then
// the compiler on the whole pack. The only place that touches the filesystem.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "rules/compiled_rule_set.h"
#include "rules/compiler.h"
#include "rules/diagnostics.h"
#include "rules/history.h"
#include "rules/rule_set.h"
#include "rules/spec.h"

namespace armwatch::rules {
namespace {

namespace fs = std::filesystem;

bool is_rule_file(const fs::path& p) {
  return p.extension() == ".yaml" || p.extension() == ".yml";
}

std::vector<fs::path> rule_files(const std::vector<fs::path>& paths, detail::DiagSink* sink) {
  std::vector<fs::path> files;
  for (const fs::path& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && is_rule_file(it->path())) {
          found.push_back(it->path());
        }
      }
      if (ec) {
        sink->error("AW-R018", detail::Loc{p.string(), 0, 0},
                    "cannot list directory: " + ec.message());
      } else if (found.empty()) {
        sink->warning("AW-W005", detail::Loc{p.string(), 0, 0},
                      "no *.yaml or *.yml rule files here");
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      sink->error("AW-R018", detail::Loc{p.string(), 0, 0}, "no such file or directory");
    }
  }
  return files;
}

LoadResult finish(const detail::PackSpec& spec, detail::DiagSink& sink, bool compile) {
  LoadResult result;
  if (compile) {
    auto pack = detail::compile_pack(spec, &sink);
    if (pack && !sink.has_errors()) {
      result.rules = std::make_shared<detail::CompiledRuleSet>(std::move(pack));
    }
  }
  result.diagnostics = sink.take();
  return result;
}

// "file:line:col" (an Error context of load_history) as a Loc.
detail::Loc loc_of_context(const std::string& context) {
  detail::Loc loc{context, 0, 0};
  std::size_t col = context.rfind(':');
  std::size_t line =
      col == std::string::npos || col == 0 ? std::string::npos : context.rfind(':', col - 1);
  if (line == std::string::npos) {
    return loc;
  }
  try {
    loc.line = std::stoi(context.substr(line + 1, col - line - 1));
    loc.column = std::stoi(context.substr(col + 1));
    loc.file = context.substr(0, line);
  } catch (const std::exception&) {
    loc = detail::Loc{context, 0, 0};
  }
  return loc;
}

// AW-R023 when the timeline does not load; AW-W007 for each precedent that
// names no entry of it.
void check_precedents(const detail::PackSpec& spec, const fs::path& history,
                      detail::DiagSink* sink) {
  auto timeline = load_history(history);
  if (!timeline) {
    sink->error("AW-R023", loc_of_context(timeline.error().context),
                "history timeline: " + timeline.error().message);
    return;
  }
  for (const detail::RuleSpec& r : spec.rules) {
    for (const detail::Value& p : r.precedents) {
      if (timeline->find(p.text) == nullptr) {
        sink->warning("AW-W007", p.loc,
                      "precedent '" + p.text + "' of rule '" + r.id.text +
                          "' is not an id of the history timeline " + history.string());
      }
    }
  }
}

LoadResult internal_error(const std::string& what) {
  LoadResult result;
  result.diagnostics.push_back(Diagnostic{Diagnostic::Level::kError, "AW-R099", "", 0, 0,
                                          "internal error while loading rules: " + what, ""});
  return result;
}

}  // namespace

LoadResult load_rule_pack(const std::vector<std::filesystem::path>& paths) {
  return load_rule_pack(paths, LoadOptions{});
}

LoadResult load_rule_pack(const std::vector<std::filesystem::path>& paths,
                          const LoadOptions& options) {
  try {
    detail::DiagSink sink;
    detail::PackSpec spec;
    bool readable = true;
    for (const fs::path& file : rule_files(paths, &sink)) {
      std::ifstream in(file, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      if (!in.is_open() || in.bad()) {
        sink.error("AW-R018", detail::Loc{file.string(), 0, 0}, "cannot read this file");
        readable = false;
        continue;
      }
      readable = detail::read_rule_file(file.string(), text.str(), &spec, &sink) && readable;
    }
    detail::apply_overrides(&spec, &sink);
    if (!options.history.empty()) {
      check_precedents(spec, options.history, &sink);
    }
    // Reader errors do not stop the compiler (lint shows them all at once), but
    // a file that is not YAML at all would only cause misleading follow-ups.
    return finish(spec, sink, readable);
  } catch (const std::exception& e) {
    return internal_error(e.what());
  }
}

LoadResult load_rule_text(std::string_view yaml, std::string_view name) {
  try {
    detail::DiagSink sink;
    detail::PackSpec spec;
    bool readable = detail::read_rule_file(std::string(name), std::string(yaml), &spec, &sink);
    detail::apply_overrides(&spec, &sink);
    return finish(spec, sink, readable);
  } catch (const std::exception& e) {
    return internal_error(e.what());
  }
}

}  // namespace armwatch::rules
