#include "cli/feed_command.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/context.h"
#include "feeds/curl_global.h"
#include "feeds/feed_json.h"
#include "feeds/feed_parser.h"
#include "feeds/fetcher.h"

namespace armwatch::cli {
namespace {

int run_parse(const std::string& path, const std::string& content_type,
              const feeds::ParseOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "armwatch: " << path << ": cannot open the file\n";
    return kExitFailure;
  }
  std::ostringstream body;
  body << in.rdbuf();
  auto parsed = feeds::parse_feed(body.str(), content_type, path, options);
  if (!parsed) {
    return report(parsed.error());
  }
  std::cout << feeds::to_json(*parsed) << "\n";
  return kExitResults;
}

// Prints the parsed feed plus what the HTTP exchange said.
int run_fetch(const std::string& url, const feeds::ParseOptions& options) {
  feeds::CurlGlobal curl;
  auto fetcher = feeds::make_http_fetcher({});
  auto response = fetcher->fetch(feeds::FetchRequest{url, {}, {}});
  if (!response) {
    return report(response.error());
  }
  std::cerr << "HTTP " << response->status << " in " << response->elapsed.count() << " ms from "
            << response->effective_url << "\n";
  std::cerr << "content-type: " << response->content_type << "\netag: " << response->etag
            << "\nlast-modified: " << response->last_modified
            << "\ncache-control: " << response->cache_control << "\n";
  if (response->status < 200 || response->status >= 300) {
    std::cerr << "armwatch: " << url << ": HTTP status " << response->status << "\n";
    return kExitFailure;
  }
  auto parsed = feeds::parse_feed(response->body, response->content_type, url, options);
  if (!parsed) {
    return report(parsed.error());
  }
  std::cout << feeds::to_json(*parsed) << "\n";
  return kExitResults;
}

}  // namespace

void add_feed_command(CLI::App& app, int& exit_code) {
  CLI::App* feed = app.add_subcommand("feed", "Parse or fetch one feed, without storing it");
  feed->require_subcommand(1);
  auto path = std::make_shared<std::string>();
  auto content_type = std::make_shared<std::string>();
  auto options = std::make_shared<feeds::ParseOptions>();
  const std::string zone_help =
      "Zone of dates written without one: IANA name or UTC offset (default: Asia/Seoul for a "
      "Korean feed, else UTC)";
  CLI::App* parse = feed->add_subcommand("parse", "Parse a feed file and print it as JSON");
  parse->add_option("FILE", *path, "The feed document")->required();
  parse->add_option("--content-type", *content_type, "HTTP Content-Type to assume (charset)");
  parse->add_option("--timezone", options->timezone, zone_help);
  parse->add_option("--format", "Output format (json)")->default_val("json");
  parse->callback([&exit_code, path, content_type, options] {
    exit_code = run_parse(*path, *content_type, *options);
  });
  auto url = std::make_shared<std::string>();
  CLI::App* fetch = feed->add_subcommand("fetch", "Fetch and parse one URL once; print JSON");
  fetch->add_option("URL", *url, "http:// or https:// URL")->required();
  fetch->add_option("--timezone", options->timezone, zone_help);
  fetch->callback([&exit_code, url, options] { exit_code = run_fetch(*url, *options); });
}

}  // namespace armwatch::cli
