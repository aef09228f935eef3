// Resolves the config's secret references (a file, an environment variable, a
// systemd credential under $CREDENTIALS_DIRECTORY). Secret values are never
// logged; errors name where the secret was looked for, not what it holds.
#pragma once

#include <string>

#include "config/alerts_config.h"
#include "core/result.h"

namespace armwatch::daemon {

// The secret's value, without one trailing newline; "" for an empty reference.
// kNotFound when the file, variable or credential is absent. A credential is
// looked up as $CREDENTIALS_DIRECTORY/NAME, then (for a directory credential
// loaded as "armwatch") $CREDENTIALS_DIRECTORY/armwatch/NAME and armwatch_NAME.
Result<std::string> resolve_secret(const config::SecretRef& ref, const std::string& what);

}  // namespace armwatch::daemon
