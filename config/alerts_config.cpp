#include "config/alerts_config.h"

#include <yaml-cpp/yaml.h>

#include "config/yaml_read.h"

namespace armwatch::config {
namespace {

const std::set<std::string> kSeverities = {"info", "warning", "violation"};

std::string read_severity(const YAML::Node& node, const std::string& what) {
  std::string s = read_string(node, what);
  if (!kSeverities.count(s)) {
    fail(node, what + " must be info, warning or violation");
  }
  return s;
}

// `password_file: PATH`, `password_env: NAME` or `password_credential: NAME`;
// a plain `password:` is refused: secrets never sit in the config.
SecretRef read_secret(const YAML::Node& owner, const std::string& key, const std::string& what) {
  if (owner[key]) {
    fail(owner[key], what + " must not be written inline: use " + key + "_file, " + key +
                         "_env or " + key + "_credential");
  }
  SecretRef ref;
  int set = 0;
  if (owner[key + "_file"]) {
    ref.file = read_string(owner[key + "_file"], what + " file");
    ++set;
  }
  if (owner[key + "_env"]) {
    ref.env = read_string(owner[key + "_env"], what + " environment variable");
    ++set;
  }
  if (owner[key + "_credential"]) {
    ref.credential = read_string(owner[key + "_credential"], what + " credential");
    ++set;
  }
  if (set > 1) {
    fail(owner,
         what + ": give only one of " + key + "_file, " + key + "_env, " + key + "_credential");
  }
  return ref;
}

void read_email(const YAML::Node& node, ReceiverConfig& r) {
  if (node["tls"]) {
    r.tls = read_string(node["tls"], "tls");
    if (r.tls != "required" && r.tls != "none") {
      fail(node["tls"], "tls must be required or none");
    }
  }
  if (node["username"])
    r.username = read_string(node["username"], "username");
  r.password = read_secret(node, "password", "the SMTP password");
  if (!node["from"] || !node["to"]) {
    fail(node, "an email receiver needs 'from' and 'to'");
  }
  r.from = read_string(node["from"], "from");
  if (node["from_name"])
    r.from_name = read_string(node["from_name"], "from_name");
  r.to = read_strings(node["to"], "to");
  if (node["subject_prefix"]) {
    r.subject_prefix = read_string(node["subject_prefix"], "subject_prefix");
  }
  if (node["digest"]) {
    r.digest = read_string(node["digest"], "digest");
    if (r.digest != "hourly" && r.digest != "daily") {
      fail(node["digest"], "digest must be hourly or daily");
    }
  }
}

void read_webhook(const YAML::Node& node, ReceiverConfig& r) {
  static const std::set<std::string> kFormats = {"generic",    "slack",  "discord", "teams",
                                                 "mattermost", "matrix", "ntfy",    "gotify"};
  if (node["format"]) {
    r.format = read_string(node["format"], "format");
    if (!kFormats.count(r.format)) {
      fail(node["format"],
           "format must be generic, slack, discord, teams, mattermost, matrix, ntfy or gotify");
    }
  }
  SecretRef secret = read_secret(node, "secret", "the webhook secret");
  if (!secret.empty()) {
    r.secrets.push_back(secret);
  }
  SecretRef previous = read_secret(node, "previous_secret", "the previous webhook secret");
  if (!previous.empty()) {
    r.secrets.push_back(previous);  // rotation: both sign until the receiver moves on
  }
  r.token = read_secret(node, "token", "the token");
  if (node["allow_plain_http"]) {
    r.allow_plain_http = read_bool(node["allow_plain_http"], "allow_plain_http");
  }
}

ReceiverConfig read_receiver(const YAML::Node& node) {
  check_keys(node,
             {"name",
              "type",
              "min_severity",
              "url",
              "timeout",
              "ca_file",
              "tls",
              "username",
              "password",
              "password_file",
              "password_env",
              "password_credential",
              "from",
              "from_name",
              "to",
              "subject_prefix",
              "digest",
              "format",
              "secret",
              "secret_file",
              "secret_env",
              "secret_credential",
              "previous_secret",
              "previous_secret_file",
              "previous_secret_env",
              "previous_secret_credential",
              "token",
              "token_file",
              "token_env",
              "token_credential",
              "allow_plain_http"},
             "receiver");
  if (!node["name"] || !node["type"] || !node["url"]) {
    fail(node, "a receiver needs 'name', 'type' and 'url'");
  }
  ReceiverConfig r;
  r.line = node.Mark().line + 1;
  r.name = read_string(node["name"], "receiver name");
  r.type = read_string(node["type"], "receiver type");
  r.url = read_string(node["url"], "receiver url");
  if (node["min_severity"])
    r.min_severity = read_severity(node["min_severity"], "min_severity");
  if (node["timeout"])
    r.timeout = read_duration(node["timeout"], "timeout");
  if (node["ca_file"])
    r.ca_file = read_string(node["ca_file"], "ca_file");
  if (r.type == "email") {
    read_email(node, r);
  } else if (r.type == "webhook") {
    if (node["digest"]) {
      fail(node["digest"], "digest is an email receiver's option");
    }
    read_webhook(node, r);
  } else {
    fail(node["type"], "receiver type must be email or webhook");
  }
  return r;
}

RouteConfig read_route(const YAML::Node& node) {
  check_keys(node, {"name", "match", "receivers", "continue"}, "route");
  RouteConfig r;
  if (node["name"])
    r.name = read_string(node["name"], "route name");
  if (!node["receivers"]) {
    fail(node, "a route needs 'receivers'");
  }
  r.receivers = read_strings(node["receivers"], "receivers");
  if (node["continue"])
    r.continue_matching = read_bool(node["continue"], "continue");
  if (const YAML::Node& m = node["match"]) {
    check_keys(m, {"min_severity", "category", "provision", "tag", "source"}, "match");
    if (m["min_severity"])
      r.min_severity = read_severity(m["min_severity"], "min_severity");
    if (m["category"])
      r.categories = read_strings(m["category"], "category");
    if (m["provision"])
      r.provisions = read_strings(m["provision"], "provision");
    if (m["tag"])
      r.tags = read_strings(m["tag"], "tag");
    if (m["source"])
      r.sources = read_strings(m["source"], "source");
  }
  return r;
}

void check_receiver_names(const YAML::Node& node, const AlertsConfig& a) {
  auto known = [&](const std::string& name) {
    for (const auto& r : a.receivers) {
      if (r.name == name) {
        return true;
      }
    }
    return false;
  };
  for (std::size_t i = 0; i < a.routes.size(); ++i) {
    for (const auto& name : a.routes[i].receivers) {
      if (!known(name)) {
        fail(node["routes"][i]["receivers"], "route names an unknown receiver '" + name + "'");
      }
    }
  }
  for (const auto& name : a.default_receivers) {
    if (!known(name)) {
      fail(node["default_receivers"], "default_receivers names an unknown receiver '" + name + "'");
    }
  }
}

void read_timing(const YAML::Node& node, AlertsConfig& a) {
  if (node["group_wait"])
    a.group_wait = read_duration(node["group_wait"], "group_wait");
  if (node["group_interval"]) {
    a.group_interval = read_duration(node["group_interval"], "group_interval");
  }
  if (node["repeat_interval"]) {
    a.repeat_interval = read_duration(node["repeat_interval"], "repeat_interval");
  }
  if (node["queue_capacity"]) {
    a.queue_capacity =
        static_cast<std::size_t>(read_int(node["queue_capacity"], "queue_capacity", 1, 1'000'000));
  }
  if (node["retry_base"])
    a.retry_base = read_duration(node["retry_base"], "retry_base");
  if (node["retry_cap"])
    a.retry_cap = read_duration(node["retry_cap"], "retry_cap");
  if (node["retry_deadline"]) {
    a.retry_deadline = read_duration(node["retry_deadline"], "retry_deadline");
  }
}

}  // namespace

void read_alerts(const YAML::Node& node, AlertsConfig& a) {
  check_keys(node,
             {"group_wait", "group_interval", "repeat_interval", "queue_capacity", "retry_base",
              "retry_cap", "retry_deadline", "receivers", "routes", "default_receivers"},
             "alerts");
  read_timing(node, a);
  if (const YAML::Node& receivers = node["receivers"]) {
    for (const auto& item : receivers) {
      ReceiverConfig r = read_receiver(item);
      for (const auto& other : a.receivers) {
        if (other.name == r.name) {
          fail(item["name"], "duplicate receiver name '" + r.name + "'");
        }
      }
      a.receivers.push_back(std::move(r));
    }
  }
  if (const YAML::Node& routes = node["routes"]) {
    for (const auto& item : routes) {
      a.routes.push_back(read_route(item));
    }
  }
  if (node["default_receivers"]) {
    a.default_receivers = read_strings(node["default_receivers"], "default_receivers");
  }
  check_receiver_names(node, a);
}

}  // namespace armwatch::config
