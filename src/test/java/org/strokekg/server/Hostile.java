package org.strokekg.server;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** What an attacker sends: injection strings, control characters, broken escapes and JSON, wrong types, garbage files. */
final class Hostile {

    static final String[] VALUES = {
        "", " ", "x", "中风", "偏瘫", "stroke", "'", "\"", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
        "' OR 1=1 --", "MATCH (n) DETACH DELETE n", "}) DETACH DELETE n //", "$where", "${jndi:ldap://x/a}",
        "{{7*7}}", "../../etc/passwd", "..\\..\\windows", "\u0000", "\u0007", "\u202e", "\u2028", "😀🧠", "a".repeat(300),
        "9".repeat(40), "-1", "0", "101", "1e309", "NaN", "null", "true", "[]", "{}", "\ud800", "\r\nX-Injected: 1",
        "%", "%zz", "%E4%B8", "+", "&", "=", "#", "?", "/", "\\", "zh-Hant-TW", "klingon", "Disease", "HAS_SYMPTOM",
        "csv", "jsonl", "xywy", "passages-md", "b-0000000000000000", "=cmd|' /C calc'!A0", "中".repeat(2100)};

    static final String[] IDS = {"stroke", "hemiplegia", "no-such-entity", "b-0000000000000000", "fz-' OR 1=1", "中风",
        "a\"b", "<x>", "..", ".", "%2e%2e", "a".repeat(250), "\u0000", "😀", "x y", "MATCH (n) RETURN n"};

    static final String[] RAW_SEGMENTS = {"%ZZ", "%", "%00", "%2F", "..", "%2e%2e/%2e%2e", "a%20b", "%C0%AF", "%E4%B8",
        "stroke", "\u00ff", ";x=1", "a%0d%0aX-Injected:%201"};

    static final String[] RAW_QUERIES = {"", "?q=%zz", "?q=%", "?q=%E4%B8", "?q=%FF%FE", "?limit=%31%30", "?q=a&q=b",
        "?q", "?=x", "?&&&", "?q=" + "a".repeat(5000), "?q=%00", "?depth=99999999999999999999", "?rel=,,,", "?type=%0a"};

    private Hostile() {
    }

    static String pick(Random random, String[] from) {
        return from[random.nextInt(from.length)];
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String value(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> json(pick(random, VALUES));
            case 1 -> String.valueOf(random.nextLong());
            case 2 -> pick(random, new String[] {"null", "true", "[]", "{}", "1e999", "-0", "3.5", "[1,2]", "{\"a\":1}"});
            default -> json(pick(random, VALUES));
        };
    }

    /** A JSON (or not quite JSON) body for the route. */
    static String body(Random random, String path) {
        int kind = random.nextInt(12);
        if (kind == 0) {
            return pick(random, new String[] {"", "{", "}", "[", "null", "\"x\"", "{\"a\":}", "{'a':1}",
                "[".repeat(3000), "{\"question\":\"中风\"} garbage", "\ufeff{\"question\":\"中风\"}",
                "{\"question\":\"中风\",\"question\":\"x\"}"});
        }
        if (path.endsWith("/merge")) {
            return "{\"from\":" + (random.nextBoolean() ? json("fz-" + pick(random, IDS)) : value(random))
                    + (random.nextInt(4) == 0 ? ",\"extra\":1" : "") + "}";
        }
        if (path.startsWith("/v1/chat")) {
            String content = random.nextInt(5) == 0 ? "[{\"type\":\"text\",\"text\":" + value(random) + "}]" : value(random);
            return "{\"messages\":[{\"role\":" + (random.nextInt(5) == 0 ? value(random) : "\"user\"") + ",\"content\":"
                    + content + "}],\"stream\":" + (random.nextBoolean() ? "true" : value(random))
                    + (random.nextBoolean() ? ",\"model\":" + value(random) : "")
                    + (random.nextBoolean() ? ",\"temperature\":" + value(random) : "") + "}";
        }
        StringBuilder b = new StringBuilder("{\"question\":" + value(random));
        for (String f : new String[] {"script", "maxPassages", "maxPaths", "model", "unknown"}) {
            if (random.nextInt(3) == 0) {
                b.append(",\"").append(f).append("\":").append(value(random));
            }
        }
        return b.append('}').toString();
    }

    static String[] contentType(Random random, String path) {
        return new String[] {pick(random, path.equals("/api/v1/batches")
                ? new String[] {"text/csv", "text/tab-separated-values", "application/x-ndjson", "text/markdown",
                    "application/octet-stream", "multipart/form-data; boundary=XyZ", "multipart/form-data",
                    "application/json"}
                : new String[] {"application/json", "application/json; charset=utf-8", "text/plain",
                    "application/x-www-form-urlencoded", "multipart/form-data; boundary=XyZ"})};
    }

    /** A file a curator's fuzzed upload carries: garbage in a table's clothes. */
    static byte[] upload(Random random) {
        StringBuilder b = new StringBuilder();
        if (random.nextBoolean()) {
            b.append("subject,subject_type,predicate,object,object_type,source\n");
        }
        int lines = random.nextInt(20);
        for (int i = 0; i < lines; i++) {
            for (int c = 0; c < 6; c++) {
                b.append(c == 0 ? "" : ",").append(pick(random, VALUES).replace("\n", " "));
            }
            b.append('\n');
        }
        byte[] text = b.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(4) == 0) {
            byte[] junk = new byte[random.nextInt(4000)];
            random.nextBytes(junk);
            return junk;
        }
        return text;
    }

    static String[] wrongKey(Random random) {
        return switch (random.nextInt(4)) {
            // a header value is printable ASCII, or the client refuses to send it
            case 0 -> new String[] {"Authorization", "Bearer " + pick(random, VALUES).replaceAll("[^\\x20-\\x7e]", "")};
            case 1 -> new String[] {"Authorization", "Basic dXNlcjpwYXNz"};
            case 2 -> new String[] {"Authorization", "Bearer"};
            default -> new String[] {"Authorization", "bearer " + "k".repeat(random.nextInt(100))};
        };
    }
}
