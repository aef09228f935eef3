// The category slugs of shared/reference/taxonomy.md. Every rule and every output
// uses exactly these; rules/ rejects any other at load time.
#pragma once

#include <span>
#include <string_view>

namespace armwatch {

// In the order the taxonomy lists them.
std::span<const std::string_view> category_slugs();
bool is_category(std::string_view slug);

}  // namespace armwatch
