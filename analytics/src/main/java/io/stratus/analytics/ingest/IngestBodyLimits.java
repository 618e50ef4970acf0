package io.stratus.analytics.ingest;

import io.stratus.analytics.AnalyticsConfig;
import io.stratus.common.http.BodyLimit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Raises the common 64 KiB body limit to {@code max-request-bytes} on the ingestion paths (spec §1). */
@ApplicationScoped
public class IngestBodyLimits {
    private final long maxBytes;

    IngestBodyLimits(AnalyticsConfig config) {
        this.maxBytes = config.maxRequestBytes().asLongValue();
    }

    private BodyLimit limit(String prefix) {
        return new BodyLimit() {
            @Override
            public String pathPrefix() {
                return prefix;
            }

            @Override
            public long maxBytes() {
                return maxBytes;
            }
        };
    }

    @Produces
    @Singleton
    BodyLimit nativeEvents() {
        return limit("/v1/events");
    }

    @Produces
    @Singleton
    BodyLimit track() {
        return limit("/track");
    }

    @Produces
    @Singleton
    BodyLimit engage() {
        return limit("/engage");
    }

    @Produces
    @Singleton
    BodyLimit importEvents() {
        return limit("/import");
    }
}
