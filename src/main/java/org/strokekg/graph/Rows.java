package org.strokekg.graph;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.neo4j.driver.Value;
import org.strokekg.trust.Trust;

/** Cypher projections of entities and relations, and their mapping to records inside the transaction. */
final class Rows {

    private Rows() {
    }

    /** Cypher projection of the entity node bound to {@code v}. */
    static String entity(String v) {
        return "{id: %1$s.id, type: %1$s.type, name: %1$s.name, aliases: coalesce(%1$s.aliases, []),"
                .formatted(v)
                + " description: coalesce(%1$s.description, ''), descriptionEn: coalesce(%1$s.descriptionEn, ''),"
                        .formatted(v)
                + " sources: coalesce(%1$s.sources, []),".formatted(v)
                + " trust: %1$s.trust, descriptionTrust: %1$s.descriptionTrust, retracted: %1$s.retractedBy IS NOT NULL}"
                .formatted(v);
    }

    /** Cypher projection of the relationship bound to {@code v}, with the application ids of its ends. */
    static String relation(String v) {
        return ("{id: %1$s.id, type: type(%1$s), start: startNode(%1$s).id, end: endNode(%1$s).id,"
                + " source: %1$s.source, batch: %1$s.batch, batches: coalesce(%1$s.batches, [%1$s.batch]),"
                + " curator: %1$s.curator, createdAt: %1$s.createdAt, evidence: %1$s.evidence,"
                + " confidence: %1$s.confidence, trust: %1$s.trust}").formatted(v);
    }

    static Entity entity(Value v) {
        Trust trust = trust(v.get("trust"));
        return new Entity(v.get("id").asString(), v.get("type").asString(), v.get("name").asString(),
                strings(v.get("aliases")), v.get("description").asString(""), strings(v.get("sources")),
                v.get("descriptionEn").asString(""), trust,
                v.get("descriptionTrust").isNull() ? trust : trust(v.get("descriptionTrust")),
                v.get("retracted").asBoolean(false));
    }

    /**
     * A relation as a record. Its type, ends, source, batches and curator repeat across thousands of relations (a
     * crawl file has one source and one batch): they are interned, so that the read caches, which hold hundreds of
     * thousands of relations, hold each such string once.
     */
    static Relation relation(Value v) {
        return new Relation(v.get("id").asString(), v.get("type").asString().intern(),
                v.get("start").asString().intern(), v.get("end").asString().intern(),
                v.get("source").asString("").intern(), v.get("batch").asString("").intern(),
                strings(v.get("batches")).stream().map(String::intern).toList(), v.get("curator").asString("").intern(),
                instant(v.get("createdAt")),
                v.get("evidence").isNull() ? Optional.empty() : Optional.of(v.get("evidence").asString()),
                v.get("confidence").isNull() ? Optional.empty() : Optional.of(v.get("confidence").asDouble()),
                trust(v.get("trust")));
    }

    /** A stored level; a graph written before levels existed reads as unreviewed until it is migrated. */
    static Trust trust(Value v) {
        return v.isNull() ? Trust.UNREVIEWED : Trust.of(v.asString()).orElse(Trust.UNREVIEWED);
    }

    static List<String> strings(Value v) {
        return v.isNull() ? List.of() : v.asList(Value::asString);
    }

    private static Instant instant(Value v) {
        if (v.isNull()) {
            return Instant.EPOCH;
        }
        Object o = v.asObject();
        if (o instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (o instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return Instant.EPOCH;
    }
}
