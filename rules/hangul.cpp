#include "rules/hangul.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "rules/normaliser.h"

namespace armwatch::rules::detail {
namespace {

// Case and auxiliary particles, copula forms and the plural 들: what a noun
// carries in news prose. Contractions (엔 = 에는, 에선 = 에서는) included.
constexpr std::string_view kParticles[] = {
    "이",     "가",     "을",     "를",       "은",     "는",     "의",       "에",     "에서",
    "에게",   "에게서", "께",     "께서",     "한테",   "한테서", "으로",     "로",     "와",
    "과",     "도",     "만",     "까지",     "부터",   "보다",   "처럼",     "같이",   "마저",
    "조차",   "이나",   "나",     "이라도",   "라도",   "이든",   "든",       "이든지", "든지",
    "이야",   "야",     "밖에",   "뿐",       "대로",   "만큼",   "으로서",   "로서",   "으로써",
    "로써",   "이랑",   "랑",     "하고",     "요",     "이며",   "며",       "이란",   "란",
    "인",     "엔",     "에선",   "으론",     "론",     "서",     "에로",     "들",     "이다",
    "다",     "였다",   "이었다", "였던",     "이었던", "입니다", "이고",     "이라고", "라고",
    "이라는", "라는",   "이라며", "라며",     "이라",   "라",     "일",       "임",     "이지만",
    "지만",   "이므로", "이어서", "여서",     "이었고", "였고",   "이었으며", "였으며", "이냐",
    "냐",     "이자",   "자",     "이었는지", "인지",   "이어야", "여야"};

// 하다 / 되다 / 시키다 / 당하다 endings after a verbal noun (발사했다, 포착됐다).
constexpr std::string_view kVerbEndings[] = {
    "하다", "한다", "했다", "했고", "했으며", "했던", "했는데", "했지만", "했다고", "했다며",
    "했다는", "했으나", "했음", "했을", "했습니다", "합니다", "한", "하는", "할", "하고", "하며",
    "하면", "하면서", "하여", "해", "해서", "해야", "했", "함", "하기", "하자", "하지", "하겠다",
    "하려", "하려고", "하도록", "하는데", "할지", "했는지", "하던", "하자고", "된다", "되다",
    "됐다", "되었다", "된", "되는", "될", "되고", "되며", "돼", "되어", "됐으며", "됐고", "됐던",
    "됨", "됐습니다", "됩니다", "되자", "되면", "되기", "되던", "됐다고", "됐다는", "되었으며",
    "되었고", "시켰다", "시킨", "시키는", "시켜", "시키고", "시켰고", "당했다", "당한", "당하는",
    "당해",
    // Quoted and conditional forms (포기한다고, 발사한다며, 침범했다면).
    "한다고", "한다며", "한다는", "한다면", "된다고", "된다는", "된다며", "했다면", "하겠다고",
    "하겠다며", "하겠다는", "되었다고",
    // The 하였다 / 되였다 forms of KCNA and Rodong Sinmun (발사하였다, 진행되였다).
    "하였다", "하였고", "하였으며", "하였는데", "하였다고", "하였음", "되였다", "되였고",
    "되였으며", "되였다고"};

constexpr std::size_t kMaxUnitBytes = 12;  // four syllables
constexpr int kMaxUnits = 3;

bool contains(std::span<const std::string_view> sorted, std::string_view s) {
  return std::binary_search(sorted.begin(), sorted.end(), s);
}

struct Units {
  std::vector<std::string_view> particles;
  std::vector<std::string_view> verbs;
  // Every unit is whole Hangul syllables (3 bytes each): is_noun_tail() then
  // only tries syllable boundaries.
  std::size_t step = 1;
};

const Units& units() {
  static const Units u = [] {
    Units out{{std::begin(kParticles), std::end(kParticles)},
              {std::begin(kVerbEndings), std::end(kVerbEndings)}};
    std::sort(out.particles.begin(), out.particles.end());
    std::sort(out.verbs.begin(), out.verbs.end());
    auto syllables = [](std::string_view unit) {
      for (std::size_t i = 0; i < unit.size(); i += 3) {
        if (unit.size() % 3 != 0 || !is_hangul_syllable(cp_at(unit, i))) {
          return false;
        }
      }
      return true;
    };
    bool all = std::all_of(out.particles.begin(), out.particles.end(), syllables) &&
               std::all_of(out.verbs.begin(), out.verbs.end(), syllables);
    out.step = all ? 3 : 1;
    return out;
  }();
  return u;
}

bool is_unit(std::string_view s, NounTail tail) {
  const Units& u = units();
  return contains(u.particles, s) || (tail == NounTail::kAnyEnding && contains(u.verbs, s));
}

constexpr Abbreviation kAbbreviations[] = {{"합참", "합동참모본부"},
                                           {"군정위", "군사정전위원회"},
                                           {"중감위", "중립국감독위원회"},
                                           {"유엔사", "유엔군사령부"},
                                           {"북", "북한"},
                                           {"북측", "북한"},
                                           {"남측", "남한"},
                                           {"北", "북한"},
                                           {"南", "남한"}};

constexpr std::string_view kSpacedCompounds[] = {"군사 분계선",        "비무장 지대",
                                                 "북방 한계선",        "공동 경비 구역",
                                                 "군사 정전 위원회",   "중립국 감독 위원회",
                                                 "유엔군 사령부",      "유엔 군사령부",
                                                 "대륙간 탄도 미사일", "탄도 미사일",
                                                 "순항 미사일",        "극초음속 미사일",
                                                 "정전 협정",          "군사 합의",
                                                 "합동 참모 본부",     "오물 풍선",
                                                 "쓰레기 풍선",        "감시 초소",
                                                 "대북 전단",          "핵 실험",
                                                 "정찰 위성",          "군사 정찰 위성",
                                                 "초대형 방사포",      "해상 완충 구역",
                                                 "완충 구역",          "비행 금지 구역",
                                                 "경고 사격",          "무인 정찰기",
                                                 "전술 핵무기",        "잠수함 발사 탄도 미사일",
                                                 "단거리 탄도 미사일", "중거리 탄도 미사일",
                                                 "장거리 탄도 미사일", "목함 지뢰",
                                                 "남방 한계선",        "대전차 방벽"};

}  // namespace

bool is_hangul_syllable(char32_t cp) {
  return cp >= 0xAC00 && cp <= 0xD7A3;
}

bool is_noun_tail(std::string_view rest, NounTail tail) {
  if (rest.empty()) {
    return true;
  }
  if (rest.size() > kMaxUnits * kMaxUnitBytes) {
    return false;  // longer than any kMaxUnits units
  }
  // reach[i]: the fewest units that segment rest[0, i), or kMaxUnits + 1. On
  // the stack: this runs for every Korean term hit.
  std::array<int, kMaxUnits * kMaxUnitBytes + 1> reach;
  reach.fill(kMaxUnits + 1);
  reach[0] = 0;
  const std::size_t step = units().step;
  if (rest.size() % step != 0) {
    return false;
  }
  for (std::size_t i = 0; i < rest.size(); i += step) {
    if (reach[i] >= kMaxUnits) {
      continue;
    }
    for (std::size_t len = step; len <= kMaxUnitBytes && i + len <= rest.size(); len += step) {
      if (reach[i] + 1 < reach[i + len] && is_unit(rest.substr(i, len), tail)) {
        reach[i + len] = reach[i] + 1;
      }
    }
  }
  return reach[rest.size()] <= kMaxUnits;
}

std::size_t eojeol_end(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    char32_t cp = cp_at(text, pos);
    if (!is_word_cp(cp)) {
      break;
    }
    pos += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return pos;
}

std::span<const Abbreviation> abbreviations() {
  return kAbbreviations;
}

std::span<const std::string_view> spaced_compounds() {
  return kSpacedCompounds;
}

}  // namespace armwatch::rules::detail
