// Korean text: Hangul terms with particles and endings, compounds, the
// overrides (exact, suffixes=LIST, re), and the Korean normalisation steps.
#include <catch2/catch.hpp>

#include "rules/boundary.h"
#include "rules/hangul.h"
#include "rules/normaliser.h"
#include "rules/rule_set.h"
#include "tests/rules/rules_test_util.h"

using namespace armwatch;
using namespace armwatch::rules;
using namespace armwatch::rules::testing;
using armwatch::rules::detail::NormalText;

namespace {

std::shared_ptr<const RuleSet> load_or_fail(const std::string& yaml) {
  LoadResult r = load_yaml(yaml);
  INFO(dump(r));
  REQUIRE(r.ok());
  return r.rules;
}

// One rule `t` whose only selection is `key: [terms]`.
std::shared_ptr<const RuleSet> term_rule(const std::string& key, const std::string& terms,
                                         const std::string& extra = "") {
  return load_or_fail(extra +
                      "- rule: t\n  title: T\n  category: missile-launch\n"
                      "  severity: violation\n  detection:\n    s:\n      " +
                      key + ": [" + terms + "]\n    condition: s\n");
}

bool hits(const RuleSet& rules, const std::string& title) {
  return !rules.match(make_item(title)).empty();
}

std::string source_of(const std::string& original, const NormalText& n, const std::string& needle) {
  std::size_t at = n.text.find(needle);
  REQUIRE(at != std::string::npos);
  auto [b, e] = n.to_source(at, at + needle.size());
  return original.substr(b, e - b);
}

}  // namespace

TEST_CASE("A Hangul term matches its eojeol with particles", "[rules][korean]") {
  auto rules = term_rule("text", "미사일");
  for (const char* text : {"미사일", "미사일을 쐈다", "미사일이", "미사일은", "미사일의 사거리",
                           "미사일에", "미사일과 포탄", "미사일도", "미사일만", "미사일까지",
                           "미사일부터", "미사일보다", "미사일처럼", "미사일로", "미사일에서는",
                           "미사일들이", "미사일이다", "미사일, 발사", "(미사일)"}) {
    INFO(text);
    CHECK(hits(*rules, text));
  }
  // Not a noun ending: another word in the same eojeol.
  for (const char* text : {"미사일방어", "미사일기지에서", "대미사일", "탄도미사일", "미사일2발"}) {
    INFO(text);
    CHECK_FALSE(hits(*rules, text));
  }
}

TEST_CASE("Particle combinations and verb endings", "[rules][korean]") {
  auto rules = term_rule("text", "발사, 유엔사, 군사분계선");
  for (const char* text : {"발사했다", "발사한", "발사됐다", "발사하며", "발사하기로", "발사를",
                           "유엔사는", "유엔사로부터", "유엔사에서는", "유엔사에게", "유엔사와의",
                           "군사분계선으로부터", "군사분계선까지의", "군사분계선을"}) {
    INFO(text);
    CHECK(hits(*rules, text));
  }
  // 유엔사 must not match 유엔사무국; 발사대 (launch pad) is another noun.
  for (const char* text : {"유엔사무국", "유엔사무총장은", "발사대", "발사장에서", "재발사"}) {
    INFO(text);
    CHECK_FALSE(hits(*rules, text));
  }
}

TEST_CASE("A compound is its own word: 정전 does not match 정전협정", "[rules][korean]") {
  auto rules = term_rule("text", "정전");
  CHECK(hits(*rules, "정전 70주년"));
  CHECK(hits(*rules, "정전은 전쟁의 종식이 아니다"));
  CHECK_FALSE(hits(*rules, "정전협정 위반"));
  CHECK_FALSE(hits(*rules, "정전체제"));
  auto prefix = term_rule("text|prefix", "정전");
  CHECK(hits(*prefix, "정전협정 위반"));
  CHECK(hits(*prefix, "정전체제"));
}

TEST_CASE("Latin terms take Korean particles too", "[rules][korean]") {
  auto rules = term_rule("text", "DMZ, NLL, ICBM");
  CHECK(hits(*rules, "DMZ에서 지뢰 폭발"));
  CHECK(hits(*rules, "북한 경비정이 NLL을 넘었다"));
  CHECK(hits(*rules, "ICBM 발사"));
  CHECK_FALSE(hits(*rules, "ICBM급"));  // 급 is not a particle: ICBM-class, a compound
  CHECK_FALSE(hits(*rules, "DMZs"));
  CHECK_FALSE(hits(*rules, "NLLX"));
}

TEST_CASE("exact and suffixes=LIST override the particle rule", "[rules][korean]") {
  auto exact = term_rule("text|exact", "발사");
  CHECK(hits(*exact, "북한, 미사일 발사"));
  CHECK_FALSE(hits(*exact, "발사했다"));
  CHECK_FALSE(hits(*exact, "발사를"));
  auto listed = term_rule("text|suffixes=launch_tails", "발사",
                          "- list: launch_tails\n  items: [했다, 한]\n");
  CHECK(hits(*listed, "발사"));
  CHECK(hits(*listed, "발사했다"));
  CHECK(hits(*listed, "발사한 미사일"));
  CHECK_FALSE(hits(*listed, "발사를"));
  CHECK_FALSE(hits(*listed, "발사됐다"));
  LoadResult bad = load_yaml(
      "- rule: t\n  title: T\n  category: missile-launch\n  severity: info\n  detection:\n"
      "    s:\n      text|suffixes=no_such_list: [발사]\n    condition: s\n");
  REQUIRE(find_code(bad, "AW-R006") != nullptr);
}

TEST_CASE("A Hangul regex (re) needs no boundary", "[rules][korean]") {
  auto rules = term_rule("text|re", "'발사(했|한|하)'");
  CHECK(hits(*rules, "미사일을 발사했다"));
  CHECK(hits(*rules, "재발사한"));
  CHECK_FALSE(hits(*rules, "발사대"));
}

TEST_CASE("The noun tail of an eojeol", "[rules][korean]") {
  using detail::is_noun_tail;
  using detail::NounTail;
  CHECK(is_noun_tail("", NounTail::kParticles));
  CHECK(is_noun_tail("에서는", NounTail::kParticles));
  CHECK(is_noun_tail("으로부터", NounTail::kParticles));
  CHECK(is_noun_tail("들에게서도", NounTail::kParticles));
  CHECK_FALSE(is_noun_tail("했다", NounTail::kParticles));
  CHECK(is_noun_tail("했다", NounTail::kAnyEnding));
  CHECK(is_noun_tail("했다고", NounTail::kAnyEnding));
  CHECK_FALSE(is_noun_tail("무국", NounTail::kAnyEnding));
  CHECK_FALSE(is_noun_tail("협정", NounTail::kAnyEnding));
  CHECK_FALSE(is_noun_tail("을을을을", NounTail::kParticles));  // at most three units
}

TEST_CASE("Quoted forms and KCNA verb endings", "[rules][korean]") {
  using detail::is_noun_tail;
  using detail::NounTail;
  for (const char* rest :
       {"한다고", "한다며", "했다면", "하겠다고", "하였다", "하였으며", "되였다", "되였다고"}) {
    INFO(rest);
    CHECK(is_noun_tail(rest, NounTail::kAnyEnding));
    CHECK_FALSE(is_noun_tail(rest, NounTail::kParticles));
  }
  auto rules = term_rule("text", "포기, 발사");
  CHECK(hits(*rules, "임무를 포기한다고 선언했다"));
  CHECK(hits(*rules, "로케트를 발사하였다"));
  CHECK_FALSE(hits(*rules, "발사하였다고요네"));  // 요네 is no ending
}

TEST_CASE("Conjoining jamo and Latin accents are composed (NFC)", "[rules][korean][normaliser]") {
  // 북한 as conjoining jamo: ᄇ ᅮ ᆨ ᄒ ᅡ ᆫ.
  const std::string jamo = "\u1107\u116E\u11A8\u1112\u1161\u11AB \uBC1C\uC0AC";
  NormalText n = detail::normalise(jamo);
  CHECK(n.text == "북한 발사");
  CHECK(source_of(jamo, n, "북한") == "\u1107\u116E\u11A8\u1112\u1161\u11AB");
  CHECK(detail::normalise("Compie\u0300gne Compi\u00e8gne").text == "Compiègne Compiègne");
  CHECK(detail::normalise_term("\u1107\u116E\u11A8\u1112\u1161\u11AB") == "북한");
}

TEST_CASE("Fullwidth and halfwidth forms fold", "[rules][korean][normaliser]") {
  CHECK(detail::normalise("\uFF2E\uFF2C\uFF2C\uC744").text == "NLL을");
  CHECK(detail::normalise("\uFFA1\uFFA4 \uFFE6100").text == "ㄱㄴ ₩100");
}

TEST_CASE("Middle dots between digits read as a full stop", "[rules][korean][normaliser]") {
  for (const char* text : {"9\u00B719 군사합의", "9.19 군사합의", "9\u202719 군사합의",
                           "9\u30FB19 군사합의", "9\u318D19 군사합의", "9\uFF6519 군사합의"}) {
    INFO(text);
    CHECK(detail::normalise(text).text == "9.19 군사합의");
  }
  CHECK(detail::normalise("남북\u00B7북미").text == "남북\u00B7북미");  // not between digits
  auto rules = term_rule("text", "9·19 군사합의");
  CHECK(hits(*rules, "북, 9‧19 군사합의 파기 선언"));
  CHECK(hits(*rules, "9.19 군사 합의를 전면 효력정지"));
}

TEST_CASE("Listed compounds lose their inner spaces", "[rules][korean][normaliser]") {
  const std::string in = "북한군이 군사 분계선을 넘어 공동경비 구역으로";
  NormalText n = detail::normalise(in);
  CHECK(n.text == "북한군이 군사분계선을 넘어 공동경비구역으로");
  CHECK(source_of(in, n, "군사분계선") == "군사 분계선");
  CHECK(source_of(in, n, "공동경비구역") == "공동경비 구역");
  auto rules = term_rule("text", "군사분계선");
  CHECK(hits(*rules, "군사 분계선 침범"));
  CHECK(hits(*rules, "군사분계선 침범"));
  auto spaced_term = term_rule("text", "군사 분계선");
  CHECK(hits(*spaced_term, "군사분계선 침범"));
}

TEST_CASE("Weapon compounds are written with or without spaces", "[rules][korean][normaliser]") {
  CHECK(detail::normalise("북, 단거리 탄도 미사일 발사").text == "북한, 단거리탄도미사일 발사");
  CHECK(detail::normalise("중거리 탄도미사일과 장거리탄도 미사일").text ==
        "중거리탄도미사일과 장거리탄도미사일");
  CHECK(detail::normalise("DMZ 목함 지뢰 폭발").text == "DMZ 목함지뢰 폭발");
  CHECK(detail::normalise("대전차 방벽을 남방 한계선에").text == "대전차방벽을 남방한계선에");
  // Parts that are not a listed compound keep their space.
  CHECK(detail::normalise("단거리 미사일").text == "단거리 미사일");
  auto rules = term_rule("text", "단거리 탄도미사일");
  CHECK(hits(*rules, "단거리탄도미사일 7발"));
  CHECK(hits(*rules, "단거리 탄도 미사일을"));
  CHECK_FALSE(hits(*rules, "탄도미사일"));
}

TEST_CASE("Briefing abbreviations expand before particles only", "[rules][korean][normaliser]") {
  CHECK(detail::normalise("합참은 북이 쏜 미사일이").text == "합동참모본부은 북한이 쏜 미사일이");
  CHECK(detail::normalise("北, 탄도미사일 발사").text == "북한, 탄도미사일 발사");
  CHECK(detail::normalise("유엔사와 군정위, 중감위").text ==
        "유엔군사령부와 군사정전위원회, 중립국감독위원회");
  CHECK(detail::normalise("북측 경비정, 남측 선박").text == "북한 경비정, 남한 선박");
  // Not followed by particles: another word.
  CHECK(detail::normalise("북한 북부 북극 유엔사무국").text == "북한 북부 북극 유엔사무국");
  const std::string in = "합참에 따르면";
  NormalText n = detail::normalise(in);
  CHECK(source_of(in, n, "합동참모본부") == "합참");

  auto rules = term_rule("text", "합동참모본부, 북한");
  Item item = make_item("합참 \"북, 동해상으로 탄도미사일\"");
  auto events = rules->match(item);
  REQUIRE(events.size() == 1);
  REQUIRE(events[0].evidence.size() == 2);
  CHECK(events[0].evidence[0].text == "합참");
  CHECK(events[0].evidence[1].text == "북");
  // A term written as the abbreviation means the same.
  auto short_term = term_rule("text", "유엔사");
  CHECK(hits(*short_term, "유엔군사령부는"));
  CHECK(hits(*short_term, "유엔사는"));
  CHECK_FALSE(hits(*short_term, "유엔사무국"));
}

TEST_CASE("Boundaries: a Hangul tail only after a word edge", "[rules][korean]") {
  using detail::accept_hit;
  using detail::Boundary;
  std::string t = "북한이 미사일을";  // 북한 = bytes [0, 6), 이 [6, 9), 미사일 [10, 19)
  CHECK(accept_hit(t, 0, 6, Boundary::kWord));
  CHECK_FALSE(accept_hit(t, 0, 6, Boundary::kExact));
  CHECK(accept_hit(t, 10, 19, Boundary::kWord));
  CHECK_FALSE(accept_hit(t, 13, 19, Boundary::kWord));  // 사일: not an eojeol start
  CHECK(accept_hit(t, 13, 19, Boundary::kNone));
}

TEST_CASE("An ellipsis ends a sentence (Korean headlines)", "[rules][korean][normaliser]") {
  std::string t = "북한, 탄도미사일 발사…추가 도발 가능성";
  auto starts = detail::sentence_starts(t);
  REQUIRE(starts.size() == 2);
  CHECK(t.substr(starts[1]) == "추가 도발 가능성");
  CHECK(detail::sentence_starts("발사… ").size() == 1);  // nothing after it
}
