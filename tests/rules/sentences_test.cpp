// Sentence ends (rules/sentences.cpp): what `near` and the cues measure. Ranks,
// months and initials end with a full stop but not a sentence; '!', '?' and
// ';' always end one (issue 5: "Pvt. Travis King" split from its verb).
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "rules/normaliser.h"

using namespace armwatch::rules::detail;

namespace {

// The sentences of `t`, as strings.
std::vector<std::string> sentences(const std::string& t) {
  std::vector<std::size_t> starts = sentence_starts(t);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    std::size_t end = i + 1 < starts.size() ? starts[i + 1] : t.size();
    std::string s = t.substr(starts[i], end - starts[i]);
    while (!s.empty() && s.back() == ' ') {
      s.pop_back();
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("Military ranks do not end a sentence", "[rules][sentences]") {
  CHECK(sentences("U.S. Army Pvt. Travis King ran across the MDL.").size() == 1);
  CHECK(sentences("Capt. Arthur Bonifas and 1st Lt. Mark Barrett were killed.").size() == 1);
  CHECK(sentences("Two Sgts. Kim and Ha were maimed by mines.").size() == 1);
  CHECK(sentences("S/Sgt. Lee and Cpl. Park and Pfc. Cho crossed.").size() == 1);
  CHECK(sentences("Gen. Vincent K. Brooks and Maj. Gen. Hwang met Brig. Gen. Kim.").size() == 1);
}

TEST_CASE("Months and company shorthand do not end a sentence", "[rules][sentences]") {
  CHECK(sentences("The zones took effect on Nov. 1 and the posts went on Dec. 12.").size() == 1);
  CHECK(sentences("Samsung Electronics Co. Ltd. said nothing.").size() == 1);
  CHECK(sentences("It happened on Oct. 3, 9 and 10, the ministry said.").size() == 1);
}

TEST_CASE("A full stop after an ordinary word still ends a sentence", "[rules][sentences]") {
  auto s = sentences("Troops crossed the line. The South fired warning shots. No one was hurt.");
  REQUIRE(s.size() == 3);
  CHECK(s[1] == "The South fired warning shots.");
  CHECK(s[2] == "No one was hurt.");
}

TEST_CASE("A semicolon ends a sentence before any word", "[rules][sentences]") {
  auto s = sentences("JCS denies the report; the North fired a missile; Japan protests");
  REQUIRE(s.size() == 3);
  CHECK(s[0] == "JCS denies the report;");
  CHECK(s[1] == "the North fired a missile;");
  CHECK(s[2] == "Japan protests");
}

TEST_CASE("Exclamation and question marks end a sentence", "[rules][sentences]") {
  auto s = sentences("Fire! Who shot first? the ministry asked");
  REQUIRE(s.size() == 3);
  CHECK(s[2] == "the ministry asked");
}

TEST_CASE("An ellipsis inside a quotation does not end a sentence", "[rules][sentences]") {
  // A Korean headline joins statements with "…", but a quoted "…" is one
  // statement, governed by the verb after the quote (issue 9, ko-0139).
  CHECK(sentences("북 외무성 \"南 무인기 평양 침투…주권 침해\" 주장") ==
        std::vector<std::string>{"북 외무성 \"南 무인기 평양 침투…주권 침해\" 주장"});
  CHECK(sentences("북한 탄도미사일 발사…합참 \"추가 도발…대비\"") ==
        std::vector<std::string>{"북한 탄도미사일 발사…", "합참 \"추가 도발…대비\""});
  // An unclosed quote does not swallow the rest.
  CHECK(sentences("합참 \"발사…추가 도발 가능성") ==
        std::vector<std::string>{"합참 \"발사…", "추가 도발 가능성"});
}
