package org.strokekg.llm.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.InvalidInputException;

/**
 * What an {@code adapter_config.json} says about the math: rank, alpha, rsLoRA, the target modules and the per-module
 * rank and alpha patterns, and the modules saved whole. PEFT 0.21 writes about 40 keys; the ones that change the math
 * in ways this engine does not implement (DoRA, LoRA biases, …) are refused, the rest (initialisation, dropout,
 * training-only settings) are ignored.
 */
public record LoraConfig(int r, double alpha, boolean useRslora, TargetModules targetModules,
        Map<String, Integer> rankPattern, Map<String, Double> alphaPattern, List<String> modulesToSave,
        boolean fanInFanOut) {

    private static final Logger LOG = LoggerFactory.getLogger(LoraConfig.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "adapter_config.json";

    public LoraConfig {
        rankPattern = Map.copyOf(rankPattern);
        alphaPattern = Map.copyOf(alphaPattern);
        modulesToSave = List.copyOf(modulesToSave);
    }

    /** Which modules an adapter targets: a list of module-name suffixes, or one regex over the full module name. */
    public sealed interface TargetModules {
        boolean matches(String module);

        /** PEFT's list form: a module matches when its name is, or ends with {@code "." +} one of the names. */
        record Names(List<String> names) implements TargetModules {
            public Names {
                names = List.copyOf(names);
            }

            @Override
            public boolean matches(String module) {
                return names.stream().anyMatch(n -> module.equals(n) || module.endsWith("." + n));
            }
        }

        /** PEFT's string form: a regex that must match the whole module name ({@code re.fullmatch}). */
        record Regex(Pattern pattern) implements TargetModules {
            @Override
            public boolean matches(String module) {
                return pattern.matcher(module).matches();
            }
        }

        /** PEFT's {@code "all-linear"}: every linear layer but the output head. */
        record AllLinear() implements TargetModules {
            @Override
            public boolean matches(String module) {
                return !module.endsWith("lm_head");
            }
        }
    }

    /** The rank PEFT gives {@code module}: the first matching {@code rank_pattern} key, else {@code r}. */
    public int rankFor(String module) {
        return patternKey(rankPattern.keySet(), module).map(rankPattern::get).orElse(r);
    }

    /** The alpha PEFT gives {@code module}: the first matching {@code alpha_pattern} key, else {@code lora_alpha}. */
    public double alphaFor(String module) {
        return patternKey(alphaPattern.keySet(), module).map(alphaPattern::get).orElse(alpha);
    }

    /** The factor the product B·A is multiplied by: alpha / r, or alpha / sqrt(r) with rsLoRA. */
    public double scaleFor(String module) {
        int rank = rankFor(module);
        double a = alphaFor(module);
        return useRslora ? a / Math.sqrt(rank) : a / rank;
    }

    // PEFT's get_pattern_key: re.match(rf"(.*\.)?({key})$", module)
    private static Optional<String> patternKey(Iterable<String> keys, String module) {
        for (String key : keys) {
            if (Pattern.compile("(.*\\.)?(" + key + ")").matcher(module).matches()) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    public static LoraConfig read(Path adapterDir) {
        JsonNode c;
        try {
            c = JSON.readTree(adapterDir.resolve(FILE).toFile());
        } catch (IOException e) {
            throw new InvalidInputException(FILE, "cannot read " + adapterDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
        String type = c.path("peft_type").asText("LORA");
        if (!type.equals("LORA")) {
            throw new InvalidInputException(FILE + ": peft_type", "only LORA adapters are supported, found " + type);
        }
        refuseMathChanges(c);
        int r = c.path("r").asInt(8);
        if (r <= 0) {
            throw new InvalidInputException(FILE + ": r", "must be positive");
        }
        Map<String, Integer> ranks = new LinkedHashMap<>();
        c.path("rank_pattern").properties().forEach(e -> ranks.put(e.getKey(), e.getValue().asInt()));
        Map<String, Double> alphas = new LinkedHashMap<>();
        c.path("alpha_pattern").properties().forEach(e -> alphas.put(e.getKey(), e.getValue().asDouble()));
        List<String> toSave = new ArrayList<>();
        c.path("modules_to_save").forEach(n -> toSave.add(n.asText()));
        boolean fanInFanOut = c.path("fan_in_fan_out").asBoolean(false);
        if (fanInFanOut) {
            // PEFT itself resets it to false for torch.nn.Linear targets, which is all a Qwen model has
            LOG.warn("{}: fan_in_fan_out is true, but Qwen's projections are nn.Linear: ignored, as PEFT does", FILE);
        }
        return new LoraConfig(r, c.path("lora_alpha").asDouble(8), c.path("use_rslora").asBoolean(false),
                targets(c.path("target_modules")), ranks, alphas, toSave, fanInFanOut);
    }

    private static TargetModules targets(JsonNode t) {
        if (t.isTextual()) {
            if (t.asText().equals("all-linear")) {
                return new TargetModules.AllLinear();
            }
            try {
                return new TargetModules.Regex(Pattern.compile(t.asText()));
            } catch (PatternSyntaxException e) {
                throw new InvalidInputException(FILE + ": target_modules", "not a valid regex: " + e.getMessage(), e);
            }
        }
        if (t.isArray() && !t.isEmpty()) {
            List<String> names = new ArrayList<>();
            t.forEach(n -> names.add(n.asText()));
            return new TargetModules.Names(names);
        }
        throw new InvalidInputException(FILE + ": target_modules", "missing: a list of module names or a regex");
    }

    /** Keys whose non-default values change what the adapter computes, which this engine does not implement. */
    private static void refuseMathChanges(JsonNode c) {
        String bias = c.path("bias").asText("none");
        if (!bias.equals("none")) {
            throw new InvalidInputException(FILE + ": bias", "'" + bias + "' is not supported, only 'none'");
        }
        for (String key : List.of("use_dora", "lora_bias", "use_qalora", "use_bdlora")) {
            if (c.path(key).asBoolean(false)) {
                throw new InvalidInputException(FILE + ": " + key, "true is not supported (it changes the LoRA math)");
            }
        }
        for (String key : List.of("layer_replication", "target_parameters", "trainable_token_indices",
                "alora_invocation_tokens", "kasa_config", "monteclora_config")) {
            JsonNode n = c.path(key);
            if (!n.isMissingNode() && !n.isNull() && !(n.isContainerNode() && n.isEmpty())) {
                throw new InvalidInputException(FILE + ": " + key, "is set, which is not supported (it changes the "
                        + "model beyond a LoRA on linear layers)");
            }
        }
    }
}
