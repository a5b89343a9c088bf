package org.strokekg.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.strokekg.error.InvalidInputException;
import org.strokekg.rag.Answer;

/**
 * Writes the review sample's answers as the app receives them, for reviewers: one JSON object a line (the question as
 * asked, the reference answer and an exam item's key, the answer text, its rubric units, the citations with their
 * text and kind, the emergency notice, the linked entities), one language group a file, about 18 answers a file
 * ({@code answers-<group>-<n>.jsonl}); a reviewer writes {@code judgments-<group>-<n>.jsonl} beside it.
 */
public final class ReviewDump {

    /** Answers a file: a reviewer's sitting. */
    static final int PER_FILE = 18;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReviewDump() {
    }

    /** Writes {@code dir/answers-*.jsonl} for one knowledge state; the files written, in order. */
    public static List<Path> write(Path dir, String state, List<ReviewSample.Entry> sample, Map<String, QaItem> items,
                                   Function<QaItem, Answer> answer) {
        Map<String, List<ObjectNode>> byGroup = new LinkedHashMap<>();
        for (ReviewSample.Entry e : sample) {
            QaItem item = items.get(e.set() + "/" + e.id());
            if (item == null) {
                throw new InvalidInputException("--review-sample", "no item " + e.id() + " in set " + e.set());
            }
            byGroup.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(line(state, e, item, answer.apply(item)));
        }
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, List<ObjectNode>> g : byGroup.entrySet()) {
                List<List<ObjectNode>> files = chunks(g.getValue());
                for (int f = 0; f < files.size(); f++) {
                    Path file = dir.resolve("answers-" + g.getKey() + "-" + (f + 1) + ".jsonl");
                    List<String> lines = new ArrayList<>();
                    for (ObjectNode n : files.get(f)) {
                        lines.add(JSON.writeValueAsString(n));
                    }
                    Files.write(file, lines, StandardCharsets.UTF_8);
                    written.add(file);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("--dump", "cannot write " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** Splits a group into files of about {@link #PER_FILE}, as even as they come. */
    static <T> List<List<T>> chunks(List<T> all) {
        int files = Math.max(1, Math.round(all.size() / (float) PER_FILE));
        List<List<T>> out = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            out.add(all.subList(f * all.size() / files, (f + 1) * all.size() / files));
        }
        return out;
    }

    static ObjectNode line(String state, ReviewSample.Entry e, QaItem item, Answer a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", item.id());
        n.put("state", state);
        n.put("set", e.set());
        n.put("group", e.group());
        n.put("lang", item.lang());
        n.put("source", item.source());
        n.put("type", item.type());
        n.put("question", item.asked());
        n.put("reference_answer", item.reference());
        if (item.isMcq()) {
            n.put("answer_key", item.answerKey());
            n.put("correct_option", String.join("；", item.correctOptions()));
            ObjectNode options = n.putObject("options");
            item.options().forEach(options::put);
        }
        n.put("answer", a.answer());
        ArrayNode units = n.putArray("units");
        Units.units(Units.body(a)).forEach(units::add);
        ArrayNode citations = n.putArray("citations");
        for (Answer.Citation c : a.citations()) {
            citations.addObject().put("n", c.n()).put("kind", c.kind()).put("id", c.id()).put("source", c.source())
                    .put("text", c.text()).put("trust", c.trust().id());
        }
        // what the answer found but did not state (below the request's trust level), as the response lists it, so a
        // reviewer can check the "N items … not used" sentence: the paths in graphPaths, the passages in passages
        ArrayNode withheld = n.putArray("withheld");
        for (org.strokekg.graph.GraphPath p : a.graphPaths()) {
            if (p.relationships().stream().anyMatch(r -> !r.trust().atLeast(a.minTrust()))) {
                withheld.addObject().put("field", "graphPaths").put("text", String.join(" → ", p.nodes().stream()
                        .map(org.strokekg.graph.Entity::name).toList()) + " (" + String.join(", ", p.relationships()
                        .stream().map(org.strokekg.graph.Relation::type).toList()) + ")")
                        .put("trust", p.relationships().stream().map(org.strokekg.graph.Relation::trust)
                                .reduce(org.strokekg.trust.Trust::min).orElseThrow().id());
            }
        }
        for (Answer.PassageEvidence pe : a.passages()) {
            if (!pe.trust().atLeast(a.minTrust())) {
                withheld.addObject().put("field", "passages").put("id", pe.id()).put("text", pe.title())
                        .put("trust", pe.trust().id());
            }
        }
        a.emergency().ifPresentOrElse(em -> {
            ObjectNode o = n.putObject("emergency").put("level", em.level()).put("message", em.message());
            em.signs().forEach(o.putArray("signs")::add);
        }, () -> n.putNull("emergency"));
        ArrayNode entities = n.putArray("entities");
        for (Answer.LinkedEntity le : a.entities()) {
            entities.addObject().put("id", le.id()).put("type", le.type()).put("name", le.name())
                    .put("mention", le.mention()).put("how", le.how());
        }
        n.put("model", a.model());
        n.put("script", a.script());
        return n;
    }
}
