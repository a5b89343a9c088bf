package org.strokekg.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.strokekg.llm.safetensors.WeightSource;

/**
 * The fixtures of {@code models/fixtures/make_fixtures.py} (tiny random Qwen checkpoints, LoRAs, transformers reference
 * outputs) as the tests read them from the test classpath.
 */
public final class LlmFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode reference;
    private static WeightSource tensors;

    static {
        // Tests share two cores with other work: one intra-op thread avoids OpenMP teams waiting on descheduled
        // threads (25x slower steps on a loaded machine). Must be set before DJL's PyTorch engine starts.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        // the engine's process-wide settings, as a start hands them over: on a GPU host the kit names the engine's
        // CUDA graph library (-Dstrokekg.llm.cudaLib), which the graph tests need loaded
        org.strokekg.Config.load().llm().engine().applyProcessWide();
    }

    private LlmFixtures() {
    }

    public static Path dir() {
        try {
            return Path.of(LlmFixtures.class.getResource("/llm/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path model(String name) {
        return dir().resolve(name);
    }

    public static Path qwenTokenizerDir() {
        return dir().resolveSibling("qwen-tokenizer");
    }

    public static synchronized JsonNode reference() {
        if (reference == null) {
            try {
                reference = JSON.readTree(dir().resolve("reference.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reference;
    }

    /** Reference logits {@code <variant>.<prompt>.logits}, (positions, V) flattened. */
    public static synchronized float[] tensor(String name) {
        if (tensors == null) {
            tensors = WeightSource.openFiles(List.of(dir().resolve("reference.safetensors")));
        }
        return tensors.readFloats(name);
    }

    /** The tiny tokenizer's ids for each reference prompt, by prompt name (zh, en, chat, long). */
    public static Map<String, int[]> prompts() {
        Map<String, int[]> out = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = reference().path("prompts").properties().iterator();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), ints(e.getValue().path("ids")));
        }
        return out;
    }

    public static int[] ints(JsonNode array) {
        List<Integer> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asInt()));
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
