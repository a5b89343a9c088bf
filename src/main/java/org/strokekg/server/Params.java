package org.strokekg.server;

import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.strokekg.error.InvalidInputException;

/** Query-parameter parsing that fails with the parameter's name and the reason. */
final class Params {

    static final int MAX_PARAM_LENGTH = 200;

    private Params() {
    }

    static Optional<String> string(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        if (v.length() > MAX_PARAM_LENGTH) {
            throw new InvalidInputException(name, "longer than " + MAX_PARAM_LENGTH + " characters");
        }
        return Optional.of(v.strip());
    }

    static String required(Context ctx, String name) {
        return string(ctx, name).orElseThrow(() -> new InvalidInputException(name, "is required"));
    }

    static int integer(Context ctx, String name, int fallback, int min, int max) {
        Optional<String> v = string(ctx, name);
        if (v.isEmpty()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "not an integer: " + v.get(), e);
        }
        if (n < min || n > max) {
            throw new InvalidInputException(name, "must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    static double decimal(Context ctx, String name, double fallback, double min, double max) {
        Optional<String> v = string(ctx, name);
        if (v.isEmpty()) {
            return fallback;
        }
        double d;
        try {
            d = Double.parseDouble(v.get());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "not a number: " + v.get(), e);
        }
        if (!(d >= min && d <= max)) {
            throw new InvalidInputException(name, "must be between " + min + " and " + max + ", got " + v.get());
        }
        return d;
    }

    static boolean bool(Context ctx, String name) {
        Optional<String> v = string(ctx, name);
        if (v.isEmpty()) {
            return false;
        }
        return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new InvalidInputException(name, "must be true or false, got " + v.get());
        };
    }

    /** A comma-separated list, each value checked against {@code allowed}; empty = no filter. */
    static Set<String> set(Context ctx, String name, Set<String> allowed) {
        Optional<String> v = string(ctx, name);
        if (v.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String part : v.get().split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (!allowed.contains(p)) {
                throw new InvalidInputException(name, "unknown value '" + p + "'; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            out.add(p);
        }
        return out;
    }

    static String pathId(Context ctx, String name) {
        return id(name, ctx.pathParam(name));
    }

    /** An entity, passage or batch id as a client sends it: bounded, printable, none of the characters ids may not hold. */
    static String id(String name, String v) {
        if (v.isBlank() || v.length() > MAX_PARAM_LENGTH || v.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(name, "not a valid id");
        }
        org.strokekg.graph.Ids.badCharacter(v).ifPresent(reason -> {
            throw new InvalidInputException(name, "not a valid id: " + reason);
        });
        return v;
    }

    static Set<String> sorted(String... values) {
        return new LinkedHashSet<>(Arrays.asList(values));
    }
}
