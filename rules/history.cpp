// Reading the history timeline (YAML) and searching it. yaml-cpp exceptions
// stay in this file: load_history returns them as kParse errors.
#include "rules/history.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <system_error>
#include <tuple>

#include <yaml-cpp/yaml.h>

namespace armwatch::rules {
namespace {

namespace fs = std::filesystem;

std::string place(const std::string& file, const YAML::Mark& mark) {
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

Error parse_error(const std::string& file, const YAML::Node& node, std::string message) {
  return make_error(ErrorCode::kParse, std::move(message), place(file, node.Mark()));
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

std::optional<Error> read_strings(const std::string& file, const YAML::Node& node,
                                  std::string_view key, std::vector<std::string>* out) {
  if (node.IsScalar()) {
    out->push_back(node.Scalar());
    return std::nullopt;
  }
  if (!node.IsSequence()) {
    return parse_error(file, node, "'" + std::string(key) + "' must be a list of strings");
  }
  for (const YAML::Node& v : node) {
    if (!v.IsScalar()) {
      return parse_error(file, v, "'" + std::string(key) + "' must be a list of strings");
    }
    out->push_back(v.Scalar());
  }
  return std::nullopt;
}

// Checks the id's shape, its date against `date`, the kind and the date forms.
std::optional<Error> check_entry(const std::string& file, const YAML::Node& node,
                                 const HistoryEntry& e) {
  static const std::regex kDate(R"(\d{4}(-\d{2}(-\d{2})?)?)");
  static const std::regex kId(R"(H-(\d{4}(?:-\d{2}){0,2})-[a-z0-9]+(?:-[a-z0-9]+)*)");
  std::smatch m;
  if (!std::regex_match(e.id, m, kId)) {
    return parse_error(file, node["id"],
                       "history id '" + e.id + "' must be H-<date>-<slug> (lowercase slug)");
  }
  if (!std::regex_match(e.date, kDate)) {
    return parse_error(file, node["date"],
                       "date '" + e.date + "' must be YYYY, YYYY-MM or YYYY-MM-DD");
  }
  if (m[1].str() != e.date) {
    return parse_error(file, node["id"],
                       "history id '" + e.id + "' does not start with its date " + e.date);
  }
  if (!e.date_to.empty() && (!std::regex_match(e.date_to, kDate) || e.date_to < e.date)) {
    return parse_error(file, node["date_to"],
                       "date_to '" + e.date_to + "' must be a date not before " + e.date);
  }
  if (std::find(std::begin(kHistoryKinds), std::end(kHistoryKinds), e.kind) ==
      std::end(kHistoryKinds)) {
    return parse_error(file, node["kind"],
                       "kind '" + e.kind + "' must be commission, incident or resolution");
  }
  return std::nullopt;
}

Result<HistoryEntry> read_entry(const std::string& file, const YAML::Node& node) {
  if (!node.IsMap()) {
    return parse_error(file, node, "each history entry must be a mapping");
  }
  static const std::set<std::string> kFields = {"id",    "date",    "date_to",    "kind",
                                                "title", "summary", "provisions", "sources"};
  HistoryEntry e;
  e.file = file;
  e.line = node.Mark().line + 1;
  for (const auto& kv : node) {
    std::string key = kv.first.Scalar();
    if (!kFields.count(key)) {
      return parse_error(file, kv.first, "unknown field '" + key + "' in a history entry");
    }
    if (key == "provisions" || key == "sources") {
      auto* list = key == "provisions" ? &e.provisions : &e.sources;
      if (auto err = read_strings(file, kv.second, key, list)) {
        return *err;
      }
      continue;
    }
    if (!kv.second.IsScalar()) {
      return parse_error(file, kv.second, "'" + key + "' must be a string");
    }
    const std::pair<const char*, std::string*> kScalars[] = {
        {"id", &e.id},     {"date", &e.date},   {"date_to", &e.date_to},
        {"kind", &e.kind}, {"title", &e.title}, {"summary", &e.summary}};
    for (const auto& [name, field] : kScalars) {
      if (key == name) {
        *field = kv.second.Scalar();
      }
    }
  }
  for (const char* required : {"id", "date", "kind", "title", "summary"}) {
    if (!node[required]) {
      return parse_error(file, node, "history entry has no '" + std::string(required) + "' field");
    }
  }
  if (auto err = check_entry(file, node, e)) {
    return *err;
  }
  return e;
}

Status read_file(const fs::path& path, std::vector<HistoryEntry>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::kIo, "cannot read this file", path.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  const std::string file = path.string();
  try {
    YAML::Node root = YAML::Load(text.str());
    if (!root.IsDefined() || root.IsNull()) {
      return ok_status();
    }
    if (!root.IsSequence()) {
      return parse_error(file, root, "a history file must be a list of entries");
    }
    for (const YAML::Node& node : root) {
      auto entry = read_entry(file, node);
      if (!entry) {
        return entry.error();
      }
      out->push_back(std::move(*entry));
    }
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::kParse, e.msg, place(file, e.mark));
  }
  return ok_status();
}

Result<std::vector<fs::path>> history_files(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return make_error(ErrorCode::kNotFound, "no such file or directory", path.string());
  }
  if (!fs::is_directory(path, ec)) {
    return std::vector<fs::path>{path};
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    auto ext = it->path().extension();
    if (it->is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) {
      files.push_back(it->path());
    }
  }
  if (ec) {
    return make_error(ErrorCode::kIo, "cannot list directory: " + ec.message(), path.string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

const HistoryEntry* History::find(std::string_view id) const {
  for (const HistoryEntry& e : entries) {
    if (e.id == id) {
      return &e;
    }
  }
  return nullptr;
}

std::vector<HistoryEntry> History::search(std::string_view text) const {
  std::vector<std::string> words;
  std::istringstream in{std::string(text)};
  for (std::string w; in >> w;) {
    words.push_back(lower(w));
  }
  std::vector<HistoryEntry> out;
  for (const HistoryEntry& e : entries) {
    std::string hay =
        lower(e.id + "\n" + e.date + "\n" + e.kind + "\n" + e.title + "\n" + e.summary);
    for (const std::string& p : e.provisions) {
      hay += "\n" + lower(p);
    }
    bool all = std::all_of(words.begin(), words.end(),
                           [&](const std::string& w) { return hay.find(w) != std::string::npos; });
    if (all) {
      out.push_back(e);
    }
  }
  return out;
}

Result<History> load_history(const fs::path& path) {
  try {
    auto files = history_files(path);
    if (!files) {
      return files.error();
    }
    History h;
    for (const fs::path& f : *files) {
      if (auto st = read_file(f, &h.entries); !st) {
        return st.error();
      }
    }
    std::map<std::string, const HistoryEntry*> seen;
    for (const HistoryEntry& e : h.entries) {
      auto [it, inserted] = seen.emplace(e.id, &e);
      if (!inserted) {
        return make_error(ErrorCode::kParse,
                          "duplicate history id '" + e.id + "' (first at " + it->second->file +
                              ":" + std::to_string(it->second->line) + ")",
                          e.file + ":" + std::to_string(e.line) + ":3");
      }
    }
    std::stable_sort(h.entries.begin(), h.entries.end(),
                     [](const HistoryEntry& a, const HistoryEntry& b) {
                       return std::tie(a.date, a.id) < std::tie(b.date, b.id);
                     });
    return h;
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kInternal, e.what(), path.string());
  }
}

}  // namespace armwatch::rules
