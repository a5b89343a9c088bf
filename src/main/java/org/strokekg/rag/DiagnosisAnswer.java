package org.strokekg.rag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.rag.Evidence.Fact;
import org.strokekg.rag.Evidence.Role;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Focus;

/**
 * The answer to a case asked for its diagnosis without options (「…最可能的诊断是」"Which of the following is the most
 * likely diagnosis?"): the condition the stated findings fit, named plainly with the findings as the case wrote them
 * and the facts it rests on cited (「所述表现（突然头疼、颈部抵抗）符合蛛网膜下腔出血」); where conditions fit equally
 * well, all of them and that the findings do not tell them apart; where none fits, that the findings match no
 * condition the knowledge base holds. Never a background condition's facts (the hypertension of the case's history)
 * nor another aspect's: those answer a different question, and a reader takes the first sentence for the diagnosis.
 */
final class DiagnosisAnswer {

    private DiagnosisAnswer() {
    }

    /** Whether this answer is the one for the frame: a diagnosis asked of a case with no options to weigh. */
    static boolean asked(Frame frame) {
        return frame.asksDiagnosis() && frame.candidates().isEmpty();
    }

    static AnswerComposer.Composition compose(Evidence ev) {
        Frame frame = ev.frame();
        boolean en = frame.english();
        Map<String, Focus> findings = new LinkedHashMap<>();
        frame.findings().forEach(f -> findings.put(f.id(), f));
        // the conditions named, in the order the differential ranked them, each with the findings it presents with
        Map<String, List<Fact>> byCondition = new LinkedHashMap<>();
        for (Fact f : ev.facts(Aspect.DIFFERENTIAL)) {
            GraphPath p = f.path();
            boolean presents = f.role() == Role.ANSWER && p.length() == 1
                    && f.relation().type().equals("HAS_SYMPTOM") && findings.containsKey(p.nodes().getLast().id());
            if (presents) {
                byCondition.computeIfAbsent(p.nodes().getFirst().id(), k -> new ArrayList<>()).add(f);
            }
        }
        String stated = stated(findings.values().stream().toList(), en);
        if (byCondition.isEmpty()) {
            String none = frame.patient().cautions().contains(Frame.Caution.HEAD_INJURY)
                    ? afterHeadInjury(stated, findings.size(), en) : noFittingCondition(stated, findings.size(), en);
            return new AnswerComposer.Composition(none, List.of(), List.of(), List.of());
        }
        EvidenceBook book = new EvidenceBook();
        FactSentences facts = new FactSentences(book, en);
        List<String> s = new ArrayList<>();
        List<GraphPath> used = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Fact> all = new ArrayList<>();
        List<Focus> explained = new ArrayList<>();
        for (List<Fact> g : byCondition.values()) {
            Entity condition = g.getFirst().path().nodes().getFirst();
            names.add(facts.name(condition).orElse(condition.name()) + FactSentences.mark(book.cite(condition)));
            g.forEach(f -> {
                Focus finding = findings.get(f.path().nodes().getLast().id());
                if (!explained.contains(finding)) {
                    explained.add(finding);
                }
            });
            all.addAll(g);
            used.addAll(g.stream().map(Fact::path).toList());
        }
        String which = stated(explained, en);
        if (names.size() == 1) {
            s.add(en ? "The findings described (" + which + ") fit " + names.getFirst() + "."
                    : "所述表现（" + which + "）符合" + names.getFirst() + "。");
            description(byCondition.values().iterator().next().getFirst().path().nodes().getFirst(), book, facts, en)
                    .ifPresent(s::add);
        } else if (names.size() == 2) {
            String list = en ? String.join(" and ", names) : String.join("和", names);
            s.add(en ? "The findings described (" + which + ") fit " + list + " equally well; the knowledge base cannot "
                    + "tell them apart from these findings alone."
                    : "所述表现（" + which + "）同样符合" + list + "，仅凭这些表现，知识库中的资料不能区分它们。");
        } else {
            String list = en ? String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast()
                    : String.join("、", names.subList(0, names.size() - 1)) + "和" + names.getLast();
            s.add(en ? "The findings described (" + which + ") occur in several conditions, such as " + list + "; from "
                    + "these findings alone the knowledge base cannot tell which one this is."
                    : "所述表现（" + which + "）可见于" + list + "等多种疾病，仅凭这些表现，知识库不能确定是哪一种。");
        }
        if (names.size() <= 2) {
            s.addAll(facts.sentences(all)); // several equal candidates are named, not each one's facts listed
        }
        if (!facts.untranslated().isEmpty()) {
            s.add(Wording.untranslated(marks(facts.untranslated())));
        }
        return new AnswerComposer.Composition(String.join(en ? " " : "", s), book.citations(), used, List.of());
    }

    /**
     * No condition fits: said so, naming the findings read, so that the reader sees what was compared; a case none of
     * whose findings the knowledge base knows is told that instead.
     */
    static String noFittingCondition(String stated, int findings, boolean en) {
        if (findings == 0) {
            return en ? "The knowledge base recognises none of the findings this case describes, so it cannot name a "
                    + "diagnosis for it. Please ask a doctor of the relevant specialty."
                    : "知识库未能识别所述病例中的症状或体征，因此无法据此给出诊断。建议咨询相关专科医生。";
        }
        if (findings == 1) {
            return en ? "Of the findings described, the knowledge base recognises only " + stated + "; one finding "
                    + "alone does not point to a diagnosis, so it cannot name one. Please ask a doctor of the relevant "
                    + "specialty."
                    : "所述表现中，知识库只识别出" + stated + "；仅凭一项表现不能确定诊断，因此无法给出诊断。建议咨询相关专科医生。";
        }
        return en ? "The findings described (" + stated + ") do not match a condition the knowledge base holds (in its "
                + "reviewed knowledge no condition presents with two or more of them), so it cannot name a diagnosis. "
                + "Please ask a doctor of the relevant specialty."
                : "所述表现（" + stated + "）与知识库中的疾病都不相符（知识库经审核的资料中，没有一种疾病同时有其中两项以上表现），"
                + "因此无法据此给出诊断。建议咨询相关专科医生。";
    }

    /** After a head injury: the knowledge base holds spontaneous strokes, not the injuries a blow causes. */
    static String afterHeadInjury(String stated, int findings, boolean en) {
        String which = findings == 0 ? "" : en ? " (" + stated + ")" : "（" + stated + "）";
        return en ? "The findings described" + which + " follow a head injury; the knowledge base covers spontaneous "
                + "strokes, not traumatic brain injury, so it cannot name a diagnosis for this case. Please ask a doctor "
                + "of the relevant specialty."
                : "所述表现" + which + "发生在头部外伤之后；知识库收录的是自发性脑卒中，没有颅脑外伤的资料，因此无法据此给出诊断。"
                + "建议咨询相关专科医生。";
    }

    /** The findings as the case wrote them: 「突然头疼、颈部抵抗、克氏征阳性」. */
    private static String stated(List<Focus> findings, boolean en) {
        return String.join(en ? ", " : "、", findings.stream().map(f -> f.mention().isBlank() ? f.name() : f.mention())
                .distinct().limit(FindingCues.MAX_NAMED).toList())
                + (findings.size() > FindingCues.MAX_NAMED ? (en ? "…" : "等") : "");
    }

    /** What the condition named is, where the curated knowledge describes it (in English only where it has English). */
    private static Optional<String> description(Entity e, EvidenceBook book, FactSentences facts, boolean en) {
        if (!Provenance.curated(e) || e.description().isBlank()) {
            return Optional.empty();
        }
        Optional<String> text = en ? EnglishText.description(e) : Optional.of(e.description());
        return text.map(t -> {
            String body = t.strip().replaceAll("[。.]+$", "");
            String name = facts.name(e).orElse(e.name());
            name = name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
            return en ? name + ": " + body + FactSentences.mark(book.cite(e)) + "."
                    : name + "：" + body + FactSentences.mark(book.cite(e)) + "。";
        });
    }

    private static String marks(List<Integer> ns) {
        StringBuilder b = new StringBuilder();
        ns.forEach(n -> b.append(FactSentences.mark(n)));
        return b.toString();
    }
}
