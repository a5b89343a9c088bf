package org.strokekg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strokekg.error.InvalidInputException;
import org.strokekg.server.ApiKey;
import org.strokekg.trust.Trust;

/** Settings from the environment: safe defaults, and a bad value names its variable. */
class ConfigTest {

    @Test
    void defaultsAreTheEmbeddedMode() {
        Config c = Config.fromEnvironment(Map.of());
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.embedded()).isTrue();
        assertThat(c.boltPort()).isEqualTo(7687);
        // Neo4j refuses a path like /repo/./data/neo4j: the default must be absolute and normalised
        assertThat(c.dataDir().isAbsolute()).isTrue();
        assertThat(c.dataDir()).isEqualTo(c.dataDir().normalize());
        assertThat(c.dataDir().getFileName().toString()).isEqualTo("data");
        assertThat(c.apiKeys()).isEmpty();
        assertThat(c.llm().mode()).isEqualTo("none");
        assertThat(c.llm().chatCompletions()).isEqualTo("rag");
        assertThat(c.outputScript()).isEqualTo("auto");
        assertThat(c.loadSeed()).isTrue();
    }

    @Test
    void keysCarryNamesAndRolesButNeverPrintTheKey() {
        Config c = Config.fromEnvironment(Map.of("STROKEKG_API_KEYS", "alice=0123456789abcdef:curator, fedcba9876543210:reader",
                "NEO4J_URI", "neo4j://db.example:7687", "STROKEKG_PORT", "9090"));
        assertThat(c.apiKeys()).extracting(ApiKey::name).containsExactly("alice", "curator-" + c.apiKeys().get(1).name()
                .substring("curator-".length()));
        assertThat(c.apiKeys()).extracting(ApiKey::role).containsExactly(ApiKey.Role.CURATOR, ApiKey.Role.READER);
        assertThat(c.apiKeys().toString()).doesNotContain("0123456789abcdef");
        assertThat(c.embedded()).isFalse();
        assertThat(c.neo4jUser()).isEqualTo("neo4j");
        assertThat(c.port()).isEqualTo(9090);
    }

    @Test
    void theRemoteModelNeedsItsUrl() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STROKEKG_LLM", "openai")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("STROKEKG_OPENAI_BASE_URL");
        Config c = Config.fromEnvironment(Map.of("STROKEKG_LLM", "openai", "STROKEKG_OPENAI_BASE_URL",
                "http://gpu:8000/v1", "STROKEKG_OPENAI_MODELS", "qwen, qwen:medical-o1", "STROKEKG_OPENAI_API_KEY", "sk-secret"));
        assertThat(c.llm().models()).containsExactly("qwen", "qwen:medical-o1");
        assertThat(c.llm().toString()).doesNotContain("sk-secret");
    }

    @Test
    void badValuesNameTheVariable() {
        for (var bad : Map.of("STROKEKG_PORT", "eighty", "NEO4J_URI", "http://x", "STROKEKG_API_KEYS", "short",
                "STROKEKG_LLM", "gpt", "STROKEKG_NEO4J_PAGECACHE", "lots", "STROKEKG_OPENAI_TIMEOUT", "0",
                "STROKEKG_CHAT_COMPLETIONS", "both", "STROKEKG_ANSWER_MIN_TRUST", "trusted").entrySet()) {
            assertThatThrownBy(() -> Config.fromEnvironment(Map.of(bad.getKey(), bad.getValue())))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(bad.getKey()));
        }
    }

    @Test
    void answersStateReviewedKnowledgeUnlessTheDeploymentSaysOtherwise() {
        assertThat(Config.fromEnvironment(Map.of()).answerMinTrust()).isEqualTo(Trust.REVIEWED);
        assertThat(Config.fromEnvironment(Map.of("STROKEKG_ANSWER_MIN_TRUST", "unreviewed")).answerMinTrust())
                .isEqualTo(Trust.UNREVIEWED);
    }

    @Test
    void keysHaveSixteenCharactersAtLeast() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STROKEKG_API_KEYS", "alice=0123456789abcde")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 16");
        assertThat(Config.fromEnvironment(Map.of("STROKEKG_API_KEYS", "alice=0123456789abcdef")).apiKeys()).hasSize(1);
    }

    @Test
    void aHostMustBeAnAddressOrAName() {
        for (String bad : new String[] {"999.1.1.1", "1.2.3", "256.0.0.1", "a b", "-x.example", "1.2.3.4.5", "::g"}) {
            assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STROKEKG_HOST", bad))).as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("STROKEKG_HOST"));
        }
        for (String good : new String[] {"127.0.0.1", "0.0.0.0", "::1", "[::1]", "localhost", "gpu-host.example"}) {
            assertThat(Config.fromEnvironment(Map.of("STROKEKG_HOST", good)).host()).isEqualTo(good);
        }
    }

    @Test
    void neitherPasswordsNorKeysArePrinted() {
        Config c = Config.fromEnvironment(Map.of("STROKEKG_API_KEYS", "alice=0123456789abcdef", "NEO4J_URI",
                "bolt://db:7687", "NEO4J_PASSWORD", "s3cret-pa55word"));
        assertThat(c.toString()).doesNotContain("s3cret-pa55word").doesNotContain("0123456789abcdef");
    }
}
