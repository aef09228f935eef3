#include "alerts/routing.h"

#include <catch2/catch.hpp>

#include "tests/alerts/alert_fixtures.h"

using namespace armwatch;
using namespace armwatch::alerts;
using namespace std::chrono_literals;

namespace {

AlertFacts facts(Severity s, std::string category, std::vector<std::string> provisions = {},
                 std::vector<std::string> tags = {}, std::vector<std::string> sources = {}) {
  return {s, std::move(category), std::move(provisions), std::move(tags), std::move(sources)};
}

std::vector<std::string> names(const std::vector<RouteTarget>& targets) {
  std::vector<std::string> out;
  for (const auto& t : targets) {
    out.push_back(t.receiver);
  }
  return out;
}

RoutingConfig sample_config() {
  RoutingConfig c;
  c.receivers = {{"oncall", Severity::kWarning},
                 {"archive", Severity::kInfo},
                 {"korea-desk", Severity::kInfo},
                 {"chat", Severity::kViolation}};
  Route severe{"severe", {}, {"oncall"}, true};
  severe.match.min_severity = Severity::kWarning;
  Route korean{"yonhap", {}, {"korea-desk"}, false};
  korean.match.sources = {"Yonhap"};
  Route dmz{"dmz", {}, {"chat", "oncall"}, false};
  dmz.match.categories = {"dmz-hostile-act", "mdl-crossing"};
  dmz.match.provisions = {"AA-I-*"};
  c.routes = {severe, korean, dmz};
  c.default_receivers = {"archive"};
  return c;
}

}  // namespace

TEST_CASE("Facts come from event, incident and reports", "[alerts][routing]") {
  auto n = fixtures::sample_notification();
  n.content.event.severity = Severity::kWarning;
  auto f = facts_of(n.content);
  CHECK(f.severity == Severity::kViolation);  // the incident's
  CHECK(f.category == "missile-launch");
  CHECK(f.provisions == std::vector<std::string>{"UNSCR-1718"});
  CHECK(f.sources == std::vector<std::string>{"Yonhap", "KCNA"});
  CHECK(f.tags == std::vector<std::string>{"dprk", "missile"});
}

TEST_CASE("Matchers need every set field, any value within one", "[alerts][routing]") {
  Matcher m;
  CHECK(matches(m, facts(Severity::kInfo, "x")));
  m.min_severity = Severity::kWarning;
  CHECK_FALSE(matches(m, facts(Severity::kInfo, "x")));
  CHECK(matches(m, facts(Severity::kViolation, "x")));
  m.provisions = {"AA-II-*", "UNSCR-1718"};
  CHECK(matches(m, facts(Severity::kWarning, "x", {"AA-II-13c"})));
  CHECK(matches(m, facts(Severity::kWarning, "x", {"CMA-1", "UNSCR-1718"})));
  CHECK_FALSE(matches(m, facts(Severity::kWarning, "x", {"AA-I-6"})));
  m.tags = {"dprk"};
  CHECK_FALSE(matches(m, facts(Severity::kWarning, "x", {"UNSCR-1718"}, {"rok"})));
  CHECK(matches(m, facts(Severity::kWarning, "x", {"UNSCR-1718"}, {"rok", "dprk"})));
}

TEST_CASE("Routes stop at the first match unless they continue", "[alerts][routing]") {
  auto c = sample_config();
  REQUIRE(validate(c));
  auto now = *parse_rfc3339("2024-06-09T03:30:00Z");
  // severe continues; yonhap matches and stops before dmz.
  CHECK(names(route_alert(
            c, {}, facts(Severity::kViolation, "dmz-hostile-act", {"AA-I-6"}, {}, {"Yonhap"}),
            now)) == std::vector<std::string>{"oncall", "korea-desk"});
  // severe continues into dmz; oncall is not repeated.
  CHECK(names(route_alert(c, {}, facts(Severity::kViolation, "dmz-hostile-act", {"AA-I-6"}),
                          now)) == std::vector<std::string>{"oncall", "chat"});
  // Per-receiver minimum: chat wants violations only, oncall warnings.
  CHECK(names(route_alert(c, {}, facts(Severity::kInfo, "mdl-crossing", {"AA-I-1"}), now)).empty());
  CHECK(names(route_alert(c, {}, facts(Severity::kWarning, "mdl-crossing", {"AA-I-1"}), now)) ==
        std::vector<std::string>{"oncall"});
  // Nothing matched: the default receivers.
  CHECK(names(route_alert(c, {}, facts(Severity::kInfo, "diplomacy-talks"), now)) ==
        std::vector<std::string>{"archive"});
}

TEST_CASE("Silences mark targets while active, and only matching ones", "[alerts][routing]") {
  auto c = sample_config();
  auto now = *parse_rfc3339("2024-06-09T03:30:00Z");
  Silence s;
  s.id = "sil-1";
  s.match.categories = {"missile-launch"};
  s.receivers = {"oncall"};
  s.starts = now - 1h;
  s.expires = now + 1h;
  auto targets =
      route_alert(c, {s}, facts(Severity::kViolation, "missile-launch", {}, {}, {"Yonhap"}), now);
  REQUIRE(targets.size() == 2);
  CHECK(targets[0].receiver == "oncall");
  CHECK(targets[0].route == "severe");
  CHECK(targets[0].silenced_by == "sil-1");
  CHECK(targets[1].receiver == "korea-desk");
  CHECK(targets[1].silenced_by.empty());
  auto later = route_alert(c, {s}, facts(Severity::kViolation, "missile-launch"), now + 1h);
  REQUIRE(later.size() == 1);
  CHECK(later[0].silenced_by.empty());
  auto other = route_alert(c, {s}, facts(Severity::kViolation, "nuclear-test"), now);
  CHECK(other[0].silenced_by.empty());
}

TEST_CASE("Routing config is validated", "[alerts][routing]") {
  auto c = sample_config();
  c.routes[0].receivers = {"nobody"};
  CHECK_FALSE(validate(c));
  c = sample_config();
  c.receivers.push_back({"chat", Severity::kInfo});
  CHECK_FALSE(validate(c));
  c = sample_config();
  c.default_receivers = {"ghost"};
  CHECK_FALSE(validate(c));
  c = sample_config();
  c.routes[1].receivers.clear();
  CHECK_FALSE(validate(c));
}
