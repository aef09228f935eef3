// Bash completion (packaging/completion/armwatch.bash): sourced in a real bash,
// completing real command lines, checked against what the real binary offers
// (`armwatch CMD --help`) and against a real event log (feed names).
//
// With bash-completion installed its _init_completion and _filedir are used;
// without it (a bare CI image), or with ARMWATCH_COMPLETION_STUBS=1, two small
// stand-ins are, so the script's own logic is tested either way.
#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "core/taxonomy.h"
#include "tests/cli/log_fixture.h"

using armwatch::cli::testing::LogFixture;
using armwatch::testing::run_command;
using Words = std::set<std::string>;

namespace {

const std::string kCompletion =
    std::string(ARMWATCH_SOURCE_DIR) + "/packaging/completion/armwatch.bash";
constexpr const char* kBashCompletion = "/usr/share/bash-completion/bash_completion";

// complete.bash SCRIPT LINE [stubs]: completes LINE (the cursor at its end)
// and prints COMPREPLY, one word a line.
constexpr const char* kDriver = R"bash(
set -u
if [[ ${3:-} != stubs && -r /usr/share/bash-completion/bash_completion ]]; then
  source /usr/share/bash-completion/bash_completion
else
  _init_completion() {
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  }
  _filedir() {
    local IFS=$'\n'
    if [[ ${1:-} == -d ]]; then
      COMPREPLY+=($(compgen -d -- "$cur"))
    else
      COMPREPLY+=($(compgen -f -- "$cur"))
    fi
  }
fi
compopt() { :; }  # only meaningful inside readline's completion
set +u
source "$1"
line=$2
read -ra COMP_WORDS <<<"$line"
[[ $line == *' ' ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$line
COMP_POINT=${#line}
_armwatch armwatch "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}"
)bash";

std::string bin_dir() {
  return std::filesystem::path(ARMWATCH_BIN).parent_path().string();
}

class Completer {
 public:
  explicit Completer(bool stubs) : stubs_(stubs) { driver_ = dir_.write("complete.bash", kDriver); }

  // The words bash would offer for `line` (the cursor at its end).
  Words operator()(const std::string& line) const {
    std::vector<std::string> argv = {"env",         "PATH=" + bin_dir() + ":/usr/bin:/bin",
                                     "bash",        "--norc",
                                     "--noprofile", driver_,
                                     kCompletion,   line};
    if (stubs_) {
      argv.push_back("stubs");
    }
    std::string out;
    int status = run_command(argv, &out, true);
    INFO(line << "\n" << out);
    REQUIRE(status == 0);
    Words words;
    std::istringstream lines(out);
    for (std::string w; std::getline(lines, w);) {
      if (!w.empty()) {
        words.insert(w);
      }
    }
    return words;
  }

 private:
  armwatch::testing::TempDir dir_;
  std::string driver_;
  bool stubs_;
};

bool has_all(const Words& offered, const Words& wanted) {
  return std::includes(offered.begin(), offered.end(), wanted.begin(), wanted.end());
}

// The long options of the option lines of `armwatch ARGS --help` ("  -n,--limit
// INT ..."), not those its descriptions mention.
Words help_options(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {ARMWATCH_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--help");
  std::string out;
  REQUIRE(run_command(argv, &out) == 0);
  static const std::regex kOptionLine(R"(^  (?:-[a-zA-Z],)?(--[a-z][a-z-]*)(?:,(--[a-z-]+))?.*)");
  Words options;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, kOptionLine)) {
      options.insert(m[1]);
      if (m[2].matched) {
        options.insert(m[2]);
      }
    }
  }
  return options;
}

// The subcommands `armwatch --help` lists (CLI11: an indented name, then its
// description, under "Subcommands:").
Words help_subcommands() {
  std::string out;
  REQUIRE(run_command({ARMWATCH_BIN, "--help"}, &out) == 0);
  std::size_t at = out.find("Subcommands:");
  REQUIRE(at != std::string::npos);
  Words commands;
  std::istringstream lines(out.substr(at));
  static const std::regex kLine("^  ([a-z]+) .*");
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, kLine)) {
      commands.insert(m[1]);
    }
  }
  return commands;
}

// The checks of one run, with bash-completion or with the stand-ins.
void check_completions(const Completer& complete) {
  CHECK(has_all(complete("armwatch "), help_subcommands()));
  CHECK(complete("armwatch ev") == Words{"events"});
  CHECK(complete("armwatch --d") == Words{"--db"});
  CHECK(complete("armwatch events --sev") == Words{"--severity"});
  CHECK(complete("armwatch events --severity ") == Words{"info", "warning", "violation"});
  CHECK(complete("armwatch incidents --severity v") == Words{"violation"});
  CHECK(has_all(complete("armwatch events --since "), Words{"24h", "7d", "yesterday", "today"}));
  CHECK(complete("armwatch events --category missile") == Words{"missile-launch"});
  CHECK(complete("armwatch stats --by ") ==
        Words{"category", "provision", "source", "severity", "rule", "feed"});
  CHECK(complete("armwatch stats --per ") == Words{"day", "week", "month"});
  CHECK(complete("armwatch export --format ") == Words{"ndjson", "csv"});
  CHECK(complete("armwatch show 12 --format ") == Words{"auto", "text", "json"});
  CHECK(complete("armwatch events --format ") ==
        Words{"auto", "table", "tsv", "csv", "json", "ndjson"});
  CHECK(complete("armwatch events --color ") == Words{"auto", "always", "never"});
  CHECK(complete("armwatch --db x.db stats --p") == Words{"--per", "--provision"});
}

}  // namespace

TEST_CASE("completion: commands, options and values", "[cli][completion]") {
  std::vector<bool> modes = {true};  // the stand-ins
  if (std::filesystem::exists(kBashCompletion)) {
    modes.push_back(false);
  }
  for (bool stubs : modes) {
    INFO((stubs ? "with stand-ins for bash-completion" : "with bash-completion"));
    check_completions(Completer(stubs));
  }
}

TEST_CASE("completion offers every option the commands accept", "[cli][completion]") {
  Completer complete(true);
  for (std::string cmd : {"events", "incidents", "search", "show", "stats", "export", "feeds"}) {
    INFO("armwatch " << cmd);
    Words offered = complete("armwatch " + cmd + " --");
    Words accepted = help_options({cmd});
    accepted.erase("--colour");  // an alias of --color
    CHECK(has_all(offered, accepted));
    for (const auto& o : offered) {
      INFO(o << " is offered but not accepted");
      CHECK(accepted.count(o) + (o == "--colour") == 1);
    }
  }
}

TEST_CASE("completion knows every category of the taxonomy", "[cli][completion]") {
  Completer complete(true);
  Words categories;
  for (std::string_view c : armwatch::category_slugs()) {
    categories.insert(std::string(c));
  }
  CHECK(complete("armwatch events --category ") == categories);
}

TEST_CASE("completion reads feed names from the event log", "[cli][completion]") {
  LogFixture log;
  Completer complete(true);
  CHECK(complete("armwatch --db " + log.path + " events --feed ") ==
        Words{"yonhap", "kcna", "un", "nknews"});
  CHECK(complete("armwatch --db " + log.path + " search x --feed k") == Words{"kcna"});
  // No log there: nothing offered, and nothing printed on the terminal.
  CHECK(complete("armwatch --db " + log.dir.file("none.db") + " events --feed ").empty());
}
