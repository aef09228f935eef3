// rules_bench_gen: writes the inputs of the rules benchmark, deterministically.
//
//   rules_bench_gen --out DIR [--mb 100] [--rules 250] [--ko-rules N] [--no-korean]
//                   [--seed 1953] [--no-corpus]
//
// DIR/corpus.tsv   news-like items, one per line: title TAB summary TAB content TAB source
// DIR/pack/        a rule pack: shared lists plus --rules rules over phrase terms,
//                  near tests and regexes (every taxonomy category)
//
// The Korean component is on by default (issue 9): --ko-rules more rules
// (default --rules / 5) over Hangul terms, `prefix` verb stems, `re` terms and
// Korean lists and cues, in 20-ko-rules.yaml; and Korean items in the corpus
// (5% about the peninsula, with particles on the nouns, 5% Korean filler with
// traps such as 정전 meaning a power cut), in the same --mb. --no-korean leaves
// all of it out, for a comparison in the same session.
//
// The RNG is splitmix64 with our own integer mapping, so the files are the same
// on every machine and library for a given seed.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bench/rules/vocabulary.h"

namespace {

using namespace armwatch::bench;

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
  bool chance(double p) { return unit() < p; }
  std::string_view pick(std::span<const std::string_view> items) {
    return items[below(items.size())];
  }

 private:
  std::uint64_t state_;
};

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = text.find(' ', i);
    if (j == std::string_view::npos) {
      j = text.size();
    }
    if (j > i) {
      out.push_back(text.substr(i, j - i));
    }
    i = j + 1;
  }
  return out;
}

// Zipf-weighted draws over the news words (rank r has weight 1 / (r + 2.7)).
class Zipf {
 public:
  explicit Zipf(std::vector<std::string_view> words) : words_(std::move(words)) {
    double total = 0;
    for (std::size_t r = 0; r < words_.size(); ++r) {
      total += 1.0 / (static_cast<double>(r) + 2.7);
      cdf_.push_back(total);
    }
    for (double& c : cdf_) {
      c /= total;
    }
  }
  std::string_view draw(Rng& rng) const {
    double u = rng.unit();
    std::size_t lo = 0;
    std::size_t hi = cdf_.size() - 1;
    while (lo < hi) {
      std::size_t mid = (lo + hi) / 2;
      if (cdf_[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return words_[lo];
  }

 private:
  std::vector<std::string_view> words_;
  std::vector<double> cdf_;
};

std::string phrase(Rng& rng) {
  return std::string(rng.pick(kModifiers)) + " " + std::string(rng.pick(kHeads));
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') {
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
  }
  return s;
}

// The last code point of a UTF-8 string (0 when empty or malformed).
char32_t last_code_point(std::string_view s) {
  std::size_t i = s.size();
  while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) {
    --i;
  }
  if (i == 0) {
    return 0;
  }
  const auto* b = reinterpret_cast<const unsigned char*>(s.data()) + i - 1;
  std::size_t n = s.size() - (i - 1);
  if (n == 3 && (b[0] & 0xF0) == 0xE0) {
    return static_cast<char32_t>(((b[0] & 0x0F) << 12) | ((b[1] & 0x3F) << 6) | (b[2] & 0x3F));
  }
  return n == 1 ? static_cast<char32_t>(b[0]) : 0;
}

// Korean particles come in pairs chosen by the last syllable: 북한이 / 서해가,
// 미사일을 / 무인기를. A Latin abbreviation is read aloud: NLL (엘) has a final
// consonant, DMZ (지) does not.
enum class Particle { kSubject, kObject, kTopic, kAt, kIn, kOf, kToward, kAlso };

std::string with_particle(std::string_view noun, Particle p) {
  char32_t c = last_code_point(noun);
  bool batchim = false;
  bool rieul = false;  // a final ㄹ takes 로, not 으로
  if (c >= 0xAC00 && c <= 0xD7A3) {
    unsigned jong = static_cast<unsigned>(c - 0xAC00) % 28;
    batchim = jong != 0;
    rieul = jong == 8;
  } else {
    batchim = c == 'L' || c == 'M' || c == 'N';
    rieul = c == 'L';
  }
  std::string out(noun);
  switch (p) {
    case Particle::kSubject:
      return out + (batchim ? "이" : "가");
    case Particle::kObject:
      return out + (batchim ? "을" : "를");
    case Particle::kTopic:
      return out + (batchim ? "은" : "는");
    case Particle::kAt:
      return out + "에서";
    case Particle::kIn:
      return out + "에";
    case Particle::kOf:
      return out + "의";
    case Particle::kToward:
      return out + (batchim && !rieul ? "으로" : "로");
    case Particle::kAlso:
      return out + "도";
  }
  return out;
}

class Writer {
 public:
  Writer(const Zipf& zipf, const Zipf& ko_zipf, Rng& rng)
      : zipf_(zipf), ko_zipf_(ko_zipf), rng_(rng) {}

  // Filler prose: Zipf words, an occasional comma.
  std::string filler(std::size_t words) {
    std::string s;
    for (std::size_t i = 0; i < words; ++i) {
      if (i > 0) {
        s += rng_.chance(0.06) ? ", " : " ";
      }
      s += zipf_.draw(rng_);
    }
    return s;
  }

  // One sentence about the peninsula, built from the pack's own vocabulary.
  std::string korea_sentence() {
    std::string s;
    switch (rng_.below(6)) {
      case 0:
        s = str(kDprkActors) + " " + str(kActs) + " " + countish() + phrase(rng_) + " toward the " +
            str(kPlaces);
        break;
      case 1:
        s = str(kRokActors) + " said " + str(kDprkActors) + " " + str(kActs) + " a " +
            phrase(rng_) + " near " + str(kPlaces);
        break;
      case 2:
        s = str(kUncActors) + " " + str(kTalks) + " " + filler(4) + " at " + str(kPlaces);
        break;
      case 3:
        s = str(kDprkActors) + " said the " + str(kTalks) + " was " + str(kRepudiation) + " " +
            filler(5);
        break;
      case 4:
        s = "The " + phrase(rng_) + " " + filler(6) + " " + str(kPlaces) + ", " + str(kRokActors) +
            " said";
        break;
      default:
        s = hedge() + str(kDprkActors) + " " + filler(3) + " " + phrase(rng_) + " " + filler(4);
        break;
    }
    return capitalised(s);
  }

  // Other countries' military news: the same weapon words, no Korean context.
  std::string foreign_military_sentence() {
    static constexpr std::string_view kOthers[] = {
        "Iran",     "Russia",        "Ukraine",      "Israel", "India",
        "Pakistan", "Houthi rebels", "the Pentagon", "China",  "Japan"};
    return capitalised(str(kOthers) + " " + str(kActs) + " " + countish() + phrase(rng_) + " " +
                       filler(6));
  }

  std::string sentence(double korea, double foreign) {
    std::string s;
    if (rng_.chance(korea)) {
      s = korea_sentence();
    } else if (rng_.chance(foreign)) {
      s = foreign_military_sentence();
    } else {
      s = capitalised(filler(8 + rng_.below(18)));
    }
    if (rng_.chance(0.15)) {
      s += ", " + str(kSources) + " said";
    }
    return s + ".";
  }

  std::string paragraph(std::size_t sentences, double korea, double foreign) {
    std::string out;
    for (std::size_t i = 0; i < sentences; ++i) {
      if (i > 0) {
        out += " ";
      }
      out += sentence(korea, foreign);
    }
    return out;
  }

  std::string str(std::span<const std::string_view> items) { return std::string(rng_.pick(items)); }

  // Korean filler: Zipf words, some with a particle, and a predicate.
  std::string ko_filler(std::size_t words) {
    static constexpr Particle kParticles[] = {Particle::kSubject, Particle::kObject,
                                              Particle::kTopic,   Particle::kAt,
                                              Particle::kIn,      Particle::kOf};
    std::string s;
    for (std::size_t i = 0; i < words; ++i) {
      if (i > 0) {
        s += rng_.chance(0.05) ? ", " : " ";
      }
      std::string_view w = ko_zipf_.draw(rng_);
      s += rng_.chance(0.45) ? with_particle(w, kParticles[rng_.below(std::size(kParticles))])
                             : std::string(w);
    }
    return s + " " + str(kKoPredicates);
  }

  std::string ko_phrase() { return str(kKoModifiers) + " " + str(kKoHeads); }

  // One Korean sentence about the peninsula, from the pack's Korean lists:
  // particles on the nouns, 하다 / 되다 endings on the acts, verb stems.
  std::string ko_korea_sentence() {
    std::string weapon = rng_.chance(0.5) ? ko_phrase() : str(kKoWeapons);
    switch (rng_.below(8)) {
      case 0:
        return with_particle(str(kKoDprkActors), Particle::kSubject) + " " + str(kKoPlaces) +
               " 인근" + (rng_.chance(0.5) ? "에서 " : "으로 ") +
               with_particle(weapon, Particle::kObject) + " " + str(kKoActs) +
               (rng_.chance(0.5) ? "했다" : "했다고 밝혔다");
      case 1:
        return with_particle(str(kKoRokActors), Particle::kTopic) + " " +
               with_particle(str(kKoDprkActors), Particle::kSubject) + " " +
               with_particle(str(kKoPlaces), Particle::kObject) + " " + str(kKoActs) + "했다고 " +
               str(kKoPredicates);
      case 2:
        return with_particle(str(kKoUncActors), Particle::kTopic) + " " +
               with_particle(str(kKoPlaces), Particle::kAt) + " " +
               with_particle(str(kKoTalks), Particle::kOf) + " " + ko_filler(3);
      case 3:
        return with_particle(str(kKoDprkActors), Particle::kTopic) + " " +
               with_particle(str(kKoTalks), Particle::kObject) + " " + str(kKoRepudiation) +
               "한다고 선언했다";
      case 4:
        return with_particle(ko_phrase(), Particle::kSubject) + " " +
               with_particle(str(kKoPlaces), Particle::kIn) + " 배치됐다고 " +
               with_particle(str(kKoRokActors), Particle::kSubject) + " 전했다";
      case 5:
        return with_particle(str(kKoDprkActors), Particle::kSubject) + " " + weapon + " " +
               std::to_string(1 + rng_.below(9)) + "발을 " + str(kKoActs) + "했다";
      case 6:
        return with_particle(str(kKoDprkActors), Particle::kSubject) + " " +
               with_particle(str(kKoPlaces), Particle::kObject) + " " + str(kKoVerbs);
      default:
        switch (rng_.below(4)) {
          case 0:
            return with_particle(str(kKoDprkActors), Particle::kTopic) + " " +
                   with_particle(weapon, Particle::kObject) + " " + str(kKoActs) +
                   "했다는 보도를 부인했다";
          case 1:
            return with_particle(str(kKoRokActors), Particle::kTopic) + " " +
                   with_particle(str(kKoDprkActors), Particle::kSubject) + " " +
                   with_particle(str(kKoPlaces), Particle::kObject) + " " + str(kKoActs) +
                   "했다는 주장은 사실무근이라고 밝혔다";
          case 2:
            return with_particle(str(kKoDprkActors), Particle::kSubject) + " " +
                   with_particle(weapon, Particle::kObject) + " 추가로 " + str(kKoActs) +
                   "할 가능성이 있다";
          default:
            return "만약 " + with_particle(str(kKoDprkActors), Particle::kSubject) + " " +
                   with_particle(str(kKoPlaces), Particle::kObject) + " " + str(kKoActs) +
                   "하면 대응하겠다고 " + with_particle(str(kKoRokActors), Particle::kSubject) +
                   " 밝혔다";
        }
    }
  }

  // korea: the share of sentences about the peninsula; traps: of trap sentences.
  std::string ko_sentence(double korea, double traps) {
    std::string s;
    if (rng_.chance(korea)) {
      s = ko_korea_sentence();
    } else if (rng_.chance(traps)) {
      s = str(kKoTraps);
    } else {
      s = ko_filler(6 + rng_.below(12));
    }
    if (rng_.chance(0.15)) {
      s += "고 " + with_particle(str(kKoSources), Particle::kSubject) + " 보도했다";
    }
    return s + ".";
  }

  std::string ko_paragraph(std::size_t sentences, double korea, double traps) {
    std::string out;
    for (std::size_t i = 0; i < sentences; ++i) {
      if (i > 0) {
        out += " ";
      }
      out += ko_sentence(korea, traps);
    }
    return out;
  }

 private:
  std::string countish() {
    static constexpr std::string_view kCounts[] = {"two ", "three ", "several ", "a ", "the "};
    return rng_.chance(0.5) ? std::string(rng_.pick(kCounts)) : std::string();
  }
  std::string hedge() {
    static constexpr std::string_view kHedges[] = {
        "Unconfirmed reports say ", "Officials denied that ", "Analysts said it was possible that ",
        "If confirmed, "};
    return rng_.chance(0.5) ? std::string(rng_.pick(kHedges)) : std::string();
  }

  const Zipf& zipf_;
  const Zipf& ko_zipf_;
  Rng& rng_;
};

// ~8% of items are about the Korean peninsula, ~4% about other militaries:
// roughly what a general world-news feed carries in a tense month. With the
// Korean component, 5% more are Korean items about the peninsula and 5%
// Korean filler (weather, economy, sport, with traps), in place of English
// filler.
struct CorpusCounts {
  std::size_t items = 0;
  std::size_t ko_korea = 0;
  std::size_t ko_filler = 0;
};

CorpusCounts write_corpus(const std::filesystem::path& file, std::size_t megabytes, bool korean,
                          Rng& rng) {
  Zipf zipf(split_words(kNewsWords));
  Zipf ko_zipf(split_words(kKoNewsWords));
  Writer w(zipf, ko_zipf, rng);
  CorpusCounts counts;
  std::ofstream out(file, std::ios::binary);
  std::size_t bytes = 0;
  std::string line;
  while (bytes < megabytes * 1024 * 1024) {
    double r = rng.unit();
    if (korean && r >= 0.12 && r < 0.22) {
      bool about_korea = r < 0.17;
      std::string title = about_korea ? w.ko_korea_sentence() : w.ko_filler(5 + rng.below(4));
      double korea = about_korea ? 0.3 : 0.0;
      double traps = about_korea ? 0.0 : 0.08;
      line = title + "\t" + w.ko_paragraph(2, korea, traps) + "\t" +
             w.ko_paragraph(6 + rng.below(15), korea, traps) + "\t" + w.str(kKoSources) + "\n";
      ++(about_korea ? counts.ko_korea : counts.ko_filler);
      out << line;
      bytes += line.size();
      ++counts.items;
      continue;
    }
    double korea = r < 0.08 ? 0.3 : 0.0;
    double foreign = r >= 0.08 && r < 0.12 ? 0.35 : 0.0;
    std::string title = r < 0.08 ? w.korea_sentence() : capitalised(w.filler(7 + rng.below(6)));
    line = title + "\t" + w.paragraph(2, korea, foreign) + "\t" +
           w.paragraph(6 + rng.below(15), korea, foreign) + "\t" + w.str(kSources) + "\n";
    out << line;
    bytes += line.size();
    ++counts.items;
  }
  return counts;
}

std::string yaml_list(std::span<const std::string_view> items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i ? ", " : "") + std::string("\"") + std::string(items[i]) + "\"";
  }
  return out + "]";
}

void write_lists(const std::filesystem::path& file) {
  std::ofstream out(file);
  out << "# Generated by rules_bench_gen: shared lists.\n- required_engine_version: 2\n\n"
      << "- list: dprk_actors\n  items: " << yaml_list(kDprkActors) << "\n"
      << "- list: rok_actors\n  items: " << yaml_list(kRokActors) << "\n"
      << "- list: unc_actors\n  items: " << yaml_list(kUncActors) << "\n"
      << "- list: peninsula_places\n  items: " << yaml_list(kPlaces) << "\n"
      << "- list: acts\n  items: " << yaml_list(kActs) << "\n"
      << "- list: talks_terms\n  items: " << yaml_list(kTalks) << "\n"
      << "- list: repudiation_terms\n  items: " << yaml_list(kRepudiation) << "\n";
}

constexpr std::string_view kCategories[] = {
    "mdl-crossing",        "dmz-hostile-act",    "dmz-militarization",
    "naval-nll-clash",     "airspace-incursion", "artillery-fire-near-border",
    "missile-launch",      "nuclear-test",       "armistice-repudiation",
    "commission-activity", "reinforcement",      "diplomacy-talks"};

std::string phrase_term(std::size_t index) {
  std::size_t m = index % std::size(kModifiers);
  std::size_t h = (index / std::size(kModifiers) + index) % std::size(kHeads);
  return std::string(kModifiers[m]) + " " + std::string(kHeads[h]);
}

std::string regex_term(std::size_t index) {
  std::size_t n = std::size(kRegexHeads);
  std::string head(kRegexHeads[index % n]);
  if ((index / n) % 2 == 0) {
    return "(\\d+|two|three|several|dozens of) " + head;
  }
  return head + " (were|was|had been) (fired|launched|spotted|detected)";
}

void write_rule(std::ostream& out, std::size_t i, std::size_t& next_phrase, std::size_t& next_re) {
  std::string_view cat = kCategories[i % std::size(kCategories)];
  out << "- rule: gen-" << i << "\n  title: Generated rule " << i << "\n  category: " << cat
      << "\n  severity: "
      << (i % 3 == 0   ? "violation"
          : i % 3 == 1 ? "warning"
                       : "info")
      << "\n  provisions: [AA-II-12, UNSCR-1718]\n";
  auto phrases = [&](int n) {
    std::string s = "[";
    for (int k = 0; k < n; ++k) {
      s += (k ? ", " : "") + phrase_term(next_phrase++);
    }
    return s + "]";
  };
  switch (i % 10) {
    case 6:
    case 7:
      out << "  detection:\n    weapon: " << phrases(3) << "\n    place: [peninsula_places]\n"
          << "    actor: [dprk_actors, rok_actors]\n    close:\n"
          << "      near: {a: weapon, b: place, words: 12}\n"
          << "    condition: close and actor\n";
      break;
    case 8:
      out << "  detection:\n    counted:\n      text|re: ['" << regex_term(next_re) << "', '"
          << regex_term(next_re + 1) << "']\n    actor: [dprk_actors]\n"
          << "    condition: counted and actor\n";
      next_re += 2;
      break;
    case 9:
      out << "  any: " << phrases(2) << "\n  all: [[talks_terms, repudiation_terms], "
          << (i % 20 == 9 ? "unc_actors" : "dprk_actors") << "]\n  none: [" << phrase_term(i + 7)
          << "]\n";
      break;
    default:
      out << "  unless_negated: true\n  any: " << phrases(3) << "\n  all: ["
          << (i % 2 ? "dprk_actors" : "[dprk_actors, rok_actors]") << ", acts]\n";
      break;
  }
  out << "\n";
}

void write_rules(const std::filesystem::path& file, std::size_t rules) {
  std::ofstream out(file);
  out << "# Generated by rules_bench_gen: " << rules << " rules.\n";
  std::size_t next_phrase = 0;
  std::size_t next_re = 0;
  for (std::size_t i = 0; i < rules; ++i) {
    write_rule(out, i, next_phrase, next_re);
  }
}

// The Korean lists, and the Korean cues appended to the built-in lists.
void write_ko_lists(const std::filesystem::path& file) {
  std::ofstream out(file);
  out << "# Generated by rules_bench_gen: Korean lists and cues.\n"
      << "- required_engine_version: 2\n\n"
      << "- list: negation_cues\n  append: true\n  items: " << yaml_list(kKoNegation) << "\n"
      << "- list: hedging_cues\n  append: true\n  items: " << yaml_list(kKoHedging) << "\n"
      << "- list: ko_dprk_actors\n  items: " << yaml_list(kKoDprkActors) << "\n"
      << "- list: ko_rok_actors\n  items: " << yaml_list(kKoRokActors) << "\n"
      << "- list: ko_unc_actors\n  items: " << yaml_list(kKoUncActors) << "\n"
      << "- list: ko_places\n  items: " << yaml_list(kKoPlaces) << "\n"
      << "- list: ko_weapons\n  items: " << yaml_list(kKoWeapons) << "\n"
      << "- list: ko_acts\n  items: " << yaml_list(kKoActs) << "\n"
      << "- list: ko_talks\n  items: " << yaml_list(kKoTalks) << "\n"
      << "- list: ko_repudiation\n  items: " << yaml_list(kKoRepudiation) << "\n";
}

std::string ko_phrase_term(std::size_t index) {
  std::size_t m = index % std::size(kKoModifiers);
  std::size_t h = (index / std::size(kKoModifiers) + index) % std::size(kKoHeads);
  return std::string(kKoModifiers[m]) + " " + std::string(kKoHeads[h]);
}

// Korean rules over the same categories: phrase terms (modifier + head),
// Korean lists, `near`, `prefix` verb stems and `re` counts ("미사일 2발").
void write_ko_rule(std::ostream& out, std::size_t i, std::size_t& next_phrase) {
  std::string_view cat = kCategories[i % std::size(kCategories)];
  out << "- rule: gen-ko-" << i << "\n  title: Generated Korean rule " << i
      << "\n  category: " << cat << "\n  severity: "
      << (i % 3 == 0   ? "violation"
          : i % 3 == 1 ? "warning"
                       : "info")
      << "\n  provisions: [AA-II-12, UNSCR-1718]\n";
  auto phrases = [&](int n) {
    std::string s;
    for (int k = 0; k < n; ++k) {
      s += (k ? ", " : "") + ko_phrase_term(next_phrase++);
    }
    return s;
  };
  switch (i % 8) {
    case 0:
    case 1:
      out << "  unless_negated: true\n  any: [" << phrases(4) << "]\n  all: ["
          << (i % 2 ? "ko_dprk_actors, [ko_acts, ko_weapons]"
                    : "[ko_dprk_actors, ko_rok_actors], ko_acts")
          << "]\n";
      break;
    case 2:
    case 3:
      out << "  detection:\n    weapon: [" << phrases(4) << "]\n    place: [ko_places]\n"
          << "    actor: [ko_dprk_actors, ko_rok_actors]\n    close:\n"
          << "      near: {a: weapon, b: place, words: 10}\n"
          << "    condition: close and actor\n";
      break;
    case 4: {
      std::size_t s = i / 8;
      out << "  unless_hedged: true\n  detection:\n    line: [ko_places]\n    cross:\n"
          << "      text|prefix: [" << kKoVerbStems[s % std::size(kKoVerbStems)] << ", "
          << kKoVerbStems[(s + 3) % std::size(kKoVerbStems)] << "]\n"
          << "    close:\n      near: {a: line, b: cross, words: 6}\n"
          << "    who: [ko_dprk_actors]\n    drill: [" << phrases(2) << "]\n"
          << "    condition: close and who and not drill\n";
      break;
    }
    case 5: {
      std::size_t n = std::size(kKoWeapons);
      std::string_view head = kKoWeapons[(i / 8) % n];
      std::string_view other = kKoHeads[(i / 8) % std::size(kKoHeads)];
      out << "  detection:\n    counted:\n      text|re: ['" << head << " ?[0-9]+발', '" << other
          << " ?[0-9]+(발|대|척)']\n    actor: [ko_dprk_actors]\n"
          << "    condition: counted and actor\n";
      break;
    }
    case 6:
      // One named instrument with the DPRK, any of them with the UNC.
      out << "  all: ["
          << (i % 16 == 6 ? std::string(kKoTalks[(i / 16) % std::size(kKoTalks)]) +
                                ", ko_repudiation, ko_dprk_actors"
                          : std::string("ko_talks, ko_repudiation, ko_unc_actors"))
          << "]\n  none: [" << phrases(1) << "]\n";
      break;
    default:
      out << "  unless_negated: true\n  detection:\n    weapon: [" << phrases(3)
          << "]\n    act: [ko_acts]\n    place: [ko_places]\n"
          << "    condition: weapon and act and place\n";
      break;
  }
  out << "\n";
}

void write_ko_rules(const std::filesystem::path& file, std::size_t rules) {
  std::ofstream out(file);
  out << "# Generated by rules_bench_gen: " << rules << " Korean rules.\n";
  std::size_t next_phrase = 0;
  for (std::size_t i = 0; i < rules; ++i) {
    write_ko_rule(out, i, next_phrase);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path out_dir;
  std::size_t mb = 100;
  std::size_t rules = 250;
  std::uint64_t seed = 1953;
  bool corpus = true;
  bool korean = true;
  std::size_t ko_rules = 0;
  bool ko_rules_set = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--out") {
      out_dir = value();
    } else if (a == "--mb") {
      mb = std::stoul(value());
    } else if (a == "--rules") {
      rules = std::stoul(value());
    } else if (a == "--seed") {
      seed = std::stoull(value());
    } else if (a == "--ko-rules") {
      ko_rules = std::stoul(value());
      ko_rules_set = true;
    } else if (a == "--no-korean") {
      korean = false;
    } else if (a == "--no-corpus") {
      corpus = false;
    } else {
      std::cerr << "usage: rules_bench_gen --out DIR [--mb N] [--rules N] [--ko-rules N] "
                   "[--no-korean] [--seed N] [--no-corpus]\n";
      return 2;
    }
  }
  if (out_dir.empty()) {
    std::cerr << "rules_bench_gen: --out is required\n";
    return 2;
  }
  if (!ko_rules_set) {
    ko_rules = rules / 5;
  }
  if (!korean) {
    ko_rules = 0;
  }
  std::filesystem::create_directories(out_dir / "pack");
  write_lists(out_dir / "pack" / "00-lists.yaml");
  write_rules(out_dir / "pack" / "10-rules.yaml", rules);
  if (ko_rules > 0) {
    write_ko_lists(out_dir / "pack" / "01-ko-lists.yaml");
    write_ko_rules(out_dir / "pack" / "20-ko-rules.yaml", ko_rules);
  }
  std::cout << "pack: " << rules << " rules + " << ko_rules << " Korean rules in "
            << (out_dir / "pack").string() << "\n";
  if (corpus) {
    Rng rng(seed);
    CorpusCounts c = write_corpus(out_dir / "corpus.tsv", mb, korean, rng);
    std::cout << "corpus: " << c.items << " items (" << c.ko_korea
              << " Korean about the peninsula, " << c.ko_filler << " Korean filler), " << mb
              << " MB in " << (out_dir / "corpus.tsv").string() << "\n";
  }
  return 0;
}
