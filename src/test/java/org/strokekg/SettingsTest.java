package org.strokekg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.error.InvalidInputException;

/**
 * One configuration: the file, the environment and the engine's -D properties merged in that order into one record;
 * an unknown key or STROKEKG_* variable is an error; secrets are masked where settings are printed.
 */
class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void theFileIsReadAndTheEnvironmentWinsOverIt() throws IOException {
        Path file = dir.resolve("strokekg.yaml");
        Files.writeString(file, """
                server:
                  port: 9090
                  host: 127.0.0.1
                data_dir: %s
                api_keys:
                  - alice=0123456789abcdef:curator
                  - bob=fedcba9876543210:reader
                log:
                  format: json
                metrics:
                  port: 9100
                llm:
                  openai:
                    timeout: 30
                """.formatted(dir.resolve("d")));
        Config c = Config.from(Map.of("STROKEKG_PORT", "9191"), Map.of(), dir);
        assertThat(c.port()).isEqualTo(9191);
        assertThat(c.dataDir()).isEqualTo(dir.resolve("d"));
        assertThat(c.apiKeys()).hasSize(2);
        assertThat(c.log().json()).isTrue();
        assertThat(c.log().questions()).isFalse();
        assertThat(c.metrics().port()).hasValue(9100);
        assertThat(c.llm().timeoutSeconds()).isEqualTo(30);
        assertThat(c.sources().file()).contains(file.toAbsolutePath());
        assertThat(c.sources().byName()).containsEntry("STROKEKG_PORT", "env").containsEntry("STROKEKG_DATA_DIR", "file")
                .containsEntry("STROKEKG_HOST", "file").containsEntry("STROKEKG_SEED", "default");
    }

    @Test
    void strokekgConfigNamesAnotherFile() throws IOException {
        Path file = dir.resolve("elsewhere.yaml");
        Files.writeString(file, "seed: false\n");
        assertThat(Config.fromEnvironment(Map.of("STROKEKG_CONFIG", file.toString())).loadSeed()).isFalse();
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STROKEKG_CONFIG", dir.resolve("none.yaml").toString())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("STROKEKG_CONFIG");
    }

    @Test
    void anUnknownKeyInTheFileIsAnError() throws IOException {
        Files.writeString(dir.resolve("strokekg.yaml"), "server:\n  prot: 9090\n");
        assertThatThrownBy(() -> Config.from(Map.of(), Map.of(), dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("server.prot").hasMessageContaining("did you mean server.port?");
    }

    @Test
    void anUnknownStrokekgVariableIsAnError() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STROKEKG_POTR", "1")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("STROKEKG_POTR")
                .hasMessageContaining("did you mean STROKEKG_PORT?");
        // the launcher's and the tests' own variables, and anyone else's, are not settings of the server
        Config c = Config.fromEnvironment(Map.of("STROKEKG_JAVA_OPTS", "-Xmx1g", "STROKEKG_SHARED_DIR", "/x",
                "HOME", "/root", "OMP_WAIT_POLICY", "PASSIVE"));
        assertThat(c.env()).containsEntry("HOME", "/root");
        assertThat(c.llm().engine().ompWaitPolicy()).isTrue();
    }

    @Test
    void theEnginesPropertiesStillWorkAndWinOverTheEnvironment() {
        Config c = Config.from(Map.of("STROKEKG_CUDA_LIB", "/env/lib.so", "STROKEKG_FEW_ROWS", "8"),
                Map.of("strokekg.llm.cudaLib", "/prop/lib.so", "strokekg.llm.cudaGraphs", "false",
                        "strokekg.llm.fusedDecode", "false", "strokekg.llm.mallocTuning", "false"), dir);
        assertThat(c.llm().engine().cudaLib()).contains(Path.of("/prop/lib.so"));
        assertThat(c.llm().engine().cudaGraphs()).isFalse();
        assertThat(c.llm().engine().fusedDecode()).isFalse();
        assertThat(c.llm().engine().mallocTuning()).isFalse();
        assertThat(c.llm().engine().fewRows()).isEqualTo(8);
        assertThat(c.sources().byName()).containsEntry("STROKEKG_CUDA_LIB", "-Dstrokekg.llm.cudaLib");
        Config defaults = Config.fromEnvironment(Map.of());
        assertThat(defaults.llm().engine().cudaLib()).isEmpty();
        assertThat(defaults.llm().engine().cudaGraphs()).isTrue();
        assertThat(defaults.llm().engine().fusedDecode()).isTrue();
        assertThat(defaults.llm().engine().fewRows()).isEqualTo(16);
    }

    @Test
    void describeMasksSecretsAndFlagsWin() {
        Config c = Config.fromEnvironment(Map.of("STROKEKG_API_KEYS", "alice=0123456789abcdef",
                "STROKEKG_CURATOR_KEY", "0123456789abcdef", "NEO4J_PASSWORD", "s3cret-pa55word",
                "STROKEKG_OPENAI_API_KEY", "sk-verysecret")).withPort(9999);
        String all = c.describe().toString();
        assertThat(all).doesNotContain("0123456789abcdef").doesNotContain("s3cret-pa55word")
                .doesNotContain("sk-verysecret").contains("******");
        Config.Shown port = c.describe().stream().filter(s -> s.env().equals("STROKEKG_PORT")).findFirst().orElseThrow();
        assertThat(port.value()).isEqualTo("9999");
        assertThat(port.source()).isEqualTo("flag");
        assertThat(c.curatorKey()).contains("0123456789abcdef");
        assertThat(c.describe()).extracting(Config.Shown::env).doesNotHaveDuplicates()
                .contains("STROKEKG_LOG_FORMAT", "STROKEKG_LOG_QUESTIONS", "STROKEKG_METRICS", "STROKEKG_METRICS_PORT");
    }

    @Test
    void badValuesNameTheirSetting() {
        for (var bad : Map.of("STROKEKG_LOG_FORMAT", "xml", "STROKEKG_LOG_QUESTIONS", "maybe", "STROKEKG_METRICS_PORT",
                "0", "STROKEKG_SEED", "perhaps").entrySet()) {
            assertThatThrownBy(() -> Config.fromEnvironment(Map.of(bad.getKey(), bad.getValue()))).as(bad.getKey())
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining(bad.getKey());
        }
        assertThat(Optional.of(Config.fromEnvironment(Map.of("STROKEKG_SEED", "FALSE")).loadSeed())).contains(false);
    }

    /** The rule of issue 19: no System.getProperty / System.getenv outside the configuration code. */
    @Test
    void onlyTheConfigurationReadsTheEnvironment() throws IOException {
        Path main = Path.of("src/main/java");
        try (var files = Files.walk(main)) {
            var readers = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).matches("(?s).*System\\.get(env|Property|Properties)\\(.*");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(p -> main.relativize(p).toString()).toList();
            assertThat(readers).containsExactly("org/strokekg/Config.java");
        }
    }
}
