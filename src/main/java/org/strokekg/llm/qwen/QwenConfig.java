package org.strokekg.llm.qwen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.strokekg.error.InvalidInputException;

/**
 * The shape of a Qwen model, read from its {@code config.json} (and {@code generation_config.json} for the stop ids).
 * Anything the forward pass does not implement is refused here, naming the field, rather than computed wrongly.
 *
 * @param headDim          per-head size (Qwen3 sets it apart from hidden / heads)
 * @param maxPositions     the longest context this engine will run (Qwen v1: {@code seq_length}, see {@link Family})
 * @param eosTokenIds      every id that ends generation (config and generation config together)
 */
public record QwenConfig(Family family, int vocabSize, int hiddenSize, int intermediateSize, int layers, int heads,
        int kvHeads, int headDim, double ropeTheta, double rmsNormEps, boolean tiedEmbeddings, int maxPositions,
        List<Integer> eosTokenIds) {

    /** The layouts the engine loads. */
    public enum Family {
        /** Qwen2 / Qwen2.5: GQA, q/k/v bias. */
        QWEN2("qwen2"),
        /** Qwen3: per-head RMSNorm on q and k, no q/k/v bias, head_dim from the config. */
        QWEN3("qwen3"),
        /**
         * Qwen v1 ({@code QWenLMHeadModel}): fused c_attn, w1/w2 MLP. Dynamic NTK and logn attention only act past
         * {@code seq_length}, which this engine refuses instead of implementing them.
         */
        QWEN_V1("qwen");

        private final String modelType;

        Family(String modelType) {
            this.modelType = modelType;
        }

        public String modelType() {
            return modelType;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public QwenConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    /** Query heads that share one key/value head. */
    public int groups() {
        return heads / kvHeads;
    }

    public boolean qkNorm() {
        return family == Family.QWEN3;
    }

    /** Reads {@code config.json} and, when present, {@code generation_config.json} of a model folder. */
    public static QwenConfig read(Path modelDir) {
        JsonNode c = readJson(modelDir.resolve("config.json"), true);
        JsonNode gen = readJson(modelDir.resolve("generation_config.json"), false);
        String type = c.path("model_type").asText("");
        Family family = switch (type) {
            case "qwen2" -> Family.QWEN2;
            case "qwen3" -> Family.QWEN3;
            case "qwen" -> Family.QWEN_V1;
            default -> throw new InvalidInputException("config.json: model_type", "unsupported model type '" + type
                    + "' (supported: qwen2, qwen3, qwen)");
        };
        Set<Integer> eos = new LinkedHashSet<>();
        addIds(c.path("eos_token_id"), eos);
        addIds(gen.path("eos_token_id"), eos);
        return family == Family.QWEN_V1 ? readV1(c, eos) : readQwen2(family, c, eos);
    }

    private static QwenConfig readQwen2(Family family, JsonNode c, Set<Integer> eos) {
        String act = c.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new InvalidInputException("config.json: hidden_act", "only silu is supported, found " + act);
        }
        if (c.path("use_sliding_window").asBoolean(false)) {
            throw new InvalidInputException("config.json: use_sliding_window", "sliding-window attention is not supported");
        }
        int hidden = positive(c, "hidden_size");
        int heads = positive(c, "num_attention_heads");
        int kvHeads = c.has("num_key_value_heads") && !c.get("num_key_value_heads").isNull()
                ? positive(c, "num_key_value_heads") : heads;
        int headDim = c.has("head_dim") && !c.get("head_dim").isNull() ? positive(c, "head_dim") : hidden / heads;
        if (!c.has("head_dim") && hidden % heads != 0) {
            throw new InvalidInputException("config.json: num_attention_heads", "does not divide hidden_size");
        }
        if (heads % kvHeads != 0) {
            throw new InvalidInputException("config.json: num_key_value_heads", "must divide num_attention_heads");
        }
        if (family == Family.QWEN3 && c.path("attention_bias").asBoolean(false)) {
            throw new InvalidInputException("config.json: attention_bias", "Qwen3 with q/k/v bias is not supported");
        }
        return new QwenConfig(family, positive(c, "vocab_size"), hidden, positive(c, "intermediate_size"),
                positive(c, "num_hidden_layers"), heads, kvHeads, headDim, ropeTheta(c),
                c.path("rms_norm_eps").asDouble(1e-6), c.path("tie_word_embeddings").asBoolean(false),
                c.has("max_position_embeddings") ? positive(c, "max_position_embeddings") : 32768,
                new ArrayList<>(eos));
    }

    /** RoPE theta from {@code rope_theta} (transformers 4) or {@code rope_parameters} (5); scaled RoPE is refused. */
    private static double ropeTheta(JsonNode c) {
        JsonNode params = c.path("rope_parameters");
        JsonNode scaling = c.path("rope_scaling");
        for (JsonNode n : List.of(params, scaling)) {
            String type = n.path("rope_type").asText(n.path("type").asText("default"));
            if (n.isObject() && !type.equals("default")) {
                throw new InvalidInputException("config.json: " + (n == params ? "rope_parameters" : "rope_scaling"),
                        "RoPE scaling '" + type + "' is not supported");
            }
        }
        if (params.has("rope_theta")) {
            return params.get("rope_theta").asDouble();
        }
        return c.path("rope_theta").asDouble(10000.0);
    }

    private static QwenConfig readV1(JsonNode c, Set<Integer> eos) {
        if (!c.path("no_bias").asBoolean(true)) {
            throw new InvalidInputException("config.json: no_bias", "Qwen v1 with biases beyond c_attn is not supported");
        }
        if (c.path("rotary_pct").asDouble(1.0) != 1.0) {
            throw new InvalidInputException("config.json: rotary_pct", "partial rotary embeddings are not supported");
        }
        int hidden = positive(c, "hidden_size");
        int heads = positive(c, "num_attention_heads");
        int ffn = positive(c, "intermediate_size");
        if (ffn % 2 != 0) {
            throw new InvalidInputException("config.json: intermediate_size", "must be even (w1 and w2 each take half)");
        }
        int headDim = c.has("kv_channels") ? positive(c, "kv_channels") : hidden / heads;
        if (headDim * heads != hidden) {
            throw new InvalidInputException("config.json: kv_channels", "kv_channels x heads must equal hidden_size");
        }
        int seq = positive(c, "seq_length");
        if (eos.isEmpty()) {
            eos.add(151643);
        }
        return new QwenConfig(Family.QWEN_V1, positive(c, "vocab_size"), hidden, ffn / 2, positive(c, "num_hidden_layers"),
                heads, heads, headDim, c.path("rotary_emb_base").asDouble(10000.0),
                c.path("layer_norm_epsilon").asDouble(1e-6), c.path("tie_word_embeddings").asBoolean(false), seq,
                new ArrayList<>(eos));
    }

    private static int positive(JsonNode c, String field) {
        JsonNode n = c.path(field);
        if (!n.canConvertToInt() || n.asInt() <= 0) {
            throw new InvalidInputException("config.json: " + field, n.isMissingNode() ? "missing"
                    : "must be a positive integer, found " + n);
        }
        return n.asInt();
    }

    private static void addIds(JsonNode n, Set<Integer> into) {
        if (n.isInt()) {
            into.add(n.asInt());
        } else if (n.isArray()) {
            n.forEach(id -> into.add(id.asInt()));
        }
    }

    private static JsonNode readJson(Path path, boolean required) {
        if (!Files.isRegularFile(path)) {
            if (required) {
                throw new InvalidInputException(path.getFileName().toString(), "missing in " + path.getParent());
            }
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(path.getFileName().toString(), "not valid JSON: " + e.getMessage(), e);
        }
    }
}
