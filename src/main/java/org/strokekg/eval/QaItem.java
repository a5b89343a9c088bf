package org.strokekg.eval;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.strokekg.rag.AnswerRequest;

/**
 * One question of a labelled set, as the public sets write it.
 *
 * @param set       the set it came from ({@code stroke-dev}, {@code nonstroke}, {@code labelled}, or a file name)
 * @param lang      {@code en}, {@code zh} or {@code zh-Hant}
 * @param type      {@code open_qa}, {@code case_qa}, … ("" when the set does not say)
 * @param source    where the item comes from (MedQuAD, CMExam …; the set's name when it does not say)
 * @param question  the question as the set writes it (an exam item's options included)
 * @param context   a case description that belongs to the question ("" for none)
 * @param reference the reference answer
 * @param options   an exam item's options by letter (empty for free text)
 * @param answerKey the correct option's letter, or letters for a multiple-answer item ("ACD"); "" for free text
 * @param derivedFrom for a converted copy (zh-Hant), the id of the item it was converted from ("" otherwise)
 */
public record QaItem(String id, String set, String lang, String type, String source, String question, String context,
                     String reference, Map<String, String> options, String answerKey, String derivedFrom) {

    public QaItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(reference, "reference");
        options = Map.copyOf(options);
        Objects.requireNonNull(answerKey, "answerKey");
        Objects.requireNonNull(derivedFrom, "derivedFrom");
    }

    /** An exam item scored by its key: it has options and every letter of the key names one of them. */
    public boolean isMcq() {
        return !answerKey.isEmpty() && answerKey.chars().allMatch(c -> options.containsKey(String.valueOf((char) c)));
    }

    /** The correct options' letters (one, or several for a multiple-answer item); empty for free text. */
    public List<String> keyLetters() {
        return isMcq() ? answerKey.chars().mapToObj(c -> String.valueOf((char) c)).toList() : List.of();
    }

    /** The correct options' texts, in key order; empty for free text. */
    public List<String> correctOptions() {
        return keyLetters().stream().map(options::get).toList();
    }

    /**
     * The question as an app would send it: the stem without its options, after the case description when the item
     * is a sub-question of a case (its question alone, 简述该病人的诊断, would mean nothing); cut to the answer API's
     * limit. A research item's abstract (PubMedQA's context) is not sent: a reader asks the question.
     */
    public String asked() {
        String stem = Stems.withoutOptions(question);
        String q = type.equals("case_qa") && !context.isBlank() ? context.strip() + "\n\n" + stem : stem;
        return q.length() <= AnswerRequest.MAX_QUESTION ? q : q.substring(0, AnswerRequest.MAX_QUESTION);
    }
}
