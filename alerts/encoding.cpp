#include "alerts/encoding.h"

#include <array>
#include <cstdint>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/text.h"

namespace armwatch::alerts {
namespace {

constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kHex = "0123456789ABCDEF";
constexpr std::size_t kMaxLine = 78;       // RFC 5322 "SHOULD" limit for header lines
constexpr std::size_t kMaxWord = 75;       // RFC 2047 limit for one encoded word
constexpr std::size_t kWordOverhead = 12;  // "=?UTF-8?B?" + "?="
constexpr std::size_t kQpLine = 76;        // RFC 2045 limit, the soft-break '=' included

int base64_value(char c) {
  auto pos = kBase64.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

bool is_printable_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e) {
      return false;
    }
  }
  return true;
}

std::string hex_escape(unsigned char c) {
  return std::string{'=', kHex[c >> 4], kHex[c & 0xf]};
}

// One line of a body (no line break in it) as quoted-printable, soft-wrapped.
void qp_line(std::string_view line, std::string& out) {
  std::size_t column = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    bool last = i + 1 == line.size();
    bool literal = (c == '\t' || (c >= 0x20 && c <= 0x7e)) && c != '=';
    if ((c == ' ' || c == '\t') && last) {
      literal = false;  // trailing whitespace would be stripped in transit
    }
    if (column == 0 && (c == '.' || (c == 'F' && line.substr(i, 5) == "From "))) {
      literal = false;  // SMTP dot lines and mbox "From " lines
    }
    std::string token = literal ? std::string(1, static_cast<char>(c)) : hex_escape(c);
    // Keep room for the soft-break '=' unless this is the line's last token.
    std::size_t limit = last ? kQpLine : kQpLine - 1;
    if (column + token.size() > limit) {
      out += "=\r\n";
      column = 0;
      if (c == '.') {
        token = hex_escape(c);
      }
    }
    out += token;
    column += token.size();
  }
}

// Splits valid UTF-8 into chunks of at most `max_bytes`, never inside a character.
std::size_t utf8_chunk(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) {
    return s.size();
  }
  std::size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80) {
    --n;
  }
  return n == 0 ? max_bytes : n;
}

std::string encoded_words(std::string_view utf8, std::size_t name_length) {
  std::string out;
  std::size_t column = name_length;
  while (!utf8.empty()) {
    std::size_t room = column == name_length && name_length + kMaxWord > kMaxLine
                           ? kMaxLine - name_length
                           : kMaxWord;
    std::size_t b64_chars = room > kWordOverhead + 4 ? (room - kWordOverhead) / 4 * 4 : 4;
    std::size_t n = utf8_chunk(utf8, b64_chars / 4 * 3);
    if (!out.empty()) {
      out += "\r\n ";
    }
    out += "=?UTF-8?B?" + base64_encode(utf8.substr(0, n)) + "?=";
    utf8.remove_prefix(n);
    column = 1;
  }
  return out;
}

std::string fold_ascii(std::string_view value, std::size_t name_length) {
  std::string out;
  std::size_t column = name_length;
  std::size_t start = 0;
  while (start <= value.size()) {
    auto end = value.find(' ', start);
    if (end == std::string_view::npos) {
      end = value.size();
    }
    auto word = value.substr(start, end - start);
    if (start > 0) {
      if (column + 1 + word.size() > kMaxLine) {
        out += "\r\n";
        column = 0;
      }
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    start = end + 1;
  }
  return out;
}

bool is_atext_phrase(std::string_view s) {
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == ' ' || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) {
      n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    }
    if (i + 2 < bytes.size()) {
      n |= static_cast<unsigned char>(bytes[i + 2]);
    }
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kBase64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kBase64[n & 63] : '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return std::nullopt;
  }
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    bool final_quad = i + 4 == text.size();
    int pad = text[i + 3] == '=' ? (text[i + 2] == '=' ? 2 : 1) : 0;
    if (pad > 0 && !final_quad) {
      return std::nullopt;
    }
    std::uint32_t n = 0;
    for (int j = 0; j < 4; ++j) {
      int v = j >= 4 - pad ? 0 : base64_value(text[i + j]);
      if (v < 0) {
        return std::nullopt;
      }
      n = (n << 6) | static_cast<std::uint32_t>(v);
    }
    out += static_cast<char>((n >> 16) & 0xff);
    if (pad < 2) {
      out += static_cast<char>((n >> 8) & 0xff);
    }
    if (pad < 1) {
      out += static_cast<char>(n & 0xff);
    }
  }
  return out;
}

std::string quoted_printable_encode(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    bool last = end == std::string_view::npos;
    auto line = text.substr(start, (last ? text.size() : end) - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    qp_line(line, out);
    if (last) {
      break;
    }
    out += "\r\n";
    start = end + 1;
  }
  return out;
}

std::string encode_header_text(std::string_view value, std::size_t name_length) {
  if (is_printable_ascii(value) && value.find("=?") == std::string_view::npos) {
    return fold_ascii(value, name_length);
  }
  std::string clean = repair_utf8(value);
  for (char& c : clean) {
    if (c == '\r' || c == '\n' || c == '\t') {
      c = ' ';  // no line breaks inside a header, even encoded
    }
  }
  return encoded_words(clean, name_length);
}

std::string format_mailbox(std::string_view name, std::string_view address) {
  if (name.empty()) {
    return std::string(address);
  }
  std::string phrase;
  if (is_printable_ascii(name) && is_atext_phrase(name)) {
    phrase = name;
  } else if (is_printable_ascii(name)) {
    phrase = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') {
        phrase += '\\';
      }
      phrase += c;
    }
    phrase += '"';
  } else {
    phrase = encoded_words(repair_utf8(name), kMaxLine - kMaxWord);
  }
  return phrase + " <" + std::string(address) + ">";
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md.data(), &len, EVP_sha256(), nullptr);
  static constexpr std::string_view kLowerHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kLowerHex[md[i] >> 4];
    out += kLowerHex[md[i] & 0xf];
  }
  return out;
}

std::string hmac_sha256(std::string_view key, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), md.data(), &len);
  return std::string(reinterpret_cast<const char*>(md.data()), len);
}

}  // namespace armwatch::alerts
