#include "alerts/webhook_format.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "alerts/webhook_signature.h"
#include "tests/alerts/alert_fixtures.h"

using namespace armwatch;
using namespace armwatch::alerts;
using nlohmann::json;

namespace {

std::string header(const HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) {
      return v;
    }
  }
  return "<missing>";
}

HttpRequest request_for(WebhookFormat f, const std::string& url, const std::string& token = "") {
  auto r = format_request(f, fixtures::sample_notification(), {url, token, {}});
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("Standard Webhooks signature matches the spec's example", "[alerts][webhook]") {
  auto key = decode_webhook_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  REQUIRE(key);
  CHECK(webhook_signature({*key}, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                          R"({"test": 2432232314})") ==
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  auto other = decode_webhook_secret("c2Vjb25k");  // the prefix is optional
  REQUIRE(other);
  auto both = webhook_signature({*key, *other}, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                                R"({"test": 2432232314})");
  CHECK(both.rfind("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,", 0) == 0);
  CHECK_FALSE(decode_webhook_secret("whsec_not base64!"));
  CHECK_FALSE(decode_webhook_secret("whsec_"));
}

TEST_CASE("The generic payload is versioned and complete", "[alerts][webhook]") {
  auto n = fixtures::sample_notification();
  auto j = json::parse(webhook_payload(n));
  CHECK(j["version"] == 1);
  CHECK(j["id"] == "n-0001");
  CHECK(j["kind"] == "new");
  CHECK(j["severity"] == "violation");
  CHECK(j["title"] == "북한 탄도미사일 발사");
  CHECK(j["event"]["category"] == "missile-launch");
  CHECK(j["event"]["time"] == "2024-06-09T03:30:00Z");
  CHECK(j["incident"]["id"] == 42);
  CHECK(j["incident"]["sources"] == json({"Yonhap", "KCNA"}));
  CHECK(j["provisions"][0]["id"] == "UNSCR-1718");
  CHECK(j["provisions"][0]["paraphrase"] == "Bans DPRK ballistic missile launches & nuclear tests");
  CHECK(j["precedents"][0]["id"] == "2017-11-29");
  CHECK(j["evidence"][0]["text"] == "탄도미사일 발사");
  CHECK(j["evidence"][1]["begin"] == 10);
  CHECK(j["links"][0]["url"] == "https://example.org/yna/1?a=1&b=2");
  CHECK(j["links"][0]["published"] == "2024-06-09T03:30:00Z");
  CHECK_FALSE(j["links"][1].contains("published"));
  n.content.incident.reset();
  n.content.title = "bad \xff utf-8";
  auto k = json::parse(webhook_payload(n));
  CHECK(k["incident"].is_null());
  CHECK(k["title"] == "bad \xEF\xBF\xBD utf-8");
}

TEST_CASE("Slack and Mattermost get markdown text", "[alerts][webhook]") {
  auto s = request_for(WebhookFormat::kSlack, "https://hooks.slack.com/services/T/B/X");
  auto j = json::parse(s.body);
  CHECK(s.url == "https://hooks.slack.com/services/T/B/X");
  CHECK(header(s, "Content-Type") == "application/json");
  CHECK(j["text"] == "violation: 북한 탄도미사일 발사");
  CHECK(j["blocks"][0]["type"] == "header");
  CHECK(j["blocks"][1]["text"]["type"] == "mrkdwn");
  CHECK(j["blocks"][1]["text"]["text"].get<std::string>().find("<https://example.org/kcna/2|") !=
        std::string::npos);
  auto m = json::parse(request_for(WebhookFormat::kMattermost, "https://mm/hooks/x").body);
  CHECK(m["text"].get<std::string>().find(
            "[DPRK fires missile (KCNA)](https://example.org/kcna/2)") != std::string::npos);
}

TEST_CASE("Discord gets an embed and waits for the result", "[alerts][webhook]") {
  auto r = request_for(WebhookFormat::kDiscord, "https://discord.com/api/webhooks/1/abc");
  CHECK(r.url == "https://discord.com/api/webhooks/1/abc?wait=true");
  auto j = json::parse(r.body);
  CHECK(j["embeds"][0]["title"] == "violation: 북한 탄도미사일 발사");
  CHECK(j["embeds"][0]["url"] == "https://example.org/yna/1?a=1&b=2");
  CHECK(j["embeds"][0]["color"] == 0xcf222e);
  CHECK(j["allowed_mentions"]["parse"].empty());
}

TEST_CASE("Teams gets an Adaptive Card", "[alerts][webhook]") {
  auto j =
      json::parse(request_for(WebhookFormat::kTeams, "https://example.webhook.office.com/x").body);
  CHECK(j["type"] == "message");
  const auto& card = j["attachments"][0];
  CHECK(card["contentType"] == "application/vnd.microsoft.card.adaptive");
  CHECK(card["content"]["type"] == "AdaptiveCard");
  CHECK(card["content"]["body"][0]["text"] == "violation: 북한 탄도미사일 발사");
  CHECK(card["content"]["actions"][0]["url"] == "https://example.org/yna/1?a=1&b=2");
}

TEST_CASE("Matrix PUTs with the notification id as transaction id", "[alerts][webhook]") {
  auto r = request_for(WebhookFormat::kMatrix,
                       "https://m.example/_matrix/client/v3/rooms/!r:m.example/send/m.room.message",
                       "syt_token");
  CHECK(r.method == "PUT");
  CHECK(r.url ==
        "https://m.example/_matrix/client/v3/rooms/!r:m.example/send/m.room.message/n-0001");
  CHECK(header(r, "Authorization") == "Bearer syt_token");
  auto j = json::parse(r.body);
  CHECK(j["msgtype"] == "m.text");
  CHECK(j["format"] == "org.matrix.custom.html");
  CHECK(j["formatted_body"].get<std::string>().find("<h3>Provisions</h3>") != std::string::npos);
}

TEST_CASE("ntfy publishes JSON to the server root", "[alerts][webhook]") {
  auto r = request_for(WebhookFormat::kNtfy, "https://ntfy.sh/armwatch-alerts", "tk_x");
  CHECK(r.url == "https://ntfy.sh");
  CHECK(header(r, "Authorization") == "Bearer tk_x");
  auto j = json::parse(r.body);
  CHECK(j["topic"] == "armwatch-alerts");
  CHECK(j["priority"] == 5);
  CHECK(j["tags"][0] == "rotating_light");
  CHECK(j["click"] == "https://example.org/yna/1?a=1&b=2");
  CHECK_FALSE(format_request(WebhookFormat::kNtfy, fixtures::sample_notification(),
                             {"https://ntfy.sh/", "", {}}));
  CHECK_FALSE(format_request(WebhookFormat::kNtfy, fixtures::sample_notification(),
                             {"https://ntfy.sh/a/b", "", {}}));
}

TEST_CASE("Gotify posts to /message with the app token", "[alerts][webhook]") {
  auto r = request_for(WebhookFormat::kGotify, "https://gotify.example", "AppTok");
  CHECK(r.url == "https://gotify.example/message");
  CHECK(header(r, "X-Gotify-Key") == "AppTok");
  auto j = json::parse(r.body);
  CHECK(j["priority"] == 8);
  CHECK(j["extras"]["client::display"]["contentType"] == "text/markdown");
  CHECK(request_for(WebhookFormat::kGotify, "https://g/message", "t").url == "https://g/message");
}

TEST_CASE("Format names round-trip and text is cut at character boundaries", "[alerts][webhook]") {
  for (auto f : {WebhookFormat::kGeneric, WebhookFormat::kSlack, WebhookFormat::kDiscord,
                 WebhookFormat::kTeams, WebhookFormat::kMattermost, WebhookFormat::kMatrix,
                 WebhookFormat::kNtfy, WebhookFormat::kGotify}) {
    CHECK(parse_webhook_format(to_string(f)) == f);
  }
  CHECK_FALSE(parse_webhook_format("pager"));
  CHECK(truncate_utf8("abc", 3) == "abc");
  CHECK(truncate_utf8("위반위반", 8) == "위\xE2\x80\xA6");
  CHECK(truncate_utf8("abcdef", 5) == "ab\xE2\x80\xA6");
}
