package org.strokekg;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.strokekg.error.InvalidInputException;

/** How {@link Config} reads one value: each failure names the setting (its environment variable) and the reason. */
final class ConfigValues {

    private ConfigValues() {
    }

    static String readPassword(String field, Path file) {
        try {
            String p = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).strip();
            if (p.isEmpty()) {
                throw new InvalidInputException(field, file + " is empty");
            }
            return p;
        } catch (java.io.IOException e) {
            throw new InvalidInputException(field, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The HTTP bind address must be an IP address or a host name: a malformed one (999.1.1.1) is a configuration error
     * at once, not a failed bind later. Whether it is this machine's is found when the server binds.
     */
    static String host(String host) {
        if (host.isEmpty()) {
            throw new InvalidInputException("STROKEKG_HOST", "is empty");
        }
        if (host.matches("[0-9.]+")) {
            String[] parts = host.split("\\.", -1);
            boolean ok = parts.length == 4;
            for (String part : parts) {
                ok &= !part.isEmpty() && part.length() <= 3 && Integer.parseInt(part) <= 255;
            }
            if (!ok) {
                throw new InvalidInputException("STROKEKG_HOST", "not an IPv4 address: " + host);
            }
        } else if (host.contains(":")) {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (!h.matches("[0-9A-Fa-f:.]+") || h.length() > 45) {
                throw new InvalidInputException("STROKEKG_HOST", "not an IPv6 address: " + host);
            }
        } else if (!host.matches("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")) {
            throw new InvalidInputException("STROKEKG_HOST", "not a host name or an IP address: " + host);
        }
        return host;
    }

    static int positive(Map<String, String> env, String key, int fallback) {
        int n = intValue(env, key, fallback);
        if (n < 1) {
            throw new InvalidInputException(key, "must be at least 1, got " + n);
        }
        return n;
    }

    static List<Path> paths(String spec) {
        return Arrays.stream(spec.split(",")).map(String::strip).filter(p -> !p.isEmpty()).map(Path::of).toList();
    }

    static List<String> list(String spec) {
        return Arrays.stream(spec.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static URI neo4jUri(String s) {
        try {
            URI u = URI.create(s);
            String scheme = Optional.ofNullable(u.getScheme()).orElse("");
            if (!scheme.matches("bolt|bolt\\+s|bolt\\+ssc|neo4j|neo4j\\+s|neo4j\\+ssc")) {
                throw new InvalidInputException("NEO4J_URI", "scheme must be bolt:// or neo4j:// (with +s/+ssc), got " + s);
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("NEO4J_URI", "not a URI: " + s, e);
        }
    }

    static int intValue(Map<String, String> env, String key, int fallback) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 0 || (key.endsWith("_PORT") && n > 65535)) {
                throw new InvalidInputException(key, "must be between 0 and " + (key.endsWith("_PORT") ? 65535
                        : Integer.MAX_VALUE) + ", got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key, "not a number: " + v, e);
        }
    }

    static OptionalInt port(Map<String, String> env, String key) {
        String v = env.getOrDefault(key, "");
        if (v.isBlank()) {
            return OptionalInt.empty();
        }
        int n = intValue(env, key, 0);
        if (n < 1) {
            throw new InvalidInputException(key, "must be between 1 and 65535, got " + v);
        }
        return OptionalInt.of(n);
    }

    static long size(Map<String, String> env, String key, long fallback) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        String s = v.strip().toLowerCase(Locale.ROOT);
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        try {
            return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key, "not a size like 256m or 1g: " + v, e);
        }
    }

    /** true/false (also on/off, yes/no, 1/0): anything else is an error, not false. */
    static boolean bool(Map<String, String> env, String key, boolean fallback) {
        String v = env.getOrDefault(key, "").strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "" -> fallback;
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new InvalidInputException(key, "must be true or false, got " + v);
        };
    }

    static String oneOf(Map<String, String> env, String key, String fallback, String... allowed) {
        String v = env.getOrDefault(key, fallback).strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            v = fallback;
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new InvalidInputException(key, "must be one of " + String.join(", ", allowed) + ", got " + v);
    }
}
