package org.strokekg.llm.lora;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.safetensors.TensorInfo;
import org.strokekg.llm.safetensors.WeightSource;

/**
 * A PEFT LoRA adapter folder, indexed by the base module each pair belongs to. Immutable; it owns its mapped file until
 * closed. Keys are accepted as PEFT and Unsloth save them, {@code base_model.model.<module>.lora_A.weight}, with or
 * without the adapter name ({@code lora_A.default.weight}); whole modules from {@code modules_to_save} replace the
 * base weight of the same name.
 */
public final class LoraAdapter implements AutoCloseable {

    private static final String PREFIX = "base_model.model.";
    private static final String FILE = "adapter_model.safetensors";
    private static final Pattern LORA_KEY = Pattern.compile("(.+)\\.lora_([AB])(?:\\.([^.]+))?\\.weight");
    private static final Pattern SAVED_KEY = Pattern.compile("(.+?)(?:\\.modules_to_save(?:\\.[^.]+)?)?\\.(weight|bias)");

    private final String name;
    private final LoraConfig config;
    private final WeightSource weights;
    private final Map<String, LoraPair> pairs;
    private final Map<String, String> replacements;

    /**
     * One module's low-rank update, {@code delta = scale · B · A}.
     *
     * @param a tensor name of A, shape (rank, inFeatures)
     * @param b tensor name of B, shape (outFeatures, rank)
     */
    public record LoraPair(String module, String a, String b, int rank, long inFeatures, long outFeatures,
            double scale) {
    }

    private LoraAdapter(String name, LoraConfig config, WeightSource weights, Map<String, LoraPair> pairs,
            Map<String, String> replacements) {
        this.name = name;
        this.config = config;
        this.weights = weights;
        this.pairs = pairs;
        this.replacements = replacements;
    }

    public static LoraAdapter open(Path dir) {
        LoraConfig config = LoraConfig.read(dir);
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(FILE, "missing in " + dir + " (only safetensors adapters are read)");
        }
        WeightSource weights = WeightSource.openFiles(List.of(file));
        try {
            return index(dir.getFileName().toString(), config, weights);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    private static LoraAdapter index(String name, LoraConfig config, WeightSource weights) {
        Map<String, String[]> ab = new TreeMap<>();
        Map<String, String> replacements = new HashMap<>();
        for (String key : weights.names()) {
            String field = FILE + ": " + key;
            if (!key.startsWith(PREFIX)) {
                throw new InvalidInputException(field, "expected PEFT's prefix '" + PREFIX + "'");
            }
            String rest = key.substring(PREFIX.length());
            if (rest.contains("lora_embedding_")) {
                throw new InvalidInputException(field, "LoRA on embeddings is not supported");
            }
            if (rest.contains("lora_magnitude_vector")) {
                throw new InvalidInputException(field, "DoRA is not supported");
            }
            Matcher m = LORA_KEY.matcher(rest);
            if (m.matches()) {
                ab.computeIfAbsent(m.group(1), k -> new String[2])[m.group(2).equals("A") ? 0 : 1] = key;
                continue;
            }
            if (rest.contains(".lora_")) {
                throw new InvalidInputException(field, "LoRA biases and other LoRA tensors are not supported");
            }
            Matcher s = SAVED_KEY.matcher(rest);
            if (s.matches() && savedWhole(config, s.group(1))) {
                replacements.put(s.group(1) + "." + s.group(2), key);
                continue;
            }
            throw new InvalidInputException(field, "neither a LoRA pair nor a module in modules_to_save");
        }
        Map<String, LoraPair> pairs = new TreeMap<>();
        for (Map.Entry<String, String[]> e : ab.entrySet()) {
            pairs.put(e.getKey(), pair(config, weights, e.getKey(), e.getValue()));
        }
        if (pairs.isEmpty() && replacements.isEmpty()) {
            throw new InvalidInputException(FILE, "holds no LoRA weights");
        }
        return new LoraAdapter(name, config, weights, Collections.unmodifiableMap(pairs),
                Collections.unmodifiableMap(replacements));
    }

    private static boolean savedWhole(LoraConfig config, String module) {
        return config.modulesToSave().stream().anyMatch(n -> module.equals(n) || module.endsWith("." + n));
    }

    private static LoraPair pair(LoraConfig config, WeightSource weights, String module, String[] ab) {
        String field = FILE + ": " + module;
        if (ab[0] == null || ab[1] == null) {
            throw new InvalidInputException(field, "has lora_" + (ab[0] == null ? "B" : "A") + " without its partner");
        }
        if (!config.targetModules().matches(module)) {
            throw new InvalidInputException(field, "is not among adapter_config.json's target_modules");
        }
        TensorInfo a = weights.info(ab[0]);
        TensorInfo b = weights.info(ab[1]);
        if (a.rank() != 2 || b.rank() != 2 || a.dim(0) != b.dim(1)) {
            throw new InvalidInputException(field, "lora_A " + a + " and lora_B " + b + " do not compose");
        }
        int rank = (int) a.dim(0);
        if (rank != config.rankFor(module)) {
            throw new InvalidInputException(field, "rank " + rank + " in the weights, but adapter_config.json says "
                    + config.rankFor(module));
        }
        return new LoraPair(module, ab[0], ab[1], rank, a.dim(1), b.dim(0), config.scaleFor(module));
    }

    /** The folder name, used in logs and (later) to pick an adapter per request. */
    public String name() {
        return name;
    }

    public LoraConfig config() {
        return config;
    }

    /** The adapter's tensors (A and B matrices, saved modules). */
    public WeightSource weights() {
        return weights;
    }

    /** Every LoRA pair by base module name, e.g. {@code model.layers.0.self_attn.q_proj}. */
    public Map<String, LoraPair> pairs() {
        return pairs;
    }

    public Optional<LoraPair> pair(String module) {
        return Optional.ofNullable(pairs.get(module));
    }

    /** The adapter tensor that replaces base weight {@code baseWeight} (modules_to_save), e.g. {@code lm_head.weight}. */
    public Optional<String> replacement(String baseWeight) {
        return Optional.ofNullable(replacements.get(baseWeight));
    }

    /** Base weight names replaced whole by this adapter. */
    public java.util.Set<String> replacedWeights() {
        return replacements.keySet();
    }

    @Override
    public void close() {
        weights.close();
    }
}
