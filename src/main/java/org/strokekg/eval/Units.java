package org.strokekg.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.rag.Answer;

/**
 * An answer's text cut as the clinical rubric ({@code ../shared/eval/REVIEW.md}) cuts it: the emergency notice that
 * leads some answers is not part of it; sentences end at 。！？ (and at . ! ? before a space, and at a line break);
 * a sentence whose claims cite several evidence groups is one unit per group (「头痛[2]、晕厥[3]和X[4]可出现眩晕」 is
 * three). Citation coverage is the share of sentences that cite anything; an answer cites nothing only when it
 * abstains (the "not found" answer).
 */
public final class Units {

    private static final Pattern SENTENCE = Pattern.compile("(?<=[。！？])|(?<=[.!?])\\s+|\\n+");
    private static final Pattern GROUP = Pattern.compile("(\\[\\d+])+");
    private static final Pattern CITED = Pattern.compile("\\[\\d+]");
    /** A piece with no letter, digit or Han character is punctuation left over: not a claim. */
    private static final Pattern CONTENT = Pattern.compile("[\\p{L}\\p{N}]");

    private Units() {
    }

    /** The answer's text without the emergency notice that leads it. */
    public static String body(Answer a) {
        String text = a.answer();
        if (a.emergency().isPresent() && text.startsWith(a.emergency().get().message())) {
            text = text.substring(a.emergency().get().message().length());
        }
        return text.strip();
    }

    /** The answer's sentences (the emergency notice left out). */
    public static List<String> sentences(String body) {
        List<String> out = new ArrayList<>();
        for (String s : SENTENCE.split(body)) {
            String t = s.strip();
            if (CONTENT.matcher(t).find()) {
                out.add(t);
            }
        }
        return out;
    }

    /** The rubric's units: each sentence, cut after every citation group but its last. */
    public static List<String> units(String body) {
        List<String> out = new ArrayList<>();
        for (String sentence : sentences(body)) {
            List<Integer> cuts = new ArrayList<>();
            Matcher m = GROUP.matcher(sentence);
            while (m.find()) {
                cuts.add(m.end());
            }
            int from = 0;
            for (int i = 0; i < cuts.size() - 1; i++) {
                add(out, sentence.substring(from, cuts.get(i)));
                from = cuts.get(i);
            }
            add(out, sentence.substring(from));
        }
        return out;
    }

    private static void add(List<String> out, String piece) {
        String t = piece.strip();
        if (CONTENT.matcher(t).find()) {
            out.add(t);
        } else if (!t.isEmpty() && !out.isEmpty()) {
            out.set(out.size() - 1, out.getLast() + t);
        }
    }

    /** The share of sentences that cite evidence; 0 for an answer with no sentence. */
    public static double citationCoverage(String body) {
        List<String> sentences = sentences(body);
        if (sentences.isEmpty()) {
            return 0;
        }
        return (double) sentences.stream().filter(s -> CITED.matcher(s).find()).count() / sentences.size();
    }

    /** The answer says the knowledge base has nothing on the question: it cites no evidence at all. */
    public static boolean abstained(Answer a) {
        return a.citations().isEmpty();
    }
}
