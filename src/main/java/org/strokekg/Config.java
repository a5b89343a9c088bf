package org.strokekg;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.strokekg.error.InvalidInputException;
import org.strokekg.server.ApiKey;

/**
 * Every setting, read once from the environment; each has a safe default for the embedded mode. The names are the
 * contract documented in the README: keep them.
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
 * @param llm           which language model answers: {@code none}, {@code local} or {@code openai}, and how ({@link Llm})
 * @param loadSeed      load the curated graph into an empty database ({@code STROKEKG_SEED}, default true)
 * @param vocabularyExtensions curator vocabulary extension files ({@code STROKEKG_VOCABULARY}, comma-separated paths)
 */
public record Config(String host, int port, Path dataDir, Optional<URI> neo4jUri, String neo4jUser,
                     String neo4jPassword, String neo4jDatabase, int boltPort, long pageCacheBytes,
                     List<ApiKey> apiKeys, String outputScript, Llm llm, boolean loadSeed, List<Path> vocabularyExtensions,
                     Map<String, String> env) {

    public Config {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        apiKeys = List.copyOf(apiKeys);
        vocabularyExtensions = List.copyOf(vocabularyExtensions);
        env = Map.copyOf(env);
    }

    public static Config fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static Config fromEnvironment(Map<String, String> env) {
        String uri = env.getOrDefault("NEO4J_URI", "").strip();
        String passwordFile = env.getOrDefault("NEO4J_PASSWORD_FILE", "").strip();
        String password = passwordFile.isEmpty() ? env.getOrDefault("NEO4J_PASSWORD", "")
                : readPassword("NEO4J_PASSWORD_FILE", Path.of(passwordFile));
        return new Config(
                host(env.getOrDefault("STROKEKG_HOST", "127.0.0.1").strip()),
                intValue(env, "STROKEKG_PORT", 8080),
                Path.of(env.getOrDefault("STROKEKG_DATA_DIR", "./data")).toAbsolutePath().normalize(),
                uri.isEmpty() ? Optional.empty() : Optional.of(parseUri(uri)),
                env.getOrDefault("NEO4J_USER", uri.isEmpty() && passwordFile.isEmpty() ? "" : "neo4j"),
                password,
                env.getOrDefault("NEO4J_DATABASE", "neo4j"),
                intValue(env, "STROKEKG_BOLT_PORT", 7687),
                sizeValue(env, "STROKEKG_NEO4J_PAGECACHE", 256L << 20),
                ApiKey.parse("STROKEKG_API_KEYS", env.getOrDefault("STROKEKG_API_KEYS", "")),
                env.getOrDefault("STROKEKG_OUTPUT_SCRIPT", "auto"),
                Llm.from(env),
                !"false".equalsIgnoreCase(env.getOrDefault("STROKEKG_SEED", "true")),
                paths(env.getOrDefault("STROKEKG_VOCABULARY", "")),
                env);
    }

    public Config withPort(int newPort) {
        return new Config(host, newPort, dataDir, neo4jUri, neo4jUser, neo4jPassword, neo4jDatabase, boltPort,
                pageCacheBytes, apiKeys, outputScript, llm, loadSeed, vocabularyExtensions, env);
    }

    public Config withDataDir(Path dir) {
        return new Config(host, port, dir, neo4jUri, neo4jUser, neo4jPassword, neo4jDatabase, boltPort,
                pageCacheBytes, apiKeys, outputScript, llm, loadSeed, vocabularyExtensions, env);
    }

    public Config withBoltPort(int newBoltPort) {
        return new Config(host, port, dataDir, neo4jUri, neo4jUser, neo4jPassword, neo4jDatabase, newBoltPort,
                pageCacheBytes, apiKeys, outputScript, llm, loadSeed, vocabularyExtensions, env);
    }

    /** Points at an external Neo4j (no auth unless NEO4J_USER is set). */
    public Config withNeo4jUri(URI uri) {
        return new Config(host, port, dataDir, Optional.of(uri), neo4jUser, neo4jPassword, neo4jDatabase, boltPort,
                pageCacheBytes, apiKeys, outputScript, llm, loadSeed, vocabularyExtensions, env);
    }

    /**
     * Reads the password for {@code NEO4J_URI} from a file ({@code --neo4j-password-file}), e.g. a running server's
     * {@code DATA_DIR/neo4j-password}; the user becomes {@code neo4j} unless one is set.
     */
    public Config withNeo4jPasswordFile(Path file) {
        return new Config(host, port, dataDir, neo4jUri, neo4jUser.isEmpty() ? "neo4j" : neo4jUser,
                readPassword("--neo4j-password-file", file), neo4jDatabase, boltPort, pageCacheBytes, apiKeys,
                outputScript, llm, loadSeed, vocabularyExtensions, env);
    }

    @Override
    public String toString() {
        return "Config[" + host + ":" + port + ", " + dataDir + ", " + neo4jUri.map(Object::toString).orElse("embedded")
                + ", " + apiKeys.size() + " keys, " + llm + "]"; // never a password or a key
    }

    private static String readPassword(String field, Path file) {
        try {
            String p = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).strip();
            if (p.isEmpty()) {
                throw new InvalidInputException(field, file + " is empty");
            }
            return p;
        } catch (java.io.IOException e) {
            throw new InvalidInputException(field, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The HTTP bind address must be an IP address or a host name: a malformed one (999.1.1.1) is a configuration error
     * at once, not a failed bind later. Whether it is this machine's is found when the server binds.
     */
    static String host(String host) {
        if (host.isEmpty()) {
            throw new InvalidInputException("STROKEKG_HOST", "is empty");
        }
        if (host.matches("[0-9.]+")) {
            String[] parts = host.split("\\.", -1);
            boolean ok = parts.length == 4;
            for (String part : parts) {
                ok &= !part.isEmpty() && part.length() <= 3 && Integer.parseInt(part) <= 255;
            }
            if (!ok) {
                throw new InvalidInputException("STROKEKG_HOST", "not an IPv4 address: " + host);
            }
        } else if (host.contains(":")) {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (!h.matches("[0-9A-Fa-f:.]+") || h.length() > 45) {
                throw new InvalidInputException("STROKEKG_HOST", "not an IPv6 address: " + host);
            }
        } else if (!host.matches("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")) {
            throw new InvalidInputException("STROKEKG_HOST", "not a host name or an IP address: " + host);
        }
        return host;
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
     *                    {@code ${STROKEKG_MODEL_DIR}} comes from the environment)
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
     */
    public record Llm(String mode, Path modelsFile, Optional<String> baseUrl, String apiKey, List<String> models,
                      int timeoutSeconds, int retries, String chatCompletions, int promptTokens) {

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
            List<String> models = java.util.Arrays.stream(env.getOrDefault("STROKEKG_OPENAI_MODELS", "").split(","))
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            return new Llm(mode, Path.of(env.getOrDefault("STROKEKG_MODELS", "models/models.yaml")), url,
                    env.getOrDefault("STROKEKG_OPENAI_API_KEY", ""), models,
                    positive(env, "STROKEKG_OPENAI_TIMEOUT", 120), intValue(env, "STROKEKG_OPENAI_RETRIES", 2),
                    oneOf(env, "STROKEKG_CHAT_COMPLETIONS", "rag", "rag", "model"),
                    positive(env, "STROKEKG_OPENAI_PROMPT_TOKENS", 7168));
        }

        @Override
        public String toString() {
            return "Llm[" + mode + ", " + baseUrl.orElse(modelsFile.toString()) + "]"; // never the key
        }
    }

    private static int positive(Map<String, String> env, String key, int fallback) {
        int n = intValue(env, key, fallback);
        if (n < 1) {
            throw new InvalidInputException(key, "must be at least 1, got " + n);
        }
        return n;
    }

    private static List<Path> paths(String spec) {
        return java.util.Arrays.stream(spec.split(",")).map(String::strip).filter(p -> !p.isEmpty()).map(Path::of)
                .toList();
    }

    private static URI parseUri(String s) {
        try {
            URI u = URI.create(s);
            String scheme = Optional.ofNullable(u.getScheme()).orElse("");
            if (!scheme.matches("bolt|bolt\\+s|bolt\\+ssc|neo4j|neo4j\\+s|neo4j\\+ssc")) {
                throw new InvalidInputException("NEO4J_URI", "scheme must be bolt:// or neo4j:// (with +s/+ssc), got " + s);
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("NEO4J_URI", "not a URI: " + s, e);
        }
    }

    private static int intValue(Map<String, String> env, String key, int fallback) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 0 || (key.endsWith("_PORT") && n > 65535)) {
                throw new InvalidInputException(key, "must be between 0 and " + (key.endsWith("_PORT") ? 65535
                        : Integer.MAX_VALUE) + ", got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key, "not a number: " + v, e);
        }
    }

    private static long sizeValue(Map<String, String> env, String key, long fallback) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        String s = v.strip().toLowerCase(Locale.ROOT);
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        try {
            return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key, "not a size like 256m or 1g: " + v, e);
        }
    }

    private static String oneOf(Map<String, String> env, String key, String fallback, String... allowed) {
        String v = env.getOrDefault(key, fallback).strip().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new InvalidInputException(key, "must be one of " + String.join(", ", allowed) + ", got " + v);
    }
}
