package org.strokekg.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.error.InvalidInputException;

/**
 * The models a deployment names ({@code models/models.yaml}, see {@code models/models.example.yaml}): for each, the
 * folder, the adapter, the chat template its fine-tune expects and generation defaults.
 */
public record ModelManifest(List<Entry> models) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public ModelManifest {
        models = List.copyOf(models);
    }

    /**
     * One model.
     *
     * @param sampling     the manifest's sampling settings, empty where it leaves them to generation_config.json
     * @param maxNewTokens the default length of a reply
     */
    public record Entry(String name, ModelSpec spec, Optional<SamplingOptions> sampling, OptionalInt maxNewTokens) {
    }

    public Optional<Entry> find(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public static ModelManifest read(Path file) {
        return read(file, System.getenv());
    }

    static ModelManifest read(Path file, Map<String, String> env) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(file.getFileName().toString(), "cannot read: " + e.getMessage(), e);
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode m : root.path("models")) {
            String name = m.path("name").asText("");
            String field = file.getFileName() + ": models." + (name.isEmpty() ? "?" : name);
            if (name.isEmpty() || !m.hasNonNull("path")) {
                throw new InvalidInputException(field, "each model needs a name and a path");
            }
            ModelSpec spec = ModelSpec.of(path(file, m.path("path").asText(), env, field + ".path"))
                    .withTemplate(ChatTemplate.fromName(m.path("template").asText("chatml")))
                    .withDevice(device(m.path("device").asText("auto"), field + ".device"));
            if (m.hasNonNull("adapter")) {
                spec = spec.withAdapter(path(file, m.path("adapter").asText(), env, field + ".adapter"));
            }
            JsonNode g = m.path("generation");
            Optional<SamplingOptions> sampling = g.has("temperature") || g.has("top_p") || g.has("top_k")
                    ? Optional.of(new SamplingOptions(g.path("temperature").asDouble(1.0), g.path("top_p").asDouble(1.0),
                    g.path("top_k").asInt(0), g.path("repetition_penalty").asDouble(1.0), OptionalLong.empty()))
                    : Optional.empty();
            OptionalInt max = g.has("max_new_tokens") ? OptionalInt.of(g.get("max_new_tokens").asInt())
                    : OptionalInt.empty();
            entries.add(new Entry(name, spec, sampling, max));
        }
        if (entries.isEmpty()) {
            throw new InvalidInputException(file.getFileName() + ": models", "lists no model");
        }
        return new ModelManifest(entries);
    }

    private static Path path(Path file, String value, Map<String, String> env, String field) {
        Matcher m = VAR.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null) {
                throw new InvalidInputException(field, "environment variable " + m.group(1) + " is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return file.toAbsolutePath().getParent().resolve(out.toString()).normalize();
    }

    private static DevicePreference device(String value, String field) {
        try {
            return DevicePreference.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be auto, cpu or gpu", e);
        }
    }
}
