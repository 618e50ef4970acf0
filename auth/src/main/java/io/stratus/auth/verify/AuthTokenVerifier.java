package io.stratus.auth.verify;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import io.stratus.auth.AuthConfig;
import io.stratus.auth.authorization.RevokedTokens;
import io.stratus.auth.key.KeyRing;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.security.Key;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Auth verifies its own tokens against the keys in its database (not through its own JWKS URL, which it would
 * have to call over HTTP) and refuses revoked API keys at once. Same rules as app's verifier: RS256 only, known
 * kid, issuer, audience, expiry.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class AuthTokenVerifier extends JWTCallerPrincipalFactory {
    private final JwtConsumer consumer;
    private final RevokedTokens revokedTokens;

    AuthTokenVerifier(KeyRing keyRing, AuthConfig config, RevokedTokens revokedTokens) {
        this.revokedTokens = revokedTokens;
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(config.audience())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver((jws, nesting) -> {
                    Key key = keyRing.publicKey(jws.getKeyIdHeaderValue());
                    if (key == null) {
                        throw new UnresolvableKeyException("unknown kid");
                    }
                    return key;
                })
                .build();
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            if (revokedTokens.isRevoked(claims.getJwtId())) {
                throw new ParseException("token revoked");
            }
            claims.setClaim(Claims.raw_token.name(), token);
            return new DefaultJWTCallerPrincipal(token, "JWT", claims);
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw new ParseException("invalid token", e);
        }
    }
}
