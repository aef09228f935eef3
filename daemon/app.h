// armwatchd's life cycle as an ordered list of named steps: load config, open
// the event log, load rules, start the fetcher, install signals, run the loop,
// tear down. Teardown runs whatever step failed.
#pragma once

#include <string>

namespace armwatch::daemon {

struct DaemonOptions {
  std::string config_path;
  bool once = false;      // one poll cycle, then exit
  std::string log_level;  // overrides the config's when set
};

// Returns the process exit code: 0 on a clean stop, 1 when start-up failed
// (unusable config, database or rules), 2 on a usage error.
int run_daemon(const DaemonOptions& options);

}  // namespace armwatch::daemon
