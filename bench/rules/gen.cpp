// rules_bench_gen: writes the inputs of the rules benchmark, deterministically.
//
//   rules_bench_gen --out DIR [--mb 100] [--rules 250] [--seed 1953] [--no-corpus]
//
// DIR/corpus.tsv   news-like items, one per line: title TAB summary TAB content TAB source
// DIR/pack/        a rule pack: shared lists plus --rules rules over phrase terms,
//                  near tests and regexes (every taxonomy category)
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

class Writer {
 public:
  Writer(const Zipf& zipf, Rng& rng) : zipf_(zipf), rng_(rng) {}

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
      out += (i ? " " : "") + sentence(korea, foreign);
    }
    return out;
  }

  std::string str(std::span<const std::string_view> items) { return std::string(rng_.pick(items)); }

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
  Rng& rng_;
};

// ~8% of items are about the Korean peninsula, ~4% about other militaries:
// roughly what a general world-news feed carries in a tense month.
std::size_t write_corpus(const std::filesystem::path& file, std::size_t megabytes, Rng& rng) {
  Zipf zipf(split_words(kNewsWords));
  Writer w(zipf, rng);
  std::ofstream out(file, std::ios::binary);
  std::size_t bytes = 0;
  std::size_t items = 0;
  std::string line;
  while (bytes < megabytes * 1024 * 1024) {
    double r = rng.unit();
    double korea = r < 0.08 ? 0.3 : 0.0;
    double foreign = r >= 0.08 && r < 0.12 ? 0.35 : 0.0;
    std::string title = r < 0.08 ? w.korea_sentence() : capitalised(w.filler(7 + rng.below(6)));
    line = title + "\t" + w.paragraph(2, korea, foreign) + "\t" +
           w.paragraph(6 + rng.below(15), korea, foreign) + "\t" + w.str(kSources) + "\n";
    out << line;
    bytes += line.size();
    ++items;
  }
  return items;
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

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path out_dir;
  std::size_t mb = 100;
  std::size_t rules = 250;
  std::uint64_t seed = 1953;
  bool corpus = true;
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
    } else if (a == "--no-corpus") {
      corpus = false;
    } else {
      std::cerr << "usage: rules_bench_gen --out DIR [--mb N] [--rules N] [--seed N] "
                   "[--no-corpus]\n";
      return 2;
    }
  }
  if (out_dir.empty()) {
    std::cerr << "rules_bench_gen: --out is required\n";
    return 2;
  }
  std::filesystem::create_directories(out_dir / "pack");
  write_lists(out_dir / "pack" / "00-lists.yaml");
  write_rules(out_dir / "pack" / "10-rules.yaml", rules);
  std::cout << "pack: " << rules << " rules in " << (out_dir / "pack").string() << "\n";
  if (corpus) {
    Rng rng(seed);
    std::size_t items = write_corpus(out_dir / "corpus.tsv", mb, rng);
    std::cout << "corpus: " << items << " items, " << mb << " MB in "
              << (out_dir / "corpus.tsv").string() << "\n";
  }
  return 0;
}
