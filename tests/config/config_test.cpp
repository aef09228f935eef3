#include "config/config.h"

#include <filesystem>

#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"

using namespace armwatch;
using armwatch::config::parse_config;

TEST_CASE("a full config reads into plain structs", "[config]") {
  auto cfg = parse_config(R"(
database: /var/lib/armwatch/armwatch.db
rules: [/usr/share/armwatch/rules, /etc/armwatch/rules.d]
log_level: debug
poll:
  interval: 10m
  jitter: 45s
  new_feed_backfill: 2d
  concurrency: 16
  per_host: 3
fetch:
  timeout: 30s
  max_body: 8MiB
  max_redirects: 3
  proxy: http://127.0.0.1:3128
feeds:
  - name: un-news
    url: https://news.un.org/feed/subscribe/en/news/region/asia-pacific/feed/rss.xml
    source: UN News
    interval: 30m
  - name: disabled-one
    url: http://example.org/rss
    enabled: false
)",
                          "test.yaml");
  REQUIRE(cfg);
  CHECK(cfg->database == "/var/lib/armwatch/armwatch.db");
  CHECK(cfg->rules.size() == 2);
  CHECK(cfg->log_level == "debug");
  CHECK(cfg->poll.interval == Millis(600'000));
  CHECK(cfg->poll.jitter == Millis(45'000));
  CHECK(cfg->poll.new_feed_backfill == Millis(2 * 86'400'000LL));
  CHECK(cfg->poll.concurrency == 16);
  CHECK(cfg->fetch.max_body_bytes == 8u << 20);
  CHECK(cfg->fetch.proxy == "http://127.0.0.1:3128");
  REQUIRE(cfg->feeds.size() == 2);
  CHECK(cfg->feeds[0].source == "UN News");
  CHECK(cfg->feeds[0].interval == Millis(1'800'000));
  CHECK(cfg->feeds[1].source == "disabled-one");
  CHECK_FALSE(cfg->feeds[1].enabled);
}

TEST_CASE("defaults apply when sections are absent", "[config]") {
  auto cfg = parse_config("feeds: []\n", "min.yaml");
  REQUIRE(cfg);
  CHECK(cfg->database == "./var/armwatch.db");
  CHECK(cfg->poll.new_feed_backfill == Millis(48 * 3'600'000LL));
  CHECK(cfg->fetch.max_body_bytes == 16u << 20);
}

TEST_CASE("errors name the file, line and column", "[config]") {
  struct Case {
    const char* text;
    const char* where;
    const char* says;
  };
  const Case cases[] = {
      {"feeds: []\npoll:\n  intervall: 5m\n", "bad.yaml:3:3", "unknown key 'intervall' in poll"},
      {"poll:\n  interval: soon\n", "bad.yaml:2:13", "duration"},
      {"feeds:\n  - name: a\n    url: file:///etc/passwd\n", "bad.yaml:3:10",
       "http:// or https://"},
      {"feeds:\n  - name: a\n    url: http://x/\n  - name: a\n    url: http://y/\n",
       "bad.yaml:4:11", "duplicate feed name 'a'"},
      {"feeds:\n  - url: http://x/\n", "bad.yaml:2:5", "needs both"},
      {"poll: {concurrency: 0}\n", "bad.yaml:1:21", "integer from 1"},
      {"fetch:\n  max_body: lots\n", "bad.yaml:2:13", "size"},
      {"feeds: [\n", "bad.yaml:", ""},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto cfg = parse_config(c.text, "bad.yaml");
    REQUIRE_FALSE(cfg);
    CHECK_THAT(cfg.error().context, Catch::StartsWith(c.where));
    CHECK_THAT(cfg.error().message, Catch::Contains(c.says));
  }
}

TEST_CASE("load_config reads a file and names a missing one", "[config]") {
  testing::TempDir dir;
  auto path = dir.write("armwatch.yaml", "database: ./x.db\nfeeds: []\n");
  auto cfg = config::load_config(path);
  REQUIRE(cfg);
  CHECK(cfg->path == path);
  auto missing = config::load_config(dir.file("nope.yaml"));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ErrorCode::kNotFound);
  CHECK(missing.error().context == dir.file("nope.yaml"));
}

TEST_CASE("sizes accept binary and decimal units", "[config]") {
  CHECK(config::parse_size("16MiB") == std::size_t{16} << 20);
  CHECK(config::parse_size("2MB") == std::size_t{2'000'000});
  CHECK(config::parse_size("512") == std::size_t{512});
  CHECK_FALSE(config::parse_size("12 parsecs"));
  CHECK_FALSE(config::parse_size("MiB"));
}

namespace {

// Sets an environment variable for the length of a scope.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value) : name_(name) { setenv(name, value, 1); }
  ~EnvVar() { unsetenv(name_); }
  EnvVar(const EnvVar&) = delete;
  EnvVar& operator=(const EnvVar&) = delete;

 private:
  const char* name_;
};

}  // namespace

TEST_CASE("conf.d drop-ins override keys and add feeds, in name order", "[config][dropin]") {
  testing::TempDir dir;
  auto main = dir.write("config.yaml",
                        "database: /a.db\npoll: {interval: 10m}\nfeeds:\n"
                        "  - {name: one, url: 'http://127.0.0.1/1'}\n");
  dir.write("conf.d/20-more.yaml", "feeds:\n  - {name: two, url: 'http://127.0.0.1/2'}\n");
  dir.write("conf.d/10-db.yaml", "database: /b.db\n");
  dir.write("conf.d/notes.txt", "not yaml: [");
  auto cfg = config::load_config(main);
  REQUIRE(cfg);
  CHECK(cfg->database == "/b.db");
  CHECK(cfg->poll.interval == Millis(600'000));
  REQUIRE(cfg->feeds.size() == 2);
  CHECK(cfg->feeds[1].name == "two");
  CHECK(cfg->feeds[1].file == dir.file("conf.d/20-more.yaml"));
  CHECK(cfg->dropins.size() == 2);
}

TEST_CASE("a drop-in's error names the drop-in, and duplicates across files are caught",
          "[config][dropin]") {
  testing::TempDir dir;
  auto main = dir.write("config.yaml", "feeds:\n  - {name: one, url: 'http://127.0.0.1/1'}\n");
  dir.write("conf.d/50-dup.yaml", "\nfeeds:\n  - {name: one, url: 'http://127.0.0.1/9'}\n");
  auto cfg = config::load_config(main);
  REQUIRE_FALSE(cfg);
  CHECK_THAT(cfg.error().context, Catch::StartsWith(dir.file("conf.d/50-dup.yaml") + ":3:"));
  CHECK_THAT(cfg.error().message, Catch::Contains("first declared at " + main + ":2"));
}

TEST_CASE("ARMWATCH_* variables override the files and are validated", "[config][env]") {
  testing::TempDir dir;
  auto main = dir.write("config.yaml", "database: /a.db\nrules: [/r1]\n");
  {
    EnvVar db("ARMWATCH_DATABASE", "/env.db");
    EnvVar poll("ARMWATCH_POLL_INTERVAL", "2h");
    EnvVar rules("ARMWATCH_RULES", "/x:/y");
    auto cfg = config::load_config(main);
    REQUIRE(cfg);
    CHECK(cfg->database == "/env.db");
    CHECK(cfg->poll.interval == Millis(7'200'000));
    CHECK(cfg->rules == std::vector<std::string>{"/x", "/y"});
  }
  EnvVar bad("ARMWATCH_FETCH_TIMEOUT", "forever");
  auto cfg = config::load_config(main);
  REQUIRE_FALSE(cfg);
  CHECK(cfg.error().context == "environment variable ARMWATCH_FETCH_TIMEOUT");
}

TEST_CASE("render_config prints the effective config and masks secrets", "[config][show]") {
  auto cfg = parse_config(
      "fetch: {proxy: 'http://user:hunter2@127.0.0.1:3128'}\n"
      "poll: {new_feed_backfill: all, interval: 90m}\n"
      "feeds:\n  - {name: a, url: 'https://u:pw@127.0.0.1/feed'}\n",
      "t.yaml");
  REQUIRE(cfg);
  std::string shown = config::render_config(*cfg);
  CHECK_THAT(shown, !Catch::Contains("hunter2") && !Catch::Contains(":pw@"));
  CHECK_THAT(shown, Catch::Contains("********@127.0.0.1:3128"));
  CHECK_THAT(shown, Catch::Contains("new_feed_backfill: all"));
  CHECK_THAT(shown, Catch::Contains("interval: 90m"));
  // What it prints reads back as the same config.
  auto again = parse_config(shown, "shown.yaml");
  REQUIRE(again);
  CHECK(again->poll.interval == cfg->poll.interval);
  CHECK(again->feeds.size() == 1);
}

TEST_CASE("a feed's timezone is a zone of the tz database or a UTC offset", "[config][timezone]") {
  testing::TempDir zones;
  zones.write("UTC", "TZif");
  std::filesystem::create_directories(zones.path() / "Asia");
  zones.write("Asia/Seoul", "TZif");
  EnvVar tzdir("TZDIR", zones.path().c_str());

  auto cfg = parse_config(
      "feeds:\n  - name: yonhap\n    url: https://www.yna.co.kr/rss/northkorea.xml\n"
      "    timezone: Asia/Seoul\n  - name: un\n    url: https://news.un.org/rss.xml\n",
      "tz.yaml");
  REQUIRE(cfg);
  CHECK(cfg->feeds[0].timezone == "Asia/Seoul");
  CHECK(cfg->feeds[1].timezone.empty());  // the feed reader's default
  CHECK_THAT(config::render_config(*cfg), Catch::Contains("timezone: Asia/Seoul"));

  for (const char* ok : {"UTC", "Asia/Seoul", "+09:00", "+0900", "-03:30", "+9", "+14:00"}) {
    INFO(ok);
    CHECK(config::is_valid_timezone(ok));
  }
  for (const char* bad : {"", "Asia/Seol", "KST", "+15:00", "+09:60", "+9:0", "09:00", "../etc",
                          "/etc/passwd", "Asia//Seoul", "Asia/Seoul/"}) {
    INFO(bad);
    CHECK_FALSE(config::is_valid_timezone(bad));
  }
  auto typo = parse_config("feeds:\n  - name: a\n    url: http://x/\n    timezone: Asia/Seol\n",
                           "bad.yaml");
  REQUIRE_FALSE(typo);
  CHECK_THAT(typo.error().context, Catch::StartsWith("bad.yaml:4:15"));
  CHECK_THAT(typo.error().message, Catch::Contains("unknown time zone 'Asia/Seol'"));
}

TEST_CASE("without a tz database only the zone's syntax is checked", "[config][timezone]") {
  testing::TempDir empty;
  EnvVar tzdir("TZDIR", (empty.path() / "none").c_str());
  CHECK(config::is_valid_timezone("Asia/Seoul"));
  CHECK(config::is_valid_timezone("America/Argentina/Buenos_Aires"));
  CHECK_FALSE(config::is_valid_timezone("Asia Seoul"));
}
