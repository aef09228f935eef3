#include "alerts/encoding.h"

#include <sstream>
#include <vector>

#include <catch2/catch.hpp>

using namespace armwatch::alerts;

namespace {

std::vector<std::string> split_crlf(const std::string& s) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (;;) {
    auto end = s.find("\r\n", start);
    lines.push_back(s.substr(start, end - start));
    if (end == std::string::npos) {
      return lines;
    }
    start = end + 2;
  }
}

// Decodes a header made only of "=?UTF-8?B?...?=" words separated by folding.
std::string decode_b_words(const std::string& header, std::size_t* longest_word) {
  std::string out;
  std::istringstream in(header);
  std::string word;
  *longest_word = 0;
  while (in >> word) {
    REQUIRE(word.rfind("=?UTF-8?B?", 0) == 0);
    REQUIRE(word.size() >= 12);
    REQUIRE(word.substr(word.size() - 2) == "?=");
    *longest_word = std::max(*longest_word, word.size());
    auto bytes = base64_decode(word.substr(10, word.size() - 12));
    REQUIRE(bytes);
    out += *bytes;
  }
  return out;
}

}  // namespace

TEST_CASE("Base64 round-trips and rejects non-canonical text", "[alerts][encoding]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(*base64_decode("Zm9vYg==") == "foob");
  CHECK(*base64_decode("Zm9vYmE=") == "fooba");
  CHECK(*base64_decode("") == "");
  CHECK_FALSE(base64_decode("Zm9vYg="));
  CHECK_FALSE(base64_decode("Zm=vYg=="));
  CHECK_FALSE(base64_decode("Zm9v YmFy"));
  std::string all;
  for (int i = 0; i < 256; ++i) {
    all += static_cast<char>(i);
  }
  CHECK(*base64_decode(base64_encode(all)) == all);
}

TEST_CASE("Quoted-printable escapes, wraps and keeps lines short", "[alerts][encoding]") {
  CHECK(quoted_printable_encode("a=b") == "a=3Db");
  CHECK(quoted_printable_encode("trailing \nnext") == "trailing=20\r\nnext");
  CHECK(quoted_printable_encode(".dot\nFrom here") == "=2Edot\r\n=46rom here");
  CHECK(quoted_printable_encode("위") == "=EC=9C=84");
  CHECK(quoted_printable_encode("a\r\nb") == "a\r\nb");
  std::string long_line(200, 'x');
  long_line += "위반";
  auto qp = quoted_printable_encode(long_line);
  std::string decoded;
  for (const auto& line : split_crlf(qp)) {
    CHECK(line.size() <= 76);
    std::string l = line;
    if (!l.empty() && l.back() == '=') {
      l.pop_back();
    }
    for (std::size_t i = 0; i < l.size(); ++i) {
      if (l[i] == '=') {
        decoded += static_cast<char>(std::stoi(l.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        decoded += l[i];
      }
    }
  }
  CHECK(decoded == long_line);
  CHECK(qp.find("=_") == std::string::npos);
}

TEST_CASE("ASCII header text is folded at spaces, not encoded", "[alerts][encoding]") {
  CHECK(encode_header_text("[armwatch] violation: launch", 9) == "[armwatch] violation: launch");
  std::string words;
  for (int i = 0; i < 30; ++i) {
    words += "word" + std::to_string(i) + " ";
  }
  words.pop_back();
  auto folded = encode_header_text(words, 9);
  auto lines = split_crlf(folded);
  CHECK(lines.size() > 1);
  CHECK(lines[0].size() + 9 <= 78);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    CHECK(lines[i].front() == ' ');
    CHECK(lines[i].size() <= 78);
  }
  std::string unfolded;
  for (const auto& l : lines) {
    unfolded += l;
  }
  CHECK(unfolded == words);
}

TEST_CASE("Hangul header text becomes B words of at most 75 characters", "[alerts][encoding]") {
  std::string subject =
      "[armwatch] 위반: 북한 탄도미사일 발사, 동해상으로 단거리 탄도미사일 여러 발을 발사했다고 "
      "합참이 밝혔다";
  auto encoded = encode_header_text(subject, 9);
  auto lines = split_crlf(encoded);
  CHECK(lines.size() > 1);
  CHECK(lines[0].size() + 9 <= 78);
  for (const auto& l : lines) {
    CHECK(l.size() <= 78);
  }
  std::size_t longest = 0;
  CHECK(decode_b_words(encoded, &longest) == subject);
  CHECK(longest <= 75);
  // Each word decodes to whole UTF-8 characters on its own.
  std::istringstream in(encoded);
  std::string word;
  while (in >> word) {
    auto bytes = *base64_decode(word.substr(10, word.size() - 12));
    CHECK((static_cast<unsigned char>(bytes.front()) & 0xc0) != 0x80);
  }
}

TEST_CASE("Header text never carries line breaks or raw encoded-word lookalikes",
          "[alerts][encoding]") {
  auto encoded = encode_header_text("a\r\nBcc: x@y", 9);
  std::size_t longest = 0;
  CHECK(encoded.find("\r\nBcc") == std::string::npos);
  CHECK(decode_b_words(encoded, &longest) == "a  Bcc: x@y");
  CHECK(encode_header_text("=?UTF-8?B?x?=", 9).rfind("=?UTF-8?B?", 0) == 0);
}

TEST_CASE("Mailboxes quote or encode display names", "[alerts][encoding]") {
  CHECK(format_mailbox("", "a@b.org") == "a@b.org");
  CHECK(format_mailbox("armwatch", "a@b.org") == "armwatch <a@b.org>");
  CHECK(format_mailbox("armwatch (Seoul), ops", "a@b.org") ==
        "\"armwatch (Seoul), ops\" <a@b.org>");
  CHECK(format_mailbox("감시", "a@b.org") == "=?UTF-8?B?6rCQ7Iuc?= <a@b.org>");
}

TEST_CASE("SHA-256 and HMAC-SHA256 match published vectors", "[alerts][encoding]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  auto mac = hmac_sha256("Jefe", "what do ya want for nothing?");
  CHECK(base64_encode(mac) == "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
}
