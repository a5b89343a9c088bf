package org.strokekg.search;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.strokekg.error.RetriableException;
import org.strokekg.text.TextNormalizer;

/**
 * Embeds passages and questions the same way: folded text (so a traditional question and its simplified twin get one
 * vector; bge-small-zh was trained mostly on simplified text), unit length, questions through a small LRU cache because
 * a question costs 5–15 ms of CPU on two cores and the same questions come back.
 */
final class QueryEmbeddings {

    /** bge's retrieval instruction for short queries; see {@code docs/search.md} for why we leave it off. */
    static final String BGE_QUERY_INSTRUCTION = "为这个句子生成表示以用于检索相关文章：";
    /** Passages longer than this are embedded by their beginning: the model reads at most 512 tokens anyway. */
    static final int MAX_EMBED_CHARS = 512;
    static final int BATCH = 32;
    private static final int CACHE_SIZE = 4096;

    private final EmbeddingModel model;
    private final boolean queryInstruction;
    private final Lru<String, float[]> cache = new Lru<>(CACHE_SIZE, v -> 1);

    QueryEmbeddings(EmbeddingModel model, boolean queryInstruction) {
        this.model = model;
        this.queryInstruction = queryInstruction;
    }

    float[] query(String question) {
        String key = TextNormalizer.forMatching(question);
        Optional<float[]> hit = cache.get(key);
        if (hit.isPresent()) {
            return hit.get();
        }
        float[] v = unit(embed(List.of(queryInstruction ? BGE_QUERY_INSTRUCTION + key : key)).get(0));
        cache.put(key, v);
        return v;
    }

    List<float[]> passages(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += BATCH) {
            List<String> batch = texts.subList(i, Math.min(texts.size(), i + BATCH)).stream()
                    .map(t -> TextNormalizer.forMatching(t.length() > MAX_EMBED_CHARS ? t.substring(0, MAX_EMBED_CHARS) : t))
                    .toList();
            embed(batch).forEach(v -> out.add(unit(v)));
        }
        return out;
    }

    /** The model's name, recorded with the vectors it made. */
    String modelName() {
        return model.modelName();
    }

    int dimension() {
        return model.dimension();
    }

    private List<float[]> embed(List<String> texts) {
        try {
            List<Embedding> vectors = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
            return vectors.stream().map(Embedding::vector).toList();
        } catch (RuntimeException e) {
            throw new RetriableException("embedding failed: " + e.getMessage(), e);
        }
    }

    /** DOT_PRODUCT similarity in Lucene wants unit vectors; bge's are unit to float rounding, make them exact. */
    private static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        double norm = Math.sqrt(sum);
        if (norm == 0) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
