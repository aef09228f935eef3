#include "bench/storage/bench_data.h"

#include <array>
#include <cmath>
#include <string_view>

namespace armwatch::bench {
namespace {

using Words = std::vector<std::string_view>;

struct Topic {
  const char* category;
  const char* rule;
  Severity severity;
  std::vector<std::string> provisions;
  Words actors;
  Words verbs;
  Words objects;  // the first evidence span
  Words preps;
  Words places;  // the second evidence span
  Words terms;   // body vocabulary
};

const std::vector<Topic>& topics() {
  static const std::vector<Topic> kTopics = {
      {"missile-launch",
       "missile-launch-dprk",
       Severity::kViolation,
       {"UNSCR-1718", "UNSCR-1874"},
       {"North Korea", "N. Korea", "DPRK", "Pyongyang"},
       {"fires", "launches", "test-fires"},
       {"ballistic missile", "ICBM", "short-range ballistic missiles", "Hwasong-18 missile",
        "hypersonic missile"},
       {"into", "toward", "off"},
       {"East Sea", "Sea of Japan", "waters off Wonsan", "Yellow Sea"},
       {"launch", "trajectory", "apogee", "altitude", "JCS", "projectile", "solid-fuel", "TEL"}},
      {"mdl-crossing",
       "mdl-crossing-soldiers",
       Severity::kViolation,
       {"AA-I-7", "AA-II-14"},
       {"North Korean soldiers", "KPA troops", "A defector", "Soldiers"},
       {"cross", "briefly cross", "walk across"},
       {"Military Demarcation Line", "MDL", "border"},
       {"near", "at", "in"},
       {"Cheorwon", "Panmunjom", "the central front", "Hwacheon"},
       {"warning shots", "warning broadcast", "retreat", "patrol", "guard post", "defection"}},
      {"dmz-hostile-act",
       "dmz-gunfire",
       Severity::kViolation,
       {"AA-I-6", "AA-II-12"},
       {"North Korea", "KPA guards", "Troops"},
       {"fire at", "shoot at", "open fire on"},
       {"guard post", "South Korean GP", "patrol"},
       {"in", "inside", "near"},
       {"the DMZ", "Yeoncheon", "Cheorwon", "the demilitarized zone"},
       {"gunfire", "bullets", "landmine", "wooden-box mine", "rounds", "response fire"}},
      {"dmz-militarization",
       "dmz-guard-posts",
       Severity::kWarning,
       {"AA-II-13a", "AA-I-10"},
       {"North Korea", "KPA", "Pyongyang"},
       {"restores", "rebuilds", "re-arms"},
       {"guard posts", "heavy weapons", "trenches"},
       {"in", "inside", "along"},
       {"the DMZ", "the border area", "the frontline"},
       {"fortification", "recoilless rifle", "construction", "mines", "barriers", "wall"}},
      {"naval-nll-clash",
       "nll-crossing",
       Severity::kWarning,
       {"AA-II-15", "CMA-3"},
       {"North Korean patrol boat", "DPRK vessel", "Chinese fishing boats"},
       {"crosses", "violates", "breaches"},
       {"Northern Limit Line", "NLL", "sea border"},
       {"near", "off", "west of"},
       {"Yeonpyeong", "Baengnyeong", "Daecheong", "the West Sea"},
       {"navy", "warning shots", "corvette", "crab season", "fishing", "coast guard"}},
      {"airspace-incursion",
       "drone-incursion",
       Severity::kWarning,
       {"AA-II-16", "CMA-1.3-air"},
       {"North Korean drones", "Balloons", "Unidentified aircraft"},
       {"cross", "fly across", "violate"},
       {"MDL", "no-fly zone", "airspace"},
       {"over", "near", "above"},
       {"Seoul", "Gimpo", "Ganghwa", "Paju"},
       {"drone", "UAV", "fighter jets", "scrambled", "balloon", "trash", "leaflets"}},
      {"artillery-fire-near-border",
       "coastal-artillery",
       Severity::kViolation,
       {"AA-II-12", "CMA-1.2-sea"},
       {"North Korea", "KPA", "Coastal batteries"},
       {"fires", "launches", "opens"},
       {"artillery shells", "coastal artillery", "rocket launchers"},
       {"into", "near", "toward"},
       {"maritime buffer zone", "Yeonpyeong", "the West Sea"},
       {"shelling", "rounds", "howitzer", "Jangsan Cape", "Deungsan Cape", "gun ports"}},
      {"nuclear-test",
       "nuclear-test-dprk",
       Severity::kViolation,
       {"UNSCR-1718", "UNSCR-2375"},
       {"North Korea", "DPRK", "Pyongyang"},
       {"conducts", "carries out", "prepares"},
       {"nuclear test", "underground nuclear test", "nuclear detonation"},
       {"at", "near"},
       {"Punggye-ri", "the Kilju test site", "the northeast"},
       {"seismic", "tremor", "magnitude", "yield", "tunnel", "CTBTO", "radiation"}},
      {"armistice-repudiation",
       "armistice-void",
       Severity::kWarning,
       {"AA-V-61", "AA-V-62"},
       {"Pyongyang", "KCNA", "North Korea"},
       {"declares", "scraps", "nullifies"},
       {"armistice agreement", "military agreement", "9.19 agreement"},
       {"in", "at"},
       {"a statement", "Pyongyang", "a KPA statement"},
       {"null and void", "no longer bound", "suspension", "repudiation", "abrogate"}},
      {"commission-activity",
       "commission-meeting",
       Severity::kInfo,
       {"AA-II-24", "AA-II-25"},
       {"UN Command", "UNC", "UNCMAC", "NNSC"},
       {"holds", "convenes", "reports"},
       {"talks", "general officer talks", "special investigation", "repatriation"},
       {"at", "in", "near"},
       {"Panmunjom", "the JSA", "the truce village"},
       {"remains", "pink phone", "liaison officer", "Swiss", "Swedish", "message", "meeting"}},
      {"reinforcement",
       "strategic-assets",
       Severity::kWarning,
       {"AA-II-13c", "AA-II-13d"},
       {"The US", "Washington", "US Forces Korea"},
       {"deploys", "sends", "brings"},
       {"strategic bombers", "B-52 bombers", "aircraft carrier", "nuclear submarine", "THAAD"},
       {"to", "near", "over"},
       {"the Korean Peninsula", "Busan", "South Korea"},
       {"strategic assets", "SSBN", "port call", "deterrence", "rotation", "brigade"}},
      {"diplomacy-talks",
       "inter-korean-talks",
       Severity::kInfo,
       {"AA-IV-60"},
       {"The two Koreas", "Seoul and Pyongyang", "Envoys"},
       {"hold", "propose", "resume"},
       {"talks", "summit", "military talks", "hotline contacts"},
       {"at", "in"},
       {"Panmunjom", "Kaesong", "Pyongyang", "the liaison office"},
       {"dialogue", "declaration", "peace treaty", "end-of-war declaration", "sanctions"}},
  };
  return kTopics;
}

constexpr std::array<std::string_view, kFeedCount> kFeeds = {
    "yonhap",   "kbs-world", "nknews",  "korea-herald", "korea-times", "reuters-asia", "ap-asia",
    "afp-asia", "nhk",       "kyodo",   "xinhua",       "kcna-watch",  "un-news",      "usfk",
    "mnd-rok",  "jcs-rok",   "38north", "dailynk",      "hankyoreh",   "joongang"};
// Story sizes (reports per story) within each block of kBlockItems items: a
// few widely reported events, many reported once or twice. Mean 64/14 = 4.6.
constexpr std::array<std::size_t, 14> kStorySizes = {16, 10, 8, 6, 5, 4, 3, 3, 2, 2, 1, 1, 1, 2};
constexpr std::size_t kBlockItems = 64;

constexpr std::array<std::string_view, 26> kQualifiers = {
    "again",    "early",   "late",     "overnight", "suspected",  "first",    "latest",
    "apparent", "alleged", "fresh",    "rare",      "major",      "possible", "another",
    "unusual",  "brief",   "second",   "third",     "sudden",     "multiple", "unannounced",
    "renewed",  "limited", "repeated", "daytime",   "coordinated"};

constexpr std::array<std::string_view, 4> kSuffixes = {"", ", JCS says", " - report",
                                                       ": officials"};
constexpr std::array<std::string_view, 48> kCommon = {
    "the",      "of",       "and",       "to",       "in",      "a",          "said",
    "on",       "military", "official",  "that",     "for",     "was",        "with",
    "Seoul",    "south",    "north",     "korean",   "defense", "ministry",   "as",
    "by",       "at",       "it",        "from",     "its",     "government", "tuesday",
    "monday",   "friday",   "statement", "border",   "forces",  "security",   "week",
    "people",   "country",  "state",     "regime",   "leader",  "region",     "tension",
    "analysts", "report",   "agency",    "response", "policy",  "spokesman"};

// splitmix64: a small, good, stateless-per-seed generator.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }
};

std::vector<std::string> make_filler() {
  // Pseudo-words from syllables: a vocabulary of names and rarer words.
  static constexpr std::array<std::string_view, 24> kSyl = {
      "ka",  "ri", "son", "do",  "mun", "pyo", "gang", "hae", "jin", "tok", "sa",  "won",
      "chu", "ma", "bel", "tor", "nek", "vi",  "lan",  "qua", "zer", "om",  "ist", "ul"};
  std::vector<std::string> words(kCommon.begin(), kCommon.end());
  Rng rng{42};
  while (words.size() < 6000) {
    std::string w;
    std::size_t n = 2 + rng.below(3);
    for (std::size_t k = 0; k < n; ++k) {
      w += kSyl[rng.below(kSyl.size())];
    }
    words.push_back(std::move(w));
  }
  return words;
}

// A Zipf-like rank: log-uniform over [1, n].
std::size_t zipf(Rng& rng, std::size_t n) {
  auto r = static_cast<std::size_t>(std::exp(rng.unit() * std::log(static_cast<double>(n))));
  return r == 0 ? 0 : std::min(r - 1, n - 1);
}

std::string sentence(Rng& rng, const Topic& t, const std::vector<std::string>& filler,
                     std::size_t words) {
  std::string out;
  for (std::size_t k = 0; k < words; ++k) {
    out += k == 0 ? "" : " ";
    if (rng.below(6) == 0) {
      out += rng.pick(t.terms);
    } else {
      out += filler[zipf(rng, filler.size())];
    }
  }
  return out + ".";
}

std::string with_story_words(const Topic& t, Rng& story, std::string* object, std::string* place,
                             std::string* prep) {
  *object = std::string(story.pick(t.objects));
  *place = std::string(story.pick(t.places));
  *prep = std::string(story.pick(t.preps));
  return std::string(story.pick(t.verbs));
}

void add_span(Event& e, const std::string& title, const std::string& text) {
  std::size_t at = title.find(text);
  if (at != std::string::npos) {
    e.evidence.push_back(Span{"title", at, at + text.size(), text});
  }
}

}  // namespace

const std::string& feed_name(int index) {
  static const std::vector<std::string> kNames(kFeeds.begin(), kFeeds.end());
  return kNames[static_cast<std::size_t>(index)];
}

Generator::Generator(GenOptions options) : options_(options), filler_(make_filler()) {}

Report Generator::make(std::size_t index) const {
  // Stories of kStorySizes reports, in blocks of kBlockItems items.
  std::size_t block = index / kBlockItems;
  std::size_t offset = index % kBlockItems;
  std::size_t position = 0;
  while (offset >= kStorySizes[position]) {
    offset -= kStorySizes[position++];
  }
  std::size_t story = block * kStorySizes.size() + position;
  std::size_t report = offset;
  std::size_t stories = (options_.items + kBlockItems - 1) / kBlockItems * kStorySizes.size();
  Rng srng{story * 7919 + 1};
  const Topic& t = topics()[srng.below(topics().size())];
  std::string object, place, prep;
  std::string verb = with_story_words(t, srng, &object, &place, &prep);
  // What sets one story apart from another of its kind, as real headlines do:
  // how it is qualified, and names and places of its own (rare words).
  std::string qualifier = std::string(kQualifiers[srng.below(kQualifiers.size())]) + " " +
                          std::string(kQualifiers[srng.below(kQualifiers.size())]);
  std::string detail;
  for (int k = 0; k < 3; ++k) {
    detail += (k ? " " : "") + filler_[1000 + srng.below(filler_.size() - 1000)];
  }
  Rng rng{index * 104729 + 3};

  Millis span = std::chrono::hours(24) * options_.days;
  TimePoint story_time =
      options_.end - span +
      Millis(static_cast<std::int64_t>(static_cast<double>(span.count()) *
                                       static_cast<double>(story) / static_cast<double>(stories)));
  TimePoint published =
      story_time + std::chrono::minutes(static_cast<int>(report * 40 + rng.below(30)));
  Report r;
  r.story = static_cast<std::int64_t>(story);
  int feed = static_cast<int>((story * 3 + report * 7) % kFeedCount);
  Item& item = r.item;
  item.feed = feed_name(feed);
  item.id = "bench-" + std::to_string(index);
  std::string actor(rng.pick(t.actors));
  item.title = actor + " " + verb + " " + qualifier + " " + object + " " + prep + " " + place +
               " near " + detail + std::string(kSuffixes[report % kSuffixes.size()]);
  item.summary = actor + " " + verb + " " + qualifier + " " + object + " " + prep + " " + place +
                 " near " + detail + " " + sentence(rng, t, filler_, 14 + rng.below(10));
  for (std::size_t s = 0, n = 4 + rng.below(4); s < n; ++s) {
    item.content += (s ? " " : "") + sentence(rng, t, filler_, 12 + rng.below(10));
  }
  item.link = "https://news.example/" + item.feed + "/" + std::to_string(index);
  item.source = std::string(kFeeds[static_cast<std::size_t>(feed)]);
  item.published = published;
  item.authors = {"Reporter " + std::to_string(rng.below(400))};
  item.categories = {"North Korea"};

  Event& e = r.event;
  e.rule_id = t.rule;
  e.category = t.category;
  e.severity = t.severity;
  e.provisions = t.provisions;
  e.confidence = 0.6 + 0.4 * rng.unit();
  e.message = std::string(t.rule) + ": " + item.title;
  e.time = published + std::chrono::minutes(5);
  add_span(e, item.title, object);
  return r;
}

std::string json_strings(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += i ? ",\"" : "\"";
    for (char c : values[i]) {
      if (c == '"' || c == '\\') {
        out += '\\';
      }
      out += c;
    }
    out += '"';
  }
  return out + "]";
}

}  // namespace armwatch::bench
