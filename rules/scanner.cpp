#include "rules/scanner.h"

#include <unordered_map>

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

struct ScanContext {
  std::string_view text;
  int field;
  const std::vector<Pattern>* patterns;
  std::vector<RawHit>* out;
  std::unordered_map<unsigned, std::size_t> last;  // pattern -> index in out
};

int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned /*flags*/,
             void* raw) {
  auto& ctx = *static_cast<ScanContext*>(raw);
  const Pattern& p = (*ctx.patterns)[id];
  if (!accept_hit(ctx.text, from, to, p.boundary)) {
    return 0;
  }
  auto it = ctx.last.find(id);
  if (it != ctx.last.end()) {
    RawHit& prev = (*ctx.out)[it->second];
    if (from < prev.end) {  // a longer or overlapping report of the same stretch
      prev.end = std::max<std::uint32_t>(prev.end, static_cast<std::uint32_t>(to));
      return 0;
    }
  }
  ctx.last[id] = ctx.out->size();
  ctx.out->push_back(RawHit{static_cast<int>(id), ctx.field, static_cast<std::uint32_t>(from),
                            static_cast<std::uint32_t>(to)});
  return 0;
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
  p.boundary = mods.contains ? Boundary::kNone : mods.prefix ? Boundary::kPrefix : Boundary::kWord;
  const std::string_view sep = mods.phrase ? "[\\s\\-/]+" : "\\s+";
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

Result<std::unique_ptr<Scanner>> Scanner::build(std::vector<Pattern> patterns, int* bad) {
  *bad = -1;
  std::unique_ptr<Scanner> s(new Scanner());
  s->patterns_ = std::move(patterns);
  if (s->patterns_.empty()) {
    return s;
  }
  std::vector<const char*> exprs;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < s->patterns_.size(); ++i) {
    exprs.push_back(s->patterns_[i].expression.c_str());
    flags.push_back(s->patterns_[i].flags);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()),
                       HS_MODE_BLOCK, nullptr, &s->db_, &err) != HS_SUCCESS) {
    *bad = err != nullptr ? err->expression : -1;
    std::string msg = err != nullptr ? err->message : "unknown vectorscan error";
    hs_free_compile_error(err);
    return make_error(ErrorCode::kParse, msg);
  }
  if (hs_alloc_scratch(s->db_, &s->prototype_) != HS_SUCCESS) {
    return make_error(ErrorCode::kInternal, "vectorscan could not allocate scratch space");
  }
  return s;
}

Scanner::~Scanner() {
  for (hs_scratch_t* s : pool_) {
    hs_free_scratch(s);
  }
  hs_free_scratch(prototype_);
  hs_free_database(db_);
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
  if (db_ == nullptr || text.empty()) {
    return;
  }
  hs_scratch_t* scratch = borrow();
  if (scratch == nullptr) {
    return;  // out of memory: no hits rather than a crash in the daemon
  }
  ScanContext ctx{text, field, &patterns_, &out, {}};
  hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_match, &ctx);
  give_back(scratch);
}

}  // namespace armwatch::rules::detail
