// Reading feedparser's conformance corpus (see shared/conformance/README.md):
// finding the test files and pulling the Description/Expect/Header/SkipUnless
// header out of each. Test-only code.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace armwatch::conformance {

struct CorpusCase {
  std::filesystem::path path;
  std::string relative;          // "wellformed/rss/item_title.xml"
  std::string folder;            // "wellformed/rss"
  std::string bytes;             // the file, as stored
  std::string expect;            // the Expect: expression ("" if none was found)
  std::string content_type;      // from a "Header: Content-type: ..." line, else ""
  std::string content_location;  // from a "Header: Content-Location: ..." line, else ""
  std::string skip_unless;       // the SkipUnless: expression, else ""
};

// Every .xml and .json file under `root`, sorted by relative path.
std::vector<std::filesystem::path> discover_corpus(const std::filesystem::path& root);

// Reads one file and its expectation header (after BOM/UTF-16/32 sniffing).
CorpusCase load_case(const std::filesystem::path& root, const std::filesystem::path& path);

}  // namespace armwatch::conformance
