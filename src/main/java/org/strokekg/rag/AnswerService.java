package org.strokekg.rag;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.GraphQueries;
import org.strokekg.search.EntityMention;
import org.strokekg.search.Retrieval;
import org.strokekg.text.EmergencyDetector;
import org.strokekg.text.EmergencyNotice;
import org.strokekg.text.Script;
import org.strokekg.text.ScriptChoice;
import org.strokekg.text.ScriptConverter;
import org.strokekg.trust.Trust;

/**
 * The flow of one question, stage by stage: the frame (what is asked, about what, for whom: {@link FrameReader}), the
 * evidence selected for it ({@link EvidenceStage}), the answer (composed from the evidence, {@link AnswerComposer}, or
 * a model given the same evidence, {@link ModelGenerator}), then post-processing: the script asked for, citations
 * checked, and the emergency notice first where it fits the frame ({@link EmergencyPolicy}).
 */
public final class AnswerService {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AnswerService.class);

    /** The model name of answers composed from evidence alone, without a language model. */
    public static final String EVIDENCE_MODEL = "strokekg-evidence";
    /** How long a model may take for one answer before the request fails (it is cancelled). */
    static final long MODEL_TIMEOUT_S = 300;
    private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,3})]");
    private static final Pattern SENTENCE = Pattern.compile("(?<=[。！？!?])|(?<=\\.\\s)");

    private final FrameReader frames;
    private final EvidenceStage evidence;
    private final ScriptConverter converter;
    private final EmergencyDetector emergency;
    private final ScriptChoice defaultScript;
    private final ModelCatalog models;
    private final Trust defaultMinTrust;
    private final AnswerComposer composer = new AnswerComposer();
    private final Retrieval retrieval;
    private final TrustedHeads heads;
    /** A question asked again is not read again while the dictionary and the graph are as they were. */
    private final QuestionMemo<Read> readings;

    /** What is read of a question before its evidence: the frame stage's reading and the emergency notice that fits it. */
    private record Read(FrameReader.Reading reading, Optional<EmergencyNotice> notice) {
    }

    /**
     * @param defaultMinTrust the least trusted knowledge an answer states when the request does not say
     *                        ({@code STROKEKG_ANSWER_MIN_TRUST})
     */
    public AnswerService(GraphQueries graph, Retrieval retrieval, ScriptConverter converter, EmergencyDetector emergency,
                         ScriptChoice defaultScript, ModelCatalog models, ExecutorService executor,
                         Trust defaultMinTrust) {
        this.defaultMinTrust = defaultMinTrust;
        this.frames = new FrameReader(retrieval, MonitoringAsked.inGraph(graph));
        this.retrieval = retrieval;
        this.heads = new TrustedHeads(graph, retrieval);
        this.readings = new QuestionMemo<>(retrieval.entities()::generation, graph::generation);
        this.evidence = new EvidenceStage(graph, retrieval, executor);
        this.converter = converter;
        this.emergency = emergency;
        this.defaultScript = defaultScript;
        this.models = models;
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

    /** The frame stage alone: how a question is read. */
    public Frame frame(String question) {
        return reading(question).frame();
    }

    /** The frame stage alone with what it read: the frame, every entity the question names, its parts. */
    public FrameReader.Reading reading(String question) {
        return frames.read(question.strip());
    }

    public Answer answer(AnswerRequest request) {
        return answer(request, AnswerListener.NONE);
    }

    public Answer answer(AnswerRequest request, AnswerListener listener) {
        long t0 = System.nanoTime();
        String question = request.question().strip();
        Script script = request.script().orElse(defaultScript).resolve(question);
        ScriptView view = new ScriptView(converter, script);

        // what the answer may state: knowledge below the request's level is not selected, and the unreviewed knowledge
        // a request asks for is labelled where its sentence is made
        TrustGate gate = new TrustGate(request.minTrust().orElse(defaultMinTrust));
        Read read = readings.get(question, gate.min(), () -> {
            FrameReader.Reading r = frames.reading(question, heads.apply(retrieval.link(question), gate));
            return new Read(r, EmergencyPolicy.fit(emergency.detect(question), r.frame(), question));
        });
        FrameReader.Reading reading = read.reading();
        Frame frame = reading.frame();
        long t1 = System.nanoTime();
        Evidence selected = evidence.select(reading, request.maxPaths(), request.maxPassages(), gate);
        // the budget and the composer ask the same: read once (the linked entities are the same after the budget)
        boolean strokeAsked = LeftOut.strokeAsked(question, selected.linked());
        Evidence ev = UnitBudget.fit(selected, question, strokeAsked);
        Optional<EmergencyNotice> notice = read.notice();

        boolean english = frame.english();
        List<Answer.LinkedEntity> linkedOut = ev.linked().stream().map(e -> view.linked(new Answer.LinkedEntity(
                e.id(), e.type(), e.name(), e.aliases(), e.description(), mention(reading.mentions(), e.id()),
                how(reading.mentions(), e.id()), e.descriptionEn()))).toList();
        List<Answer.PassageEvidence> passagesOut = ev.retrieved().stream().map(h -> view.passage(
                new Answer.PassageEvidence(h.doc().id(), h.doc().title(), h.doc().text(), h.doc().source(),
                        h.doc().entityIds(), h.score(), h.doc().trust()))).toList();
        Optional<Answer.Emergency> emergencyOut = notice.map(n -> new Answer.Emergency(n.level().name(),
                english ? n.messageEn() : view.text(n.messageZh()),
                n.signs().stream().map(s -> english ? s.en() : view.text(s.zh())).toList(), n.source()));
        String lead = emergencyOut.map(e -> e.message() + "\n\n").orElse("");
        String leadAlone = emergencyOut.map(Answer.Emergency::message).orElse("");
        Frame frameOut = view.frame(frame);

        long t2 = System.nanoTime();
        String modelId = request.model().orElse(models.defaultId());
        Optional<ModelGenerator> model = models.model(modelId)
                .map(m -> new ModelGenerator(m, modelId, MODEL_TIMEOUT_S, models.retries()));
        // with nothing to rest on, a model could only invent: the honest "not found" needs no model; and a model whose
        // context cannot hold even one piece of evidence beside the rules would answer from nothing
        List<Answer.Citation> given = model.isEmpty() || ev.isEmpty() ? List.of() : PromptBuilder.fit(question,
                ModelEvidence.numbered(ev), english, models.promptTokens(modelId), models.tokenCounter(modelId));
        if (model.isPresent() && !ev.isEmpty() && given.isEmpty()) {
            log.warn("model {} cannot take the rules and any evidence in its prompt budget of {} tokens: "
                    + "answering from the evidence alone", modelId, models.promptTokens(modelId));
        }
        String answerText;
        Optional<String> reasoning = Optional.empty();
        List<Answer.Citation> citations;
        List<GraphPath> usedPaths;
        String answeredBy;
        if (given.isEmpty()) {
            answeredBy = EVIDENCE_MODEL;
            // an exam item asked in the negative is answered option by option (on the evidence before the budget)
            AnswerComposer.Composition c = NegatedOptions.answer(reading, selected,
                    id -> retrieval.entities().names(id).orElse(List.of()), () -> composer.compose(ev, gate, strokeAsked, question),
                    e -> composer.compose(UnitBudget.fit(e, question, strokeAsked), gate, strokeAsked, question));
            boolean urgent = emergencyOut.filter(e -> e.level().equals("URGENT")).isPresent();
            if (emergencyOut.isPresent() && c.citations().isEmpty()
                    || urgent && c.paths().isEmpty() && c.passages().isEmpty()) {
                // the notice is the answer: "nothing found" after "call 120 now" would only confuse
                c = new AnswerComposer.Composition("", List.of(), List.of(), List.of());
            }
            citations = c.citations().stream().map(view::citation).toList();
            usedPaths = c.paths();
            listener.evidence(new AnswerListener.Evidence(linkedOut, view.paths(usedPaths), passagesOut, citations,
                    emergencyOut, script.tag(), frameOut));
            answerText = c.text().isEmpty() ? leadAlone : lead + view.text(c.text());
            for (String piece : SENTENCE.split(answerText)) {
                if (!piece.isEmpty()) {
                    listener.token(piece);
                }
            }
        } else {
            answeredBy = modelId;
            Set<String> givenIds = new HashSet<>(given.stream().map(Answer.Citation::id).toList());
            usedPaths = ModelEvidence.given(ev, givenIds);
            List<Answer.Citation> shown = given.stream().map(view::citation).toList();
            listener.evidence(new AnswerListener.Evidence(linkedOut, view.paths(usedPaths), passagesOut, shown,
                    emergencyOut, script.tag(), frameOut));
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
        Answer.Timings timings = new Answer.Timings(EvidenceStage.ms(t1 - t0), ev.graphMs(), ev.passagesMs(),
                EvidenceStage.ms(t3 - t2), EvidenceStage.ms(t3 - t0));
        // the facts found but not stated follow those used, each with its level: what a curator may review
        List<GraphPath> listed = new java.util.ArrayList<>(usedPaths);
        ev.withheld().stream().filter(p -> !listed.contains(p)).forEach(listed::add);
        return new Answer(answerText, reasoning, frameOut, citations, view.paths(listed), linkedOut, passagesOut,
                emergencyOut, script.tag(), timings, answeredBy, gate.min());
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
        return Retrieval.isEnglish(question);
    }

    private static String mention(List<EntityMention> mentions, String id) {
        return mentions.stream().filter(m -> m.entityId().equals(id)).findFirst().map(EntityMention::surface).orElse("");
    }

    private static String how(List<EntityMention> mentions, String id) {
        return mentions.stream().filter(m -> m.entityId().equals(id)).findFirst()
                .map(m -> m.how().name().toLowerCase(java.util.Locale.ROOT)).orElse("");
    }
}
