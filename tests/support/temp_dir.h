// TempDir: a fresh directory under $TMPDIR, removed with everything in it when
// the object dies. Tests put their SQLite files and configs there.
#pragma once

#include <filesystem>
#include <string>

namespace armwatch::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path() / name, as a string.
  std::string file(const std::string& name) const;
  // Writes `content` to path() / name and returns that path.
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

// Reads a whole file; throws std::runtime_error if it cannot (tests only).
std::string read_file(const std::filesystem::path& path);

}  // namespace armwatch::testing
