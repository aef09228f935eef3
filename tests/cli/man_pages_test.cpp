// The man pages (packaging/man): they render without a groff warning (as
// lintian checks them), they document every command and option the binaries
// accept, and `cmake --install` puts them, compressed, where man finds them,
// with the bash completion beside them.
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "tests/support/local_server.h"
#include "tests/support/temp_dir.h"

using armwatch::testing::read_file;
using armwatch::testing::run_command;
using Words = std::set<std::string>;

namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = ARMWATCH_SOURCE_DIR;
const fs::path kManDir = kSourceDir / "packaging" / "man";

std::string output_of(const std::vector<std::string>& argv, bool merge_stderr = false) {
  std::string out;
  int status = run_command(argv, &out, merge_stderr);
  INFO(out);
  REQUIRE(status == 0);
  return out;
}

// Long options from the option lines of a CLI11 help text ("  -n,--limit INT
// ..."), not those its descriptions mention.
Words help_options(std::vector<std::string> argv) {
  argv.push_back("--help");
  std::istringstream lines(output_of(argv));
  static const std::regex kOptionLine(R"(^  (?:-[a-zA-Z],)?(--[a-z][a-z-]*)(?:,(--[a-z-]+))?.*)");
  Words options;
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, kOptionLine)) {
      options.insert(m[1]);
      if (m[2].matched) {
        options.insert(m[2]);
      }
    }
  }
  options.erase("--help");
  return options;
}

// What a page says, as man would show it (hyphens and all), without formatting.
std::string rendered(const fs::path& page) {
  return output_of({"env", "LC_ALL=C", "MANWIDTH=200", "MANPAGER=cat", "man", "-l", page.string()});
}

}  // namespace

TEST_CASE("man pages render without warnings", "[cli][man]") {
  for (const char* page : {"armwatch.1", "armwatchd.8", "armwatch-rules.5"}) {
    INFO(page);
    std::string out;
    // lintian's check: man --warnings, output thrown away, any message fails.
    int status =
        run_command({"sh", "-c",
                     "LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z \"$1\" "
                     ">/dev/null",
                     "sh", (kManDir / page).string()},
                    &out, true);
    CHECK(status == 0);
    CHECK(out.empty());
  }
}

TEST_CASE("armwatch(1) documents every command and option", "[cli][man]") {
  std::string page = rendered(kManDir / "armwatch.1");
  std::string help = output_of({ARMWATCH_BIN, "--help"});
  std::size_t at = help.find("Subcommands:");
  REQUIRE(at != std::string::npos);
  std::istringstream lines(help.substr(at));
  static const std::regex kCommandLine("^  ([a-z]+) .*");
  int commands = 0;
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, kCommandLine)) {
      continue;
    }
    ++commands;
    std::string cmd = m[1];
    INFO("armwatch " << cmd);
    // A command is a tag of the COMMANDS list: its own line, indented 7.
    CHECK_THAT(page, Catch::Contains("\n       " + cmd));
    if (cmd == "feed" || cmd == "config" || cmd == "rules" || cmd == "silence" || cmd == "alerts") {
      continue;  // commands with subcommands: their options are in their --help
    }
    for (const auto& option : help_options({ARMWATCH_BIN, cmd})) {
      INFO(option);
      CHECK_THAT(page, Catch::Contains(option));
    }
  }
  CHECK(commands >= 10);
  for (const auto& option : help_options({ARMWATCH_BIN})) {
    CHECK_THAT(page, Catch::Contains(option));
  }
  CHECK_THAT(page, Catch::Contains("EXIT STATUS") && Catch::Contains("NO_COLOR") &&
                       Catch::Contains("COLUMNS"));
}

TEST_CASE("armwatchd(8) documents every option and the retention key", "[cli][man]") {
  std::string page = rendered(kManDir / "armwatchd.8");
  for (const auto& option : help_options({ARMWATCHD_BIN})) {
    INFO(option);
    CHECK_THAT(page, Catch::Contains(option));
  }
  CHECK_THAT(page, Catch::Contains("retention.item_text_days"));
  CHECK_THAT(page, Catch::Contains("SIGHUP") && Catch::Contains("EXIT STATUS"));
}

TEST_CASE("the install puts the man pages and the bash completion where they are looked for",
          "[cli][man][completion][install]") {
  armwatch::testing::TempDir dest;
  std::string out;
  int status = run_command({"env", "DESTDIR=" + dest.path().string(), ARMWATCH_CMAKE, "--install",
                            ARMWATCH_BINARY_DIR, "--prefix", "/usr"},
                           &out, true);
  INFO(out);
  REQUIRE(status == 0);
  fs::path usr = dest.path() / "usr";
  const std::pair<const char*, const char*> pages[] = {
      {"man1/armwatch.1.gz", "armwatch.1"},
      {"man8/armwatchd.8.gz", "armwatchd.8"},
      {"man5/armwatch-rules.5.gz", "armwatch-rules.5"}};
  for (const auto& [installed, source] : pages) {
    fs::path gz = usr / "share" / "man" / installed;
    INFO(gz);
    REQUIRE(fs::exists(gz));
    CHECK(output_of({"gzip", "-dc", gz.string()}) == read_file(kManDir / source));
    CHECK_THAT(rendered(gz), Catch::Contains("SEE ALSO"));
  }
  fs::path completion = usr / "share" / "bash-completion" / "completions" / "armwatch";
  REQUIRE(fs::exists(completion));
  CHECK(read_file(completion) ==
        read_file(kSourceDir / "packaging" / "completion" / "armwatch.bash"));
  // bash-completion loads the file on first use of `armwatch`: sourcing it
  // registers the completion function.
  std::string registered =
      output_of({"bash", "--norc", "--noprofile", "-c", "source \"$1\" && complete -p armwatch",
                 "bash", completion.string()});
  CHECK(registered == "complete -F _armwatch armwatch\n");
  CHECK(fs::exists(usr / "bin" / "armwatch"));
  CHECK(fs::exists(usr / "sbin" / "armwatchd"));
}
