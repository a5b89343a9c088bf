package org.strokekg.rag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.strokekg.search.PassageDoc;
import org.strokekg.search.PassageHit;

/**
 * Keeps a reader's passages in the reader's language. The curated passages exist in Chinese and in English (each English
 * passage names the Chinese one it translates), and the graph-aware boost finds both versions of the same evidence, so
 * without this an answer would quote one fact twice, or English text inside a Chinese answer:
 * <ul>
 *   <li>a Chinese reader gets no English passage (every English passage renders a Chinese one, which is searched too);</li>
 *   <li>an English reader gets the English version where it was found, and a Chinese passage only when its English
 *       version was not among the hits (labelled as Chinese by the composer).</li>
 * </ul>
 * The search asks for {@link #widen} times as many hits, so that dropping the other version still leaves {@code k}.
 */
final class PassageLanguage {

    private PassageLanguage() {
    }

    /** How many hits to ask the index for, to keep {@code k} after one version of each pair is dropped. */
    static int widen(int k) {
        return Math.min(100, k * 2);
    }

    /** The hits for a reader of English ({@code english}) or Chinese, best first, at most {@code k}. */
    static List<PassageHit> forReader(List<PassageHit> hits, boolean english, int k) {
        Set<String> translated = new HashSet<>();
        for (PassageHit h : hits) {
            PassageDoc d = h.doc();
            if (PassageDoc.EN.equals(d.lang()) && !d.translationOf().isEmpty()) {
                translated.add(d.translationOf());
            }
        }
        List<PassageHit> out = new ArrayList<>();
        for (PassageHit h : hits) {
            PassageDoc d = h.doc();
            boolean inEnglish = PassageDoc.EN.equals(d.lang());
            if (english ? !inEnglish && translated.contains(d.id()) : inEnglish) {
                continue;
            }
            out.add(h);
            if (out.size() == k) {
                break;
            }
        }
        return out;
    }
}
