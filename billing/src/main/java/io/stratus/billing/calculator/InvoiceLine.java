package io.stratus.billing.calculator;

/**
 * One invoice line (rule 6). Dyno lines fill app, process type and size; add-on lines app, add-on id and plan;
 * the eco plan line none of them. {@code seconds} counts dyno-seconds (every slot's seconds added up).
 */
public record InvoiceLine(String type, String app, String processType, String size, String addonId, String plan,
                          long seconds, long amountCents) {
    public static final String DYNO = "dyno";
    public static final String ADDON = "addon";
    public static final String ECO_PLAN = "eco_plan";
}
