package org.strokekg.server;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.strokekg.error.AccessDeniedException;

/**
 * Bearer-key check for write routes. Reads are open; every write needs a curator key. With no key configured every
 * write is refused, so a fresh install cannot be changed over the network by accident.
 */
final class CuratorAuth {

    private final List<ApiKey> keys;

    CuratorAuth(List<ApiKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** The curator's name for provenance, or an exception mapped to 401/403. */
    String requireCurator(Context ctx) {
        String header = Optional.ofNullable(ctx.header("Authorization")).orElse("").strip();
        if (header.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw AccessDeniedException.unauthenticated("this route needs a curator key: Authorization: Bearer <key>");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw AccessDeniedException.unauthenticated("Authorization must be 'Bearer <key>'");
        }
        if (keys.isEmpty()) {
            throw AccessDeniedException.forbidden("writes are disabled: the server has no STROKEKG_API_KEYS");
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
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw AccessDeniedException.unauthenticated("unknown API key");
        }
        if (match.role() != ApiKey.Role.CURATOR) {
            throw AccessDeniedException.forbidden("key '" + match.name() + "' is a " + match.role().name().toLowerCase()
                    + " key; this route needs a curator");
        }
        return match.name();
    }
}
