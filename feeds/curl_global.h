// CurlGlobal: the process-wide setup of a fetching process. curl_global_init on
// construction, curl_global_cleanup on destruction; and, with glibc, a malloc
// trim threshold of kHeapTrimThreshold (see below). Create exactly one in main()
// (daemon or CLI) before any thread starts and before the first Fetcher is made;
// destroy it after the last Fetcher is gone. Not thread-safe (neither are the
// calls it wraps).
#pragma once

#include "core/result.h"

namespace armwatch::feeds {

// Freed heap memory glibc keeps mapped instead of returning it to the kernel.
// Every fetched body is a fresh allocation (the caller takes it over) freed soon
// after; with glibc's default threshold (128 KiB) the heap top is trimmed and
// refaulted page by page for nearly every body: 7 page faults per 32 KB feed,
// the largest cost of the fetch layer over a bare curl loop (bench/README.md,
// "Feeds"). 8 MiB holds 64 transfers' worth of 32 KB bodies several times over;
// peak RSS in the polling benchmark was the same with 8 and 64 MiB. The price:
// up to this much freed memory per malloc arena stays resident between polls.
// Bodies over 128 KiB are still mmap()ed and unmapped one by one.
inline constexpr int kHeapTrimThreshold = 8 << 20;

class CurlGlobal {
 public:
  CurlGlobal();
  ~CurlGlobal();
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;

  // ok, or kInternal when curl_global_init failed (then ~CurlGlobal does nothing).
  const Status& status() const { return status_; }

 private:
  Status status_;
};

}  // namespace armwatch::feeds
