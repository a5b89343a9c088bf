package org.strokekg.rag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.error.StrokeKgException;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.Relation;
import org.strokekg.search.EntityHit;
import org.strokekg.search.EntityIndex;
import org.strokekg.search.EntityMention;
import org.strokekg.search.PassageHit;
import org.strokekg.search.PassageIndex;
import org.strokekg.search.PassageQuery;
import org.strokekg.text.EmergencyDetector;
import org.strokekg.text.EmergencyNotice;
import org.strokekg.text.Script;
import org.strokekg.text.ScriptChoice;
import org.strokekg.text.ScriptConverter;
import org.strokekg.text.TextNormalizer;
import org.strokekg.trust.Trust;

/**
 * The flow of one question: normalise and check for warning signs; link the entities it names; retrieve graph
 * evidence and passages in parallel; number the evidence; answer (a model, or sentences composed from the evidence);
 * convert to the requested script; lead with the emergency notice when the question describes stroke warning signs.
 */
public final class AnswerService {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AnswerService.class);

    /** The model name of answers composed from evidence alone, without a language model. */
    public static final String EVIDENCE_MODEL = "strokekg-evidence";
    /** How long a model may take for one answer before the request fails (it is cancelled). */
    static final long MODEL_TIMEOUT_S = 300;
    private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,3})]");
    private static final Pattern SENTENCE = Pattern.compile("(?<=[。！？!?])|(?<=\\.\\s)");

    private final GraphEvidence graphEvidence;
    private final GraphQueries graph;
    private final EntityIndex entities;
    private final PassageIndex passages;
    private final ScriptConverter converter;
    private final EmergencyDetector emergency;
    private final ScriptChoice defaultScript;
    private final ModelCatalog models;
    private final ExecutorService executor;
    private final Trust defaultMinTrust;
    private final AnswerComposer composer = new AnswerComposer();

    /**
     * @param defaultMinTrust the least trusted knowledge an answer states when the request does not say
     *                        ({@code STROKEKG_ANSWER_MIN_TRUST})
     */
    public AnswerService(GraphQueries graph, EntityIndex entities, PassageIndex passages, ScriptConverter converter,
                         EmergencyDetector emergency, ScriptChoice defaultScript, ModelCatalog models,
                         ExecutorService executor, Trust defaultMinTrust) {
        this.graph = graph;
        this.graphEvidence = new GraphEvidence(graph);
        this.entities = entities;
        this.passages = passages;
        this.converter = converter;
        this.emergency = emergency;
        this.defaultScript = defaultScript;
        this.models = models;
        this.executor = executor;
        this.defaultMinTrust = defaultMinTrust;
    }

    /** What an answer states when the request does not say. */
    public Trust defaultMinTrust() {
        return defaultMinTrust;
    }

    public String defaultModelId() {
        return models.defaultId();
    }

    public ModelCatalog models() {
        return models;
    }

    /** The models a request may name, the default first. */
    public List<String> modelIds() {
        return models.ids();
    }

    public Answer answer(AnswerRequest request) {
        return answer(request, AnswerListener.NONE);
    }

    public Answer answer(AnswerRequest request, AnswerListener listener) {
        String modelId = request.model().orElse(models.defaultId());
        Optional<ModelGenerator> model = models.model(modelId)
                .map(m -> new ModelGenerator(m, modelId, MODEL_TIMEOUT_S, models.retries()));
        long t0 = System.nanoTime();
        TrustGate gate = new TrustGate(request.minTrust().orElse(defaultMinTrust));
        Script script = request.script().orElse(defaultScript).resolve(request.question());
        ScriptView view = new ScriptView(converter, script);
        String question = request.question().strip();
        String normalised = TextNormalizer.forMatching(question);
        boolean english = isEnglish(question);
        Optional<EmergencyNotice> notice = emergency.detect(question);
        // someone with warning signs now needs to know what to do, not which drugs treat the condition later
        Set<Intent> intents = notice.filter(n -> n.level() == EmergencyNotice.Level.URGENT).isPresent()
                ? java.util.EnumSet.of(Intent.SYMPTOM, Intent.CARE) : Intent.of(normalised);

        List<EntityMention> mentions = link(question, english);
        List<String> linkedIds = mentions.stream().map(EntityMention::entityId).distinct()
                .limit(GraphEvidence.MAX_LINKED).toList();
        long t1 = System.nanoTime();

        CompletableFuture<Timed<List<GraphPath>>> graphFuture = CompletableFuture.supplyAsync(
                () -> timed(() -> graphEvidence.retrieve(linkedIds, intents, request.maxPaths())), executor);
        CompletableFuture<Timed<List<PassageHit>>> passageFuture = CompletableFuture.supplyAsync(
                () -> timed(() -> request.maxPassages() == 0 ? List.<PassageHit>of()
                        : gate.forReader(passages.search(PassageQuery.linked(question, linkedIds, entities,
                                PassageLanguage.widen(request.maxPassages()), PassageQuery.Mode.HYBRID)
                                .withMinTrust(gate.min())), english, request.maxPassages())),
                executor);
        Timed<List<GraphPath>> facts = join(graphFuture);
        Timed<List<PassageHit>> hits = join(passageFuture);
        // what the answer may state; the rest is listed with the evidence, with its level
        List<GraphPath> stated = gate.facts(facts.value());
        List<GraphPath> withheld = gate.withheld(facts.value());
        List<PassageHit> quotable = gate.passages(hits.value());

        Map<String, Entity> linked = new LinkedHashMap<>();
        graph.entities(linkedIds).forEach(e -> linked.put(e.id(), e));
        List<Entity> linkedOrdered = linkedIds.stream().map(linked::get).filter(java.util.Objects::nonNull).toList();
        List<Answer.LinkedEntity> linkedOut = linkedOrdered.stream().map(e -> view.linked(new Answer.LinkedEntity(
                e.id(), e.type(), e.name(), e.aliases(), e.description(), mention(mentions, e.id()),
                how(mentions, e.id()), e.descriptionEn()))).toList();
        List<Answer.PassageEvidence> passagesOut = hits.value().stream().map(h -> view.passage(
                new Answer.PassageEvidence(h.doc().id(), h.doc().title(), h.doc().text(), h.doc().source(),
                        h.doc().entityIds(), h.score(), h.doc().trust()))).toList();
        Optional<Answer.Emergency> emergencyOut = notice.map(n -> new Answer.Emergency(n.level().name(),
                view.text(english ? n.messageEn() : n.messageZh()),
                n.signs().stream().map(s -> english ? s.en() : view.text(s.zh())).toList(), n.source()));

        long t2 = System.nanoTime();
        String answerText;
        Optional<String> reasoning = Optional.empty();
        List<Answer.Citation> citations;
        List<GraphPath> usedPaths;
        String lead = emergencyOut.map(e -> e.message() + (english ? "\n\n" : "\n\n")).orElse("");
        // with nothing to rest on, a model could only invent: the honest "not found" needs no model; and a model whose
        // context cannot hold even one piece of evidence beside the rules would answer from nothing
        List<Answer.Citation> given = model.isEmpty() ? List.of() : PromptBuilder.fit(question,
                numbered(stated, quotable), english, models.promptTokens(modelId), models.tokenCounter(modelId));
        String answeredBy = stated.isEmpty() && quotable.isEmpty() ? EVIDENCE_MODEL : modelId;
        if (model.isPresent() && given.isEmpty() && !answeredBy.equals(EVIDENCE_MODEL)) {
            log.warn("model {} cannot take the rules and any evidence in its prompt budget of {} tokens: "
                    + "answering from the evidence alone", modelId, models.promptTokens(modelId));
            answeredBy = EVIDENCE_MODEL;
        }
        if (model.isEmpty() || answeredBy.equals(EVIDENCE_MODEL)) {
            AnswerComposer.Composition c = composer.compose(question, english,
                    linkedOrdered.stream().map(gate::describable).toList(), intents, stated, quotable);
            citations = c.citations().stream().map(view::citation).toList();
            usedPaths = withWithheld(c.paths(), withheld);
            listener.evidence(new AnswerListener.Evidence(linkedOut, view.paths(usedPaths), passagesOut, citations,
                    emergencyOut, script.tag()));
            answerText = lead + view.text(c.text());
            for (String piece : SENTENCE.split(answerText)) {
                if (!piece.isEmpty()) {
                    listener.token(piece);
                }
            }
        } else {
            Set<String> givenIds = new java.util.HashSet<>(given.stream().map(Answer.Citation::id).toList());
            usedPaths = withWithheld(stated.stream().filter(p -> p.relationships().stream()
                    .anyMatch(r -> givenIds.contains(r.id()))).toList(), withheld);
            List<Answer.Citation> shown = given.stream().map(view::citation).toList();
            listener.evidence(new AnswerListener.Evidence(linkedOut, view.paths(usedPaths), passagesOut, shown,
                    emergencyOut, script.tag()));
            if (!lead.isEmpty()) {
                listener.token(lead);
            }
            ClauseBuffer answerOut = new ClauseBuffer(view, listener::token);
            ClauseBuffer reasoningOut = new ClauseBuffer(view, listener::reasoning);
            ModelGenerator.Generated g = model.get().generate(question, english, given, reasoningOut::accept,
                    answerOut::accept);
            answerOut.flush();
            reasoningOut.flush();
            String checked = checkCitations(g.answer(), given.size());
            answerText = lead + view.text(checked);
            reasoning = g.reasoning().isBlank() ? Optional.empty() : Optional.of(view.text(g.reasoning()));
            Set<Integer> cited = cited(checked);
            citations = shown.stream().filter(c -> cited.contains(c.n())).toList();
        }
        long t3 = System.nanoTime();
        Answer.Timings timings = new Answer.Timings(ms(t1 - t0), facts.ms(), hits.ms(), ms(t3 - t2), ms(t3 - t0));
        return new Answer(answerText, reasoning, citations, view.paths(usedPaths), linkedOut, passagesOut,
                emergencyOut, script.tag(), timings, answeredBy, gate.min());
    }

    /** The paths an answer used, then those it found but could not state (each listed once). */
    private static List<GraphPath> withWithheld(List<GraphPath> used, List<GraphPath> withheld) {
        if (withheld.isEmpty()) {
            return used;
        }
        List<GraphPath> out = new ArrayList<>(used);
        withheld.stream().filter(p -> !out.contains(p)).forEach(out::add);
        return out;
    }

    private static final Pattern ENGLISH_WORD = Pattern.compile("[A-Za-z][A-Za-z-]{5,}");
    private static final Set<String> ENGLISH_STOP = Set.of("should", "people", "patient", "patients", "before", "after",
            "really", "please", "doctor", "doctors", "happen", "happens", "between", "during", "without", "normal");

    /**
     * The entities a question names. English aliases are often several words ("intravenous thrombolysis") while a
     * question uses one of them ("thrombolysis"): an English word the linker did not cover is looked up as a whole
     * word of an alias.
     */
    private List<EntityMention> link(String question, boolean english) {
        List<EntityMention> mentions = new ArrayList<>(entities.link(question));
        if (!english) {
            return mentions;
        }
        Matcher m = ENGLISH_WORD.matcher(question);
        while (m.find()) {
            int start = m.start();
            boolean covered = mentions.stream().anyMatch(x -> x.start() <= start && start < x.end());
            String word = m.group().toLowerCase(java.util.Locale.ROOT);
            if (covered || ENGLISH_STOP.contains(word)) {
                continue;
            }
            Pattern whole = Pattern.compile("(^|[^a-z])" + Pattern.quote(word) + "([^a-z]|$)");
            entities.search(word, Optional.empty(), 5).stream()
                    .filter(h -> h.match() != EntityHit.Match.FUZZY && whole.matcher(h.matchedKey()).find())
                    .findFirst()
                    .ifPresent(h -> mentions.add(new EntityMention(h.entity().id(), h.entity().type(), h.entity().name(),
                            m.group(), start, m.end(), EntityMention.How.FUZZY, 0.7)));
        }
        return mentions;
    }

    /** All evidence given to a model, numbered: graph facts first, then passages. */
    private static List<Answer.Citation> numbered(List<GraphPath> facts, List<PassageHit> hits) {
        EvidenceBook book = new EvidenceBook();
        for (GraphPath p : facts) {
            for (Relation r : p.relationships()) {
                Entity s = p.nodes().stream().filter(n -> n.id().equals(r.startId())).findFirst().orElseThrow();
                Entity o = p.nodes().stream().filter(n -> n.id().equals(r.endId())).findFirst().orElseThrow();
                book.cite(r, Phrases.clause(r.type(), s.name(), o.name(), false)
                        + r.evidence().map(e -> "（" + e + "）").orElse(""));
            }
        }
        // the model reads the whole passage; the citation list shows it too
        hits.forEach(h -> book.cite(h.doc(), h.doc().title() + "：" + h.doc().text()));
        return book.citations();
    }

    /** Citation numbers the model wrote that refer to no given evidence are removed: a citation must point somewhere. */
    static String checkCitations(String text, int evidenceCount) {
        Matcher m = CITATION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            m.appendReplacement(out, n >= 1 && n <= evidenceCount ? m.group() : "");
        }
        m.appendTail(out);
        return out.toString();
    }

    static Set<Integer> cited(String text) {
        Set<Integer> s = new LinkedHashSet<>();
        Matcher m = CITATION.matcher(text);
        while (m.find()) {
            s.add(Integer.parseInt(m.group(1)));
        }
        return s;
    }

    static boolean isEnglish(String question) {
        long han = question.codePoints().filter(Character::isIdeographic).count();
        long latin = question.codePoints().filter(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')).count();
        return han == 0 && latin >= 3;
    }

    private static String mention(List<EntityMention> mentions, String id) {
        return mentions.stream().filter(m -> m.entityId().equals(id)).findFirst().map(EntityMention::surface).orElse("");
    }

    private static String how(List<EntityMention> mentions, String id) {
        return mentions.stream().filter(m -> m.entityId().equals(id)).findFirst()
                .map(m -> m.how().name().toLowerCase(java.util.Locale.ROOT)).orElse("");
    }

    private record Timed<T>(T value, double ms) {
    }

    private static <T> Timed<T> timed(java.util.function.Supplier<T> work) {
        long t = System.nanoTime();
        T v = work.get();
        return new Timed<>(v, ms(System.nanoTime() - t));
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StrokeKgException ske) {
                throw ske;
            }
            throw e;
        }
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
