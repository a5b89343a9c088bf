package org.strokekg.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strokekg.error.ConflictException;
import org.strokekg.error.NonRetriableException;

/**
 * What undoing a merge needs, kept on the merge batch as JSON: the merged entity's labels and every property, what the
 * merge added to the surviving entity (and the values it had before), each relation it moved, folded or dropped with
 * all its properties, and each passage it repointed. Property values carry their kind ({@code s}, {@code i},
 * {@code f}, {@code b}, {@code dt}, {@code d}, {@code ldt}, {@code l}; {@code n}: absent) so that they come back as the same Neo4j values.
 */
record MergeSnapshot(String into, String from, List<String> fromLabels, Map<String, Object> fromProps,
                     Map<String, Object> intoBefore, Map<String, List<String>> intoAdded, boolean descriptionSet,
                     List<MovedRelation> relations, List<PassageLink> passages) {

    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    MergeSnapshot {
        fromLabels = List.copyOf(fromLabels);
        fromProps = new LinkedHashMap<>(fromProps);
        intoBefore = new LinkedHashMap<>(intoBefore);
        intoAdded = new LinkedHashMap<>(intoAdded);
        relations = List.copyOf(relations);
        passages = List.copyOf(passages);
    }

    /** What happened to one of the merged entity's relations. */
    enum Outcome {
        /** re-attached to the surviving entity under a recomputed id ({@code target}) */
        MOVED,
        /** the surviving entity already had the same fact from the same source ({@code target}): its support was added there */
        FOLDED,
        /** a relation between the two entities (or a loop): after the merge it would be a loop, so it was removed */
        DROPPED
    }

    /**
     * A relation of the merged entity as it was: its type, whether the merged entity was its start, the other end's id,
     * every property; what the merge did with it, and (folded) the batches it added to the target's support.
     */
    record MovedRelation(String type, boolean out, String other, Map<String, Object> props, Outcome outcome,
                         String target, List<String> addedBatches) {
        MovedRelation {
            props = new LinkedHashMap<>(props);
            addedBatches = List.copyOf(addedBatches);
        }

        List<String> batches() {
            return props.get("batches") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        }
    }

    /** A passage that mentioned the merged entity: its entity ids before, and whether it already mentioned the survivor. */
    record PassageLink(String id, List<String> entityIds, boolean hadInto) {
        PassageLink {
            entityIds = List.copyOf(entityIds);
        }
    }

    String toJson() {
        ObjectNode root = F.objectNode();
        root.put("version", VERSION);
        root.put("into", into);
        root.put("from", from);
        ArrayNode labels = root.putArray("fromLabels");
        fromLabels.forEach(labels::add);
        root.set("fromProps", props(fromProps));
        root.set("intoBefore", props(intoBefore));
        ObjectNode added = root.putObject("intoAdded");
        intoAdded.forEach((k, v) -> strings(added.putArray(k), v));
        root.put("descriptionSet", descriptionSet);
        ArrayNode rels = root.putArray("relations");
        for (MovedRelation r : relations) {
            ObjectNode o = rels.addObject();
            o.put("type", r.type());
            o.put("out", r.out());
            o.put("other", r.other());
            o.set("props", props(r.props()));
            o.put("outcome", r.outcome().name());
            o.put("target", r.target());
            strings(o.putArray("addedBatches"), r.addedBatches());
        }
        ArrayNode ps = root.putArray("passages");
        for (PassageLink p : passages) {
            ObjectNode o = ps.addObject();
            o.put("id", p.id());
            strings(o.putArray("entityIds"), p.entityIds());
            o.put("hadInto", p.hadInto());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static MergeSnapshot parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new NonRetriableException("the merge batch's snapshot is not readable JSON", e);
        }
        if (root.path("version").asInt() != VERSION) {
            throw new ConflictException("the merge batch's snapshot has version " + root.path("version")
                    + "; this build undoes version " + VERSION);
        }
        Map<String, List<String>> added = new LinkedHashMap<>();
        root.path("intoAdded").properties().forEach(e -> added.put(e.getKey(), strings(e.getValue())));
        List<MovedRelation> rels = new ArrayList<>();
        for (JsonNode o : root.path("relations")) {
            rels.add(new MovedRelation(o.path("type").asText(), o.path("out").asBoolean(), o.path("other").asText(),
                    props(o.path("props")), Outcome.valueOf(o.path("outcome").asText()), o.path("target").asText(),
                    strings(o.path("addedBatches"))));
        }
        List<PassageLink> passages = new ArrayList<>();
        for (JsonNode o : root.path("passages")) {
            passages.add(new PassageLink(o.path("id").asText(), strings(o.path("entityIds")), o.path("hadInto").asBoolean()));
        }
        return new MergeSnapshot(root.path("into").asText(), root.path("from").asText(), strings(root.path("fromLabels")),
                props(root.path("fromProps")), props(root.path("intoBefore")), added,
                root.path("descriptionSet").asBoolean(), rels, passages);
    }

    private static void strings(ArrayNode into, List<String> values) {
        values.forEach(into::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static ObjectNode props(Map<String, Object> props) {
        ObjectNode o = F.objectNode();
        props.forEach((k, v) -> o.set(k, value(k, v)));
        return o;
    }

    private static Map<String, Object> props(JsonNode o) {
        Map<String, Object> out = new LinkedHashMap<>();
        o.properties().forEach(e -> out.put(e.getKey(), value(e.getValue())));
        return out;
    }

    private static ObjectNode value(String key, Object v) {
        ObjectNode o = F.objectNode();
        switch (v) {
            case null -> o.put("t", "n");
            case String s -> o.put("t", "s").put("v", s);
            case Long l -> o.put("t", "i").put("v", l);
            case Integer i -> o.put("t", "i").put("v", i.longValue());
            case Double d -> o.put("t", "f").put("v", d);
            case Boolean b -> o.put("t", "b").put("v", b);
            case ZonedDateTime z -> o.put("t", "dt").put("v", z.format(DateTimeFormatter.ISO_ZONED_DATE_TIME));
            case LocalDateTime l -> o.put("t", "ldt").put("v", l.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
            case LocalDate d -> o.put("t", "d").put("v", d.format(DateTimeFormatter.ISO_LOCAL_DATE));
            case List<?> list -> {
                o.put("t", "l");
                ArrayNode items = o.putArray("v");
                list.forEach(x -> items.add(value(key, x)));
            }
            default -> throw new ConflictException("property " + key + " holds a " + v.getClass().getSimpleName()
                    + ", which a merge cannot record for its undo; merge refused");
        }
        return o;
    }

    private static Object value(JsonNode o) {
        JsonNode v = o.path("v");
        return switch (o.path("t").asText()) {
            case "n" -> null;
            case "s" -> v.asText();
            case "i" -> v.asLong();
            case "f" -> v.asDouble();
            case "b" -> v.asBoolean();
            case "dt" -> ZonedDateTime.parse(v.asText(), DateTimeFormatter.ISO_ZONED_DATE_TIME);
            case "ldt" -> LocalDateTime.parse(v.asText(), DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            case "d" -> LocalDate.parse(v.asText(), DateTimeFormatter.ISO_LOCAL_DATE);
            case "l" -> {
                List<Object> items = new ArrayList<>();
                v.forEach(x -> items.add(value(x)));
                yield items;
            }
            default -> throw new NonRetriableException("unknown value kind in a merge snapshot: " + o.path("t"));
        };
    }
}
