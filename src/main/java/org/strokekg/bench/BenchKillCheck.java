package org.strokekg.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strokekg.Config;
import org.strokekg.StrokeKg;
import org.strokekg.error.NotFoundException;
import org.strokekg.graph.AuditLog;
import org.strokekg.graph.BatchInfo;
import org.strokekg.graph.GraphStats;
import org.strokekg.ingest.LoadInput;
import org.strokekg.ingest.LoadResult;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.server.Readiness;

/**
 * What {@code bench kill} checks after each kill, on the data directory opened again (Neo4j recovered, the indexes
 * checked against the graph at start): the round's batch is either whole (every relation and entity it recorded) or
 * absent (nothing carries its id), search agrees with the graph, and the audit trail says what it knows.
 */
final class BenchKillCheck {

    /** The round's outcome: the batch's state, the audit trail's word on it, whether search agrees, what was wrong. */
    record Verdict(String batch, String audit, boolean searchAgrees, List<String> violations) {
    }

    private static final String RELATIONS_OF = "MATCH ()-[r]->() WHERE $batch IN r.batches RETURN count(r) AS n";
    private static final String ENTITIES_OF = "MATCH (e:Entity) WHERE $batch IN e.batches RETURN count(e) AS n";
    private static final int SAMPLE = 25;

    private BenchKillCheck() {
    }

    /** Loads {@code file} as a batch in this process and returns its id. */
    static String load(StrokeKg kg, Path file) {
        LoadResult r = kg.curation().load(List.of(LoadInput.of(file, Optional.empty())), "kill-bench", false,
                ProgressListener.NONE);
        if (r.status() != LoadResult.Status.COMMITTED && r.status() != LoadResult.Status.UNCHANGED) {
            throw new IllegalStateException("could not load " + file + ": " + r.message().orElse(r.status().json()));
        }
        return r.batchId();
    }

    private static String batchId(StrokeKg kg, Path file) {
        return kg.curation().load(List.of(LoadInput.of(file, Optional.empty())), "kill-bench", true,
                ProgressListener.NONE).batchId();
    }

    static Verdict afterIngest(Config config, Path file) throws IOException {
        try (StrokeKg kg = StrokeKg.open(config, new Readiness())) {
            String id = batchId(kg, file);
            return check(kg, file, id, "load");
        }
    }

    static Verdict afterUndo(Config config, Path file, String id) throws IOException {
        try (StrokeKg kg = StrokeKg.open(config, new Readiness())) {
            return check(kg, file, id, "undo");
        }
    }

    private static Verdict check(StrokeKg kg, Path file, String id, String action) throws IOException {
        List<String> violations = new ArrayList<>();
        Optional<BatchInfo> batch = find(kg, id);
        long relations = count(kg, RELATIONS_OF, id);
        long entities = count(kg, ENTITIES_OF, id);
        String state;
        if (batch.isPresent()) {
            Map<String, Long> c = batch.get().counts();
            long wantRelations = c.getOrDefault("relationsCreated", -1L) + c.getOrDefault("relationsSupported", 0L);
            long wantEntities = c.getOrDefault("entitiesCreated", -1L) + c.getOrDefault("entitiesTouched", 0L);
            state = "whole (" + relations + " relations)";
            if (relations != wantRelations || entities != wantEntities) {
                state = "PARTIAL";
                violations.add("batch " + id + " holds " + relations + "/" + wantRelations + " relations and " + entities
                        + "/" + wantEntities + " entities");
            }
        } else {
            state = "absent";
            if (relations != 0 || entities != 0) {
                state = "PARTIAL";
                violations.add("no batch " + id + " but " + relations + " relations and " + entities
                        + " entities carry its id");
            }
        }
        boolean agrees = searchAgrees(kg, file, batch.isPresent(), violations);
        return new Verdict(state, audit(kg, id, file, action), agrees, violations);
    }

    private static Optional<BatchInfo> find(StrokeKg kg, String id) {
        try {
            return Optional.of(kg.curation().batch(id));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private static long count(StrokeKg kg, String query, String id) {
        return kg.store().read(tx -> tx.run(query, Map.of("batch", id)).single().get("n").asLong());
    }

    /** Index and graph hold as many entities and passages, and the round's names are found exactly when they exist. */
    private static boolean searchAgrees(StrokeKg kg, Path file, boolean present, List<String> violations)
            throws IOException {
        GraphStats s = kg.graph().stats();
        boolean agrees = s.entities() == kg.entityIndex().count() && s.passages() == kg.passageIndex().count();
        if (!agrees) {
            violations.add("the graph has " + s.entities() + " entities and " + s.passages() + " passages, the indexes "
                    + kg.entityIndex().count() + " and " + kg.passageIndex().count());
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int step = Math.max(1, (lines.size() - 1) / SAMPLE);
        for (int i = 1; i < lines.size(); i += step) {
            String name = lines.get(i).split(",")[3];
            boolean found = kg.entityIndex().search(name, Optional.empty(), 3).stream()
                    .anyMatch(h -> h.entity().name().equals(name));
            if (found != present) {
                agrees = false;
                violations.add("search " + (found ? "finds" : "misses") + " \"" + name + "\" while the batch is "
                        + (present ? "in" : "not in") + " the graph");
                break;
            }
        }
        return agrees;
    }

    /** The newest audit event of this action on the batch or its file: its outcome, or none. */
    private static String audit(StrokeKg kg, String id, Path file, String action) {
        String name = file.getFileName().toString();
        return kg.curation().audit(1000, Optional.of("kill-bench"), Optional.of(action)).stream()
                .filter(e -> e.target().equals(id) || e.target().equals(name)).findFirst()
                .map(AuditLog.Event::outcome).orElse("none");
    }
}
