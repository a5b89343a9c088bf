package org.strokekg.rag;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Direction;

/**
 * A study-style yes/no question: whether a relation that only a study can show holds ("Does the timing of statins
 * modify the benefit of thrombectomy?", "Is the Rankin scale reliable over the telephone?", "Do stroke survivors take
 * their statins a year later?"). Its words name a treatment, a scale or a population, and the composer used to answer
 * with their generic facts (the dose, the list of scales, the warning signs), leaving the relation asked unanswered.
 * The knowledge base holds guidance, not study results: such a question is read as research asked (topic
 * {@code research}), and the answer says what the knowledge base has and that it holds nothing on whether the relation
 * holds ({@link #whether}), unless a passage states it.
 *
 * <p>Precision first: the cue needs a yes/no opening (does, is, can…) and a relation word only a study answers
 * (modify, matter, predict, biased, reliable, adequate…, or a population's behaviour: "do elderly patients call…").
 * Direct clinical questions keep their aspects: "Can aspirin prevent stroke?", "Does hypertension cause stroke?", "Is
 * stroke hereditary?" name no such word; "does X affect the risk of Y" is a relation the graph answers, and so is
 * "Does stroke affect memory?" asks a complication, not an outcome measured: "affect", "predict" or "improve" read as
 * a study only of an outcome or an effect, or with a modifier (sex, age, dose, timing) as the subject.
 */
final class StudyQuestion {

    /** Verbs of a relation a study measures, after does/do/did/can/may… and the subject. */
    private static final String VERBS = "modif(?:y|ies|ied)|matter(?:s|ed)?|mediat(?:e|es|ed)|differ(?:s|ed)?"
            + "|var(?:y|ies|ied)|correlat(?:e|es|ed)|interact(?:s|ed)?";
    /**
     * Verbs that may also ask a plain clinical question ("Does stroke affect memory?", "Can AF predict stroke?"): a study
     * question only when what is affected is an outcome or effect, or the subject a modifier (sex, age, dose, timing).
     */
    private static final String CAUSAL = "affect(?:s|ed)?|influenc(?:e|es|ed)|predict(?:s|ed)?|alter(?:s|ed)?"
            + "|determin(?:e|es|ed)|chang(?:e|es|ed)";
    private static final String OUTCOME = "(?:effects?|efficacy|benefits?|outcomes?|responses?|results?|accuracy|prognosis"
            + "|recovery|mortality|survival|functional|long-term|short-term|clinical|rates?|use|uptake|adherence"
            + "|performance|reliability|quality|costs?|length|time|decisions?|choices?|selection|disability|dependence)";
    private static final String MODIFIER = "(?:sex|gender|age|race|ethnicity|dose|dosage|doses|timing|weekend|season"
            + "|socioeconomic|education|income|insurance|distance|volume|admission|day|night)";
    /** Qualities a study measures, after is/are/was/were and the subject. */
    private static final String QUALITIES = "biased|reliable|unreliable|valid|accurate|inaccurate|adequate|inadequate"
            + "|sufficient|insufficient|predictive|comparable|equivalent|underused|underestimated|overestimated"
            + "|cost-effective|worthwhile|reproducible|sensitive enough|specific enough"
            + "|an? (?:good|reliable|valid|useful|independent|accurate|sensitive|better|strong|early) "
            + "(?:predictor|measure|marker|indicator|tool|instrument|surrogate)";
    /** People whose behaviour a survey measures. */
    private static final String PEOPLE = "patients|people|persons|adults|elderly|women|men|survivors|caregivers|carers"
            + "|physicians|doctors|nurses|families|relatives|bystanders|public|residents|individuals|americans"
            + "|minorities|neurologists|clinicians|hospitals|smokers|drivers";
    /** What such people do, as a survey asks it. */
    private static final String BEHAVIOUR = "call|know|recogni[sz]e|seek|use|receive|get|adhere|delay|arrive"
            + "|understand|take|report|prefer|want|remember|comply|attend|return|continue|stop|follow|believe|perceive";

    private static final String START = "(?:^|(?<=[.?!:]\\s))";
    /** The cue over folded lower-case text: from the yes/no opening to the relation word. */
    static final Pattern CUE = Pattern.compile(START + "(?:"
            + "(?<aux1>does|do|did|can|could|may|might|will|would|should)\\s+(?<subj1>[^?.;]{2,80}?)\\s+(?<verb>"
            + "(?:" + VERBS + ")\\b|(?:" + CAUSAL + ")\\b(?=\\s+(?:(?:the|a|an|its|their|\\S+)\\s+){0,2}" + OUTCOME + "\\b)"
            + "|(?<=\\b" + MODIFIER + "\\s)(?:" + CAUSAL + ")\\b)"
            + "|(?<aux2>is|are|was|were)\\s+(?<subj2>[^?.;]{2,80}?)\\s+(?<quality>" + QUALITIES + ")\\b"
            + "|(?<aux3>do|does|did)\\s+(?<subj3>(?:[a-z'\\-]+\\s+){0,3}(?:" + PEOPLE + "))\\s+(?:(?:[a-z]+ly|still|really|"
            + "actually|ever|always|often)\\s+)?(?<act>" + BEHAVIOUR + ")\\b)");

    /** The cue that reads such a question as research asked. */
    static final AspectCues.Cue STUDY = new AspectCues.Cue(CUE, Aspect.DEFINITION, Direction.NONE,
            Optional.of(AspectCues.RESEARCH_TOPIC));
    private StudyQuestion() {
    }

    /**
     * Where the relation word of a study cue found at {@code start} of folded text begins: the cue is kept as that
     * word, so the subject just before it ranks as the focus ("the NIH stroke scale" of "…biased toward left hemisphere
     * strokes"), as the entity beside any aspect cue does.
     */
    static int relationStart(String folded, int start) {
        Matcher m = CUE.matcher(folded.toLowerCase(Locale.ROOT));
        if (!m.find(start) || m.start() != start) {
            return start;
        }
        for (String g : List.of("verb", "quality", "act")) {
            if (m.group(g) != null) {
                return m.start(g);
            }
        }
        return start;
    }

    /** Whether the question, folded, asks a study-level relation. */
    static boolean asked(String folded) {
        return CUE.matcher(folded.toLowerCase(Locale.ROOT)).find();
    }

    /**
     * The relation asked, as a "whether" clause in the question's own words: "Does the dose of tPA matter for outcome
     * in Asian patients?" gives "whether the dose of tPA matters for outcome in Asian patients"; empty where the
     * question is not read as a study question or its clause cannot be turned.
     */
    static Optional<String> whether(String question) {
        String q = question.strip();
        int mark = q.lastIndexOf('?');
        // the asking sentence: from the last sentence start before its question mark
        String lower = q.toLowerCase(Locale.ROOT);
        Matcher m = CUE.matcher(lower);
        if (!m.find() || mark >= 0 && m.start() > mark) {
            return Optional.empty();
        }
        Matcher found = m;
        int end = mark > found.end() ? mark : q.length();
        String rest = q.substring(found.end(), end).replaceAll("[\\s.?!]+$", "");
        if (found.group("verb") != null) {
            String aux = found.group("aux1");
            String subj = q.substring(found.start("subj1"), found.end("subj1"));
            String verb = q.substring(found.start("verb"), found.end("verb"));
            String said = switch (aux) {
                case "does" -> thirdPerson(verb);
                case "do" -> verb;
                case "did" -> null;
                default -> aux + " " + verb;
            };
            return said == null ? Optional.empty() : Optional.of("whether " + subj + " " + said + rest);
        }
        if (found.group("quality") != null) {
            String subj = q.substring(found.start("subj2"), found.end("subj2"));
            String quality = q.substring(found.start("quality"), found.end("quality"));
            return Optional.of("whether " + subj + " " + found.group("aux2") + " " + quality + rest);
        }
        String aux = found.group("aux3");
        if (!aux.equals("do")) {
            return Optional.empty(); // "does the public know" reads as a third person; "did…" as a past: quoted as asked
        }
        String subj = q.substring(found.start("subj3"), found.start("act")).strip();
        String act = q.substring(found.start("act"), found.end("act"));
        return Optional.of("whether " + subj + " " + act + rest);
    }

    private static String thirdPerson(String verb) {
        if (verb.endsWith("s") && !verb.endsWith("ss")) {
            return verb;
        }
        if (verb.endsWith("y") && !verb.matches(".*[aeiou]y")) {
            return verb.substring(0, verb.length() - 1) + "ies";
        }
        return verb.endsWith("sh") || verb.endsWith("ch") || verb.endsWith("x") || verb.endsWith("ss") ? verb + "es"
                : verb + "s";
    }
}
