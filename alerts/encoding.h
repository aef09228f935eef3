// Byte encodings used by e-mail and webhooks: Base64 (RFC 4648), quoted-printable
// (RFC 2045), RFC 2047 encoded words for headers, and SHA-256 / HMAC-SHA256 via
// OpenSSL. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace armwatch::alerts {

std::string base64_encode(std::string_view bytes);
// Standard alphabet with '=' padding; whitespace is not allowed. nullopt if
// `text` is not canonical Base64.
std::optional<std::string> base64_decode(std::string_view text);

// Quoted-printable for a UTF-8 text body. Line breaks in `text` (LF or CRLF)
// become CRLF; lines are soft-wrapped at 76 characters; '=', non-ASCII bytes,
// control characters, trailing spaces/tabs and a '.' or "From " at a line start
// are escaped.
std::string quoted_printable_encode(std::string_view text);

// A header field body safe for RFC 5322: printable ASCII is folded at spaces
// before 78 columns; anything else is written as RFC 2047 "B" encoded words of
// UTF-8, each at most 75 characters and never splitting a character, folded
// with CRLF SP. `name_length` is the length of "Name: " already on the line.
std::string encode_header_text(std::string_view value, std::size_t name_length);

// A mailbox "Display Name <addr@host>", the name quoted or RFC 2047-encoded as
// needed; just "addr@host" when `name` is empty.
std::string format_mailbox(std::string_view name, std::string_view address);

// Lower-case hex of SHA-256(bytes).
std::string sha256_hex(std::string_view bytes);
// Raw 32-byte HMAC-SHA256(key, message).
std::string hmac_sha256(std::string_view key, std::string_view message);

}  // namespace armwatch::alerts
