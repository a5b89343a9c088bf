package org.strokekg.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.strokekg.error.InvalidInputException;
import org.strokekg.rag.Answer;
import org.strokekg.rag.AnswerRequest;
import org.strokekg.trust.Trust;
import org.strokekg.rag.AnswerService;
import org.strokekg.search.EntityIndex;
import org.strokekg.search.PassageHit;
import org.strokekg.search.PassageIndex;

/**
 * Scores the answer pipeline on labelled questions, each asked as an app asks it ({@link QaItem#asked()}, default
 * settings but the evidence and fact counts given). Key-entity recall: of the entities the reference answer names, the
 * share the answer's evidence names in its own text ({@link EvidenceText}); the baseline is plain BM25 over the same
 * passages read up to the same number of characters; "new" counts only the reference entities the question does not
 * name itself (what retrieval had to find). Exam items: whether the evidence names the correct option's key terms
 * (its entities, or its words when it names none), and whether it names that option only. Citation coverage over the
 * answers that do not abstain. A set's own answers must not be in the passage index: a retrieved passage holding an
 * item's reference answer stops the run ({@link #leaked}).
 */
public final class Evaluation {

    /** The scores of one item. */
    public record ItemScore(String id, String set, String lang, String source, int keyEntities, int newEntities,
                            double recall, double bm25Recall, double newRecall, double bm25NewRecall,
                            double answerRecall, int evidenceChars, Optional<Mcq> mcq, double citationCoverage,
                            boolean abstained, boolean emergency, double latencyMs, List<String> missed) {
        public ItemScore {
            missed = List.copyOf(missed);
        }
    }

    /**
     * An exam item: does the evidence (and the baseline's) name the correct option (every one of a multiple-answer
     * key), and no other.
     */
    public record Mcq(boolean keyNamed, boolean keyOnly, boolean bm25KeyNamed, boolean bm25KeyOnly) {
    }

    private final AnswerService answers;
    private final EntityIndex entities;
    private final PassageIndex passages;
    private final KeyTerms terms;
    private final int maxPassages;
    private final int maxPaths;
    private final Optional<Trust> minTrust;

    /** {@code minTrust}: what each answer request asks for (empty: the deployment's default). */
    public Evaluation(AnswerService answers, EntityIndex entities, PassageIndex passages, int maxPassages,
                      int maxPaths, Optional<Trust> minTrust) {
        this.answers = answers;
        this.entities = entities;
        this.passages = passages;
        this.terms = new KeyTerms(entities);
        this.maxPassages = maxPassages;
        this.maxPaths = maxPaths;
        this.minTrust = minTrust;
    }

    /** Every item's scores, in order; {@code progress} hears each as it is done. */
    public List<ItemScore> run(List<QaItem> items, Consumer<ItemScore> progress) {
        List<ItemScore> out = new ArrayList<>(items.size());
        for (QaItem item : items) {
            ItemScore s = score(item);
            progress.accept(s);
            out.add(s);
        }
        return out;
    }

    /** The answer the app receives for the item (evidence mode unless the deployment names a model). */
    public Answer answer(QaItem item) {
        return answers.answer(new AnswerRequest(item.asked(), Optional.empty(), maxPassages, maxPaths,
                Optional.empty(), minTrust));
    }

    ItemScore score(QaItem item) {
        Answer a = answer(item);
        String evidence = EvidenceText.of(a);
        List<PassageHit> bm25Hits = EvidenceText.bm25(passages, item.asked());
        String baseline = EvidenceText.within(bm25Hits, evidence.length());
        checkLeak(item, a.passages().stream().map(p -> p.title() + "\n" + p.text()).toList());
        checkLeak(item, bm25Hits.subList(0, EvidenceText.reached(bm25Hits, evidence.length())).stream()
                .map(h -> h.doc().title() + "\n" + h.doc().text()).toList());

        String foldedEvidence = KeyTerms.fold(evidence);
        String foldedBaseline = KeyTerms.fold(baseline);
        Set<String> reference = terms.keyEntities(item.reference());
        Set<String> asked = terms.keyEntities(item.asked());
        Set<String> fresh = new LinkedHashSet<>(reference);
        fresh.removeAll(asked);
        String body = Units.body(a);
        boolean abstained = Units.abstained(a);
        List<String> missed = reference.stream().filter(id -> !terms.named(id, foldedEvidence))
                .map(id -> entities.names(id).map(List::getFirst).orElse(id)).toList();
        return new ItemScore(item.id(), item.set(), item.lang(), item.source(), reference.size(), fresh.size(),
                terms.recall(reference, foldedEvidence), terms.recall(reference, foldedBaseline),
                terms.recall(fresh, foldedEvidence), terms.recall(fresh, foldedBaseline),
                terms.recall(reference, KeyTerms.fold(body)), evidence.length(),
                mcq(item, foldedEvidence, foldedBaseline), abstained ? 0 : Units.citationCoverage(body), abstained,
                a.emergency().isPresent(), a.timings().total(), missed);
    }

    private Optional<Mcq> mcq(QaItem item, String evidence, String baseline) {
        if (!item.isMcq()) {
            return Optional.empty();
        }
        String bareEvidence = bare(evidence);
        String bareBaseline = bare(baseline);
        boolean key = true;
        boolean bm25Key = true;
        boolean other = false;
        boolean bm25Other = false;
        for (Map.Entry<String, String> o : item.options().entrySet()) {
            boolean named = optionNamed(o.getValue(), evidence, bareEvidence);
            boolean bm25Named = optionNamed(o.getValue(), baseline, bareBaseline);
            if (item.keyLetters().contains(o.getKey())) {
                key &= named;
                bm25Key &= bm25Named;
            } else {
                other |= named;
                bm25Other |= bm25Named;
            }
        }
        return Optional.of(new Mcq(key, key && !other, bm25Key, bm25Key && !bm25Other));
    }

    /**
     * An option is named when the text names every entity the option names; an option that names none (涤痰汤加减送服苏合香丸,
     * "uninhibited neurogenic bladder") when its words occur in the text as written.
     */
    boolean optionNamed(String option, String folded, String bareFolded) {
        Set<String> ids = terms.keyEntities(option);
        if (!ids.isEmpty()) {
            return ids.stream().allMatch(id -> terms.named(id, folded));
        }
        String literal = bare(KeyTerms.fold(option));
        return literal.length() >= 2 && bareFolded.contains(literal);
    }

    /** Without spaces and punctuation, for a literal option match. */
    private static String bare(String folded) {
        return folded.replaceAll("[\\s\\p{P}\\p{S}]+", "");
    }

    /**
     * Whether one of the texts holds the item's reference answer (folded, without spaces and punctuation): the whole of
     * a reference of 40 to 79 characters, or both its first and its middle 40 characters. A loaded answer holds all of
     * it; a curated passage that merely shares a sentence with it (a definition) does not. A reference under 40
     * characters (an exam key) is not checked: it could match by chance.
     */
    static boolean leaked(String reference, List<String> texts) {
        String ref = bare(KeyTerms.fold(reference));
        if (ref.length() < 40) {
            return false;
        }
        List<String> probes = ref.length() < 80 ? List.of(ref)
                : List.of(ref.substring(0, 40), ref.substring(ref.length() / 2 - 20, ref.length() / 2 + 20));
        return texts.stream().map(t -> bare(KeyTerms.fold(t))).anyMatch(t -> probes.stream().allMatch(t::contains));
    }

    private static void checkLeak(QaItem item, List<String> texts) {
        if (leaked(item.reference(), texts)) {
            throw new InvalidInputException("--set " + item.set(), "the passage index holds the reference answer of "
                    + item.id() + ": a set's own answers must not be evaluated against themselves (use a knowledge "
                    + "state prepared by eval, not a data dir with the QA sample loaded as passages)");
        }
    }
}
