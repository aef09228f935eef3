#include "daemon/alert_receivers.h"

#include "alerts/email_sink.h"
#include "alerts/webhook_format.h"
#include "alerts/webhook_sink.h"
#include "daemon/secrets.h"

namespace armwatch::daemon {
namespace {

Error about(const config::ReceiverConfig& r, const Error& e) {
  return make_error(e.code, e.to_string(), "receiver " + r.name);
}

Result<std::shared_ptr<alerts::AlertSink>> email_sink(const config::ReceiverConfig& r) {
  alerts::EmailConfig c;
  c.url = r.url;
  c.tls = r.tls == "none" ? alerts::SmtpTls::kNone : alerts::SmtpTls::kRequired;
  c.ca_file = r.ca_file;
  c.username = r.username;
  auto password = resolve_secret(r.password, "the SMTP password");
  if (!password) {
    return about(r, password.error());
  }
  c.password = *password;
  c.headers.from_address = r.from;
  c.headers.from_name = r.from_name;
  c.headers.to = r.to;
  c.headers.subject_prefix = r.subject_prefix;
  c.timeout = r.timeout;
  auto sink = alerts::EmailSink::create(std::move(c));
  if (!sink) {
    return about(r, sink.error());
  }
  return std::shared_ptr<alerts::AlertSink>(std::move(*sink));
}

Result<std::shared_ptr<alerts::AlertSink>> webhook_sink(const config::ReceiverConfig& r,
                                                        const Clock& clock) {
  alerts::WebhookConfig c;
  c.url = r.url;
  c.format = alerts::parse_webhook_format(r.format).value_or(alerts::WebhookFormat::kGeneric);
  for (const auto& ref : r.secrets) {
    auto secret = resolve_secret(ref, "the webhook secret");
    if (!secret) {
      return about(r, secret.error());
    }
    c.secrets.push_back(*secret);
  }
  auto token = resolve_secret(r.token, "the token");
  if (!token) {
    return about(r, token.error());
  }
  c.token = *token;
  c.ca_file = r.ca_file;
  c.allow_plain_http = r.allow_plain_http;
  c.timeout = r.timeout;
  auto sink = alerts::WebhookSink::create(std::move(c), clock);
  if (!sink) {
    return about(r, sink.error());
  }
  return std::shared_ptr<alerts::AlertSink>(std::move(*sink));
}

Severity severity_of(const std::string& slug) {
  return parse_severity(slug).value_or(Severity::kInfo);
}

}  // namespace

Result<std::map<std::string, std::shared_ptr<alerts::AlertSink>>> build_receivers(
    const config::AlertsConfig& config, const Clock& clock) {
  std::map<std::string, std::shared_ptr<alerts::AlertSink>> sinks;
  for (const auto& r : config.receivers) {
    auto sink = r.type == "email" ? email_sink(r) : webhook_sink(r, clock);
    if (!sink) {
      return sink.error();
    }
    sinks[r.name] = std::move(*sink);
  }
  return sinks;
}

alerts::RoutingConfig routing_of(const config::AlertsConfig& config) {
  alerts::RoutingConfig routing;
  for (const auto& r : config.receivers) {
    routing.receivers.push_back(alerts::ReceiverRule{r.name, severity_of(r.min_severity)});
  }
  for (const auto& r : config.routes) {
    alerts::Route route;
    route.name = r.name;
    if (!r.min_severity.empty()) {
      route.match.min_severity = severity_of(r.min_severity);
    }
    route.match.categories = r.categories;
    route.match.provisions = r.provisions;
    route.match.tags = r.tags;
    route.match.sources = r.sources;
    route.receivers = r.receivers;
    route.continue_matching = r.continue_matching;
    routing.routes.push_back(std::move(route));
  }
  routing.default_receivers = config.default_receivers;
  return routing;
}

}  // namespace armwatch::daemon
