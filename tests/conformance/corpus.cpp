#include "tests/conformance/corpus.h"

#include <algorithm>

#include "core/text.h"
#include "feeds/charset.h"
#include "tests/support/temp_dir.h"

namespace armwatch::conformance {
namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') {
    s.remove_prefix(1);
  }
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') {
    s.remove_suffix(1);
  }
  return std::string(s);
}

// The comment block holding "Expect:" (XML), or the "__TEST__" string (JSON).
std::string header_text(const std::string& text) {
  std::size_t expect = text.find("Expect:");
  if (expect == std::string::npos) {
    return "";
  }
  std::size_t start = text.rfind("<!--", expect);
  std::size_t test_key = text.rfind("__TEST__", expect);
  if (test_key != std::string::npos && (start == std::string::npos || test_key > start)) {
    start = test_key + 8;
  }
  start = start == std::string::npos ? 0 : start;
  std::size_t end = text.find("-->", expect);
  return text.substr(start, (end == std::string::npos ? text.size() : end) - start);
}

// Splits "Key: value" lines; an Expect value may continue on following lines
// until the next key.
void read_header(const std::string& header, CorpusCase& c) {
  static const char* kKeys[] = {"Description:", "Expect:", "Header:", "SkipUnless:"};
  std::vector<std::pair<std::string, std::size_t>> marks;  // key, position
  for (const char* key : kKeys) {
    for (std::size_t at = header.find(key); at != std::string::npos;
         at = header.find(key, at + 1)) {
      marks.emplace_back(key, at);
    }
  }
  std::sort(marks.begin(), marks.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  for (std::size_t i = 0; i < marks.size(); ++i) {
    std::size_t from = marks[i].second + marks[i].first.size();
    std::size_t to = i + 1 < marks.size() ? marks[i + 1].second : header.size();
    std::string value = trim(header.substr(from, to - from));
    if (value.size() >= 2 && value.substr(value.size() - 2) == "\",") {  // JSON tail
      value = trim(value.substr(0, value.size() - 2));
    }
    if (marks[i].first == "Expect:") {
      c.expect = collapse_whitespace(value);
    } else if (marks[i].first == "SkipUnless:") {
      c.skip_unless = value;
    } else if (marks[i].first == "Header:" && ascii_lower(value.substr(0, 13)) == "content-type:") {
      c.content_type = trim(value.substr(13));
    } else if (marks[i].first == "Header:" &&
               ascii_lower(value.substr(0, 17)) == "content-location:") {
      c.content_location = trim(value.substr(17));
    }
  }
}

}  // namespace

std::vector<std::filesystem::path> discover_corpus(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".xml" || ext == ".json")) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

CorpusCase load_case(const std::filesystem::path& root, const std::filesystem::path& path) {
  CorpusCase c;
  c.path = path;
  c.relative = std::filesystem::relative(path, root).generic_string();
  c.folder = std::filesystem::path(c.relative).parent_path().generic_string();
  c.bytes = testing::read_file(path);
  // The header is ASCII; decoding only matters for UTF-16/32 files.
  std::string text = feeds::decode_to_utf8(c.bytes, "").utf8;
  read_header(header_text(text), c);
  return c;
}

}  // namespace armwatch::conformance
