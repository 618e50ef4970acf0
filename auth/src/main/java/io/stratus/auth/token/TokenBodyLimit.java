package io.stratus.auth.token;

import io.stratus.common.http.BodyLimit;
import jakarta.enterprise.context.ApplicationScoped;

/** The token endpoint takes small forms only: 8 KiB (issue 4, "token endpoint body limit"). */
@ApplicationScoped
public class TokenBodyLimit implements BodyLimit {

    @Override
    public String pathPrefix() {
        return "/oauth/token";
    }

    @Override
    public long maxBytes() {
        return 8 * 1024;
    }
}
