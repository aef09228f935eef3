// Text normalisation with a map back to the original, sentences and words.
#include "rules/normaliser.h"

#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "rules/boundary.h"

using namespace armwatch::rules::detail;

namespace {

// The original text behind the normalised range of `needle`.
std::string source_of(const std::string& original, const NormalText& n, const std::string& needle) {
  std::size_t at = n.text.find(needle);
  REQUIRE(at != std::string::npos);
  auto [b, e] = n.to_source(at, at + needle.size());
  return original.substr(b, e - b);
}

}  // namespace

TEST_CASE("Curly quotes, dashes and spaces are normalised", "[rules][normaliser]") {
  const std::string in =
      "  \u201cKorean People\u2019s Army\u201d \u2014 short\u2010range\u00a0\u00a0"
      "missile\u200b,\t\ttest\u00ad  ";
  NormalText n = normalise(in);
  CHECK(n.text == "\"Korean People's Army\" - short-range missile, test");
  CHECK(source_of(in, n, "People's") == "People\u2019s");
  CHECK(source_of(in, n, "short-range missile") == "short\u2010range\u00a0\u00a0missile");
  CHECK_FALSE(n.pieces.empty());
}

TEST_CASE("N. Korea and S. Korea are expanded", "[rules][normaliser]") {
  const std::string in = "N. Korea and S.Korea; N.  Korean troops; UN. Korea; SN. Korea";
  NormalText n = normalise(in);
  CHECK(n.text == "North Korea and South Korea; North Korean troops; UN. Korea; SN. Korea");
  CHECK(source_of(in, n, "North Korean") == "N.  Korean");
  CHECK(source_of(in, n, "South Korea") == "S.Korea");
  CHECK(normalise_term("N. Korea") == "North Korea");
}

TEST_CASE("Fullwidth forms fold and bad UTF-8 becomes U+FFFD", "[rules][normaliser]") {
  NormalText n = normalise("\xEF\xBC\xA4\xEF\xBC\xAD\xEF\xBC\xBA bad\xFF byte");
  CHECK(n.text == "DMZ bad\uFFFD byte");
  auto [b, e] = n.to_source(0, 3);
  CHECK(b == 0);
  CHECK(e == 9);
}

TEST_CASE("Sentences split at full stops but not at abbreviations", "[rules][normaliser]") {
  std::string t = "Gen. Kim met Lt. Park at 10 a.m. in the U.S. base. Then they left! Why? Ok";
  auto starts = sentence_starts(t);
  REQUIRE(starts.size() == 4);
  CHECK(t.substr(starts[1], 4) == "Then");
  CHECK(t.substr(starts[2], 3) == "Why");
  CHECK(t.substr(starts[3], 2) == "Ok");
  CHECK(sentence_of(starts, 0) == 0);
  CHECK(sentence_of(starts, t.find("Then")) == 1);
}

TEST_CASE("Words between two offsets", "[rules][normaliser]") {
  std::string t = "missile was fired by the North";
  CHECK(words_between(t, 7, t.find("North")) == 4);
  CHECK(words_between(t, 0, 0) == 0);
  CHECK(words_between("\uBD81\uD55C \uBBF8\uC0AC\uC77C", 0, 13) == 2);
}

TEST_CASE("Word boundaries are decided in one place", "[rules][normaliser]") {
  std::string t = "mined mine N. Hwasong-17";
  CHECK_FALSE(accept_hit(t, 0, 4, Boundary::kWord));
  CHECK(accept_hit(t, 0, 4, Boundary::kNone));
  CHECK(accept_hit(t, 6, 10, Boundary::kWord));
  CHECK(accept_hit(t, 11, 13, Boundary::kWord));  // "N." ends in punctuation: no end check
  CHECK(accept_hit(t, 14, 21, Boundary::kWord));  // "Hwasong" before '-'
  CHECK(accept_hit(t, 14, 19, Boundary::kPrefix));
  CHECK_FALSE(accept_hit(t, 14, 19, Boundary::kWord));
  CHECK(edge_script(U'\uBBF8') == EdgeScript::kHangul);
  CHECK(edge_script(U'a') == EdgeScript::kLatin);
  CHECK(edge_script(U'-') == EdgeScript::kNotWord);
}

TEST_CASE("The fast paths of normalise() change nothing", "[rules][normaliser]") {
  // Random text from the pieces the fast paths must get right: Hangul runs,
  // compound parts and abbreviations at word starts, conjoining jamo and
  // combining marks after a syllable, spaces, ASCII, "N. Korea".
  static const std::vector<std::string> kPieces = {
      "군사",   "분계선",       "북",     "북측",   "합참", "北",     "南",     "은",
      "을",     "에서",         " ",      "  ",     "탄도", "미사일", "정전",   "협정",
      "가",     "\u1100\u1161", "\u11a8", "\u0301", "e",    "N.",     " Korea", "9",
      "\u00b7", "19",           "\u2019", "x",      "\xff", "\u3000", "북한"};
  std::mt19937 rng(919);
  std::uniform_int_distribution<std::size_t> pick(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 14);
  NormalText reused;
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    for (int k = length(rng); k > 0; --k) {
      s += kPieces[pick(rng)];
    }
    NormalText fast = normalise(s);
    NormalText slow = normalise(s, /*fast_paths=*/false);
    // The matcher's way: one NormalText reused for every text.
    normalise_into(s, reused);
    INFO("text: \"" << s << "\"");
    REQUIRE(fast.text == slow.text);
    REQUIRE(reused.text == slow.text);
    for (std::size_t b = 0; b < fast.text.size(); ++b) {
      for (std::size_t e = b + 1; e <= fast.text.size(); e += 3) {
        REQUIRE(fast.to_source(b, e) == slow.to_source(b, e));
        REQUIRE(reused.to_source(b, e) == slow.to_source(b, e));
      }
    }
  }
}
