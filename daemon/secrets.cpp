#include "daemon/secrets.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace armwatch::daemon {
namespace {

namespace fs = std::filesystem;

std::string strip_newline(std::string s) {
  if (!s.empty() && s.back() == '\n') {
    s.pop_back();
  }
  if (!s.empty() && s.back() == '\r') {
    s.pop_back();
  }
  return s;
}

Result<std::string> read_secret_file(const fs::path& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::kNotFound, "cannot read " + what, path.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  return strip_newline(text.str());
}

Result<std::string> read_credential(const std::string& name, const std::string& what) {
  const char* dir = std::getenv("CREDENTIALS_DIRECTORY");
  if (dir == nullptr || *dir == '\0') {
    return make_error(ErrorCode::kNotFound,
                      what +
                          ": no $CREDENTIALS_DIRECTORY (not started by systemd with "
                          "LoadCredential=)",
                      "credential " + name);
  }
  for (const fs::path& p : {fs::path(dir) / name, fs::path(dir) / "armwatch" / name,
                            fs::path(dir) / ("armwatch_" + name)}) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      return read_secret_file(p, what);
    }
  }
  return make_error(ErrorCode::kNotFound, what + ": no such credential", "credential " + name);
}

}  // namespace

Result<std::string> resolve_secret(const config::SecretRef& ref, const std::string& what) {
  if (!ref.file.empty()) {
    return read_secret_file(ref.file, what);
  }
  if (!ref.env.empty()) {
    const char* value = std::getenv(ref.env.c_str());
    if (value == nullptr) {
      return make_error(ErrorCode::kNotFound, what + ": environment variable is not set",
                        "$" + ref.env);
    }
    return std::string(value);
  }
  if (!ref.credential.empty()) {
    return read_credential(ref.credential, what);
  }
  return std::string();
}

}  // namespace armwatch::daemon
