#include "storage/incidents.h"

#include <algorithm>
#include <array>
#include <functional>
#include <iterator>
#include <optional>

#include "core/text.h"
#include "storage/event_rows.h"
#include "storage/incident_cache.h"
#include "storage/json_text.h"
#include "storage/sql_filter.h"

namespace armwatch::storage {
namespace {

// Words that say nothing about which event a report is about.
constexpr std::array<std::string_view, 40> kStopWords = {
    "a",    "about", "after", "against", "an",    "and",  "are",  "as",  "at",   "be",
    "been", "by",    "for",   "from",    "had",   "has",  "have", "he",  "in",   "into",
    "is",   "it",    "its",   "new",     "not",   "of",   "on",   "or",  "over", "said",
    "say",  "says",  "that",  "the",     "their", "this", "to",   "was", "were", "with",
};

// Bytes at s[i] that separate words: ASCII other than letters and digits, and
// the punctuation news titles carry in UTF-8: U+0080..U+00BF (no-break space,
// guillemets, middle dot), U+2000..U+207F (curly quotes, dashes, ellipsis) and
// the ideographic space, comma and full stop. 0: s[i] starts a word character.
std::size_t separator_length(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0; };
  unsigned char c = at(i);
  if (c < 0x80) {
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    return word ? 0 : 1;
  }
  if (c == 0xC2 && at(i + 1) >= 0x80 && at(i + 1) <= 0xBF) {
    return 2;
  }
  if (c == 0xE2 && (at(i + 1) == 0x80 || at(i + 1) == 0x81) && at(i + 2) >= 0x80) {
    return 3;
  }
  if (c == 0xE3 && at(i + 1) == 0x80 && at(i + 2) >= 0x80 && at(i + 2) <= 0x82) {
    return 3;
  }
  return 0;
}

void add_token(std::vector<std::string>& out, std::string word) {
  bool ascii = std::all_of(word.begin(), word.end(), [](char c) { return c > 0; });
  if (ascii && word.size() < 2) {
    return;
  }
  if (std::find(kStopWords.begin(), kStopWords.end(), word) != kStopWords.end()) {
    return;
  }
  // "missiles" and "missile" are the same word here; "press" stays "press".
  if (ascii && word.size() > 3 && word.back() == 's' && word[word.size() - 2] != 's') {
    word.pop_back();
  }
  out.push_back(std::move(word));
}

// Incident time of an event: when the report says it was published, else when
// armwatch saw it, so that a backfill of old items groups by their own dates.
constexpr const char* kReportTime = "coalesce(i.published, i.updated, e.detected_at)";

// An outlet as incidents count them: the item's source, else its feed's name
// (looked up only when needed).
constexpr const char* kOutlet =
    "CASE WHEN i.source <> '' THEN i.source"
    " ELSE (SELECT name FROM feeds WHERE id = i.feed_id) END";

using Strings = std::vector<std::string>;

Strings sorted_unique(Strings v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

struct NewReport {
  std::string category;
  std::int64_t time = 0;
  std::string title;
  ReportText text;
  std::vector<std::string> anchors;  // sorted, unique
  IncidentFacts facts;
};

Status read_strings(Db& db, const std::string& sql, std::int64_t id,
                    std::vector<std::string>& out) {
  auto q = db.query(sql);
  if (!q) {
    return q.error();
  }
  q->bind(1, id);
  return each_row(*q, [&](const Query& r) { out.push_back(r.text(0)); });
}

Result<NewReport> read_report(Db& db, std::int64_t event_id) {
  auto q = db.query(std::string("SELECT e.category, ") + kReportTime +
                    ", i.title, i.summary, e.severity, " + kOutlet +
                    ", e.provisions FROM events e JOIN items i ON i.id = e.item_id"
                    " WHERE e.id = ?1");
  if (!q) {
    return q.error();
  }
  auto row = q->bind(1, event_id).step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return make_error(ErrorCode::kInternal, "event " + std::to_string(event_id) + " not found",
                      db.path());
  }
  NewReport r{q->text(0), q->int64(1), q->text(2), report_text(q->text(2), q->text(3)), {}, {}};
  r.facts = IncidentFacts{static_cast<int>(q->int64(4)), r.time, q->text(5), q->text(6),
                          sorted_unique(from_json_array(q->text(6)).value_or(Strings{}))};
  std::vector<std::string> texts;
  if (auto st = read_strings(db, "SELECT text FROM evidence WHERE event_id = ?1", event_id, texts);
      !st) {
    return st.error();
  }
  r.anchors = to_anchors(texts);
  return r;
}

// The same report as read_report() gives once the event is stored, built from
// what record() has in hand.
NewReport report_of(const Item& item, const Event& event) {
  std::optional<TimePoint> date = item.date();
  NewReport r{event.category,
              to_unix_ms(date ? *date : event.time),
              item.title,
              report_text(item.title, item.summary),
              {},
              {}};
  r.facts = IncidentFacts{static_cast<int>(event.severity), r.time,
                          item.source.empty() ? item.feed : item.source,
                          to_json_array(event.provisions), sorted_unique(event.provisions)};
  std::vector<std::string> texts;
  for (const Span& s : event.evidence) {
    texts.push_back(s.text);
  }
  r.anchors = to_anchors(texts);
  return r;
}

bool shares_any(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  return !common.empty();
}

// How well `report` fits an incident: the best similarity to any of its latest
// reports (IncidentCache::kProfileReports bounds the work for a long-running
// one), or nullopt when the rule says it is another event.
std::optional<double> score(const IncidentProfile& incident, const NewReport& report) {
  bool anchor = shares_any(report.anchors, incident.anchors);
  double best = 0;
  for (const ReportText& r : incident.reports) {
    best = std::max(best, similarity(report.text, r));
  }
  return same_incident(best, anchor) ? std::optional(best) : std::nullopt;
}

Result<std::vector<std::int64_t>> candidates(Db& db, const NewReport& report) {
  auto q = db.query(
      "SELECT id FROM incidents WHERE category = ?1 AND last_seen >= ?2 AND first_seen <= ?3"
      " ORDER BY last_seen DESC LIMIT 20");
  if (!q) {
    return q.error();
  }
  std::int64_t w = kIncidentWindow.count();
  q->bind(1, report.category).bind(2, report.time - w).bind(3, report.time + w);
  std::vector<std::int64_t> ids;
  if (auto st = each_row(*q, [&](const Query& r) { ids.push_back(r.int64(0)); }); !st) {
    return st.error();
  }
  return ids;
}

// The best matching incident, 0 if none.
Result<std::int64_t> best_incident(Db& db, const NewReport& report, IncidentCache& cache) {
  auto ids = candidates(db, report);
  if (!ids) {
    return ids.error();
  }
  std::int64_t best_id = 0;
  double best = -1;
  for (std::int64_t id : *ids) {
    auto profile = cache.get(db, id);  // valid until the next get()
    if (!profile) {
      return profile.error();
    }
    if (auto s = score(**profile, report); s && *s > best) {
      best = *s;
      best_id = id;
    }
  }
  return best_id;
}

Result<std::int64_t> create_incident(Db& db, const NewReport& report) {
  auto q = db.query(
      "INSERT INTO incidents (category, severity, first_seen, last_seen, title)"
      " VALUES (?1, 0, ?2, ?2, ?3)");
  if (!q) {
    return q.error();
  }
  if (auto st = q->bind(1, report.category).bind(2, report.time).bind(3, report.title).run(); !st) {
    return st.error();
  }
  return db.last_insert_rowid();
}

// What a joining report adds to its incident, when known from the cache; each
// nullopt is looked up in SQL.
struct Contribution {
  std::optional<bool> new_item;
  std::optional<bool> new_outlet;
  std::optional<bool> new_provisions;
};

// Folds event `event_id`, just stored in incident `id`, into the incident's
// derived columns: the highest severity, the first and last report time, one
// more report when its item is new to the incident, one more outlet when its
// outlet is, and the union of provisions. Each is exactly what recomputing over
// all the incident's events would give (events only ever join, inside
// record()'s transaction), without a pass over a long-running incident's
// hundreds of reports for every new one; with the cache, without any.
Status refresh(Db& db, std::int64_t id, std::int64_t event_id, const IncidentFacts& facts,
               const Contribution& adds) {
  static const std::string kSql =
      std::string(
          "UPDATE incidents SET severity = max(severity, ?3), first_seen = min(first_seen, ?4),"
          " last_seen = max(last_seen, ?4),"
          " report_count = report_count + coalesce(?7, NOT EXISTS (SELECT 1 FROM events o"
          " WHERE o.item_id = (SELECT item_id FROM events WHERE id = ?2) AND o.incident_id = ?1"
          " AND o.id <> ?2)),"
          " source_count = source_count + coalesce(?8, NOT EXISTS (SELECT 1 FROM events o"
          " JOIN items i ON i.id = o.item_id WHERE o.incident_id = ?1 AND o.id <> ?2 AND ") +
      kOutlet +
      " = ?5)),"
      " provisions = CASE WHEN ?6 = '[]' OR ?9 = 0 THEN provisions ELSE"
      " (SELECT json_group_array(value) FROM (SELECT value FROM json_each(provisions)"
      " UNION SELECT value FROM json_each(?6) ORDER BY 1)) END"
      " WHERE id = ?1";
  auto q = db.query(kSql);
  if (!q) {
    return q.error();
  }
  auto flag = [&](int index, const std::optional<bool>& v) {
    if (v) {
      q->bind(index, std::int64_t{*v ? 1 : 0});
    } else {
      q->bind_null(index);
    }
  };
  q->bind(1, id).bind(2, event_id).bind(3, facts.severity).bind(4, facts.time);
  q->bind(5, facts.outlet).bind(6, facts.provisions);
  flag(7, adds.new_item);
  flag(8, adds.new_outlet);
  flag(9, adds.new_provisions);
  return q->run();
}

Status link(Db& db, std::int64_t event_id, std::int64_t incident_id) {
  auto q = db.query("UPDATE events SET incident_id = ?2 WHERE id = ?1");
  if (!q) {
    return q.error();
  }
  return q->bind(1, event_id).bind(2, incident_id).run();
}

// Filters an incident passes when one of its events does. The provisions
// column already holds the union of its events' provisions.
void add_event_filters(const IncidentQuery& query, SqlFilter& f) {
  if (!query.provision.empty()) {
    f.add(provision_clause("incidents.provisions", query.provision), query.provision);
  }
  const char* joined =
      "EXISTS (SELECT 1 FROM events e JOIN items i ON i.id = e.item_id JOIN feeds f"
      " ON f.id = i.feed_id WHERE e.incident_id = incidents.id AND ";
  if (!query.source.empty()) {
    f.add(std::string(joined) + kSourceExpr + " = ?)", query.source);
  }
  if (!query.feed.empty()) {
    f.add(std::string(joined) + "f.name = ?)", query.feed);
  }
  if (!query.rule.empty()) {
    f.add("EXISTS (SELECT 1 FROM events e WHERE e.incident_id = incidents.id AND e.rule_id = ?)",
          query.rule);
  }
}

Incident read_incident(const Query& q) {
  Incident in;
  in.id = q.int64(0);
  in.category = q.text(1);
  in.severity = static_cast<Severity>(q.int64(2));
  in.first_seen = from_unix_ms(q.int64(3));
  in.last_seen = from_unix_ms(q.int64(4));
  in.report_count = q.int64(5);
  in.source_count = q.int64(6);
  in.provisions = from_json_array(q.text(7)).value_or(std::vector<std::string>{});
  in.title = q.text(8);
  return in;
}

}  // namespace

namespace {

// text_tokens before sorting: report_text hashes them, and sorts the hashes.
std::vector<std::string> unsorted_tokens(std::string_view text) {
  std::string lower = ascii_lower(text);
  std::vector<std::string> out;
  std::string word;
  for (std::size_t i = 0; i < lower.size();) {
    std::size_t sep = separator_length(lower, i);
    if (sep == 0) {
      word += lower[i++];
      continue;
    }
    if (!word.empty()) {
      add_token(out, std::move(word));
      word.clear();
    }
    i += sep;
  }
  if (!word.empty()) {
    add_token(out, std::move(word));
  }
  return out;
}

}  // namespace

std::vector<std::string> text_tokens(std::string_view text) {
  std::vector<std::string> out = unsorted_tokens(text);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() && b.empty()) {
    return 0;
  }
  std::vector<std::string> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  double both = static_cast<double>(common.size());
  return both / (static_cast<double>(a.size() + b.size()) - both);
}

std::string normalise_anchor(std::string_view text) {
  return ascii_lower(collapse_whitespace(text));
}

double jaccard_ids(const TokenIds& a, const TokenIds& b) {
  if (a.empty() && b.empty()) {
    return 0;
  }
  std::size_t both = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++both;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
}

ReportText report_text(std::string_view title, std::string_view summary) {
  // The words of "title summary" are those of the title and those of the
  // summary, so each is tokenised once.
  auto ids = [](std::string_view text) {
    TokenIds out;
    for (const std::string& t : unsorted_tokens(text)) {
      out.push_back(std::hash<std::string>{}(t));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  ReportText r{ids(title), {}};
  TokenIds rest = ids(summary);
  std::set_union(r.title_tokens.begin(), r.title_tokens.end(), rest.begin(), rest.end(),
                 std::back_inserter(r.all_tokens));
  return r;
}

double similarity(const ReportText& a, const ReportText& b) {
  return std::max(jaccard_ids(a.title_tokens, b.title_tokens),
                  jaccard_ids(a.all_tokens, b.all_tokens));
}

bool same_incident(double sim, bool shares_anchor) {
  return sim >= kNearDuplicate || (shares_anchor && sim >= kRelatedWithAnchor);
}

namespace {

Result<IncidentChoice> choose(Db& db, const NewReport& report, IncidentCache& cache) {
  auto id = best_incident(db, report, cache);
  if (!id) {
    return id.error();
  }
  IncidentChoice choice{*id, *id == 0, report.text, report.anchors, report.facts};
  if (choice.opened) {
    auto created = create_incident(db, report);
    if (!created) {
      return created.error();
    }
    choice.id = *created;
  }
  return choice;
}

}  // namespace

Result<IncidentChoice> choose_incident(Db& db, const Item& item, const Event& event,
                                       IncidentCache& cache) {
  return choose(db, report_of(item, event), cache);
}

Status join_incident(Db& db, const IncidentChoice& choice, std::int64_t event_id,
                     std::optional<bool> item_is_new, IncidentCache& cache) {
  const IncidentFacts& f = choice.facts;
  Contribution adds{item_is_new, std::nullopt, std::nullopt};
  if (const IncidentProfile* p = cache.find(choice.id)) {
    adds.new_outlet = !std::binary_search(p->outlets.begin(), p->outlets.end(), f.outlet);
    adds.new_provisions = !std::includes(p->provisions.begin(), p->provisions.end(),
                                         f.provision_list.begin(), f.provision_list.end());
  } else if (choice.opened) {
    adds.new_outlet = true;
    adds.new_provisions = true;
  }
  cache.add(choice.id, choice.opened, choice.text, choice.anchors, f.outlet, f.provision_list);
  return refresh(db, choice.id, event_id, f, adds);
}

Status assign_incident(Db& db, std::int64_t event_id, IncidentCache& cache) {
  auto report = read_report(db, event_id);
  if (!report) {
    return report.error();
  }
  auto choice = choose(db, *report, cache);
  if (!choice) {
    return choice.error();
  }
  if (auto st = link(db, event_id, choice->id); !st) {
    return st;
  }
  return join_incident(db, *choice, event_id, std::nullopt, cache);
}

Status backfill_incidents(Db& db) {
  auto q = db.query(std::string("SELECT e.id FROM events e JOIN items i ON i.id = e.item_id"
                                " WHERE e.incident_id IS NULL ORDER BY ") +
                    kReportTime + ", e.id");
  if (!q) {
    return q.error();
  }
  std::vector<std::int64_t> ids;
  if (auto st = each_row(*q, [&](const Query& r) { ids.push_back(r.int64(0)); }); !st) {
    return st;
  }
  IncidentCache cache;  // the backfill runs in one transaction: nothing else writes
  for (std::int64_t id : ids) {
    if (auto st = assign_incident(db, id, cache); !st) {
      return st;
    }
  }
  return ok_status();
}

Result<std::vector<Incident>> query_incidents(Db& db, const IncidentQuery& query) {
  SqlFilter f;
  if (query.since) {
    f.add("last_seen >= ?", to_unix_ms(*query.since));
  }
  if (query.until) {
    f.add("first_seen < ?", to_unix_ms(*query.until));
  }
  if (query.min_severity) {
    f.add("severity >= ?", static_cast<std::int64_t>(*query.min_severity));
  }
  if (!query.category.empty()) {
    f.add("category = ?", query.category);
  }
  if (query.min_sources > 0) {
    f.add("source_count >= ?", std::int64_t{query.min_sources});
  }
  if (query.id != 0) {
    f.add("id = ?", query.id);
  }
  add_event_filters(query, f);
  auto q = db.query(
      "SELECT id, category, severity, first_seen, last_seen, report_count, source_count,"
      " provisions, title FROM incidents" +
      f.where() + " ORDER BY last_seen DESC, id DESC LIMIT ?");
  if (!q) {
    return q.error();
  }
  q->bind(f.bind(*q, 1), std::int64_t{query.limit > 0 ? query.limit : -1});
  std::vector<Incident> out;
  if (auto st = each_row(*q, [&](const Query& r) { out.push_back(read_incident(r)); }); !st) {
    return st.error();
  }
  return out;
}

}  // namespace armwatch::storage
