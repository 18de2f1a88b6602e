// Routes for the online energy monitoring of enterprises: registry, ingest, queries and alerts.
#include "server/api/routes.h"

namespace carbonpeak::server::api {

void RegisterMonitorRoutes(const AddRoute& add) { (void)add; }

}  // namespace carbonpeak::server::api
