#include "storage/incidents.h"

#include <algorithm>
#include <array>
#include <optional>

#include "core/text.h"
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

struct NewReport {
  std::string category;
  std::int64_t time = 0;
  std::string title;
  ReportText text;
  std::vector<std::string> anchors;  // sorted, unique
};

Status read_strings(Db& db, const std::string& sql, std::int64_t id,
                    std::vector<std::string>& out) {
  auto q = db.query(sql);
  if (!q) {
    return q.error();
  }
  q->bind(1, id);
  for (;;) {
    auto row = q->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return ok_status();
    }
    out.push_back(q->text(0));
  }
}

std::vector<std::string> to_anchors(const std::vector<std::string>& texts) {
  std::vector<std::string> anchors;
  for (const auto& t : texts) {
    if (auto a = normalise_anchor(t); !a.empty()) {
      anchors.push_back(std::move(a));
    }
  }
  std::sort(anchors.begin(), anchors.end());
  anchors.erase(std::unique(anchors.begin(), anchors.end()), anchors.end());
  return anchors;
}

Result<NewReport> read_report(Db& db, std::int64_t event_id) {
  auto q = db.query(std::string("SELECT e.category, ") + kReportTime +
                    ", i.title, i.summary FROM events e JOIN items i ON i.id = e.item_id"
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
  NewReport r{q->text(0), q->int64(1), q->text(2), report_text(q->text(2), q->text(3)), {}};
  std::vector<std::string> texts;
  if (auto st = read_strings(db, "SELECT text FROM evidence WHERE event_id = ?1", event_id, texts);
      !st) {
    return st.error();
  }
  r.anchors = to_anchors(texts);
  return r;
}

bool shares_any(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  return !common.empty();
}

// How well `report` fits incident `id`: the best similarity to any of its
// latest reports, or nullopt when the rule says it is another event.
Result<std::optional<double>> score(Db& db, std::int64_t id, const NewReport& report) {
  std::vector<std::string> texts;
  auto st = read_strings(db,
                         "SELECT DISTINCT v.text FROM evidence v JOIN events e"
                         " ON e.id = v.event_id WHERE e.incident_id = ?1",
                         id, texts);
  if (!st) {
    return st.error();
  }
  bool anchor = shares_any(report.anchors, to_anchors(texts));
  // The 50 latest reports bound the work for a long-running incident.
  auto q = db.query(
      "SELECT title, coalesce(summary, '') FROM items WHERE id IN"
      " (SELECT item_id FROM events WHERE incident_id = ?1 ORDER BY id DESC LIMIT 50)");
  if (!q) {
    return q.error();
  }
  q->bind(1, id);
  double best = 0;
  for (;;) {
    auto row = q->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      break;
    }
    best = std::max(best, similarity(report.text, report_text(q->text(0), q->text(1))));
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
  for (;;) {
    auto row = q->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return ids;
    }
    ids.push_back(q->int64(0));
  }
}

// The best matching incident, 0 if none.
Result<std::int64_t> best_incident(Db& db, const NewReport& report) {
  auto ids = candidates(db, report);
  if (!ids) {
    return ids.error();
  }
  std::int64_t best_id = 0;
  double best = -1;
  for (std::int64_t id : *ids) {
    auto s = score(db, id, report);
    if (!s) {
      return s.error();
    }
    if (*s && **s > best) {
      best = **s;
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

// Recomputes everything derived from an incident's events, so a later report
// can raise its severity and widen its span, counts and provisions.
Status refresh(Db& db, std::int64_t id) {
  auto q = db.query(
      std::string("UPDATE incidents SET"
                  " severity = (SELECT max(severity) FROM events WHERE incident_id = ?1),"
                  " first_seen = (SELECT min(") +
      kReportTime +
      ") FROM events e JOIN items i"
      " ON i.id = e.item_id WHERE e.incident_id = ?1),"
      " last_seen = (SELECT max(" +
      kReportTime +
      ") FROM events e JOIN items i"
      " ON i.id = e.item_id WHERE e.incident_id = ?1),"
      " report_count = (SELECT count(DISTINCT item_id) FROM events WHERE incident_id = ?1),"
      " source_count = (SELECT count(DISTINCT coalesce(nullif(i.source, ''), f.name))"
      " FROM events e JOIN items i ON i.id = e.item_id JOIN feeds f ON f.id = i.feed_id"
      " WHERE e.incident_id = ?1),"
      " provisions = (SELECT json_group_array(value) FROM (SELECT DISTINCT j.value"
      " FROM events e, json_each(e.provisions) j WHERE e.incident_id = ?1 ORDER BY j.value))"
      " WHERE id = ?1");
  if (!q) {
    return q.error();
  }
  return q->bind(1, id).run();
}

Status link(Db& db, std::int64_t event_id, std::int64_t incident_id) {
  auto q = db.query("UPDATE events SET incident_id = ?2 WHERE id = ?1");
  if (!q) {
    return q.error();
  }
  return q->bind(1, event_id).bind(2, incident_id).run();
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

std::vector<std::string> text_tokens(std::string_view text) {
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

ReportText report_text(std::string_view title, std::string_view summary) {
  std::string all(title);
  all += ' ';
  all += summary;
  return ReportText{text_tokens(title), text_tokens(all)};
}

double similarity(const ReportText& a, const ReportText& b) {
  return std::max(jaccard(a.title_tokens, b.title_tokens), jaccard(a.all_tokens, b.all_tokens));
}

bool same_incident(double sim, bool shares_anchor) {
  return sim >= kNearDuplicate || (shares_anchor && sim >= kRelatedWithAnchor);
}

Status assign_incident(Db& db, std::int64_t event_id) {
  auto report = read_report(db, event_id);
  if (!report) {
    return report.error();
  }
  auto id = best_incident(db, *report);
  if (!id) {
    return id.error();
  }
  std::int64_t incident_id = *id;
  if (incident_id == 0) {
    auto created = create_incident(db, *report);
    if (!created) {
      return created.error();
    }
    incident_id = *created;
  }
  if (auto st = link(db, event_id, incident_id); !st) {
    return st;
  }
  return refresh(db, incident_id);
}

Status backfill_incidents(Db& db) {
  auto q = db.query(std::string("SELECT e.id FROM events e JOIN items i ON i.id = e.item_id"
                                " WHERE e.incident_id IS NULL ORDER BY ") +
                    kReportTime + ", e.id");
  if (!q) {
    return q.error();
  }
  std::vector<std::int64_t> ids;
  for (;;) {
    auto row = q->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      break;
    }
    ids.push_back(q->int64(0));
  }
  for (std::int64_t id : ids) {
    if (auto st = assign_incident(db, id); !st) {
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
  auto q = db.query(
      "SELECT id, category, severity, first_seen, last_seen, report_count, source_count,"
      " provisions, title FROM incidents" +
      f.where() + " ORDER BY last_seen DESC, id DESC LIMIT ?");
  if (!q) {
    return q.error();
  }
  q->bind(f.bind(*q, 1), std::int64_t{query.limit > 0 ? query.limit : -1});
  std::vector<Incident> out;
  for (;;) {
    auto row = q->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return out;
    }
    out.push_back(read_incident(*q));
  }
}

}  // namespace armwatch::storage
