#include "rules/data_dirs.h"

#include <system_error>

namespace armwatch::rules {

namespace fs = std::filesystem;

std::vector<fs::path> reference_directories(const std::vector<std::string>& rule_paths) {
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (const auto& r : rule_paths) {
    fs::path p = fs::absolute(fs::path(r), ec).lexically_normal();
    if (!p.has_filename()) {
      p = p.parent_path();  // "rules/pack/"
    }
    fs::path pack = fs::is_directory(p, ec) ? p : p.parent_path();
    dirs.push_back(pack.parent_path());
  }
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    dirs.push_back(exe.parent_path().parent_path() / "share" / "armwatch");
  }
  return dirs;
}

}  // namespace armwatch::rules
