package io.stratus.app.archfixture.dashboard.app;

import io.stratus.app.archfixture.billing.invoice.InvoiceCalculator;

/** Fixture: the violation the boundary rule must catch (dashboard reaching into billing's internals). */
public class AppOverview {
    long total() {
        return new InvoiceCalculator().total();
    }
}
