package org.strokekg.rag;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.strokekg.search.PassageDoc;
import org.strokekg.search.PassageHit;
import org.strokekg.text.TextNormalizer;

/**
 * The answer to a question whose subject the graph does not hold ({@link Frame#unknownSubject}): it says so, naming the
 * term as the question wrote it, and quotes only passage sentences that name that term. No graph fact is added: the
 * entities the question linked are its context (the stroke, a symptom of the stem), and their neighbourhood answers
 * another question: a page of true sentences about stroke is not an answer about phenelzine or about the labs of
 * SIADH, and the reader would take it for one.
 */
final class GapAnswer {

    /** At most this many sentences that name the term: what the passages say of it, not a second answer. */
    static final int MAX_QUOTES = 2;
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[。！？；])|(?<=[.!?])\\s+(?=[A-Z\"(])");

    private GapAnswer() {
    }

    static AnswerComposer.Composition compose(Evidence ev, TrustGate gate) {
        Frame frame = ev.frame();
        boolean en = frame.english();
        String term = frame.unknownSubject().orElseThrow();
        String key = TextNormalizer.forMatching(term).toLowerCase(Locale.ROOT);
        EvidenceBook book = new EvidenceBook();
        List<String> said = new ArrayList<>();
        List<PassageDoc> quoted = new ArrayList<>();
        for (PassageHit h : ev.retrieved()) {
            if (said.size() == MAX_QUOTES) {
                break;
            }
            PassageDoc doc = h.doc();
            if (!gate.states(doc.trust())) {
                continue;
            }
            for (String s : SENTENCE_END.split(doc.text())) {
                String t = s.strip();
                boolean readable = !en || t.codePoints().noneMatch(Character::isIdeographic);
                if (t.length() >= 6 && readable && TextNormalizer.forMatching(t).toLowerCase(Locale.ROOT).contains(key)) {
                    String label = TrustGate.labelled(doc.trust()) ? TrustGate.label(en) : "";
                    said.add(label + AnswerComposer.insertMark(t, FactSentences.mark(book.citeSentences(doc, List.of(t)))));
                    quoted.add(doc);
                    break;
                }
            }
        }
        if (said.isEmpty()) {
            String notice = en
                    ? "The knowledge base has no information on \u201c" + term + "\u201d, which is what this question asks "
                            + "about, so it cannot answer it. Please ask a doctor of the relevant specialty."
                    : "知识库中没有关于「" + term + "」的资料，而问题问的正是它，因此无法回答。建议咨询相关专科医生。";
            return new AnswerComposer.Composition(notice, List.of(), List.of(), List.of());
        }
        // a passage that only mentions the term is no entry on it: said as such, not as an answer
        String notice = en
                ? "The knowledge base has no entry on \u201c" + term + "\u201d, which is what this question asks about, so it "
                        + "cannot answer it; the passages found only mention it:"
                : "知识库中没有关于「" + term + "」的专门资料，而问题问的正是它，因此无法完整回答；检索到的资料中只有以下句子提到它：";
        String quotes = String.join(en ? " " : "", said);
        return new AnswerComposer.Composition(notice + (en ? " " : "") + quotes, book.citations(), List.of(), quoted);
    }
}
