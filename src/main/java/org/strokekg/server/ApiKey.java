package org.strokekg.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.strokekg.error.InvalidInputException;

/** A key that may call write routes; {@code name} is recorded as the curator of what it loads. */
public record ApiKey(String name, String key, Role role) {

    /** A shorter key could be guessed: 16 characters of hex are 64 bits. */
    public static final int MIN_KEY_LENGTH = 16;

    /** What a key may do: curators write, readers only read (reads are open anyway; a reader key is for audit). */
    public enum Role { CURATOR, READER }

    @Override
    public String toString() {
        return "ApiKey[" + name + ", " + role + "]"; // never the key itself
    }

    /**
     * {@code [name=]key[:role],…}; no role = curator; no name = {@code curator-<first 8 hex of the key's SHA-256>},
     * so provenance never shows the key itself.
     */
    public static List<ApiKey> parse(String field, String spec) {
        List<ApiKey> keys = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = eq < 0 ? "" : p.substring(0, eq).strip();
            String rest = eq < 0 ? p : p.substring(eq + 1);
            int colon = rest.lastIndexOf(':');
            String key = colon < 0 ? rest.strip() : rest.substring(0, colon).strip();
            String role = colon < 0 ? "curator" : rest.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            if (key.length() < MIN_KEY_LENGTH) {
                throw new InvalidInputException(field, "a key must have at least " + MIN_KEY_LENGTH + " characters (e.g. openssl rand -hex 16)");
            }
            Role r = switch (role) {
                case "curator" -> Role.CURATOR;
                case "reader" -> Role.READER;
                default -> throw new InvalidInputException(field, "unknown role '" + role + "' (curator or reader)");
            };
            keys.add(new ApiKey(name.isEmpty() ? "curator-" + sha256(key).substring(0, 8) : name, key, r));
        }
        return List.copyOf(keys);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
