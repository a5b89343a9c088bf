package org.strokekg.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strokekg.error.InvalidInputException;

class ModelManifestTest {

    private static final Path EXAMPLE = Path.of("models/models.example.yaml");

    @Test
    void theExampleNamesTemplatesAdaptersAndDefaults() {
        ModelManifest m = ModelManifest.read(EXAMPLE, Map.of("STROKEKG_MODEL_DIR", "/srv/models"));
        ModelManifest.Entry medical = m.find("qwen2.5-3b-medical-o1").orElseThrow();
        assertThat(medical.spec().template()).isEqualTo(ChatTemplate.MEDICAL_O1);
        assertThat(medical.spec().modelDir()).isEqualTo(Path.of("/srv/models/Qwen2.5-3B-Instruct"));
        assertThat(medical.spec().adapterDir()).contains(Path.of("/srv/models/qwen2.5-3b-medical-o1-lora"));
        assertThat(medical.sampling().orElseThrow().topK()).isEqualTo(20);
        assertThat(medical.maxNewTokens()).hasValue(1024);
        ModelManifest.Entry tiny = m.find("tiny-qwen3").orElseThrow();
        assertThat(tiny.spec().device()).isEqualTo(DevicePreference.CPU);
        assertThat(Files.isDirectory(tiny.spec().modelDir())).isTrue();
        assertThat(tiny.sampling()).isEmpty();
    }

    @Test
    void aMissingVariableIsNamed() {
        assertThatThrownBy(() -> ModelManifest.read(EXAMPLE, Map.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("STROKEKG_MODEL_DIR");
    }

    @Test
    void theTinyEntryLoadsAndGenerates() {
        ModelManifest.Entry tiny = ModelManifest.read(EXAMPLE, Map.of("STROKEKG_MODEL_DIR", "/srv")).find("tiny-qwen3")
                .orElseThrow();
        try (LanguageModel lm = LanguageModel.load(tiny.spec())) {
            assertThat(lm.info().adapter()).contains("qwen3-lora");
            GenerationResult r = lm.generate(GenerationRequest.builder(Prompt.chat(ChatMessage.user("偏瘫")))
                    .maxNewTokens(4).build(), TokenSink.NONE);
            assertThat(r.tokens()).isNotEmpty();
        }
    }
}
