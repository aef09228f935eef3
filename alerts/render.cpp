#include "alerts/render.h"

#include <functional>

namespace armwatch::alerts {
namespace {

std::string report_label(const ReportLink& r) {
  std::string label = r.title.empty() ? r.url : r.title;
  if (!r.source.empty()) {
    label += " (" + r.source + ")";
  }
  return label;
}

std::string evidence_line(const Span& s) {
  return s.field + ": \"" + s.text + "\"";
}

std::string incident_line(const IncidentSummary& inc) {
  std::string line = "Incident: " + inc.title + " [" + inc.category + ", " +
                     std::string(to_string(inc.severity)) + "], " +
                     std::to_string(inc.report_count) + " report(s) from " +
                     std::to_string(inc.sources.size()) + " source(s), first seen " +
                     format_rfc3339(inc.first_seen);
  return line;
}

// The shared outline; `section`, `item` and `link` write one dialect.
struct Writer {
  std::function<void(std::string&, const std::string&)> section;
  std::function<void(std::string&, const std::string&)> item;
  std::function<std::string(const std::string& text, const std::string& url)> link;
  std::function<std::string(const std::string&)> escape;
};

void write_summary(const AlertContent& c, const Writer& w, std::string& out) {
  if (!c.event.message.empty()) {
    out += w.escape(c.event.message) + "\n\n";
  }
  out += w.escape("Category: " + c.event.category + "; rule: " + c.event.rule_id + "; detected " +
                  format_rfc3339(c.event.time)) +
         "\n";
  if (c.incident) {
    out += w.escape(incident_line(*c.incident)) + "\n";
  }
}

void write_content(const AlertContent& c, const Writer& w, std::string& out) {
  write_summary(c, w, out);
  if (!c.provisions.empty()) {
    w.section(out, "Provisions");
    for (const auto& p : c.provisions) {
      w.item(out, w.escape(p.id + ": " + p.paraphrase));
    }
  }
  if (!c.event.evidence.empty()) {
    w.section(out, "Evidence");
    for (const auto& s : c.event.evidence) {
      w.item(out, w.escape(evidence_line(s)));
    }
  }
  if (!c.precedents.empty()) {
    w.section(out, "Precedents");
    for (const auto& p : c.precedents) {
      w.item(out, w.escape(p.id + ": " + p.summary));
    }
  }
  if (!c.reports.empty()) {
    w.section(out, "Reports");
    for (const auto& r : c.reports) {
      w.item(out, w.link(report_label(r), r.url));
    }
  }
}

// One incident of a digest: its headline as the section, the rest as items.
void write_digest_entry(const AlertContent& c, const Labels& labels, const Writer& w,
                        std::string& out) {
  w.section(out, std::string(severity_label(labels, c.event.severity)) + ": " + c.title);
  write_summary(c, w, out);
  for (const auto& p : c.provisions) {
    w.item(out, w.escape("Provision " + p.id + ": " + p.paraphrase));
  }
  for (const auto& s : c.event.evidence) {
    w.item(out, w.escape("Evidence " + evidence_line(s)));
  }
  for (const auto& p : c.precedents) {
    w.item(out, w.escape("Precedent " + p.id + ": " + p.summary));
  }
  for (const auto& r : c.reports) {
    w.item(out, w.link(report_label(r), r.url));
  }
}

void write_body(const Notification& n, const Labels& labels, const Writer& w, std::string& out) {
  out += w.escape(headline(n, labels)) + "\n\n";
  if (n.kind != AlertKind::kDigest) {
    write_content(n.content, w, out);
    return;
  }
  for (const auto& entry : n.content.digest) {
    write_digest_entry(entry, labels, w, out);
  }
}

std::string identity(const std::string& s) {
  return s;
}

std::string markdown_escape(const std::string& s, Markdown dialect) {
  std::string out;
  for (char c : s) {
    if (dialect == Markdown::kSlack) {
      // Slack mrkdwn needs only these three escaped.
      if (c == '&') {
        out += "&amp;";
      } else if (c == '<') {
        out += "&lt;";
      } else if (c == '>') {
        out += "&gt;";
      } else {
        out += c;
      }
      continue;
    }
    if (std::string_view("\\`*_[]<>#|").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string_view severity_label(const Labels& labels, Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return labels.info;
    case Severity::kWarning:
      return labels.warning;
    case Severity::kViolation:
      return labels.violation;
  }
  return labels.info;
}

std::string headline(const Notification& n, const Labels& labels) {
  std::string out;
  if (n.kind == AlertKind::kUpdate) {
    out += labels.update + ": ";
  } else if (n.kind == AlertKind::kTest) {
    out += labels.test + ": ";
  } else if (n.kind == AlertKind::kDigest) {
    out += labels.digest + ": ";
  }
  out += std::string(severity_label(labels, n.severity)) + ": " + n.content.title;
  return out;
}

std::string render_text(const Notification& n, const Labels& labels) {
  Writer w;
  w.section = [](std::string& out, const std::string& title) { out += "\n" + title + ":\n"; };
  w.item = [](std::string& out, const std::string& line) { out += "  - " + line + "\n"; };
  w.link = [](const std::string& text, const std::string& url) { return text + "\n    " + url; };
  w.escape = identity;
  std::string out;
  write_body(n, labels, w, out);
  out += "\n-- \nSent by armwatch. Notification " + n.id + "\n";
  return out;
}

std::string render_html(const Notification& n, const Labels& labels) {
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n" +
         render_html_fragment(n, labels) + "</body></html>\n";
}

std::string render_html_fragment(const Notification& n, const Labels& labels) {
  std::string body;
  Writer w;
  w.section = [](std::string& out, const std::string& title) {
    out += "<h3>" + html_escape(title) + "</h3>\n";
  };
  w.item = [](std::string& out, const std::string& line) { out += "<li>" + line + "</li>\n"; };
  w.link = [](const std::string& text, const std::string& url) {
    return "<a href=\"" + html_escape(url) + "\">" + html_escape(text) + "</a>";
  };
  w.escape = html_escape;
  write_body(n, labels, w, body);
  // Wrap each run of <li> in a list and the loose lines in paragraphs.
  std::string out;
  bool in_list = false;
  std::size_t start = 0;
  while (start < body.size()) {
    auto end = body.find('\n', start);
    auto line = body.substr(start, end - start);
    start = end == std::string::npos ? body.size() : end + 1;
    bool li = line.rfind("<li>", 0) == 0;
    if (li != in_list) {
      out += li ? "<ul>\n" : "</ul>\n";
      in_list = li;
    }
    if (li || line.rfind("<h3>", 0) == 0) {
      out += line + "\n";
    } else if (!line.empty()) {
      out += "<p>" + line + "</p>\n";
    }
  }
  out += in_list ? "</ul>\n" : "";
  out += "<p><small>Sent by armwatch. Notification " + html_escape(n.id) + "</small></p>\n";
  return out;
}

std::string render_markdown(const Notification& n, Markdown dialect, const Labels& labels) {
  Writer w;
  bool slack = dialect == Markdown::kSlack;
  w.section = [slack](std::string& out, const std::string& title) {
    out += slack ? "\n*" + title + "*\n" : "\n**" + title + "**\n";
  };
  w.item = [slack](std::string& out, const std::string& line) {
    out += (slack ? "• " : "- ") + line + "\n";
  };
  w.link = [slack, dialect](const std::string& text, const std::string& url) {
    if (slack) {
      return "<" + url + "|" + markdown_escape(text, dialect) + ">";
    }
    std::string target;
    for (char c : url) {
      target += c == ')' ? std::string("%29") : c == ' ' ? std::string("%20") : std::string(1, c);
    }
    return "[" + markdown_escape(text, dialect) + "](" + target + ")";
  };
  w.escape = [dialect](const std::string& s) { return markdown_escape(s, dialect); };
  std::string out;
  write_body(n, labels, w, out);
  return out;
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace armwatch::alerts
