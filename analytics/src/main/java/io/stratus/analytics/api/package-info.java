/** What other modules may use of the analytics module: capability interfaces, records and events. */
package io.stratus.analytics.api;
