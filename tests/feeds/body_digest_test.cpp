// body_digest: the published XXH64 values (checked against libxxhash 0.8.1's
// XXH64 with seed 0), and the stored text form.
#include "feeds/body_digest.h"

#include <string>

#include <catch2/catch.hpp>

namespace armwatch::feeds {
namespace {

// 300 bytes (i * 37 + 11) mod 256: every tail length and many whole stripes.
std::string pattern(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s.push_back(static_cast<char>((i * 37 + 11) & 0xff));
  }
  return s;
}

TEST_CASE("xxh64 gives the reference values", "[feeds][digest]") {
  CHECK(xxh64("") == 0xef46db3751d8e999ULL);
  CHECK(xxh64("a") == 0xd24ec4f1a98c6e5bULL);
  CHECK(xxh64("abc") == 0x44bc2cf5ad770999ULL);
  CHECK(xxh64("Nobody inspects the spammish repetition") == 0xfbcea83c8a378bf1ULL);
  CHECK(xxh64("0123456789abcdef0123456789abcdef0123456789") == 0xa76190c3acf08a1cULL);
  CHECK(xxh64(pattern(300)) == 0x8923b28a8498a506ULL);
}

TEST_CASE("body_digest names the algorithm, the hash and the length", "[feeds][digest]") {
  CHECK(body_digest("abc") == "xxh64:44bc2cf5ad770999:3");
  CHECK(body_digest("") == "xxh64:ef46db3751d8e999:0");
  std::string body = pattern(300);
  std::string digest = body_digest(body);
  CHECK(digest == body_digest(std::string(body)));  // a copy: same bytes, same digest
  body[150] = static_cast<char>(body[150] ^ 1);     // one bit anywhere changes it
  CHECK(body_digest(body) != digest);
  body[150] = static_cast<char>(body[150] ^ 1);
  body.push_back('\0');  // so does one more byte
  CHECK(body_digest(body) != digest);
}

}  // namespace
}  // namespace armwatch::feeds
