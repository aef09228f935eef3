// body_digest: a short, stable fingerprint of a fetched body, so that a poll can
// tell a body it has already ingested without keeping the body (FetchPipeline
// skips parse_feed for it; the daemon stores the digest with the feed's state).
// Internal to feeds/ and its callers; includes only std.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace armwatch::feeds {

// XXH64 (seed 0) of `bytes`, the published xxHash algorithm: the same value on
// every platform and in every release, so it may be stored.
std::uint64_t xxh64(std::string_view bytes);

// "xxh64:<16 lower-case hex digits>:<length in bytes>". Two bodies with the same
// digest are taken to be the same body. Why a 64-bit hash and not SHA-256: an
// accidental match is a 2^-64 chance per poll, and a server that wanted to hide new
// items behind a crafted match could as well serve the old body; xxh64 costs a
// fraction of SHA-256 (bench/README.md, "Feeds") and keeps feeds/ free of OpenSSL.
// The algorithm's name is part of the text, so a later change of algorithm only
// costs one parse per feed. Thread-safe.
std::string body_digest(std::string_view body);

}  // namespace armwatch::feeds
