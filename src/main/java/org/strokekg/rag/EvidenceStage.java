package org.strokekg.rag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.strokekg.error.StrokeKgException;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphQueries;
import org.strokekg.rag.Evidence.Fact;
import org.strokekg.rag.Evidence.Quote;
import org.strokekg.rag.Frame.Focus;
import org.strokekg.search.EntityMention;
import org.strokekg.search.PassageHit;
import org.strokekg.search.PassageQuery;
import org.strokekg.search.Retrieval;
import org.strokekg.text.TextNormalizer;

/**
 * The evidence stage: for a frame, graph facts ({@link GraphEvidence}) and passages (through the {@link Retrieval}
 * seam) in parallel, then the passage sentences that answer the frame ({@link PassageQuotes}).
 */
final class EvidenceStage {

    private final GraphQueries graph;
    private final Retrieval retrieval;
    private final ExecutorService executor;

    EvidenceStage(GraphQueries graph, Retrieval retrieval, ExecutorService executor) {
        this.graph = graph;
        this.retrieval = retrieval;
        this.executor = executor;
    }

    /** The evidence for the frame that {@code gate} lets the answer state; all retrieved passages are listed. */
    Evidence select(FrameReader.Reading reading, int maxPaths, int maxPassages, TrustGate gate) {
        GraphEvidence graphEvidence = new GraphEvidence(graph, gate);
        Frame frame = reading.frame();
        List<String> linkedIds = new ArrayList<>(reading.mentions().stream().map(EntityMention::entityId).distinct()
                .limit(GraphEvidence.MAX_LINKED + frame.candidates().size()).toList());
        // a long case states its history (高血压、糖尿病、吸烟) before its signs: every finding the frame reads is linked,
        // or the condition they fit is explained by fewer findings than the case gives (or by none)
        frame.findings().stream().map(Focus::id).filter(id -> !linkedIds.contains(id)).forEach(linkedIds::add);
        // passages are searched for what the question is about and, for an exam item, for its options: a passage that
        // speaks of an option is what tells the options apart
        List<String> about = new ArrayList<>();
        frame.focus().ifPresent(f -> about.add(f.id()));
        frame.others().forEach(o -> about.add(o.id()));
        frame.candidates().stream().limit(GraphEvidence.MAX_LINKED).forEach(c -> about.add(c.id()));
        if (about.isEmpty()) {
            about.addAll(linkedIds.stream().limit(GraphEvidence.MAX_LINKED).toList());
        }
        CompletableFuture<Timed<List<Fact>>> facts = CompletableFuture.supplyAsync(
                () -> timed(() -> graphEvidence.retrieve(frame, reading.mentions(), maxPaths)), executor);
        // a lesion site or a TCM pattern is one passage among many on the same findings: more are read to find it; and
        // for other questions a few more, so that the exam topics set aside leave the request's number
        int read = ExamQuotes.passagesRead(frame, maxPassages);
        CompletableFuture<Timed<List<PassageHit>>> hits = CompletableFuture.supplyAsync(
                () -> timed(() -> gate.forReader(retrieval.passages(
                        ExamQuotes.searchText(reading).orElseGet(reading::searchText), about,
                        PassageLanguage.widen(read), ExamQuotes.mode(frame), gate.min()), frame.english(), read)),
                executor);
        Map<String, Entity> byId = new LinkedHashMap<>();
        // the focus may be named after the first few entities of a long case: it is always read
        Set<String> described = new LinkedHashSet<>(linkedIds);
        described.addAll(about);
        // a description below the request's level is not stated: the entity is named without it
        graph.entities(List.copyOf(described)).forEach(e -> byId.put(e.id(), gate.describable(e)));
        List<Entity> linked = linkedIds.stream().map(byId::get).filter(Objects::nonNull).toList();
        Optional<Entity> focus = frame.focus().map(f -> byId.get(f.id()));
        List<Entity> others = frame.others().stream().map(Focus::id).map(byId::get).filter(Objects::nonNull).toList();
        Timed<List<Fact>> f = join(facts);
        f = new Timed<>(ExamQuotes.siteFacts(frame, f.value()), f.ms());
        Timed<List<PassageHit>> h = join(hits);
        h = new Timed<>(ExamQuotes.forFrame(frame, h.value(), maxPassages), h.ms());
        java.util.function.Function<String, List<String>> names = id -> retrieval.entities().names(id).orElse(List.of());
        List<PassageHit> quotable = gate.passages(h.value());
        List<Quote> quotes = new ArrayList<>(PassageQuotes.select(frame, focus, others, reading.shape().asking(), linked,
                quotable, quoteBudget(frame, f.value()), names));
        if (LeftOut.longPast(frame, reading.question())) {
            // a stroke years ago (read on the whole case, not only its asking part): the acute phase's advice
            // (「发热会加重脑损伤…」, the first hours) is not for it
            quotes.removeIf(q -> q.sentences().stream().anyMatch(s -> LeftOut.acutePhase(TextNormalizer.forMatching(s))));
        }
        // a lesion site or a TCM pattern is chosen by the case's findings, not by the entity it names
        quotes.addAll(ExamQuotes.select(frame, reading.shape().stem(), linked, quotable, names));
        h = new Timed<>(ExamQuotes.listed(h.value(), quotes, maxPassages), h.ms());
        // unreviewed knowledge a request asks for is stated only where it is not the crawl's own noise
        return UnreviewedHygiene.apply(new Evidence(frame, linked, focus, others, f.value(), quotes, h.value(),
                graphEvidence.withheld(), f.ms(), h.ms()), reading.question(), reading.mentions());
    }

    /** Passages add most where the graph has no relation for the aspect (prognosis, daily life): more quotes there. */
    private static int quoteBudget(Frame frame, List<Fact> facts) {
        boolean graphAnswers = facts.stream().anyMatch(x -> x.aspect() == frame.aspect());
        return graphAnswers ? 2 : 3;
    }

    static Set<String> ids(List<Entity> entities) {
        Set<String> out = new LinkedHashSet<>();
        entities.forEach(e -> out.add(e.id()));
        return out;
    }

    record Timed<T>(T value, double ms) {
    }

    static <T> Timed<T> timed(Supplier<T> work) {
        long t = System.nanoTime();
        T v = work.get();
        return new Timed<>(v, ms(System.nanoTime() - t));
    }

    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StrokeKgException ske) {
                throw ske;
            }
            throw e;
        }
    }

    static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
