package io.stratus.common.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;

/**
 * PostgreSQL cannot store U+0000 in text, so a NUL that reached a query would surface as a 500. Requests are
 * refused with 400 where it enters: a NUL in the path or query (raw or {@code %00}), or in a JSON string bound to
 * a request record. Analytics, which must strip NUL rather than refuse it (spec/analytics.md), parses its bodies
 * as trees and is not affected by the binding rule; its raw ingestion paths (those that declare a
 * {@link BodyLimit}) decode their own query strings and are left to do so.
 */
@Singleton
public class NulCharacters implements ObjectMapperCustomizer {
    private final Instance<BodyLimit> rawInputPaths;
    // Resolved on first use: the customizer is built with the ObjectMapper, before config mappings exist.
    private volatile List<String> rawInputPrefixes;

    NulCharacters(Instance<BodyLimit> rawInputPaths) {
        this.rawInputPaths = rawInputPaths;
    }

    private List<String> rawInputPrefixes() {
        List<String> prefixes = rawInputPrefixes;
        if (prefixes == null) {
            prefixes = rawInputPaths.stream().map(BodyLimit::pathPrefix).toList();
            rawInputPrefixes = prefixes;
        }
        return prefixes;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, RequestIds.PRIORITY - 20);
    }

    void check(RoutingContext rc) {
        String uri = rc.request().uri();
        if ((uri.indexOf('\0') >= 0 || uri.contains("%00"))
                && rawInputPrefixes().stream().noneMatch(rc.normalizedPath()::startsWith)) {
            JsonErrors.send(rc, 400, "The request path or query contains a NUL character.");
            return;
        }
        rc.next();
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("stratus-no-nul").addDeserializer(String.class, new NoNul()));
    }

    static final class NoNul extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            if (value != null && value.indexOf('\0') >= 0) {
                throw InvalidFormatException.from(parser, "NUL characters are not allowed", value, String.class);
            }
            return value;
        }
    }
}
