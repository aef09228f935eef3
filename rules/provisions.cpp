#include "rules/provisions.h"

#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

namespace armwatch::rules {
namespace {

Error parse_error(std::string_view name, const YAML::Mark& mark, std::string message) {
  std::string where(name);
  if (mark.line >= 0) {
    where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }
  return make_error(ErrorCode::kParse, std::move(message), where);
}

bool is_provision_id(std::string_view id) {
  for (std::string_view prefix : {"AA-", "CMA-", "UNSCR-"}) {
    if (id.size() > prefix.size() && id.substr(0, prefix.size()) == prefix) {
      return id.find_first_of(" \t") == std::string_view::npos;
    }
  }
  return false;
}

Result<Provision> read_entry(const YAML::Node& node, std::string_view name) {
  if (!node.IsMap()) {
    return parse_error(name, node.Mark(), "a provision must be a mapping (id, paraphrase)");
  }
  Provision p;
  for (const auto& kv : node) {
    std::string key = kv.first.as<std::string>();
    if (key == "id" && kv.second.IsScalar()) {
      p.id = kv.second.as<std::string>();
    } else if (key == "paraphrase" && kv.second.IsScalar()) {
      p.paraphrase = kv.second.as<std::string>();
    } else if (key == "covers" && kv.second.IsSequence()) {
      for (const auto& c : kv.second) {
        p.covers.push_back(c.as<std::string>());
      }
    } else {
      return parse_error(name, kv.first.Mark(),
                         "unknown or malformed key '" + key + "' (id, paraphrase, covers)");
    }
  }
  if (!is_provision_id(p.id)) {
    return parse_error(name, node.Mark(),
                       p.id.empty() ? "a provision needs an id"
                                    : "'" + p.id + "' is not an AA-, CMA- or UNSCR- id");
  }
  if (p.paraphrase.empty()) {
    return parse_error(name, node.Mark(), "provision " + p.id + " needs a paraphrase");
  }
  return p;
}

}  // namespace

const Provision* ProvisionTable::find(std::string_view id) const {
  for (const Provision& p : entries) {
    if (p.id == id) {
      return &p;
    }
  }
  for (const Provision& p : entries) {
    for (const std::string& c : p.covers) {
      if (c == id) {
        return &p;
      }
    }
  }
  return nullptr;
}

Result<ProvisionTable> parse_provisions(std::string_view yaml, std::string_view name) {
  try {
    YAML::Node root = YAML::Load(std::string(yaml));
    if (!root.IsSequence()) {
      return parse_error(name, root.Mark(), "the provisions file must be a list of provisions");
    }
    ProvisionTable table;
    std::set<std::string> seen;
    for (const auto& node : root) {
      auto p = read_entry(node, name);
      if (!p) {
        return p.error();
      }
      std::vector<std::string> ids = p->covers;
      ids.push_back(p->id);
      for (const auto& id : ids) {
        if (!seen.insert(id).second) {
          return parse_error(name, node.Mark(), "provision " + id + " is given twice");
        }
      }
      table.entries.push_back(std::move(*p));
    }
    return table;
  } catch (const YAML::Exception& e) {
    return parse_error(name, e.mark, e.msg);
  }
}

Result<ProvisionTable> load_provisions(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::kNotFound, "cannot open the provisions file", file.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_provisions(text.str(), file.string());
}

}  // namespace armwatch::rules
