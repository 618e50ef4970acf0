package io.stratus.app.archfixture.billing.api;

/** Fixture: a module's public capability. */
public interface Invoices {
    long totalCents();
}
