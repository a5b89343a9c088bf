package org.strokekg.server;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.strokekg.error.AccessDeniedException;

/**
 * Bearer-key check. The graph's read API is open; writes need a curator key; the batch list and details and the audit
 * trail need a key (a reader key may read batches; the audit trail needs a curator). With no key configured every
 * route that needs one is refused, so a fresh install cannot be changed over the network by accident. Failed
 * authentications are counted per client by {@link AuthRateLimiter}: one that keeps failing is answered 429.
 */
final class CuratorAuth {

    private final List<ApiKey> keys;
    private final AuthRateLimiter limiter;

    CuratorAuth(List<ApiKey> keys, AuthRateLimiter limiter) {
        this.keys = List.copyOf(keys);
        this.limiter = limiter;
    }

    /** The curator's name for provenance, or an exception mapped to 401/403/429. */
    String requireCurator(Context ctx) {
        ApiKey key = authenticate(ctx, "writes");
        if (key.role() != ApiKey.Role.CURATOR) {
            throw AccessDeniedException.forbidden("key '" + key.name() + "' is a " + key.role().name().toLowerCase()
                    + " key; this route needs a curator");
        }
        return key.name();
    }

    /** Any configured key, reader or curator: for routes that read what curators did. */
    String requireKey(Context ctx) {
        return authenticate(ctx, "reading batches").name();
    }

    private ApiKey authenticate(Context ctx, String what) {
        String header = Optional.ofNullable(ctx.header("Authorization")).orElse("").strip();
        if (header.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw AccessDeniedException.unauthenticated("this route needs an API key: Authorization: Bearer <key>");
        }
        String client = ctx.ip();
        limiter.check(client);
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            limiter.failed(client, ctx.method().name(), ctx.path(), "Authorization is not 'Bearer <key>'");
            ctx.header("WWW-Authenticate", "Bearer");
            throw AccessDeniedException.unauthenticated("Authorization must be 'Bearer <key>'");
        }
        if (keys.isEmpty()) {
            throw AccessDeniedException.forbidden(what + " disabled: the server has no STROKEKG_API_KEYS");
        }
        byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        ApiKey match = null;
        for (ApiKey k : keys) {
            // compare every key in constant time so timing does not tell which prefix matched
            if (MessageDigest.isEqual(given, k.key().getBytes(StandardCharsets.UTF_8))) {
                match = k;
            }
        }
        if (match == null) {
            limiter.failed(client, ctx.method().name(), ctx.path(), "unknown API key");
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw AccessDeniedException.unauthenticated("unknown API key");
        }
        return match;
    }
}
