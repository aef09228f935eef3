#include "feeds/item_identity.h"

#include <catch2/catch.hpp>

namespace armwatch::feeds {
namespace {

TEST_CASE("canonical_link drops utm_* parameters and the fragment", "[feeds][identity]") {
  CHECK(canonical_link("https://example.org/a?utm_source=rss&id=7&utm_medium=x#frag") ==
        "https://example.org/a?id=7");
  CHECK(canonical_link("https://example.org/a?utm_source=rss") == "https://example.org/a");
  CHECK(canonical_link("  HTTPS://Example.ORG/Path?Q=A  ") == "https://example.org/Path?Q=A");
  CHECK(canonical_link("https://example.org/a?x=1&UTM_Campaign=y&z=2") ==
        "https://example.org/a?x=1&z=2");
  CHECK(canonical_link("urn:uuid:1234") == "urn:uuid:1234");
}

TEST_CASE("canonical_link edge cases: empty parameters, odd cases, other schemes",
          "[feeds][identity]") {
  CHECK(canonical_link("https://e.org/a?") == "https://e.org/a");
  CHECK(canonical_link("https://e.org/a?x=1&") == "https://e.org/a?x=1");
  CHECK(canonical_link("https://e.org/a?&x=1") == "https://e.org/a?x=1");
  CHECK(canonical_link("https://e.org/a?x&&y") == "https://e.org/a?x&y");
  CHECK(canonical_link("https://e.org/a?x=1?utm_a=2") == "https://e.org/a?x=1?utm_a=2");
  CHECK(canonical_link("https://e.org/a?x=1&utm_=2") == "https://e.org/a?x=1");
  CHECK(canonical_link("https://e.org/a?x=1&uTm_z=2") == "https://e.org/a?x=1");
  CHECK(canonical_link("https://e.org/path#") == "https://e.org/path");
  CHECK(canonical_link("https://e.org/Path/UTM_x?a=b") == "https://e.org/Path/UTM_x?a=b");
  CHECK(canonical_link("ftp://Host/X") == "ftp://Host/X");
  CHECK(canonical_link("http://Host") == "http://host");
  CHECK(canonical_link("https://e.org/a?x=1&y=2") == "https://e.org/a?x=1&y=2");
}

TEST_CASE("resolve_link resolves relative links against an http base", "[feeds][identity]") {
  CHECK(resolve_link("/b", "https://example.org/a/feed.xml") == "https://example.org/b");
  CHECK(resolve_link("c/d", "https://example.org/a/feed.xml") == "https://example.org/a/c/d");
  CHECK(resolve_link("../up", "https://example.org/a/b/") == "https://example.org/a/up");
  CHECK(resolve_link("https://other.org/x", "https://example.org/") == "https://other.org/x");
  CHECK(resolve_link("/b", "feeds/local.xml") == "/b");  // a file path is no base
}

TEST_CASE("fnv1a_hex is the FNV-1a 64 hash", "[feeds][identity]") {
  CHECK(fnv1a_hex("") == "cbf29ce484222325");
  CHECK(fnv1a_hex("a") == "af63dc4c8601ec8c");
}

TEST_CASE("assign_item_ids: guid, else link, else a stable hash, duplicates dropped",
          "[feeds][identity]") {
  ParsedFeed feed;
  Item with_guid;
  with_guid.id = "guid-1";
  with_guid.link = "https://example.org/1";
  Item with_link;
  with_link.link = "https://example.org/2";
  Item bare;
  bare.title = "No id, no link";
  Item duplicate;
  duplicate.id = "guid-1";
  duplicate.title = "second copy";
  feed.items = {with_guid, with_link, bare, duplicate};
  assign_item_ids(feed);
  REQUIRE(feed.items.size() == 3);
  CHECK(feed.items[0].id == "guid-1");
  CHECK(feed.items[1].id == "https://example.org/2");
  CHECK(feed.items[2].id.rfind("fnv1a:", 0) == 0);
  CHECK(feed.items[2].id.size() == 6 + 16);
  REQUIRE(feed.warnings.size() == 1);
  CHECK(feed.warnings[0].find("guid-1") != std::string::npos);

  ParsedFeed again;
  again.items = {bare};
  assign_item_ids(again);
  CHECK(again.items[0].id == feed.items[2].id);  // stable across polls
}

}  // namespace
}  // namespace armwatch::feeds
