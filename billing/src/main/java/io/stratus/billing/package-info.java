/** Stratus Billing (metering, invoices, payments, credits, audit). Only the {@code api} package is visible to other modules. */
package io.stratus.billing;
