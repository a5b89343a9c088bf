package org.strokekg.ingest.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strokekg.text.SentenceChunker;

/**
 * The crawl's prose as passages of its disease: the full description, causes, prevention, nursing, the symptom
 * paragraphs, the diet advice and a treatment summary (the short fields: ways, course, cure rate, drugs, who is
 * affected, transmission). Each field is cut at sentence boundaries into chunks of at most {@value #MAX_CHARS}
 * characters ({@link SentenceChunker}); a chunk's id names its file, record, field and place, so loading the same file
 * again finds the same passages (and the decisions curators made on them).
 */
final class XywyProse {

    /** Chunk sizes: a few sentences, well inside the embedding model's 512 tokens. */
    static final int MAX_CHARS = 400;
    static final int MIN_CHARS = 80;

    static final Set<String> STRING_FIELDS = Set.of("cause_info", "prevent_info", "nursing_info",
            "food_info.good_diet_text", "food_info.avoid_diet_text", "gaishu_info.treat_cycle",
            "gaishu_info.cure_prob", "gaishu_info.susceptible_people", "gaishu_info.transmission_way",
            "gaishu_info.disease_ratio");
    static final Set<String> LIST_FIELDS = Set.of("symptom_data.symptom_detail");

    /** One passage: its id, title, text, topic and the field it comes from (for the source). */
    record Chunk(String id, String title, String text, String topic, String label) {
    }

    private final SentenceChunker chunker = new SentenceChunker(MAX_CHARS, MIN_CHARS);

    /**
     * The passages of one record, in a fixed order: 概述, 病因, 症状, 预防, 护理, 饮食, 治疗概况. A field that is empty
     * (or only white space) gives none.
     */
    List<Chunk> passages(String fileName, String key, String disease, String desc, Map<String, String> prose,
                         Map<String, List<String>> lists, List<String> treatWays, List<String> drugs) {
        List<Chunk> out = new ArrayList<>();
        String base = "xywy-" + slug(stem(fileName), 40) + "-" + slug(key, 20) + "-";
        add(out, base + "desc", disease, "概述", "desc", desc);
        add(out, base + "cause", disease, "病因", "cause", prose.getOrDefault("cause_info", ""));
        add(out, base + "symptom", disease, "症状", "symptom",
                String.join("\n", lists.getOrDefault("symptom_data.symptom_detail", List.of())));
        add(out, base + "prevent", disease, "预防", "prevent", prose.getOrDefault("prevent_info", ""));
        add(out, base + "nursing", disease, "护理", "nursing", prose.getOrDefault("nursing_info", ""));
        add(out, base + "diet", disease, "饮食", "diet",
                line("宜", prose.get("food_info.good_diet_text")) + line("忌", prose.get("food_info.avoid_diet_text")));
        String treatment = line("治疗方式", join(treatWays))
                + line("治疗周期", prose.get("gaishu_info.treat_cycle"))
                + line("治愈率", prose.get("gaishu_info.cure_prob"))
                + line("常用药品", join(drugs))
                + line("易感人群", prose.get("gaishu_info.susceptible_people"))
                + line("传播途径", prose.get("gaishu_info.transmission_way"))
                + line("患病比例", prose.get("gaishu_info.disease_ratio"));
        add(out, base + "treat", disease, "治疗概况", "treatment", treatment);
        return out;
    }

    private void add(List<Chunk> out, String idBase, String disease, String label, String topic, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        List<String> chunks = chunker.chunks(text);
        for (int i = 0; i < chunks.size(); i++) {
            String title = disease + "·" + label + (chunks.size() > 1 ? "（" + (i + 1) + "/" + chunks.size() + "）" : "");
            out.add(new Chunk(idBase + "-" + (i + 1), clip(title, IngestLimits.MAX_TITLE), chunks.get(i), topic, label));
        }
    }

    /** "label：value。\n", or nothing for an empty value. */
    private static String line(String label, String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        String v = value.strip();
        return label + "：" + v + ("。！？.!?".indexOf(v.charAt(v.length() - 1)) >= 0 ? "" : "。") + "\n";
    }

    private static String join(List<String> values) {
        return String.join("、", values.stream().map(String::strip).filter(v -> !v.isEmpty()).distinct().toList());
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** Letters, digits, '_' and '-' only (ids take no white space), at most {@code max} characters. */
    static String slug(String s, int max) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isLetterOrDigit(c) || c == '_' || c == '-' ? c : '_'));
        String out = b.toString();
        return out.length() <= max ? out : out.substring(0, max);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
