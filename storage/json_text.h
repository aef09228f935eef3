// JSON arrays of strings, the way storage/ keeps list fields (provisions,
// precedents, authors, categories) in one TEXT column: unambiguous whatever the
// strings hold, and queryable in SQL with json_each(). Private to storage/.
// Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace armwatch::storage {

// ["a","b"]: RFC 8259 escaping; control characters as \u00XX. Input is UTF-8
// and is copied as is otherwise.
std::string to_json_array(const std::vector<std::string>& values);

// Reads what to_json_array writes (and any JSON array of strings, with \uXXXX
// escapes and surrogate pairs). "" and NULL columns read as empty. nullopt if
// `text` is not a JSON array of strings.
std::optional<std::vector<std::string>> from_json_array(std::string_view text);

}  // namespace armwatch::storage
