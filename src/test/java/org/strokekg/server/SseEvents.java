package org.strokekg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** Splits a Server-Sent Events body into (event, data) pairs, checking the framing as it goes. */
final class SseEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SseEvents() {
    }

    static List<String[]> parse(String body) {
        List<String[]> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String event = "message";
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                } else if (!line.startsWith(":")) {
                    throw new AssertionError("not an SSE line: " + line);
                }
            }
            events.add(new String[] {event, data.toString()});
        }
        return events;
    }

    static JsonNode json(String data) {
        try {
            return JSON.readTree(data);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + data, e);
        }
    }
}
