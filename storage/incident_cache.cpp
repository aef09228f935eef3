#include "storage/incident_cache.h"

#include <algorithm>

namespace armwatch::storage {
namespace {

void merge_sorted(std::vector<std::string>& into, const std::vector<std::string>& more) {
  for (const auto& a : more) {
    auto it = std::lower_bound(into.begin(), into.end(), a);
    if (it == into.end() || *it != a) {
      into.insert(it, a);
    }
  }
}

// The column of each row of `sql` (one "?1" for the incident), sorted, unique.
Result<std::vector<std::string>> read_sorted(Db& db, const std::string& sql, std::int64_t id) {
  auto q = db.query(sql);
  if (!q) {
    return q.error();
  }
  q->bind(1, id);
  std::vector<std::string> out;
  if (auto st = each_row(*q, [&](const Query& r) { out.push_back(r.text(0)); }); !st) {
    return st.error();
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<IncidentProfile> load_profile(Db& db, std::int64_t id) {
  IncidentProfile p;
  auto outlets = read_sorted(
      db,
      "SELECT DISTINCT CASE WHEN i.source <> '' THEN i.source ELSE (SELECT name FROM feeds"
      " WHERE id = i.feed_id) END FROM events e JOIN items i ON i.id = e.item_id"
      " WHERE e.incident_id = ?1",
      id);
  if (!outlets) {
    return outlets.error();
  }
  p.outlets = std::move(*outlets);
  auto provisions = read_sorted(
      db, "SELECT j.value FROM incidents n, json_each(n.provisions) j WHERE n.id = ?1", id);
  if (!provisions) {
    return provisions.error();
  }
  p.provisions = std::move(*provisions);
  auto anchors = db.query(
      "SELECT DISTINCT v.text FROM evidence v JOIN events e ON e.id = v.event_id"
      " WHERE e.incident_id = ?1");
  if (!anchors) {
    return anchors.error();
  }
  anchors->bind(1, id);
  std::vector<std::string> texts;
  for (;;) {
    auto row = anchors->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      break;
    }
    texts.push_back(anchors->text(0));
  }
  p.anchors = to_anchors(texts);
  auto reports = db.query(
      "SELECT i.title, coalesce(i.summary, '') FROM events e JOIN items i ON i.id = e.item_id"
      " WHERE e.incident_id = ?1 ORDER BY e.id DESC LIMIT ?2");
  if (!reports) {
    return reports.error();
  }
  reports->bind(1, id).bind(2, static_cast<std::int64_t>(IncidentCache::kProfileReports));
  for (;;) {
    auto row = reports->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return p;
    }
    p.reports.push_front(report_text(reports->text(0), reports->text(1)));
  }
}

}  // namespace

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

Status IncidentCache::check(Db& db) {
  auto version = db.scalar_text("PRAGMA data_version");
  if (!version) {
    return version.error();
  }
  std::int64_t v = std::stoll(*version);
  if (v != data_version_) {
    profiles_.clear();
    data_version_ = v;
  }
  return ok_status();
}

Result<const IncidentProfile*> IncidentCache::get(Db& db, std::int64_t id) {
  auto it = profiles_.find(id);
  if (it != profiles_.end()) {
    return &it->second;
  }
  auto loaded = load_profile(db, id);
  if (!loaded) {
    return loaded.error();
  }
  if (profiles_.size() >= kMaxIncidents) {
    profiles_.clear();
  }
  return &profiles_.emplace(id, std::move(*loaded)).first->second;
}

const IncidentProfile* IncidentCache::find(std::int64_t id) const {
  auto it = profiles_.find(id);
  return it == profiles_.end() ? nullptr : &it->second;
}

void IncidentCache::add(std::int64_t id, bool is_new, const ReportText& text,
                        const std::vector<std::string>& anchors, const std::string& outlet,
                        const std::vector<std::string>& provisions) {
  auto it = profiles_.find(id);
  if (it == profiles_.end()) {
    if (!is_new) {
      return;  // not cached (or dropped meanwhile): get() reads it whole, this report included
    }
    if (profiles_.size() >= kMaxIncidents) {
      profiles_.clear();
    }
    it = profiles_.emplace(id, IncidentProfile{}).first;
  }
  IncidentProfile& p = it->second;
  p.reports.push_back(text);
  if (p.reports.size() > kProfileReports) {
    p.reports.pop_front();
  }
  merge_sorted(p.anchors, anchors);
  merge_sorted(p.outlets, {outlet});
  merge_sorted(p.provisions, provisions);
}

}  // namespace armwatch::storage
