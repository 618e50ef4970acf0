/** Stratus auth: users, service clients, OAuth2 tokens, API keys, signing keys and JWKS. */
package io.stratus.auth;
