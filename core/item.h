// Item: one entry of a feed, after parsing and normalisation, whatever its format
// (RSS, Atom, JSON Feed). rules/ matches Items; storage/ stores them. Text fields
// hold clean UTF-8 plain text (HTML already reduced to text by feeds/).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace armwatch {

struct Item {
  std::string feed;  // the configured name of the feed it came from
  std::string id;    // stable within the feed: guid/id, else link, else a hash
  std::string title;
  std::string summary;
  std::string content;  // full text when the feed carries it (content:encoded, Atom content)
  std::string link;     // canonical: no utm_* parameters, no fragment
  std::string source;   // the outlet, for people ("Yonhap", "UN News")
  std::optional<TimePoint> published;
  std::optional<TimePoint> updated;
  std::vector<std::string> authors;
  std::vector<std::string> categories;

  // published, else updated, else nullopt. Rules use it for valid_from/valid_to.
  std::optional<TimePoint> date() const { return published ? published : updated; }
};

}  // namespace armwatch
