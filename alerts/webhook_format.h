// What a webhook request looks like for each kind of receiver: the generic
// versioned JSON payload (signed by WebhookSink) and ready-made formats for
// Slack, Discord, Microsoft Teams, Mattermost, Matrix, ntfy and Gotify.
// Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alerts/render.h"
#include "core/alert.h"
#include "core/result.h"

namespace armwatch::alerts {

enum class WebhookFormat {
  kGeneric,
  kSlack,
  kDiscord,
  kTeams,
  kMattermost,
  kMatrix,
  kNtfy,
  kGotify
};

// "generic", "slack", "discord", "teams", "mattermost", "matrix", "ntfy", "gotify".
std::string_view to_string(WebhookFormat f);
std::optional<WebhookFormat> parse_webhook_format(std::string_view name);

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  Headers headers;  // Content-Type included
  std::string body;
};

struct FormatOptions {
  std::string url;    // as configured (see format_request for each format's form)
  std::string token;  // Matrix access token, Gotify app token, ntfy access token
  Labels labels;
};

// The generic payload, "version": 1: id, kind, receiver, created, severity,
// title, event (with evidence), incident (optional), provisions with
// paraphrases, precedents, evidence and links. Compact JSON, UTF-8.
std::string webhook_payload(const Notification& n);

// The request for `format`. URLs: generic, Slack, Discord, Teams, Mattermost:
// the webhook URL; Matrix: ".../rooms/<room>/send/m.room.message" (the txn id,
// the notification id, is appended; PUT); ntfy: "https://host/<topic>" (JSON
// is published to the host root); Gotify: the server URL ("/message" appended).
// kInvalidArgument when the URL does not fit the format.
Result<HttpRequest> format_request(WebhookFormat format, const Notification& n,
                                   const FormatOptions& options);

// At most `max_bytes` of `s`, cut at a UTF-8 character boundary, "…" appended
// when cut.
std::string truncate_utf8(std::string_view s, std::size_t max_bytes);

}  // namespace armwatch::alerts
