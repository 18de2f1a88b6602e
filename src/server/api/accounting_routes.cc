// Routes for the accounting results of a region: energy balance, GHG inventory, indicator values
// and the status of the plan's targets (app/accounting.h).
#include "server/api/routes.h"

namespace carbonpeak::server::api {

void RegisterAccountingRoutes(const AddRoute& add) { (void)add; }

}  // namespace carbonpeak::server::api
