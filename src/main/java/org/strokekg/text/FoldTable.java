package org.strokekg.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-character tables for {@link TextNormalizer#forMatching}: for every BMP char the result of NFKC, then
 * traditional→simplified, then lower case, closed under repetition so that folding is idempotent. Built once (about 60 ms)
 * from opencc4j's dictionaries.
 *
 * <p>Traditional→simplified for matching is not OpenCC's display conversion: when a traditional char has several
 * simplified candidates (乾 → 乾 | 干) we take the first one that differs from the key, so that both scripts fold onto one
 * form (乾燥 and 干燥 both become 干燥; 乾隆 becomes 干隆 on both sides, which is wrong to read but right to match). OpenCC's
 * phrase table then decides the few ambiguous chars by context (上鍊 → 上链 although 鍊 alone → 炼). Taiwan and Hong Kong
 * variant forms (裡, 著, 麵, 衞…) are folded onto the standard ones first, so 麻痺 and 麻痹 match.
 */
final class FoldTable {

    static final byte SIMPLE = 0;
    static final byte SPACE = 1;
    static final byte REMOVE = 2;
    static final byte EXPAND = 3;
    static final byte AMBIGUOUS = 4;
    static final byte MARK = 5;
    static final byte SURROGATE = 6;

    /** A traditional phrase that decides one ambiguous char at {@code offset}. */
    record Phrase(String key, int offset, char output) {
    }

    final char[] fold = new char[65536];
    final byte[] kind = new byte[65536];
    final String[] expand = new String[65536];
    final Map<Character, Phrase[]> phrases = new HashMap<>();
    /** Traditional→simplified (after closure) by code point, for the supplementary-plane path. */
    final Map<Integer, Integer> t2s;

    private static final class Holder {
        static final FoldTable INSTANCE = new FoldTable();
    }

    static FoldTable get() {
        return Holder.INSTANCE;
    }

    private FoldTable() {
        Set<Integer> ambiguous = new HashSet<>();
        t2s = buildT2s(ambiguous);
        buildPhrases(ambiguous);
        for (int c = 0; c < 65536; c++) {
            classify((char) c);
        }
        closeSimple();
    }

    private static Map<Integer, Integer> buildT2s(Set<Integer> ambiguous) {
        Map<Integer, Integer> map = new HashMap<>();
        Set<Integer> targets = new HashSet<>();
        for (OpenccData.Entry e : OpenccData.read("TSCharacters.txt")) {
            if (e.key().codePointCount(0, e.key().length()) != 1) {
                continue;
            }
            int key = e.key().codePointAt(0);
            if (e.candidates().size() > 1) {
                ambiguous.add(key);
            }
            for (String candidate : e.candidates()) {
                int cp = candidate.codePointAt(0);
                if (candidate.codePointCount(0, candidate.length()) == 1 && cp != key) {
                    map.put(key, cp);
                    targets.add(cp);
                    break;
                }
            }
        }
        // Regional variants fold onto the standard form: TWVariants maps simplified→Taiwan form, HKVariants
        // standard→Hong Kong form; we reverse them, but never for a char that is already a key or a simplified target
        // (reversing 乾→干 would make 干 → 乾 → 干 a cycle).
        for (String file : List.of("TWVariants.txt", "HKVariants.txt")) {
            for (OpenccData.Entry e : OpenccData.read(file)) {
                if (e.key().codePointCount(0, e.key().length()) != 1) {
                    continue;
                }
                int standard = e.key().codePointAt(0);
                for (String variant : e.candidates()) {
                    int v = variant.codePointAt(0);
                    if (variant.codePointCount(0, variant.length()) == 1 && v != standard
                            && !map.containsKey(v) && !targets.contains(v)) {
                        map.put(v, standard);
                    }
                }
            }
        }
        Map<Integer, Integer> closed = new HashMap<>();
        for (Integer key : map.keySet()) {
            int target = map.get(key);
            for (int step = 0; step < 8 && map.containsKey(target) && map.get(target) != target; step++) {
                int next = map.get(target);
                if (next == key) {
                    break; // a two-cycle in the data: stop at the first step
                }
                target = next;
            }
            closed.put(key, target);
        }
        return Map.copyOf(closed);
    }

    private void buildPhrases(Set<Integer> ambiguous) {
        Map<Character, List<Phrase>> byChar = new HashMap<>();
        for (OpenccData.Entry e : OpenccData.read("TSPhrases.txt")) {
            String key = e.key();
            String out = e.candidates().get(0);
            if (key.length() != out.length()) {
                continue; // only same-length phrases can decide a single char
            }
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (ambiguous.contains((int) c) && !Character.isSurrogate(out.charAt(i))) {
                    byChar.computeIfAbsent(c, k -> new ArrayList<>()).add(new Phrase(key, i, out.charAt(i)));
                }
            }
        }
        byChar.forEach((c, list) -> {
            list.sort((a, b) -> Integer.compare(b.key().length(), a.key().length()));
            phrases.put(c, list.toArray(Phrase[]::new));
        });
    }

    private void classify(char c) {
        if (Character.isSurrogate(c)) {
            kind[c] = SURROGATE;
            return;
        }
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            kind[c] = SPACE;
            fold[c] = ' ';
            return;
        }
        int type = Character.getType(c);
        if (type == Character.CONTROL || type == Character.FORMAT) {
            kind[c] = REMOVE;
            return;
        }
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK || (c >= 0x1160 && c <= 0x11FF)) {
            kind[c] = MARK; // may compose with what precedes it: normalised with its base char at run time
            fold[c] = c;
            return;
        }
        String nfkc = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC);
        String out = foldCodePoints(nfkc);
        if (out.length() == 1) {
            kind[c] = nfkc.length() == 1 && phrases.containsKey(nfkc.charAt(0)) ? AMBIGUOUS : SIMPLE;
            fold[c] = out.charAt(0);
        } else if (out.isEmpty()) {
            kind[c] = REMOVE;
        } else {
            kind[c] = EXPAND;
            expand[c] = out;
        }
    }

    /** t2s and lower case of an NFKC-normalised string, code point by code point; spaces become ' ', controls vanish. */
    String foldCodePoints(String nfkc) {
        StringBuilder sb = new StringBuilder(nfkc.length());
        nfkc.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                sb.append(' ');
                return;
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT) {
                return;
            }
            sb.appendCodePoint(Character.toLowerCase(t2s.getOrDefault(cp, cp)));
        });
        return sb.toString();
    }

    /** Repeats the fold until it is stable, so that folding folded text changes nothing (NFKC then lower case can chain). */
    private void closeSimple() {
        for (int c = 0; c < 65536; c++) {
            if (kind[c] != SIMPLE && kind[c] != AMBIGUOUS) {
                continue;
            }
            char x = fold[c];
            for (int step = 0; step < 4 && x != c && kind[x] == SIMPLE && fold[x] != x; step++) {
                x = fold[x];
            }
            if (x != c && kind[x] == EXPAND) {
                kind[c] = EXPAND;
                expand[c] = expand[x];
            } else {
                fold[c] = x;
            }
        }
        for (int c = 0; c < 65536; c++) {
            if (kind[c] == EXPAND) {
                StringBuilder sb = new StringBuilder();
                for (char x : expand[c].toCharArray()) {
                    sb.append(kind[x] == SIMPLE || kind[x] == AMBIGUOUS ? fold[x] : x);
                }
                expand[c] = sb.toString();
            }
        }
    }
}
