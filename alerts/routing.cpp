#include "alerts/routing.h"

#include <algorithm>
#include <set>

namespace armwatch::alerts {
namespace {

bool value_matches(const std::string& pattern, const std::string& value) {
  if (!pattern.empty() && pattern.back() == '*') {
    return value.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  }
  return pattern == value;
}

// True when `patterns` is empty or one of them matches one of `values`.
bool any_matches(const std::vector<std::string>& patterns, const std::vector<std::string>& values) {
  if (patterns.empty()) {
    return true;
  }
  for (const auto& p : patterns) {
    for (const auto& v : values) {
      if (value_matches(p, v)) {
        return true;
      }
    }
  }
  return false;
}

void add_unique(std::vector<std::string>& out, const std::string& value) {
  if (!value.empty() && std::find(out.begin(), out.end(), value) == out.end()) {
    out.push_back(value);
  }
}

const ReceiverRule* find_receiver(const RoutingConfig& config, const std::string& name) {
  for (const auto& r : config.receivers) {
    if (r.name == name) {
      return &r;
    }
  }
  return nullptr;
}

std::string silence_for(const std::vector<Silence>& silences, const AlertFacts& facts,
                        const std::string& receiver, TimePoint now) {
  for (const auto& s : silences) {
    bool for_receiver = s.receivers.empty() || std::find(s.receivers.begin(), s.receivers.end(),
                                                         receiver) != s.receivers.end();
    if (for_receiver && s.active(now) && matches(s.match, facts)) {
      return s.id;
    }
  }
  return {};
}

}  // namespace

AlertFacts facts_of(const AlertContent& content) {
  AlertFacts f;
  f.severity = content.event.severity;
  f.category = content.event.category;
  for (const auto& p : content.event.provisions) {
    add_unique(f.provisions, p);
  }
  for (const auto& p : content.provisions) {
    add_unique(f.provisions, p.id);
  }
  f.tags = content.tags;
  if (content.incident) {
    f.severity = std::max(f.severity, content.incident->severity);
    for (const auto& s : content.incident->sources) {
      add_unique(f.sources, s);
    }
  }
  for (const auto& r : content.reports) {
    add_unique(f.sources, r.source);
  }
  return f;
}

bool matches(const Matcher& m, const AlertFacts& facts) {
  if (m.min_severity && facts.severity < *m.min_severity) {
    return false;
  }
  return any_matches(m.categories, {facts.category}) &&
         any_matches(m.provisions, facts.provisions) && any_matches(m.tags, facts.tags) &&
         any_matches(m.sources, facts.sources);
}

Status validate(const RoutingConfig& config) {
  std::set<std::string> names;
  for (const auto& r : config.receivers) {
    if (!names.insert(r.name).second) {
      return make_error(ErrorCode::kInvalidArgument, "receiver declared twice", r.name);
    }
  }
  for (const auto& route : config.routes) {
    if (route.receivers.empty()) {
      return make_error(ErrorCode::kInvalidArgument, "route has no receiver", route.name);
    }
    for (const auto& r : route.receivers) {
      if (names.count(r) == 0) {
        return make_error(ErrorCode::kInvalidArgument, "route names unknown receiver '" + r + "'",
                          route.name);
      }
    }
  }
  for (const auto& r : config.default_receivers) {
    if (names.count(r) == 0) {
      return make_error(ErrorCode::kInvalidArgument, "unknown default receiver", r);
    }
  }
  return ok_status();
}

std::vector<RouteTarget> route_alert(const RoutingConfig& config,
                                     const std::vector<Silence>& silences, const AlertFacts& facts,
                                     TimePoint now) {
  std::vector<std::pair<std::string, std::string>> chosen;  // receiver, route
  auto choose = [&](const std::string& receiver, const std::string& route) {
    for (const auto& c : chosen) {
      if (c.first == receiver) {
        return;
      }
    }
    chosen.emplace_back(receiver, route);
  };
  bool matched = false;
  for (const auto& route : config.routes) {
    if (!matches(route.match, facts)) {
      continue;
    }
    matched = true;
    for (const auto& r : route.receivers) {
      choose(r, route.name);
    }
    if (!route.continue_matching) {
      break;
    }
  }
  if (!matched) {
    for (const auto& r : config.default_receivers) {
      choose(r, "");
    }
  }
  std::vector<RouteTarget> out;
  for (const auto& [receiver, route] : chosen) {
    const ReceiverRule* rule = find_receiver(config, receiver);
    if (rule != nullptr && facts.severity < rule->min_severity) {
      continue;
    }
    out.push_back({receiver, route, silence_for(silences, facts, receiver, now)});
  }
  return out;
}

}  // namespace armwatch::alerts
