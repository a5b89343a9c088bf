package org.strokekg.rag;

import java.util.ArrayList;
import java.util.List;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.search.EntityMention;
import org.strokekg.text.MatchingText;
import org.strokekg.text.TextNormalizer;

/**
 * The aspect cues of a question's asking parts, and which of them is the aspect asked: a cue inside an entity's name is
 * none, a bare "what is" is weak, 「原因是什么」's 是什么 and 「饮食上要注意什么」's 注意什么 only close another cue.
 */
final class AskedAspects {

    private AskedAspects() {
    }

    /** A bare English "what is/are", which opens "what are the symptoms of…" as well as "what is stroke". */
    static boolean weak(AspectCues.Found f, String text) {
        return f.aspect() == Aspect.DEFINITION && f.cue().topic().isEmpty()
                && text.substring(f.start(), f.end()).toLowerCase(java.util.Locale.ROOT).matches("what('s| is| are).*");
    }

    /** 「原因是什么」: the 是什么 closes the question about causes, it asks no definition. */
    static List<AspectCues.Found> withoutTrailingWhatIs(List<AspectCues.Found> cues) {
        List<AspectCues.Found> out = new ArrayList<>();
        for (AspectCues.Found c : cues) {
            boolean trailing = c.aspect() == Aspect.DEFINITION && c.cue().topic().isEmpty() && !out.isEmpty()
                    && c.start() - out.getLast().end() <= 1;
            if (!trailing) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * 「早期识别脑梗死非常敏感的检查方法」: what the most sensitive (or first) test is for, 识别 or "detect", asks no signs of
     * its own; the test cue is the question.
     */
    static List<AspectCues.Found> withoutTestPurpose(List<AspectCues.Found> cues) {
        boolean sensitive = cues.stream().anyMatch(c -> c.cue().topic().filter(AspectCues.SENSITIVE_TOPIC::equals)
                .isPresent());
        if (!sensitive) {
            return cues;
        }
        return cues.stream().filter(c -> c.cue().topic().filter(AspectCues.SENSITIVE_TOPIC::equals).isPresent()
                || c.aspect() != Aspect.SYMPTOMS && c.aspect() != Aspect.TESTS).toList();
    }

    /** 「饮食上要注意什么」: 注意什么 asks about the diet, not about nursing care in general. */
    static List<AspectCues.Found> withoutGenericCare(List<AspectCues.Found> cues, String text) {
        boolean other = cues.stream().anyMatch(c -> c.aspect() != Aspect.CARE && !weak(c, text));
        if (!other) {
            return cues;
        }
        return cues.stream().filter(c -> !(c.aspect() == Aspect.CARE
                && text.substring(c.start(), c.end()).contains("注意"))).toList();
    }

    /**
     * The main aspect: the first cue other than a bare "what is" (which opens "what are the symptoms of…" too); of
     * 「并发症的预防」 the second ("the prevention of complications").
     */
    static AspectCues.Found primary(List<AspectCues.Found> cues, String text) {
        // 「检查发现…右侧瞳孔散大，正确诊断是」: a case asked for its diagnosis asks that, whatever its narrative says first
        for (AspectCues.Found c : cues) {
            // so does one asking the most sensitive test (「早期识别脑梗死非常敏感的检查方法」: not the signs 识别 reads)
            if (c.cue() == StudyQuestion.STUDY || c.cue().topic().filter(t -> t.equals(AspectCues.DIAGNOSIS_TOPIC)
                    || t.equals(AspectCues.SENSITIVE_TOPIC) || ExamCues.ANATOMY_TOPICS.contains(t)).isPresent()) {
                // and one asking which vessel, tract or CT appearance (「闭塞最易导致偏瘫的血管是」: not what 导致 relates)
                return c;
            }
        }
        List<AspectCues.Found> real = cues.stream().filter(c -> !weak(c, text)).toList();
        if (real.isEmpty()) {
            return cues.isEmpty() ? null : cues.getFirst();
        }
        AspectCues.Found first = real.getFirst();
        if (real.size() > 1) {
            AspectCues.Found next = real.get(1);
            String between = text.substring(first.end(), Math.max(first.end(), next.start()));
            if (between.matches("\\s*(的|之)\\s*")) {
                return next;
            }
        }
        return first;
    }

    /** Cues in the part [from, to) of the text, in original offsets; a cue inside an entity's name is no cue. */
    static List<AspectCues.Found> cues(String text, int from, int to, List<EntityMention> mentions) {
        MatchingText m = TextNormalizer.forMatchingWithOffsets(text.substring(from, to));
        List<AspectCues.Found> out = new ArrayList<>();
        List<AspectCues.Found> named = new ArrayList<>();
        for (AspectCues.Found found : AspectCues.find(m.text())) {
            // a study cue is its relation word: the subject before it is what the question is about (StudyQuestion)
            AspectCues.Found f = found.cue() == StudyQuestion.STUDY ? new AspectCues.Found(found.cue(),
                    StudyQuestion.relationStart(m.text(), found.start()), found.end()) : found;
            int s = from + m.originalStart(f.start());
            int e = from + m.originalEnd(f.end());
            // a cue inside an entity's name is no cue (症状 in 症状性癫痫), except an activity (抽烟 is also an entity)
            boolean insideName = f.aspect() != Aspect.DAILY_LIFE
                    && mentions.stream().anyMatch(x -> s >= x.start() && e <= x.end());
            boolean activityNamed = f.aspect() == Aspect.DAILY_LIFE
                    && mentions.stream().anyMatch(x -> s >= x.start() && e <= x.end());
            if (activityNamed) {
                named.add(new AspectCues.Found(f.cue(), s, e));
            } else if (!insideName) {
                out.add(new AspectCues.Found(f.cue(), s, e));
            }
        }
        if (out.stream().anyMatch(f -> f.cue() == StudyQuestion.STUDY)) {
            // a study question's other words (the dose, the monitoring, the symptoms of "when they have symptoms") are
            // what the relation is about, not aspects asked beside it (StudyQuestion)
            return out.stream().filter(f -> f.cue() == StudyQuestion.STUDY).toList();
        }
        // 「脑出血和高血压、吸烟有什么关系」: 吸烟 named as an entity is asked about only when nothing else is asked
        return out.isEmpty() ? named : out;
    }
}
