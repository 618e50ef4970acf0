package io.stratus.app.archfixture.billing.invoice;

/** Fixture: a module-internal class that another module must not use. */
public class InvoiceCalculator {
    public long total() {
        return 42;
    }
}
