package org.strokekg;

import static org.strokekg.ConfigValues.bool;
import static org.strokekg.ConfigValues.intValue;
import static org.strokekg.ConfigValues.oneOf;
import static org.strokekg.ConfigValues.positive;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.EngineOptions;
import org.strokekg.ops.LogOptions;
import org.strokekg.ops.MetricsOptions;
import org.strokekg.server.ApiKey;
import org.strokekg.trust.Trust;

/**
 * Every setting, read once — from the environment, the optional file {@code strokekg.yaml} ({@code STROKEKG_CONFIG}
 * names another) and, for the engine's switches, the {@code -D} properties older docs name ({@link Settings} has the
 * table, the sources' order and the unknown-name check) — into this record, which the composition root passes down as
 * smaller options records. Each setting has a safe default for the embedded mode. This is the one class that reads the
 * process's environment and system properties. The names are the contract documented in the README: keep them.
 *
 * @param host          HTTP bind address ({@code STROKEKG_HOST}, default 127.0.0.1)
 * @param port          HTTP port ({@code STROKEKG_PORT}, default 8080)
 * @param dataDir       graph, indexes and caches ({@code STROKEKG_DATA_DIR}, default ./data)
 * @param neo4jUri      an external Neo4j or cluster ({@code NEO4J_URI}); empty = start the embedded server (whose
 *                      credential is its own, in the data directory: see {@code GraphPassword})
 * @param neo4jUser     the user for {@code NEO4J_URI} ({@code NEO4J_USER}; default neo4j, empty = no auth)
 * @param neo4jPassword its password ({@code NEO4J_PASSWORD}, or the file {@code NEO4J_PASSWORD_FILE} names)
 * @param boltPort      the embedded server's Bolt port on 127.0.0.1 ({@code STROKEKG_BOLT_PORT}, default 7687)
 * @param apiKeys       curator keys and their roles ({@code STROKEKG_API_KEYS}: {@code [name=]key[:role],…})
 * @param outputScript  default answer script ({@code STROKEKG_OUTPUT_SCRIPT}, default auto: the question's script)
 * @param answerMinTrust the least trusted knowledge an answer states unless the request says otherwise
 *                      ({@code STROKEKG_ANSWER_MIN_TRUST}: {@code curated}, {@code reviewed} (the default) or
 *                      {@code unreviewed})
 * @param llm           which language model answers: {@code none}, {@code local} or {@code openai}, and how ({@link Llm})
 * @param loadSeed      load the curated graph into an empty database ({@code STROKEKG_SEED}, default true)
 * @param vocabularyExtensions curator vocabulary extension files ({@code STROKEKG_VOCABULARY}, comma-separated paths)
 * @param env           the environment it was read from, with the file's and properties' settings under their
 *                      variable names (a model manifest's {@code ${VAR}} is looked up here)
 * @param log           text or JSON lines; whether question text may be logged
 * @param metrics       whether and where {@code /metrics} is served
 * @param curatorKey    the key the command line sends to a running server ({@code STROKEKG_CURATOR_KEY})
 * @param sources       where each setting came from, for {@code strokekg config}
 */
public record Config(String host, int port, Path dataDir, Optional<URI> neo4jUri, String neo4jUser,
                     String neo4jPassword, String neo4jDatabase, int boltPort, long pageCacheBytes,
                     List<ApiKey> apiKeys, String outputScript, Trust answerMinTrust, Llm llm, boolean loadSeed, List<Path> vocabularyExtensions,
                     Map<String, String> env, LogOptions log, MetricsOptions metrics, Optional<String> curatorKey,
                     Sources sources) {

    public Config {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        apiKeys = List.copyOf(apiKeys);
        vocabularyExtensions = List.copyOf(vocabularyExtensions);
        Objects.requireNonNull(answerMinTrust, "answerMinTrust");
        env = Map.copyOf(env);
    }

    private static Trust minTrust(Map<String, String> env) {
        String v = env.getOrDefault("STROKEKG_ANSWER_MIN_TRUST", "").strip();
        if (v.isEmpty()) {
            return Trust.DEFAULT_MIN;
        }
        return Trust.of(v).orElseThrow(() -> new InvalidInputException("STROKEKG_ANSWER_MIN_TRUST",
                "must be one of " + Trust.ids() + ", got " + v));
    }

    /** The configuration file read, if any, and each setting's source by variable name (default, file, env, -D…, flag). */
    public record Sources(Optional<Path> file, Map<String, String> byName) {
        public Sources {
            byName = Map.copyOf(byName);
        }
    }

    /** One line of {@code strokekg config}: a secret's value is masked. */
    public record Shown(String key, String env, String value, String source, String help) {
    }

    /** The process's configuration: its environment, its {@code strokekg.*} system properties, the file. */
    public static Config load() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k instanceof String s && s.startsWith("strokekg.")) {
                properties.put(s, String.valueOf(v));
            }
        });
        return from(System.getenv(), properties, Path.of(""));
    }

    /** The same as {@link #load()}. */
    public static Config fromEnvironment() {
        return load();
    }

    /** Settings from {@code env} alone (and the file its {@code STROKEKG_CONFIG} names): for tests and child runs. */
    public static Config fromEnvironment(Map<String, String> env) {
        return from(env, Map.of(), Optional.empty());
    }

    /** {@code workingDir}: where {@code ./strokekg.yaml} is looked for when {@code STROKEKG_CONFIG} is not set. */
    public static Config from(Map<String, String> env, Map<String, String> properties, Path workingDir) {
        return from(env, properties, Optional.of(workingDir.resolve(Settings.DEFAULT_FILE)).filter(Files::isRegularFile));
    }

    private static Config from(Map<String, String> env, Map<String, String> properties, Optional<Path> fallbackFile) {
        String named = env.getOrDefault("STROKEKG_CONFIG", "").strip();
        Optional<Path> file = named.isEmpty() ? fallbackFile : Optional.of(Path.of(named));
        file.ifPresent(f -> {
            if (!Files.isRegularFile(f)) {
                throw new InvalidInputException("STROKEKG_CONFIG", "no such file: " + f.toAbsolutePath());
            }
        });
        Settings.Merged m = Settings.merge(env, properties, file);
        return parse(m.values(), new Sources(file.map(Path::toAbsolutePath), m.sources()));
    }

    private static Config parse(Map<String, String> env, Sources sources) {
        String uri = env.getOrDefault("NEO4J_URI", "").strip();
        String passwordFile = env.getOrDefault("NEO4J_PASSWORD_FILE", "").strip();
        String password = passwordFile.isEmpty() ? env.getOrDefault("NEO4J_PASSWORD", "")
                : ConfigValues.readPassword("NEO4J_PASSWORD_FILE", Path.of(passwordFile));
        String curatorKey = env.getOrDefault("STROKEKG_CURATOR_KEY", "").strip();
        return new Config(
                ConfigValues.host(env.getOrDefault("STROKEKG_HOST", "127.0.0.1").strip()),
                intValue(env, "STROKEKG_PORT", 8080),
                Path.of(env.getOrDefault("STROKEKG_DATA_DIR", "./data")).toAbsolutePath().normalize(),
                uri.isEmpty() ? Optional.empty() : Optional.of(ConfigValues.neo4jUri(uri)),
                env.getOrDefault("NEO4J_USER", uri.isEmpty() && passwordFile.isEmpty() ? "" : "neo4j"),
                password,
                env.getOrDefault("NEO4J_DATABASE", "neo4j"),
                intValue(env, "STROKEKG_BOLT_PORT", 7687),
                ConfigValues.size(env, "STROKEKG_NEO4J_PAGECACHE", 256L << 20),
                ApiKey.parse("STROKEKG_API_KEYS", env.getOrDefault("STROKEKG_API_KEYS", "")),
                env.getOrDefault("STROKEKG_OUTPUT_SCRIPT", "auto"),
                minTrust(env),
                Llm.from(env),
                bool(env, "STROKEKG_SEED", true),
                ConfigValues.paths(env.getOrDefault("STROKEKG_VOCABULARY", "")),
                env,
                new LogOptions(oneOf(env, "STROKEKG_LOG_FORMAT", "text", "text", "json").equals("json"),
                        bool(env, "STROKEKG_LOG_QUESTIONS", false)),
                new MetricsOptions(bool(env, "STROKEKG_METRICS", true), ConfigValues.port(env, "STROKEKG_METRICS_PORT")),
                curatorKey.isEmpty() ? Optional.empty() : Optional.of(curatorKey),
                sources);
    }

    /** The same settings with one changed by a command-line flag. */
    private Config with(Map<String, String> changes) {
        Map<String, String> values = new HashMap<>(env);
        Map<String, String> origin = new HashMap<>(sources.byName());
        changes.forEach((k, v) -> {
            values.put(k, v);
            origin.put(k, "flag");
        });
        return parse(values, new Sources(sources.file(), origin));
    }

    public Config withPort(int newPort) {
        return with(Map.of("STROKEKG_PORT", String.valueOf(newPort)));
    }

    public Config withDataDir(Path dir) {
        return with(Map.of("STROKEKG_DATA_DIR", dir.toString()));
    }

    /** The same without loading the curated seed into an empty graph (a restore fills it). */
    public Config withoutSeed() {
        return with(Map.of("STROKEKG_SEED", "false"));
    }

    public Config withBoltPort(int newBoltPort) {
        return with(Map.of("STROKEKG_BOLT_PORT", String.valueOf(newBoltPort)));
    }

    /** Points at an external Neo4j (no auth unless NEO4J_USER is set). */
    public Config withNeo4jUri(URI uri) {
        return with(Map.of("NEO4J_URI", uri.toString(), "NEO4J_USER", neo4jUser));
    }

    /**
     * Reads the password for {@code NEO4J_URI} from a file ({@code --neo4j-password-file}), e.g. a running server's
     * {@code DATA_DIR/neo4j-password}; the user becomes {@code neo4j} unless one is set.
     */
    public Config withNeo4jPasswordFile(Path file) {
        ConfigValues.readPassword("--neo4j-password-file", file);
        return with(Map.of("NEO4J_PASSWORD_FILE", file.toString(), "NEO4J_USER",
                neo4jUser.isEmpty() ? "neo4j" : neo4jUser));
    }

    /** Every known setting with its effective value (secrets masked) and source, in the table's order. */
    public List<Shown> describe() {
        List<Shown> out = new ArrayList<>();
        for (Settings.Setting s : Settings.ALL) {
            String value = env.getOrDefault(s.env(), s.fallback());
            if (s.secret()) {
                value = value.isEmpty() ? "" : "****** (set, " + value.length() + " characters)";
            }
            out.add(new Shown(s.key(), s.env(), value, sources.byName().getOrDefault(s.env(), "default"), s.help()));
        }
        return out;
    }

    @Override
    public String toString() {
        return "Config[" + host + ":" + port + ", " + dataDir + ", " + neo4jUri.map(Object::toString).orElse("embedded")
                + ", " + apiKeys.size() + " keys, " + llm + "]"; // never a password or a key
    }

    static String host(String host) {
        return ConfigValues.host(host);
    }

    public boolean embedded() {
        return neo4jUri.isEmpty();
    }

    /**
     * The language model behind model-backed answers.
     *
     * @param mode        {@code none} (evidence answers, the default), {@code local} (the in-process engine on the
     *                    models of {@code modelsFile}) or {@code openai} (a remote OpenAI-compatible server) ({@code STROKEKG_LLM})
     * @param modelsFile  the local models' manifest ({@code STROKEKG_MODELS}, default models/models.yaml; its
     *                    {@code ${STROKEKG_MODEL_DIR}} comes from the configuration)
     * @param baseUrl     the remote server, e.g. http://gpu-host:8000/v1 ({@code STROKEKG_OPENAI_BASE_URL})
     * @param apiKey      its key if it wants one ({@code STROKEKG_OPENAI_API_KEY}; never logged)
     * @param models      the remote model ids to offer, e.g. a base and its LoRA names ({@code STROKEKG_OPENAI_MODELS},
     *                    comma-separated; empty = ask the server's /models at start)
     * @param timeoutSeconds a remote answer's limit ({@code STROKEKG_OPENAI_TIMEOUT}, default 120)
     * @param retries     tries again when the remote fails before its first token ({@code STROKEKG_OPENAI_RETRIES}, default 2)
     * @param promptTokens how long a prompt the remote models take, evidence included ({@code STROKEKG_OPENAI_PROMPT_TOKENS},
     *                    default 7168: an 8k context less room for the answer)
     * @param chatCompletions what {@code /v1/chat/completions} does: {@code rag} (answers with evidence, the default)
     *                    or {@code model} (the plain model, so this server can be another's remote model server)
     *                    ({@code STROKEKG_CHAT_COMPLETIONS})
     * @param engine      the in-process engine's switches ({@code STROKEKG_CUDA_LIB} and the {@code -Dstrokekg.llm.*}
     *                    properties)
     */
    public record Llm(String mode, Path modelsFile, Optional<String> baseUrl, String apiKey, List<String> models,
                      int timeoutSeconds, int retries, String chatCompletions, int promptTokens, EngineOptions engine) {

        public Llm {
            models = List.copyOf(models);
        }

        static Llm from(Map<String, String> env) {
            String mode = oneOf(env, "STROKEKG_LLM", "none", "none", "local", "openai");
            Optional<String> url = Optional.ofNullable(env.get("STROKEKG_OPENAI_BASE_URL")).map(String::strip)
                    .filter(s -> !s.isEmpty());
            if (mode.equals("openai") && url.isEmpty()) {
                throw new InvalidInputException("STROKEKG_OPENAI_BASE_URL", "is required with STROKEKG_LLM=openai");
            }
            url.ifPresent(u -> {
                if (!u.startsWith("http://") && !u.startsWith("https://")) {
                    throw new InvalidInputException("STROKEKG_OPENAI_BASE_URL", "must be an http(s) URL, got " + u);
                }
            });
            String cudaLib = env.getOrDefault("STROKEKG_CUDA_LIB", "").strip();
            EngineOptions engine = new EngineOptions(cudaLib.isEmpty() ? Optional.empty() : Optional.of(Path.of(cudaLib)),
                    bool(env, "STROKEKG_CUDA_GRAPHS", true), bool(env, "STROKEKG_FUSED_DECODE", true),
                    bool(env, "STROKEKG_MALLOC_TUNING", true), intValue(env, "STROKEKG_FEW_ROWS", 16),
                    env.containsKey("OMP_WAIT_POLICY"));
            return new Llm(mode, Path.of(env.getOrDefault("STROKEKG_MODELS", "models/models.yaml")), url,
                    env.getOrDefault("STROKEKG_OPENAI_API_KEY", ""), ConfigValues.list(env.getOrDefault(
                            "STROKEKG_OPENAI_MODELS", "")),
                    positive(env, "STROKEKG_OPENAI_TIMEOUT", 120), intValue(env, "STROKEKG_OPENAI_RETRIES", 2),
                    oneOf(env, "STROKEKG_CHAT_COMPLETIONS", "rag", "rag", "model"),
                    positive(env, "STROKEKG_OPENAI_PROMPT_TOKENS", 7168), engine);
        }

        @Override
        public String toString() {
            return "Llm[" + mode + ", " + baseUrl.orElse(modelsFile.toString()) + "]"; // never the key
        }
    }
}
