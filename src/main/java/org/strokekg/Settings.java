package org.strokekg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.strokekg.error.InvalidInputException;

/**
 * Every setting StrokeKG knows, where each may come from, and how the sources are merged. A setting has a key in
 * {@code strokekg.yaml} (nested YAML, e.g. {@code server: {port: 8080}} is {@code server.port}), an environment
 * variable (the names the README has always documented), and for a few engine switches the {@code -D} system property
 * older docs name. Later sources win: the default, the file, the environment, the property (then a command-line flag,
 * applied by {@link Config}'s {@code with…} methods). A key the file does not know, or a {@code STROKEKG_*} variable
 * that is no setting, is an error: a typo must not silently leave a default in force.
 */
final class Settings {

    /** One setting: {@code secret} ones are masked wherever settings are printed. */
    record Setting(String key, String env, Optional<String> property, String fallback, boolean secret, String help) {
    }

    /** The merged settings by environment variable name, and where each known one came from. */
    record Merged(Map<String, String> values, Map<String, String> sources) {
        Merged {
            values = Map.copyOf(values);
            sources = Map.copyOf(sources);
        }
    }

    /** The file read when {@code STROKEKG_CONFIG} names none, if it exists (relative to the working directory). */
    static final String DEFAULT_FILE = "strokekg.yaml";

    static final List<Setting> ALL = List.of(
            s("server.host", "STROKEKG_HOST", "127.0.0.1", "HTTP bind address (0.0.0.0 to serve the network)"),
            s("server.port", "STROKEKG_PORT", "8080", "HTTP port"),
            s("data_dir", "STROKEKG_DATA_DIR", "./data", "graph (neo4j/), indexes, caches"),
            s("seed", "STROKEKG_SEED", "true", "load the curated seed into an empty graph"),
            s("vocabulary", "STROKEKG_VOCABULARY", "", "vocabulary extension files, comma-separated"),
            s("answer.min_trust", "STROKEKG_ANSWER_MIN_TRUST", "reviewed",
                    "least trusted knowledge an answer states unless asked: curated, reviewed, unreviewed"),
            s("output_script", "STROKEKG_OUTPUT_SCRIPT", "auto", "answer script: auto, zh-Hans, zh-Hant, zh-Hant-TW, zh-Hant-HK"),
            secret("api_keys", "STROKEKG_API_KEYS", "curator keys: [name=]key[:role],…"),
            secret("curator_key", "STROKEKG_CURATOR_KEY", "the key the command line sends to a running server"),
            s("neo4j.uri", "NEO4J_URI", "", "an external Neo4j or cluster; empty = embedded"),
            s("neo4j.user", "NEO4J_USER", "", "user for neo4j.uri (neo4j when a URI or password file is set)"),
            secret("neo4j.password", "NEO4J_PASSWORD", "password for neo4j.uri"),
            s("neo4j.password_file", "NEO4J_PASSWORD_FILE", "", "a file holding the password for neo4j.uri"),
            s("neo4j.database", "NEO4J_DATABASE", "neo4j", "database for neo4j.uri"),
            s("neo4j.bolt_port", "STROKEKG_BOLT_PORT", "7687", "the embedded graph's Bolt port on 127.0.0.1"),
            s("neo4j.pagecache", "STROKEKG_NEO4J_PAGECACHE", "256m", "the embedded graph's page cache"),
            s("llm.mode", "STROKEKG_LLM", "none", "none (evidence answers), local (in-process engine), openai (remote)"),
            s("llm.models", "STROKEKG_MODELS", "models/models.yaml", "with local: the models' manifest"),
            s("llm.model_dir", "STROKEKG_MODEL_DIR", "", "with local: ${STROKEKG_MODEL_DIR} in the manifest"),
            s("llm.chat_completions", "STROKEKG_CHAT_COMPLETIONS", "rag", "/v1/chat/completions: rag or model"),
            s("llm.openai.base_url", "STROKEKG_OPENAI_BASE_URL", "", "with openai: the remote server, e.g. http://gpu-host:8000/v1"),
            secret("llm.openai.api_key", "STROKEKG_OPENAI_API_KEY", "with openai: its key"),
            s("llm.openai.models", "STROKEKG_OPENAI_MODELS", "", "with openai: model ids, comma-separated (empty: ask /models)"),
            s("llm.openai.timeout", "STROKEKG_OPENAI_TIMEOUT", "120", "with openai: seconds per answer"),
            s("llm.openai.retries", "STROKEKG_OPENAI_RETRIES", "2", "with openai: tries before the first token"),
            s("llm.openai.prompt_tokens", "STROKEKG_OPENAI_PROMPT_TOKENS", "7168", "with openai: prompt length"),
            p("engine.cuda_lib", "STROKEKG_CUDA_LIB", "strokekg.llm.cudaLib", "", "the engine's CUDA graph library (GPU host)"),
            p("engine.cuda_graphs", "STROKEKG_CUDA_GRAPHS", "strokekg.llm.cudaGraphs", "true", "replay GPU decode steps as CUDA graphs"),
            p("engine.fused_decode", "STROKEKG_FUSED_DECODE", "strokekg.llm.fusedDecode", "true", "the fused CUDA decode step (false: the engine's step on DJL)"),
            p("engine.malloc_tuning", "STROKEKG_MALLOC_TUNING", "strokekg.llm.mallocTuning", "true", "raise glibc's malloc thresholds"),
            p("engine.few_rows", "STROKEKG_FEW_ROWS", "strokekg.llm.fewRows", "16", "CPU decode kernel's row limit (0 = off)"),
            s("log.format", "STROKEKG_LOG_FORMAT", "text", "text, or json: one JSON object a line"),
            s("log.questions", "STROKEKG_LOG_QUESTIONS", "false", "log question and answer text (patient privacy: off)"),
            s("metrics.enabled", "STROKEKG_METRICS", "true", "serve GET /metrics (Prometheus text)"),
            s("metrics.port", "STROKEKG_METRICS_PORT", "", "serve /metrics on this port instead of the HTTP port"));

    /** {@code STROKEKG_*} names that are not the server's settings: the launcher's, the tests', the file's own. */
    static final Set<String> OTHER_NAMES = Set.of("STROKEKG_CONFIG", "STROKEKG_JAVA_OPTS", "STROKEKG_NO_BUILD",
            "STROKEKG_SHARED_DIR", "STROKEKG_JDK_MIN", "STROKEKG_LORA_SHRINK"); // the last: read by the CUDA library

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Settings() {
    }

    private static Setting s(String key, String env, String fallback, String help) {
        return new Setting(key, env, Optional.empty(), fallback, false, help);
    }

    private static Setting secret(String key, String env, String help) {
        return new Setting(key, env, Optional.empty(), "", true, help);
    }

    private static Setting p(String key, String env, String property, String fallback, String help) {
        return new Setting(key, env, Optional.of(property), fallback, false, help);
    }

    /**
     * Merges the sources. {@code env} is the process environment (kept whole in the result, so a model manifest's
     * {@code ${VAR}} still finds any variable); {@code properties} are system properties; {@code file} is the
     * configuration file, if any.
     */
    static Merged merge(Map<String, String> env, Map<String, String> properties, Optional<Path> file) {
        checkNames(env);
        Map<String, String> values = new LinkedHashMap<>(env);
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, String> fromFile = file.map(Settings::readFile).orElse(Map.of());
        for (Setting s : ALL) {
            String source = "default";
            String value = s.fallback();
            if (fromFile.containsKey(s.key())) {
                value = fromFile.get(s.key());
                source = "file";
            }
            if (env.containsKey(s.env())) {
                value = env.get(s.env());
                source = "env";
            }
            if (s.property().isPresent() && properties.containsKey(s.property().get())) {
                value = properties.get(s.property().get());
                source = "-D" + s.property().get();
            }
            sources.put(s.env(), source);
            if (!source.equals("default")) {
                values.put(s.env(), value);
            }
        }
        return new Merged(values, sources);
    }

    /** An unknown {@code STROKEKG_*} variable is an error naming the nearest known one. */
    private static void checkNames(Map<String, String> env) {
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith("STROKEKG_") && !OTHER_NAMES.contains(name) && find(name).isEmpty()) {
                throw new InvalidInputException(name, "not a StrokeKG setting" + nearest(name, Setting::env)
                        + " (strokekg config lists them)");
            }
        }
    }

    static Optional<Setting> find(String envName) {
        return ALL.stream().filter(s -> s.env().equals(envName)).findFirst();
    }

    /** The file's settings by key; nested maps become dotted keys, lists comma-separated values. */
    static Map<String, String> readFile(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidInputException("STROKEKG_CONFIG", "cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return out;
        }
        if (!root.isObject()) {
            throw new InvalidInputException(file.toString(), "must be a YAML mapping of settings");
        }
        flatten("", root, out, file);
        for (String key : out.keySet()) {
            if (ALL.stream().noneMatch(s -> s.key().equals(key))) {
                throw new InvalidInputException(file + ": " + key, "not a StrokeKG setting"
                        + nearest(key, Setting::key) + " (strokekg config lists them)");
            }
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
        var fields = node.properties();
        for (var f : fields) {
            String key = prefix + f.getKey();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                flatten(key + ".", v, out, file);
            } else if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(i -> items.add(i.asText()));
                out.put(key, String.join(",", items));
            } else {
                out.put(key, v.isNull() ? "" : v.asText());
            }
        }
    }

    /** ", did you mean X?" for the known name closest to {@code name}, or "" when none is close. */
    private static String nearest(String name, java.util.function.Function<Setting, String> by) {
        return ALL.stream().map(by).min(Comparator.comparingInt(k -> distance(k, name)))
                .filter(k -> distance(k, name) <= Math.max(3, name.length() / 3))
                .map(k -> "; did you mean " + k + "?").orElse("");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
