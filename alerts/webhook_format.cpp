// One small function per receiver format. Limits are the services' documented
// ones (Slack section text 3000, Discord content 2000 / embed description 4096,
// Mattermost 16383); text is cut at a UTF-8 boundary under them.
#include "alerts/webhook_format.h"

#include <array>

#include <nlohmann/json.hpp>

namespace armwatch::alerts {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<WebhookFormat, std::string_view>, 8> kNames{{
    {WebhookFormat::kGeneric, "generic"},
    {WebhookFormat::kSlack, "slack"},
    {WebhookFormat::kDiscord, "discord"},
    {WebhookFormat::kTeams, "teams"},
    {WebhookFormat::kMattermost, "mattermost"},
    {WebhookFormat::kMatrix, "matrix"},
    {WebhookFormat::kNtfy, "ntfy"},
    {WebhookFormat::kGotify, "gotify"},
}};

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

HttpRequest json_request(std::string url, const json& body) {
  HttpRequest r;
  r.url = std::move(url);
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = dump(body);
  return r;
}

std::string first_link(const Notification& n) {
  return n.content.reports.empty() ? std::string() : n.content.reports.front().url;
}

std::string url_escape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      static constexpr std::string_view kHex = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

HttpRequest slack(const Notification& n, const FormatOptions& o) {
  std::string title = truncate_utf8(headline(n, o.labels), 150);
  json blocks = json::array(
      {{{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", title}}}},
       {{"type", "section"},
        {"text",
         {{"type", "mrkdwn"},
          {"text", truncate_utf8(render_markdown(n, Markdown::kSlack, o.labels), 3000)}}}}});
  return json_request(o.url, {{"text", title}, {"blocks", blocks}});
}

HttpRequest discord(const Notification& n, const FormatOptions& o) {
  static constexpr std::array<int, 3> kColours{0x2f81f7, 0xd29922, 0xcf222e};
  json embed = {
      {"title", truncate_utf8(headline(n, o.labels), 256)},
      {"description", truncate_utf8(render_markdown(n, Markdown::kCommon, o.labels), 4096)},
      {"color", kColours[static_cast<std::size_t>(n.severity)]},
      {"timestamp", format_rfc3339(n.content.event.time)}};
  if (!first_link(n).empty()) {
    embed["url"] = first_link(n);
  }
  // wait=true makes Discord answer with the message or a real error status.
  std::string url = o.url + (o.url.find('?') == std::string::npos ? "?wait=true" : "&wait=true");
  return json_request(url, {{"username", "armwatch"},
                            {"content", truncate_utf8(headline(n, o.labels), 2000)},
                            {"embeds", json::array({embed})},
                            {"allowed_mentions", {{"parse", json::array()}}}});
}

HttpRequest teams(const Notification& n, const FormatOptions& o) {
  json body = json::array({{{"type", "TextBlock"},
                            {"text", headline(n, o.labels)},
                            {"weight", "Bolder"},
                            {"size", "Medium"},
                            {"wrap", true}},
                           {{"type", "TextBlock"},
                            {"text", render_markdown(n, Markdown::kCommon, o.labels)},
                            {"wrap", true}}});
  json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
               {"type", "AdaptiveCard"},
               {"version", "1.4"},
               {"body", body}};
  if (!first_link(n).empty()) {
    card["actions"] = json::array(
        {{{"type", "Action.OpenUrl"}, {"title", "Open report"}, {"url", first_link(n)}}});
  }
  json message = {
      {"type", "message"},
      {"attachments", json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                    {"contentUrl", nullptr},
                                    {"content", card}}})}};
  return json_request(o.url, message);
}

HttpRequest mattermost(const Notification& n, const FormatOptions& o) {
  return json_request(
      o.url, {{"username", "armwatch"},
              {"text", truncate_utf8(render_markdown(n, Markdown::kCommon, o.labels), 16383)}});
}

HttpRequest matrix(const Notification& n, const FormatOptions& o) {
  // The notification id as transaction id: a retried PUT is deduplicated by the server.
  HttpRequest r = json_request(o.url + "/" + url_escape(n.id),
                               {{"msgtype", "m.text"},
                                {"body", render_text(n, o.labels)},
                                {"format", "org.matrix.custom.html"},
                                {"formatted_body", render_html_fragment(n, o.labels)}});
  r.method = "PUT";
  return r;
}

HttpRequest gotify(const Notification& n, const FormatOptions& o) {
  static constexpr std::array<int, 3> kPriority{2, 5, 8};
  std::string url = o.url;
  if (url.size() < 8 || url.compare(url.size() - 8, 8, "/message") != 0) {
    url += url.ends_with('/') ? "message" : "/message";
  }
  json extras = {{"client::display", {{"contentType", "text/markdown"}}}};
  if (!first_link(n).empty()) {
    extras["client::notification"] = {{"click", {{"url", first_link(n)}}}};
  }
  HttpRequest r = json_request(url, {{"title", headline(n, o.labels)},
                                     {"message", render_markdown(n, Markdown::kCommon, o.labels)},
                                     {"priority", kPriority[static_cast<std::size_t>(n.severity)]},
                                     {"extras", extras}});
  r.headers.emplace_back("X-Gotify-Key", o.token);
  return r;
}

Result<HttpRequest> ntfy(const Notification& n, const FormatOptions& o) {
  static constexpr std::array<int, 3> kPriority{3, 4, 5};
  static constexpr std::array<std::string_view, 3> kTags{"information_source", "warning",
                                                         "rotating_light"};
  auto slash = o.url.find('/', o.url.find("://") == std::string::npos ? 0 : o.url.find("://") + 3);
  if (slash == std::string::npos || slash + 1 >= o.url.size()) {
    return make_error(ErrorCode::kInvalidArgument, "ntfy url must name a topic", o.url);
  }
  std::string topic = o.url.substr(slash + 1);
  if (topic.find('/') != std::string::npos) {
    return make_error(ErrorCode::kInvalidArgument, "ntfy url must be https://host/<topic>", o.url);
  }
  auto sev = static_cast<std::size_t>(n.severity);
  json body = {{"topic", topic},
               {"title", headline(n, o.labels)},
               {"message", render_markdown(n, Markdown::kCommon, o.labels)},
               {"markdown", true},
               {"priority", kPriority[sev]},
               {"tags", json::array({std::string(kTags[sev])})}};
  if (!first_link(n).empty()) {
    body["click"] = first_link(n);
  }
  HttpRequest r = json_request(o.url.substr(0, slash), body);
  if (!o.token.empty()) {
    r.headers.emplace_back("Authorization", "Bearer " + o.token);
  }
  return r;
}

}  // namespace

std::string_view to_string(WebhookFormat f) {
  for (const auto& [format, name] : kNames) {
    if (format == f) {
      return name;
    }
  }
  return "generic";
}

std::optional<WebhookFormat> parse_webhook_format(std::string_view name) {
  for (const auto& [format, n] : kNames) {
    if (n == name) {
      return format;
    }
  }
  return std::nullopt;
}

Result<HttpRequest> format_request(WebhookFormat format, const Notification& n,
                                   const FormatOptions& options) {
  switch (format) {
    case WebhookFormat::kGeneric: {
      HttpRequest r;
      r.url = options.url;
      r.headers.emplace_back("Content-Type", "application/json");
      r.body = webhook_payload(n);
      return r;
    }
    case WebhookFormat::kSlack:
      return slack(n, options);
    case WebhookFormat::kDiscord:
      return discord(n, options);
    case WebhookFormat::kTeams:
      return teams(n, options);
    case WebhookFormat::kMattermost:
      return mattermost(n, options);
    case WebhookFormat::kMatrix: {
      HttpRequest r = matrix(n, options);
      r.headers.emplace_back("Authorization", "Bearer " + options.token);
      return r;
    }
    case WebhookFormat::kNtfy:
      return ntfy(n, options);
    case WebhookFormat::kGotify:
      return gotify(n, options);
  }
  return make_error(ErrorCode::kInternal, "unknown webhook format");
}

std::string truncate_utf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) {
    return std::string(s);
  }
  constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  std::size_t n = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80) {
    --n;
  }
  return std::string(s.substr(0, n)) + std::string(kEllipsis);
}

}  // namespace armwatch::alerts
