// The `alerts:` section of the config as plain structs: receivers (email,
// webhook), routes and grouping. daemon/ maps them onto alerts/' own types.
// Secrets are never inline: each names a file, an environment variable or a
// systemd credential, read when the daemon builds its receivers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace YAML {
class Node;
}

namespace armwatch::config {

// Where a secret comes from: exactly one of these is set.
struct SecretRef {
  std::string file;        // a path, read whole (a trailing newline is dropped)
  std::string env;         // an environment variable's name
  std::string credential;  // a file name under $CREDENTIALS_DIRECTORY
  bool empty() const { return file.empty() && env.empty() && credential.empty(); }
};

struct ReceiverConfig {
  std::string name;
  std::string type;  // "email" or "webhook"
  std::string min_severity = "info";
  std::string url;  // smtps://, smtp:// (STARTTLS required), http(s)://
  Millis timeout{30'000};
  std::string ca_file;
  // email
  std::string tls = "required";  // "required"; "none" only for loopback test servers
  std::string username;
  SecretRef password;
  std::string from;
  std::string from_name = "armwatch";
  std::vector<std::string> to;
  std::string subject_prefix = "[armwatch]";
  // "hourly" or "daily": instead of one mail per incident, one digest mail per
  // period (UTC hours or days) listing every incident alerted in it. Empty: none.
  std::string digest;
  // webhook
  std::string format =
      "generic";  // generic, slack, discord, teams, mattermost, matrix, ntfy, gotify
  std::vector<SecretRef> secrets;  // Standard Webhooks signing secrets (several while rotating)
  SecretRef token;                 // Matrix, Gotify, ntfy
  bool allow_plain_http = false;
  int line = 0;
};

struct RouteConfig {
  std::string name;
  std::string min_severity;  // empty: any
  std::vector<std::string> categories;
  std::vector<std::string> provisions;  // "AA-II-*" matches by prefix
  std::vector<std::string> tags;
  std::vector<std::string> sources;
  std::vector<std::string> receivers;
  bool continue_matching = false;
};

struct AlertsConfig {
  Millis group_wait{30'000};
  Millis group_interval{5 * 60'000};
  std::optional<Millis> repeat_interval;  // unset: an unchanged incident is never repeated
  std::size_t queue_capacity = 1000;
  Millis retry_base{5'000};
  Millis retry_cap{30 * 60'000};
  Millis retry_deadline{24 * 3'600'000};
  std::vector<ReceiverConfig> receivers;
  std::vector<RouteConfig> routes;
  std::vector<std::string> default_receivers;  // when no route matches

  bool enabled() const { return !receivers.empty(); }
};

// Internal to config/: reads the `alerts:` node (throws ConfigError).
void read_alerts(const YAML::Node& node, AlertsConfig& alerts);

}  // namespace armwatch::config
