package org.strokekg.text;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import com.github.houbb.opencc4j.util.ZhHkConverterUtil;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Converts answer text to the script the reader asked for. Built on opencc4j's phrase-aware converters:
 * <ul>
 *   <li>zh-Hans: OpenCC t2s, plus 乾 → 干 outside the phrases that keep it (opencc4j leaves 乾燥, 乾淨 untouched).</li>
 *   <li>zh-Hant: OpenCC s2t.</li>
 *   <li>zh-Hant-TW: s2t, then Taiwan phrases (opencc4j's TWPhrases with our medical additions and removals,
 *       {@code strokekg/text/tw-phrases.txt}) and Taiwan character forms ({@code tw-variants.txt}). We do not use
 *       opencc4j's {@code ZhTwConverterUtil}: its character rule 面 → 麵 writes 面癱 as 麵癱 (noodle palsy).</li>
 *   <li>zh-Hant-HK: opencc4j's Hong Kong converter.</li>
 * </ul>
 * Every traditional output also gets {@code hant-fixes.txt} (drug names where s2t writes 託 for 托). Immutable and
 * thread-safe; build one (about 50 ms) and share it.
 */
public final class ScriptConverter {

    private final PhraseMap hant;
    private final PhraseMap taiwan;
    private final PhraseMap hongKong;

    public ScriptConverter() {
        Map<String, String> fixes = readPairs("hant-fixes.txt");
        hant = PhraseMap.of(keyed(fixes, ZhConverterUtil::toTraditional), Map.of());
        hongKong = PhraseMap.of(keyed(fixes, ZhHkConverterUtil::toTraditional), Map.of());

        Map<String, String> tw = new LinkedHashMap<>();
        for (OpenccData.Entry e : OpenccData.read("TWPhrases.txt")) {
            tw.put(e.key(), e.candidates().get(0));
        }
        tw.putAll(readPairs("tw-phrases.txt"));
        tw.putAll(fixes);
        Map<Character, Character> variants = new HashMap<>();
        readPairs("tw-variants.txt").forEach((standard, local) -> variants.put(standard.charAt(0), local.charAt(0)));
        taiwan = PhraseMap.of(keyed(tw, ZhConverterUtil::toTraditional), variants);
    }

    /** The text in the given script; user text and evidence alike. */
    public String convert(String text, Script to) {
        Objects.requireNonNull(text, "text");
        return switch (Objects.requireNonNull(to, "script")) {
            case HANS -> toSimplified(text);
            case HANT -> hant.apply(ZhConverterUtil.toTraditional(text));
            case HANT_TW -> taiwan.apply(ZhConverterUtil.toTraditional(text));
            case HANT_HK -> hongKong.apply(ZhHkConverterUtil.toTraditional(text));
        };
    }

    private static String toSimplified(String text) {
        if (!hasTraditional(text)) {
            return text;
        }
        String s = ZhConverterUtil.toSimple(text);
        int at = s.indexOf('乾');
        if (at < 0) {
            return s;
        }
        // opencc4j keeps 乾 (its first candidate); our matching table knows the phrases that keep it (乾隆, 乾坤…).
        StringBuilder sb = new StringBuilder(s);
        FoldTable table = FoldTable.get();
        for (; at >= 0; at = s.indexOf('乾', at + 1)) {
            sb.setCharAt(at, decide(table, s, at));
        }
        return sb.toString();
    }

    private static char decide(FoldTable table, String s, int at) {
        for (FoldTable.Phrase p : table.phrases.getOrDefault('乾', new FoldTable.Phrase[0])) {
            int from = at - p.offset();
            if (from >= 0 && s.startsWith(p.key(), from)) {
                return p.output();
            }
        }
        return '干';
    }

    /** Whether any ideograph would change under t2s: the fold table knows, without boxing a char per look-up. */
    private static boolean hasTraditional(String text) {
        FoldTable table = FoldTable.get();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x3400 && (Character.isSurrogate(c)
                    || (Character.isIdeographic(c) && (table.kind[c] != FoldTable.SIMPLE || table.fold[c] != c)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the text has more ideographs written only in traditional (t2s changes them: 風, 後) than ideographs
     * written only in simplified (s2t changes them: 风, 后). Characters both scripts share count for neither.
     */
    static boolean leansTraditional(String text) {
        FoldTable table = FoldTable.get();
        int traditional = 0;
        int simplified = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x3400 || Character.isSurrogate(c) || !Character.isIdeographic(c)) {
                continue;
            }
            if (table.kind[c] != FoldTable.SIMPLE || table.fold[c] != c) {
                traditional++;
            } else if (writtenOnlySimplified(c)) {
                simplified++;
            }
        }
        return traditional > simplified;
    }

    private static boolean writtenOnlySimplified(char c) {
        List<String> forms = ZhConverterUtil.toTraditional(c);   // null when the character has no other form
        return forms != null && !forms.isEmpty() && !forms.get(0).equals(String.valueOf(c));
    }

    /** Re-keys simplified→target pairs by the converter's own output for the key, which is what the text will contain. */
    private static Map<String, String> keyed(Map<String, String> pairs, UnaryOperator<String> converter) {
        Map<String, String> out = new HashMap<>();
        pairs.forEach((simplified, target) -> {
            String key = converter.apply(simplified);
            if (key.equals(target)) {
                out.remove(key);
            } else {
                out.put(key, target);
            }
        });
        return out;
    }

    private static Map<String, String> readPairs(String file) {
        String path = "strokekg/text/" + file;
        InputStream in = ScriptConverter.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing resource " + path);
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                if (parts.length != 2) {
                    throw new IllegalStateException(path + ": expected 'from TAB to' in line: " + line);
                }
                pairs.put(parts[0].strip(), parts[1].strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
        return pairs;
    }

    /** Longest-match phrase replacement, then a char map outside the replaced phrases. */
    private record PhraseMap(Map<Character, List<String>> keysByFirstChar, Map<String, String> phrases,
                             Map<Character, Character> chars) {

        static PhraseMap of(Map<String, String> phrases, Map<Character, Character> chars) {
            Map<Character, List<String>> byFirst = new HashMap<>();
            phrases.keySet().stream()
                    .sorted((a, b) -> Integer.compare(b.length(), a.length()))
                    .forEach(k -> byFirst.computeIfAbsent(k.charAt(0), c -> new ArrayList<>()).add(k));
            return new PhraseMap(Map.copyOf(byFirst), Map.copyOf(phrases), Map.copyOf(chars));
        }

        String apply(String text) {
            StringBuilder sb = null;
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                String matched = null;
                for (String key : keysByFirstChar.getOrDefault(c, List.of())) {
                    if (text.startsWith(key, i)) {
                        matched = key;
                        break;
                    }
                }
                String replacement = matched != null ? phrases.get(matched) : null;
                Character variant = matched == null ? chars.get(c) : null;
                if (sb == null && (replacement != null || variant != null)) {
                    sb = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                if (replacement != null) {
                    sb.append(replacement);
                    i += matched.length();
                    continue;
                }
                if (sb != null) {
                    sb.append(variant != null ? variant : c);
                }
                i++;
            }
            return sb == null ? text : sb.toString();
        }
    }
}
