// Named HTML character references ("eacute" -> U+00E9). Internal to feeds/.
// Pure functions over a constant table, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace armwatch::feeds {

// The code point of HTML 4.01 entity `name` (without '&' and ';'; case-sensitive),
// or of "apos"; nullopt for any other name.
std::optional<char32_t> html_entity(std::string_view name);

// How many names html_entity knows (253).
std::size_t html_entity_count();

}  // namespace armwatch::feeds
