/** What other modules may use of the dashboard module: capability interfaces, records and events. */
package io.stratus.dashboard.api;
