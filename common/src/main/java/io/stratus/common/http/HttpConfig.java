package io.stratus.common.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Wire limits shared by every API of a deployable. */
@ConfigMapping(prefix = "stratus.http")
public interface HttpConfig {
    /** Largest request body, unless a {@link BodyLimit} bean raises it for a path prefix (conventions: 64 KiB). */
    @WithDefault("64K")
    MemorySize maxBodySize();
}
