// The scanner's fast path: raw fields are scanned as they came, with sentinel
// patterns that stop a field normalise() would change. Its answer must be
// is_normal_text()'s, and what it finds must be what a scan of the normalised
// text finds.
#include "rules/scanner.h"

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "rules/normaliser.h"
#include "tests/rules/rules_test_util.h"

using namespace armwatch;
using namespace armwatch::rules::detail;

namespace {

std::unique_ptr<Scanner> small_scanner() {
  std::vector<Pattern> patterns;
  for (const char* term : {"missile", "North Korea", "U.S.", "Korea"}) {
    patterns.push_back(make_pattern(normalise_term(term), TermMods{}));
  }
  int bad = -1;
  auto s = Scanner::build(std::move(patterns), &bad);
  REQUIRE(s);
  return std::move(*s);
}

// Random text from pieces that exercise every sentinel and its near misses.
std::string random_text(std::mt19937& rng) {
  static const std::vector<std::string> kPieces = {
      "N",  "S",      "U",    ".",    " ", "  ", "Korea", "korea", "missile", "North",       "x",
      "\t", "\u2019", "\xff", "\x7f", "~", "N.", "S. ",   "U.S.",  "\n",      "\xea\xb3\xa0"};
  std::uniform_int_distribution<std::size_t> pick(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 12);
  std::string out;
  for (int n = length(rng); n > 0; --n) {
    out += kPieces[pick(rng)];
  }
  return out;
}

std::vector<std::tuple<int, int, unsigned, unsigned>> keys(const std::vector<RawHit>& hits) {
  std::vector<std::tuple<int, int, unsigned, unsigned>> out;
  for (const RawHit& h : hits) {
    out.emplace_back(h.pattern, h.field, h.begin, h.end);
  }
  return out;
}

}  // namespace

TEST_CASE("The sentinels stop exactly the fields that are not normal text", "[rules][scanner]") {
  auto scanner = small_scanner();
  std::mt19937 rng(1953);
  int abnormal = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = random_text(rng);
    std::string_view texts[] = {text};
    std::vector<RawHit> hits;
    unsigned stopped = scanner->scan_raw(texts, hits);
    INFO("text: \"" << text << "\"");
    REQUIRE((stopped != 0) == !is_normal_text(text));
    abnormal += stopped != 0 ? 1 : 0;
    if (stopped != 0) {
      CHECK(hits.empty());  // a stopped field keeps nothing
      continue;
    }
    // Normal text is what normalise() leaves as it is, and the fast path finds
    // what a scan of the normalised text finds.
    NormalText n = normalise(text);
    REQUIRE(n.text == text);
    REQUIRE(n.pieces.empty());
    std::vector<RawHit> slow;
    std::string_view normal_texts[] = {n.text};
    scanner->scan(normal_texts, slow);
    Scanner::sort_hits(hits);
    REQUIRE(keys(hits) == keys(slow));
  }
  // Both kinds were drawn often enough to mean something.
  CHECK(abnormal > 2000);
  CHECK(abnormal < 18000);
}

TEST_CASE("Common abbreviations are normal text, the Korea ones are not", "[rules][scanner]") {
  CHECK(is_normal_text("U.S. and U.N. officials met in Seoul"));
  CHECK(is_normal_text("N.B. see p.S. below"));
  CHECK_FALSE(is_normal_text("N. Korea fires missile"));
  CHECK_FALSE(is_normal_text("U.S. and S.Korea hold drills"));
  CHECK_FALSE(is_normal_text("talks with N.  Korea"));
  CHECK_FALSE(is_normal_text(" leading space"));
  CHECK_FALSE(is_normal_text("trailing space "));
  CHECK_FALSE(is_normal_text("curly \u2019quote"));
  // Longer than one 32-byte block, with the abbreviation in each position.
  std::string pad(70, 'x');
  CHECK(is_normal_text(pad + " U.S. " + pad));
  CHECK_FALSE(is_normal_text(pad + " N. Korea " + pad));
  CHECK_FALSE(is_normal_text("N. Korea " + pad));
  CHECK_FALSE(is_normal_text(pad + " S.Korea"));
}

TEST_CASE("Items with and without normalising match the same as before", "[rules][scanner]") {
  auto loaded = rules::testing::load_yaml(R"(
- rule: dprk-missile
  title: DPRK missile
  category: missile-launch
  severity: violation
  provisions: [UNSCR-1718]
  all: [[North Korea, DPRK], [missile]]
)");
  INFO(rules::testing::dump(loaded));
  REQUIRE(loaded.ok());
  auto& rules = *loaded.rules;
  // Plain ASCII with U.S. (the fast path), N. Korea (normalised), a curly
  // quote in the summary only (one field normalised, the other not).
  auto plain = rules.match(rules::testing::make_item("U.S. says North Korea fired a missile"));
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].evidence.front().text == "North Korea");
  auto expanded = rules.match(rules::testing::make_item("U.S. says N. Korea fired a missile"));
  REQUIRE(expanded.size() == 1);
  CHECK(expanded[0].evidence.front().text == "N. Korea");  // the original text
  CHECK(expanded[0].evidence.front().begin == 10);
  auto mixed = rules.match(rules::testing::make_item(
      "North Korea fires", "It was a \u2018missile\u2019, officials said"));
  REQUIRE(mixed.size() == 1);
  REQUIRE(mixed[0].evidence.size() == 2);
  CHECK(mixed[0].evidence[1].field == "summary");
  CHECK(mixed[0].evidence[1].text == "missile");
  CHECK(rules.match(rules::testing::make_item(" North Korea  fires a missile ")).size() == 1);
}

TEST_CASE("Source and link are scanned only for the terms looked for there", "[rules][scanner]") {
  std::vector<Pattern> patterns;
  for (const char* term : {"missile", "KCNA", "Yonhap"}) {
    patterns.push_back(make_pattern(normalise_term(term), TermMods{}));
  }
  constexpr unsigned kText = 0b00111;  // title, summary, content
  constexpr unsigned kSource = 0b01000;
  constexpr unsigned kLink = 0b10000;
  PatternRoles roles;
  roles.fields = {kText, kSource | kText, kSource};
  roles.side_fields = kSource | kLink;
  int bad = -1;
  auto built = Scanner::build(std::move(patterns), &bad, roles);
  REQUIRE(built);
  const Scanner& scanner = **built;
  std::string_view texts[] = {"KCNA: missile, says Yonhap", "", "", "KCNA via Yonhap, missile",
                              "https://example.org/missile"};
  std::vector<RawHit> hits;
  CHECK(scanner.scan_raw(texts, hits) == 0);
  Scanner::sort_hits(hits);
  // missile: text fields only; KCNA: both; Yonhap: source only. The link has
  // no term of its own and is not read at all.
  using Key = std::tuple<int, int, unsigned, unsigned>;
  CHECK(keys(hits) == std::vector<Key>{{0, 0, 6, 13}, {1, 0, 0, 4}, {1, 3, 0, 4}, {2, 3, 9, 15}});

  // A source that needs normalising is normalised and read again with the
  // side database; a link no database reads is still checked, so that
  // explain shows it normalised.
  std::string_view odd[] = {"", "", "", "KCNA\u00a0 via  Yonhap", "https://x.org/a\u2019b"};
  hits.clear();
  CHECK(scanner.scan_raw(odd, hits) == (kSource | kLink));
  CHECK(hits.empty());
  NormalText source = normalise(odd[3]);
  std::string_view normal[] = {"", "", "", source.text, ""};
  scanner.scan_fields(normal, kSource, hits);
  Scanner::sort_hits(hits);
  CHECK(keys(hits) == std::vector<Key>{{1, 3, 0, 4}, {2, 3, 9, 15}});
}
