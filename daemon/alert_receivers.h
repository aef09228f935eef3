// Builds alerts/' receivers and routing from the config's plain structs,
// resolving secrets on the way.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "alerts/alert_sink.h"
#include "alerts/routing.h"
#include "config/alerts_config.h"
#include "core/clock.h"
#include "core/result.h"

namespace armwatch::daemon {

// One sink per configured receiver, by name. Errors name the receiver.
Result<std::map<std::string, std::shared_ptr<alerts::AlertSink>>> build_receivers(
    const config::AlertsConfig& config, const Clock& clock);

alerts::RoutingConfig routing_of(const config::AlertsConfig& config);

}  // namespace armwatch::daemon
