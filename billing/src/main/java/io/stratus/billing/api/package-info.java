/** What other modules may use of the billing module: capability interfaces, records and events. */
package io.stratus.billing.api;
