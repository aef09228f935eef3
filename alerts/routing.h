// Routing: which receivers get an alert, and whether a silence holds it back.
// Plain config structs (config/ maps YAML onto them) and pure functions.
//
// Routes are tried in order; the first that matches takes the alert unless it
// says continue_matching, in which case later routes are tried too. No route
// matched: default_receivers. Each receiver then applies its own minimum
// severity. A matching, active silence does not drop the alert: the target is
// returned with silenced_by set, so the outbox records it as silenced.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/alert.h"
#include "core/result.h"

namespace armwatch::alerts {

// What routing looks at, taken from an alert's content.
struct AlertFacts {
  Severity severity = Severity::kInfo;
  std::string category;
  std::vector<std::string> provisions;
  std::vector<std::string> tags;
  std::vector<std::string> sources;  // outlets and feed names
};

// The highest severity of event and incident; provisions of the event and the
// content; sources of the incident and the reports.
AlertFacts facts_of(const AlertContent& content);

// Every non-empty field must match; within a field any one value does. A value
// ending in '*' matches by prefix ("AA-II-*"). An empty matcher matches all.
struct Matcher {
  std::optional<Severity> min_severity;
  std::vector<std::string> categories;
  std::vector<std::string> provisions;
  std::vector<std::string> tags;
  std::vector<std::string> sources;
};

bool matches(const Matcher& m, const AlertFacts& facts);

struct Route {
  std::string name;
  Matcher match;
  std::vector<std::string> receivers;
  bool continue_matching = false;  // "continue: true"
};

struct ReceiverRule {
  std::string name;
  Severity min_severity = Severity::kInfo;
};

struct RoutingConfig {
  std::vector<Route> routes;
  std::vector<std::string> default_receivers;  // when no route matches
  std::vector<ReceiverRule> receivers;         // every receiver a route may name
};

// kInvalidArgument: a route or the default names an undeclared receiver, a
// receiver is declared twice, or a route has no receiver.
Status validate(const RoutingConfig& config);

struct Silence {
  std::string id;
  Matcher match;
  std::vector<std::string> receivers;  // empty: all receivers
  TimePoint starts;
  TimePoint expires;  // exclusive
  std::string created_by;
  std::string comment;

  bool active(TimePoint now) const { return starts <= now && now < expires; }
};

struct RouteTarget {
  std::string receiver;
  std::string route;        // the route that chose it; empty for the default
  std::string silenced_by;  // the id of the first active, matching silence
};

// Receivers for an alert with `facts` at `now`, each once, in route order.
std::vector<RouteTarget> route_alert(const RoutingConfig& config,
                                     const std::vector<Silence>& silences, const AlertFacts& facts,
                                     TimePoint now);

}  // namespace armwatch::alerts
