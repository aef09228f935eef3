// Renders a Notification for people: plain text, HTML and Markdown bodies and a
// one-line headline. E-mail and the chat formatters share these so that every
// receiver names the same provisions, evidence and reports. Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/alert.h"

namespace armwatch::alerts {

// Words used in headlines; operators may translate them (e.g. violation: "위반").
struct Labels {
  std::string info = "info";
  std::string warning = "warning";
  std::string violation = "violation";
  std::string update = "update";  // prefixed to an update's headline
  std::string test = "test";      // prefixed to a test notification's headline
  std::string digest = "digest";  // prefixed to a digest's headline
};

std::string_view severity_label(const Labels& labels, Severity severity);

// "violation: <title>", "update: violation: <title>", "test: info: <title>",
// "digest: violation: <title>" (a digest's severity is its most severe entry's).
std::string headline(const Notification& n, const Labels& labels = {});

// Bodies. All list the event message, the incident (if any), the provisions with
// their paraphrases, the evidence spans, the precedents and the report links; a
// digest lists these for each of its entries (AlertContent::digest).
std::string render_text(const Notification& n, const Labels& labels = {});
std::string render_html(const Notification& n, const Labels& labels = {});
// The same without <html>/<head>/<body>, for chat services that take HTML (Matrix).
std::string render_html_fragment(const Notification& n, const Labels& labels = {});

// Markdown dialects: common ([t](u), **b**) and Slack mrkdwn (<u|t>, *b*).
enum class Markdown { kCommon, kSlack };
std::string render_markdown(const Notification& n, Markdown dialect, const Labels& labels = {});

// Escapes &, <, >, " for HTML text and attributes.
std::string html_escape(std::string_view s);

}  // namespace armwatch::alerts
