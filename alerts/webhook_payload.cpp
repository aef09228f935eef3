// The generic, versioned JSON payload. Receivers branch on "version"; fields
// are only ever added within a version.
#include <nlohmann/json.hpp>

#include "alerts/webhook_format.h"
#include "core/text.h"

namespace armwatch::alerts {
namespace {

using nlohmann::json;

json evidence_json(const std::vector<Span>& spans) {
  json out = json::array();
  for (const auto& s : spans) {
    out.push_back({{"field", s.field}, {"begin", s.begin}, {"end", s.end}, {"text", s.text}});
  }
  return out;
}

json event_json(const Event& e) {
  return {{"rule_id", e.rule_id},
          {"category", e.category},
          {"severity", to_string(e.severity)},
          {"confidence", e.confidence},
          {"message", e.message},
          {"time", format_rfc3339(e.time)},
          {"provisions", e.provisions},
          {"precedents", e.precedents},
          {"evidence", evidence_json(e.evidence)}};
}

json incident_json(const IncidentSummary& i) {
  return {{"id", i.id},
          {"key", i.key},
          {"title", i.title},
          {"category", i.category},
          {"severity", to_string(i.severity)},
          {"first_seen", format_rfc3339(i.first_seen)},
          {"last_seen", format_rfc3339(i.last_seen)},
          {"report_count", i.report_count},
          {"sources", i.sources}};
}

json links_json(const std::vector<ReportLink>& reports) {
  json out = json::array();
  for (const auto& r : reports) {
    json link = {{"title", r.title}, {"url", r.url}, {"source", r.source}};
    if (r.published) {
      link["published"] = format_rfc3339(*r.published);
    }
    out.push_back(std::move(link));
  }
  return out;
}

}  // namespace

std::string webhook_payload(const Notification& n) {
  const auto& c = n.content;
  json provisions = json::array();
  for (const auto& p : c.provisions) {
    provisions.push_back({{"id", p.id}, {"paraphrase", p.paraphrase}});
  }
  json precedents = json::array();
  for (const auto& p : c.precedents) {
    precedents.push_back({{"id", p.id}, {"summary", p.summary}});
  }
  json payload = {{"version", 1},
                  {"id", n.id},
                  {"kind", to_string(n.kind)},
                  {"receiver", n.receiver},
                  {"created", format_rfc3339(n.created)},
                  {"severity", to_string(n.severity)},
                  {"title", c.title},
                  {"tags", c.tags},
                  {"event", event_json(c.event)},
                  {"incident", c.incident ? incident_json(*c.incident) : json(nullptr)},
                  {"provisions", provisions},
                  {"precedents", precedents},
                  {"evidence", evidence_json(c.event.evidence)},
                  {"links", links_json(c.reports)}};
  if (!n.thread_id.empty()) {
    payload["thread_id"] = n.thread_id;
  }
  // Invalid UTF-8 would make dump() throw; replace it instead.
  return payload.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace armwatch::alerts
