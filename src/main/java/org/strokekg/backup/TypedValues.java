package org.strokekg.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.strokekg.error.InvalidInputException;

/**
 * A Neo4j property value in JSON, exactly: strings, booleans and numbers as themselves (a float keeps its decimal
 * point, so 1.0 stays a float), lists as arrays, and what JSON has no type for as {@code {"t": type, "v": text}}:
 * date-times with their zone, local date-times, dates, times, byte arrays. A property value is never a map, so an object
 * is always such a value.
 */
final class TypedValues {

    private TypedValues() {
    }

    static void write(JsonGenerator g, String key, Object v) throws IOException {
        switch (v) {
            case String s -> g.writeString(s);
            case Long l -> g.writeNumber(l);
            case Integer i -> g.writeNumber(i.longValue());
            case Double d -> {
                if (d.isNaN() || d.isInfinite()) {
                    typed(g, "double", d.toString());
                } else {
                    g.writeNumber(d);
                }
            }
            case Boolean b -> g.writeBoolean(b);
            case ZonedDateTime z -> typed(g, "datetime", z.toString());
            case LocalDateTime l -> typed(g, "localdatetime", l.toString());
            case LocalDate d -> typed(g, "date", d.toString());
            case LocalTime t -> typed(g, "localtime", t.toString());
            case OffsetTime t -> typed(g, "time", t.toString());
            case byte[] b -> typed(g, "bytes", Base64.getEncoder().encodeToString(b));
            case List<?> list -> {
                g.writeStartArray();
                for (Object x : list) {
                    write(g, key, x);
                }
                g.writeEndArray();
            }
            default -> throw new IllegalStateException("property " + key + " holds a " + v.getClass().getSimpleName()
                    + ", which a backup cannot hold");
        }
    }

    private static void typed(JsonGenerator g, String type, String text) throws IOException {
        g.writeStartObject();
        g.writeStringField("t", type);
        g.writeStringField("v", text);
        g.writeEndObject();
    }

    static Object read(JsonNode n, String where) {
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isArray()) {
            List<Object> items = new ArrayList<>();
            n.forEach(x -> items.add(read(x, where)));
            return items;
        }
        if (n.isObject()) {
            String v = n.path("v").asText();
            try {
                return switch (n.path("t").asText()) {
                    case "datetime" -> ZonedDateTime.parse(v);
                    case "localdatetime" -> LocalDateTime.parse(v);
                    case "date" -> LocalDate.parse(v);
                    case "localtime" -> LocalTime.parse(v);
                    case "time" -> OffsetTime.parse(v);
                    case "bytes" -> Base64.getDecoder().decode(v);
                    case "double" -> Double.valueOf(v);
                    default -> throw new InvalidInputException(where, "unknown value type " + n.path("t").asText());
                };
            } catch (RuntimeException e) {
                if (e instanceof InvalidInputException iie) {
                    throw iie;
                }
                throw new InvalidInputException(where, "bad " + n.path("t").asText() + " value " + v, e);
            }
        }
        throw new InvalidInputException(where, "not a property value: " + n);
    }
}
