#include "rules/scanner.h"

#include <algorithm>
#include <array>
#include <tuple>

#include <hs/hs.h>

#include "rules/normaliser.h"

namespace armwatch::rules::detail {
namespace {

constexpr unsigned kBaseFlags = HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST;

void escape_into(std::string& out, char c) {
  static constexpr std::string_view kMeta = "\\^$.|?*+()[]{}-/#&~\"'<>=!:,@%`;";
  if (kMeta.find(c) != std::string_view::npos) {
    out += '\\';
  }
  out += c;
}

// The sentinels of Scanner::scan_raw(), one report per scan at most: any byte
// outside printable ASCII (byte-wise, not UTF-8), two spaces, and a cased
// "N. Korea" or "S.Korea". Together with a space at either end of a field they
// are exactly what is_normal_text() rejects (tests/rules/normaliser_test.cpp).
constexpr std::array<const char*, 3> kSentinels = {"[^\\x20-\\x7e]", "  ", "[NS]\\. *Korea"};
constexpr unsigned kSentinelFlags = HS_FLAG_SINGLEMATCH;

struct ScanContext {
  std::string_view text;
  int field;
  const std::vector<Pattern>* patterns;
  std::vector<RawHit>* out;
  bool stop_on_sentinel = false;
};

// The hot path: one call per raw report. Only the boundary check happens here;
// duplicates and overlaps are merged once per item, after the scan.
int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned /*flags*/,
             void* raw) {
  auto& ctx = *static_cast<ScanContext*>(raw);
  if (id >= ctx.patterns->size()) {  // a sentinel: the field needs normalising
    return ctx.stop_on_sentinel ? 1 : 0;
  }
  const Pattern& p = (*ctx.patterns)[id];
  if (p.boundary != Boundary::kNone && !accept_hit(ctx.text, from, to, p.boundary, p.suffixes)) {
    return 0;
  }
  ctx.out->push_back(RawHit{static_cast<int>(id), ctx.field, static_cast<std::uint32_t>(from),
                            static_cast<std::uint32_t>(to)});
  return 0;
}

// Sorts hits[from..] by (pattern, field, begin) and merges the overlapping
// reports of one pattern (a longer report of the same stretch).
void sort_and_merge(std::vector<RawHit>& hits, std::size_t from) {
  auto first = hits.begin() + static_cast<std::ptrdiff_t>(from);
  std::sort(first, hits.end(), [](const RawHit& a, const RawHit& b) {
    return std::tie(a.pattern, a.field, a.begin, a.end) <
           std::tie(b.pattern, b.field, b.begin, b.end);
  });
  auto out = first;
  for (auto it = first; it != hits.end(); ++it) {
    if (out != first) {
      RawHit& prev = *(out - 1);
      if (prev.pattern == it->pattern && prev.field == it->field && it->begin < prev.end) {
        prev.end = std::max(prev.end, it->end);
        continue;
      }
    }
    *out++ = *it;
  }
  hits.erase(out, hits.end());
}

}  // namespace

Pattern make_pattern(std::string_view term, const TermMods& mods) {
  Pattern p;
  p.flags = kBaseFlags | (mods.cased ? 0 : HS_FLAG_CASELESS);
  if (mods.regex) {
    // User regexes keep ASCII semantics so that \b and \w are available.
    p.expression = std::string(term);
    p.boundary = Boundary::kNone;
    return p;
  }
  p.flags |= HS_FLAG_UCP;
  p.boundary = mods.contains            ? Boundary::kNone
               : mods.prefix            ? Boundary::kPrefix
               : mods.exact             ? Boundary::kExact
               : !mods.suffixes.empty() ? Boundary::kSuffixes
                                        : Boundary::kWord;
  // Text and terms are normalised first: every run of Unicode white space is
  // one ASCII space. A literal space keeps the compile cheap; `\s` under UCP
  // costs vectorscan about 10 ms per pattern.
  const std::string_view sep = mods.phrase ? "[ \\-/]+" : " ";
  bool in_sep = false;
  for (char c : term) {
    bool is_sep = c == ' ' || (mods.phrase && (c == '-' || c == '/'));
    if (is_sep) {
      if (!in_sep) {
        p.expression += sep;
      }
      in_sep = true;
      continue;
    }
    in_sep = false;
    escape_into(p.expression, c);
  }
  return p;
}

std::optional<std::string> check_pattern(const Pattern& p) {
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile(p.expression.c_str(), p.flags, HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
    std::string msg = err != nullptr ? err->message : "unknown vectorscan error";
    hs_free_compile_error(err);
    return msg;
  }
  hs_free_database(db);
  return std::nullopt;
}

namespace {

enum class DbKind { kTerms, kSide, kDeferred };

// True when pattern `i` belongs in the database of kind `kind`.
bool belongs(const PatternRoles& roles, std::size_t i, DbKind kind) {
  bool deferred = i < roles.deferred.size() && roles.deferred[i];
  bool off = i < roles.inactive.size() && roles.inactive[i];
  if (off || deferred != (kind == DbKind::kDeferred)) {
    return false;
  }
  unsigned fields = i < roles.fields.size() ? roles.fields[i] : ~0u;
  switch (kind) {
    case DbKind::kTerms:
      return (fields & ~roles.side_fields) != 0;
    case DbKind::kSide:
      return (fields & roles.side_fields) != 0;
    case DbKind::kDeferred:
      return true;
  }
  return false;
}

// Compiles the patterns of one database kind into *db (left null when there
// are none). Ids stay the global pattern indices.
Status compile_set(const std::vector<Pattern>& patterns, const PatternRoles& roles, DbKind kind,
                   hs_database_t** db, int* bad) {
  std::vector<const char*> exprs;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    if (belongs(roles, i, kind)) {
      exprs.push_back(patterns[i].expression.c_str());
      flags.push_back(patterns[i].flags);
      ids.push_back(static_cast<unsigned>(i));
    }
  }
  if (exprs.empty()) {
    return ok_status();
  }
  if (kind != DbKind::kDeferred) {  // the sentinels of scan_raw()
    for (std::size_t k = 0; k < kSentinels.size(); ++k) {
      exprs.push_back(kSentinels[k]);
      flags.push_back(kSentinelFlags);
      ids.push_back(static_cast<unsigned>(patterns.size() + k));
    }
  }
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()),
                       HS_MODE_BLOCK, nullptr, db, &err) != HS_SUCCESS) {
    *bad = err != nullptr && err->expression >= 0
               ? static_cast<int>(ids[static_cast<std::size_t>(err->expression)])
               : -1;
    std::string msg = err != nullptr ? err->message : "unknown vectorscan error";
    hs_free_compile_error(err);
    return make_error(ErrorCode::kParse, msg);
  }
  return ok_status();
}

}  // namespace

Result<std::unique_ptr<Scanner>> Scanner::build(std::vector<Pattern> patterns, int* bad,
                                                PatternRoles roles) {
  *bad = -1;
  std::unique_ptr<Scanner> s(new Scanner());
  s->patterns_ = std::move(patterns);
  s->roles_ = std::move(roles);
  for (DbKind kind : {DbKind::kTerms, DbKind::kSide, DbKind::kDeferred}) {
    hs_database_t** db = kind == DbKind::kTerms  ? &s->db_
                         : kind == DbKind::kSide ? &s->side_db_
                                                 : &s->deferred_db_;
    if (kind == DbKind::kSide && s->roles_.side_fields == 0) {
      continue;
    }
    if (Status st = compile_set(s->patterns_, s->roles_, kind, db, bad); !st) {
      return st.error();
    }
    if (*db != nullptr && hs_alloc_scratch(*db, &s->prototype_) != HS_SUCCESS) {
      return make_error(ErrorCode::kInternal, "vectorscan could not allocate scratch space");
    }
  }
  return s;
}

std::size_t Scanner::memory_bytes() const {
  std::size_t total = 0;
  for (const hs_database_t* db : {db_, side_db_, deferred_db_}) {
    std::size_t size = 0;
    if (db != nullptr && hs_database_size(db, &size) == HS_SUCCESS) {
      total += size;
    }
  }
  std::size_t scratch = 0;
  if (prototype_ != nullptr) {
    (void)hs_scratch_size(prototype_, &scratch);
  }
  return total + scratch;
}

Scanner::~Scanner() {
  for (hs_scratch_t* s : pool_) {
    hs_free_scratch(s);
  }
  hs_free_scratch(prototype_);
  hs_free_database(db_);
  hs_free_database(side_db_);
  hs_free_database(deferred_db_);
}

hs_scratch* Scanner::borrow() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!pool_.empty()) {
      hs_scratch_t* s = pool_.back();
      pool_.pop_back();
      return s;
    }
  }
  hs_scratch_t* s = nullptr;
  if (hs_clone_scratch(prototype_, &s) != HS_SUCCESS) {
    return nullptr;
  }
  return s;
}

void Scanner::give_back(hs_scratch* s) const {
  std::lock_guard<std::mutex> lock(mu_);
  pool_.push_back(s);
}

void Scanner::scan(std::string_view text, int field, std::vector<RawHit>& out) const {
  std::vector<std::string_view> texts(static_cast<std::size_t>(field) + 1);
  texts[static_cast<std::size_t>(field)] = text;
  scan(texts, out);
}

void Scanner::scan(std::span<const std::string_view> texts, std::vector<RawHit>& out) const {
  std::size_t first = out.size();
  scan_db(false, texts, kAllFields, false, out);
  sort_and_merge(out, first);
}

unsigned Scanner::scan_raw(std::span<const std::string_view> texts,
                           std::vector<RawHit>& out) const {
  // A field no database reads needs only the check (for explain's text).
  unsigned unscanned = 0;
  for (std::size_t f = 0; f < texts.size(); ++f) {
    if (db_for(false, f) == nullptr && !is_normal_text(texts[f])) {
      unscanned |= 1u << f;
    }
  }
  std::size_t before = out.size();
  unsigned abnormal = scan_db(false, texts, kAllFields, true, out) | unscanned;
  // A space at either end is checked after the scan, which has brought the
  // field into the cache. Rare: such a field loses its hits and is read again.
  unsigned spaced = 0;
  for (std::size_t f = 0; f < texts.size(); ++f) {
    std::string_view t = texts[f];
    if ((abnormal & (1u << f)) == 0 && !t.empty() && (t.front() == ' ' || t.back() == ' ')) {
      spaced |= 1u << f;
    }
  }
  if (spaced != 0) {
    out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(before), out.end(),
                             [&](const RawHit& h) { return (spaced & (1u << h.field)) != 0; }),
              out.end());
  }
  return abnormal | spaced;
}

void Scanner::scan_fields(std::span<const std::string_view> texts, unsigned fields,
                          std::vector<RawHit>& out) const {
  scan_db(false, texts, fields, false, out);
}

void Scanner::sort_hits(std::vector<RawHit>& hits) {
  sort_and_merge(hits, 0);
}

void Scanner::scan_deferred(std::span<const std::string_view> texts,
                            std::vector<RawHit>& out) const {
  std::size_t before = out.size();
  scan_db(true, texts, kAllFields, false, out);
  if (out.size() != before) {
    sort_and_merge(out, 0);
  }
}

const hs_database* Scanner::db_for(bool deferred, std::size_t field) const {
  if (deferred) {
    return deferred_db_;
  }
  return (roles_.side_fields & (1u << field)) != 0 ? side_db_ : db_;
}

unsigned Scanner::scan_db(bool deferred, std::span<const std::string_view> texts, unsigned fields,
                          bool stop_on_sentinel, std::vector<RawHit>& out) const {
  if (prototype_ == nullptr || (deferred && deferred_db_ == nullptr)) {
    return 0;  // no database to read
  }
  hs_scratch_t* scratch = borrow();
  if (scratch == nullptr) {
    return 0;  // out of memory: no hits rather than a crash in the daemon
  }
  unsigned stopped = 0;
  for (std::size_t f = 0; f < texts.size(); ++f) {
    const hs_database* db = db_for(deferred, f);
    if (db == nullptr || texts[f].empty() || (fields & (1u << f)) == 0) {
      continue;
    }
    std::size_t before = out.size();
    ScanContext ctx{texts[f], static_cast<int>(f), &patterns_, &out, stop_on_sentinel};
    if (hs_scan(db, texts[f].data(), static_cast<unsigned>(texts[f].size()), 0, scratch, on_match,
                &ctx) == HS_SCAN_TERMINATED) {
      out.resize(before);  // a sentinel: this field is read again once normalised
      stopped |= 1u << f;
    }
  }
  give_back(scratch);
  return stopped;
}

}  // namespace armwatch::rules::detail
