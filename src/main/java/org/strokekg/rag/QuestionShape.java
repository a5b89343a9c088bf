package org.strokekg.rag;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.search.EntityMention;

/**
 * The parts of a question as written: the stem, an exam item's answer options (A–E), a case's numbered sub-question
 * (「3．最适宜采取的治疗措施为」) and the asking part (the sub-question, else the sentences that ask, else the last one).
 * Offsets are into the question as given, so the linker's mentions can be placed in a part.
 *
 * @param stemEnd     where the stem ends (the first option starts there; the whole length without options)
 * @param options     each option's span {start, end} (text after its letter)
 * @param asks        the asking part: the clauses that ask, each {start, end}
 * @param subQuestion a case's numbered sub-question, as written
 */
record QuestionShape(String text, int stemStart, int stemEnd, List<int[]> options, List<int[]> asks,
                     Optional<String> subQuestion) {

    /** An option line: "A. …", "(B). …", "C、…", "d) …". */
    private static final Pattern OPTION = Pattern.compile("(?m)^[ \\t]*[（(]?([A-Ea-e])[)）]?[.．、:：)）][ \\t]*(\\S.*)$");
    /** The preamble some exam sets put before the item ("您是一名医生…请从A到E中选择一个正确答案。\n问题:"). */
    private static final Pattern PREAMBLE = Pattern.compile("^[\\s\\S]{0,120}?(问题|question)\\s*[:：]\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern OPTIONS_LABEL = Pattern.compile("(?m)^\\s*(选项|options?)\\s*[:：]?\\s*$", Pattern.CASE_INSENSITIVE);
    /** A case's numbered sub-question: 「…1.5cm。3．最适宜采取…」 (a number after a sentence end, then words). */
    private static final Pattern SUB_QUESTION = Pattern.compile("(?:^|[。；;\\n]\\s*)(\\d{1,2})[．.、]\\s*(?=[\\p{IsHan}A-Za-z])");
    /**
     * Clauses: a long sentence of a patient's message often asks only in its last clause (「…担心会有脑出血，想了解下脑出血的
     * 症状原因？」). An English full stop before the next sentence ends a clause too: a case's "CT shows a hyperdense
     * lesion." states its result, and only "What is the appropriate treatment?" asks ("5.5 mmol", "e.g. aspirin" go on).
     */
    private static final Pattern SENTENCE = Pattern.compile(
            "(?:[^。！？!?\\n；;，,.]|\\.(?!\\s+[A-Z\\d]))+(?:[。！？!?；;，,]|\\.(?=\\s+[A-Z\\d]))*");
    /** What makes a sentence a question: a question mark or word, or an exam stem's open end (「…首选」「…是」). */
    private static final Pattern ASKS = Pattern.compile("[？?]|吗|呢|什么|怎么|怎样|如何|哪(些|个|种|里|家|一|儿)|是否|能否|可否|多久|多长|为何|为什么|请问"
            + "|(是|为|首选|应|宜|在|见于)[。：:]?\\s*$|^\\s*(what|which|how|why|when|who|where|is|are|can|does|do|should|could|will)\\b",
            Pattern.CASE_INSENSITIVE);

    /** A clause that names something: four or more CJK characters outside the question words, or a Latin word. */
    private static final Pattern NAMES = Pattern.compile("[A-Za-z]{3,}|(?:(?![什么怎样如何哪是否吗呢的宜应采用主要方法最可能首选为是])\\p{IsHan}){4,}");

    static QuestionShape of(String text) {
        int stemStart = 0;
        Matcher pre = PREAMBLE.matcher(text);
        if (pre.find() && pre.start() == 0 && text.substring(0, pre.end()).matches("(?s).*(选择|choose|select|答案|answer).*")) {
            stemStart = pre.end();
        }
        List<int[]> options = new ArrayList<>();
        Matcher o = OPTION.matcher(text);
        int firstOption = text.length();
        char expected = 'A';
        while (o.find()) {
            char letter = Character.toUpperCase(o.group(1).charAt(0));
            // options run A, B, C… from a line of their own; a stray "a、" inside a sentence is no option
            if (o.start() < stemStart || letter != expected) {
                continue;
            }
            if (options.isEmpty()) {
                firstOption = o.start();
            }
            options.add(new int[] {o.start(2), o.end(2)});
            expected++;
        }
        if (options.size() < 2) {
            options.clear();
            firstOption = text.length();
        }
        int stemEnd = firstOption;
        Matcher label = OPTIONS_LABEL.matcher(text);
        if (label.find(stemStart) && label.start() < stemEnd) {
            stemEnd = label.start();
        }
        while (stemEnd > stemStart && Character.isWhitespace(text.charAt(stemEnd - 1))) {
            stemEnd--;
        }
        Optional<String> sub = Optional.empty();
        List<int[]> asks;
        Matcher s = SUB_QUESTION.matcher(text).region(stemStart, stemEnd);
        int lastSub = -1;
        while (s.find()) {
            // a sub-question follows a case of some length; "1." at the very start numbers the item, not a sub-question
            if (s.end() - stemStart > 30) {
                lastSub = s.end();
            }
        }
        if (lastSub >= 0) {
            asks = List.<int[]>of(new int[] {lastSub, stemEnd});
            sub = Optional.of(text.substring(lastSub, stemEnd).strip());
        } else {
            asks = asking(text, stemStart, stemEnd);
        }
        return new QuestionShape(text, stemStart, stemEnd, List.copyOf(options), List.copyOf(asks), sub);
    }

    /** The clauses that ask, else the last clause of the stem. */
    private static List<int[]> asking(String text, int from, int to) {
        List<int[]> spans = new ArrayList<>();
        int lastStart = from;
        Matcher m = SENTENCE.matcher(text).region(from, to);
        while (m.find()) {
            if (m.group().isBlank()) {
                continue;
            }
            lastStart = m.start();
            if (ASKS.matcher(m.group().replaceAll("[，,]+$", "")).find()) {
                int start = m.start();
                // an asking clause that names nothing (「宜采用的主要方法是」) asks about the clauses before it in its sentence
                if (!NAMES.matcher(m.group()).find()) {
                    int sentence = Math.max(text.lastIndexOf('。', start - 1), Math.max(text.lastIndexOf('？', start - 1),
                            text.lastIndexOf('\n', start - 1)));
                    start = Math.max(from, sentence + 1);
                }
                spans.add(new int[] {start, m.end()});
            }
        }
        if (spans.isEmpty()) {
            spans.add(new int[] {lastStart, to});
        }
        return spans;
    }

    String stem() {
        return text.substring(stemStart, stemEnd);
    }

    /** The asking clauses, joined. */
    String asking() {
        StringBuilder b = new StringBuilder();
        asks.forEach(a -> b.append(text, a[0], a[1]));
        return b.toString();
    }

    boolean hasOptions() {
        return !options.isEmpty();
    }

    boolean inOptions(int offset) {
        return options.stream().anyMatch(o -> offset >= o[0] && offset < o[1]);
    }

    boolean inAsking(int offset) {
        return asks.stream().anyMatch(a -> offset >= a[0] && offset < a[1]);
    }

    boolean inStem(int offset) {
        return offset >= stemStart && offset < stemEnd;
    }

    /**
     * Every place the stem names each entity: the linker reports an entity once, at its first mention, but a question
     * often names it again where it asks (「担心会有脑出血，想了解下脑出血的症状」).
     */
    List<EntityMention> occurrences(List<EntityMention> mentions) {
        List<EntityMention> out = new ArrayList<>(mentions);
        for (EntityMention m : mentions) {
            if (m.surface().length() < 2) {
                continue;
            }
            int from = m.end();
            int at;
            while ((at = text.indexOf(m.surface(), from)) >= 0 && at < stemEnd) {
                int start = at;
                boolean overlaps = mentions.stream().anyMatch(x -> x != m && start < x.end() && x.start() < start + m.surface().length());
                if (!overlaps) {
                    out.add(new EntityMention(m.entityId(), m.type(), m.name(), m.surface(), at, at + m.surface().length(),
                            m.how(), m.score()));
                }
                from = at + m.surface().length();
            }
        }
        out.sort(java.util.Comparator.comparingInt(EntityMention::start));
        return out;
    }
}
