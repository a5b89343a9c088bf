package org.strokekg.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.generate.GenerationDefaults;
import org.strokekg.llm.generate.ModelSpec;
import org.strokekg.llm.generate.SchedulerOptions;
import org.strokekg.llm.request.ChatTemplate;

/**
 * The models a deployment serves ({@code models/models.yaml}; {@code models/models.example.yaml} shows every field):
 * for each base its folder, chat template, device, batch settings and generation defaults, optionally one adapter
 * merged at load ({@code adapter}) or several kept beside it ({@code adapters}), each served as {@code base:adapter}
 * with its own template and defaults. {@code ${VAR}} comes from the environment; relative paths resolve against the
 * file's folder.
 *
 * @param defaultModel the id served when a request names none; the first base when the file names none
 */
public record ModelManifest(List<Entry> models, String defaultModel) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public ModelManifest {
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new InvalidInputException("models", "lists no model");
        }
        if (!ids(models).contains(defaultModel)) {
            throw new InvalidInputException("default", "'" + defaultModel + "' is none of " + ids(models));
        }
    }

    /**
     * One base model.
     *
     * @param spec       folder, merged adapter (if any), template and device
     * @param generation sampling and length defaults over the model's generation_config.json
     * @param adapters   unmerged adapters, each served as {@code name:adapter}
     */
    public record Entry(String name, ModelSpec spec, GenerationDefaults generation, List<AdapterEntry> adapters,
            SchedulerOptions batch) {
        public Entry {
            adapters = List.copyOf(adapters);
        }

        /** This base's ids: its name, then {@code name:adapter} for each unmerged adapter. */
        public List<String> ids() {
            List<String> ids = new ArrayList<>();
            ids.add(name);
            adapters.forEach(a -> ids.add(name + ":" + a.name()));
            return ids;
        }
    }

    /** An adapter kept beside its base; the template and generation defaults fall back to the base's. */
    public record AdapterEntry(String name, Path dir, Optional<ChatTemplate> template, GenerationDefaults generation) {
    }

    public Optional<Entry> find(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Every id in file order: each base, then its adapters. */
    public List<String> ids() {
        return ids(models);
    }

    private static List<String> ids(List<Entry> models) {
        return models.stream().flatMap(m -> m.ids().stream()).toList();
    }

    public static ModelManifest read(Path file, Map<String, String> env) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(file.getFileName().toString(), "cannot read: " + e.getMessage(), e);
        }
        String fileName = file.getFileName().toString();
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode m : root.path("models")) {
            String name = m.path("name").asText("");
            String field = fileName + ": models." + (name.isEmpty() ? "?" : name);
            if (!NAME.matcher(name).matches() || !m.hasNonNull("path")) {
                throw new InvalidInputException(field, "each model needs a name (letters, digits, '.', '_', '-') and "
                        + "a path");
            }
            if (!names.add(name)) {
                throw new InvalidInputException(field, "the name is used twice");
            }
            ModelSpec spec = ModelSpec.of(path(file, m.path("path").asText(), env, field + ".path"))
                    .withTemplate(template(m, field).orElse(ChatTemplate.CHATML))
                    .withDevice(device(m.path("device").asText("auto"), field + ".device"));
            if (m.hasNonNull("adapter")) {
                spec = spec.withAdapter(path(file, m.path("adapter").asText(), env, field + ".adapter"));
            }
            List<AdapterEntry> adapters = new ArrayList<>();
            Set<String> adapterNames = new HashSet<>();
            for (JsonNode a : m.path("adapters")) {
                String an = a.path("name").asText("");
                String af = field + ".adapters." + (an.isEmpty() ? "?" : an);
                if (!NAME.matcher(an).matches() || !a.hasNonNull("path") || !adapterNames.add(an)) {
                    throw new InvalidInputException(af, "each adapter needs a unique name (letters, digits, '.', '_', "
                            + "'-') and a path");
                }
                adapters.add(new AdapterEntry(an, path(file, a.path("path").asText(), env, af + ".path"),
                        template(a, af), GenerationDefaults.read(a.path("generation"), af + ".generation")));
            }
            if (spec.adapterDir().isPresent() && !adapters.isEmpty()) {
                throw new InvalidInputException(field, "'adapter' (merged at load) and 'adapters' (kept beside the "
                        + "base) cannot be combined: the adapters' deltas are relative to the original base");
            }
            JsonNode batch = m.path("batch");
            SchedulerOptions defaults = SchedulerOptions.defaults();
            SchedulerOptions options = new SchedulerOptions(batch.path("max_requests").asInt(defaults.maxBatch()),
                    batch.path("prefill_chunk").asInt(defaults.prefillChunk()));
            entries.add(new Entry(name, spec, GenerationDefaults.read(m.path("generation"), field + ".generation"),
                    adapters, options));
        }
        if (entries.isEmpty()) {
            throw new InvalidInputException(fileName + ": models", "lists no model");
        }
        String defaultModel = root.hasNonNull("default") ? root.get("default").asText() : entries.get(0).name();
        try {
            return new ModelManifest(entries, defaultModel);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(fileName + ": " + e.field(), e.reason(), e);
        }
    }

    private static Optional<ChatTemplate> template(JsonNode node, String field) {
        if (!node.hasNonNull("template")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ChatTemplate.fromName(node.get("template").asText()));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field + ".template", e.reason(), e);
        }
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
