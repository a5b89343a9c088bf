package org.strokekg.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.generate.GenerationDefaults;
import org.strokekg.llm.generate.LanguageModel;
import org.strokekg.llm.generate.SchedulerOptions;
import org.strokekg.llm.request.ChatMessage;
import org.strokekg.llm.request.ChatTemplate;
import org.strokekg.llm.request.GenerationRequest;
import org.strokekg.llm.request.GenerationResult;
import org.strokekg.llm.request.Prompt;
import org.strokekg.llm.request.SamplingOptions;
import org.strokekg.llm.request.TokenSink;

class ModelManifestTest {

    private static final Path EXAMPLE = Path.of("models/models.example.yaml");
    private static final Path SERVED = Path.of("models/models.yaml");
    private static final Map<String, String> ENV = Map.of("STROKEKG_MODEL_DIR", "/srv/models");

    @TempDir
    Path temp;

    @Test
    void theExampleNamesBasesAdaptersTemplatesAndDefaults() {
        ModelManifest m = ModelManifest.read(EXAMPLE, ENV);
        assertThat(m.ids()).containsExactly("qwen2.5-3b-instruct", "qwen2.5-3b-instruct:medical-o1",
                "qwen2.5-3b-medical-o1-merged", "tiny-qwen-v1", "tiny-qwen-v1:hemiplegia", "tiny-qwen3");
        assertThat(m.defaultModel()).isEqualTo("tiny-qwen-v1:hemiplegia");
        ModelManifest.Entry qwen = m.find("qwen2.5-3b-instruct").orElseThrow();
        assertThat(qwen.spec().modelDir()).isEqualTo(Path.of("/srv/models/Qwen2.5-3B-Instruct"));
        assertThat(qwen.spec().adapterDir()).isEmpty();
        assertThat(qwen.spec().template()).isEqualTo(ChatTemplate.CHATML);
        assertThat(qwen.batch()).isEqualTo(new SchedulerOptions(8, 512));
        assertThat(qwen.generation().topK()).hasValue(20);
        ModelManifest.AdapterEntry o1 = qwen.adapters().get(0);
        assertThat(o1.dir()).isEqualTo(Path.of("/srv/models/qwen2.5-3b-medical-o1-lora"));
        assertThat(o1.template()).contains(ChatTemplate.MEDICAL_O1);
        GenerationDefaults o1Defaults = qwen.generation().overriddenBy(o1.generation());
        assertThat(o1Defaults.maxNewTokens()).hasValue(1024);
        assertThat(o1Defaults.topP()).hasValue(0.8);
        ModelManifest.Entry merged = m.find("qwen2.5-3b-medical-o1-merged").orElseThrow();
        assertThat(merged.spec().adapterDir()).contains(Path.of("/srv/models/qwen2.5-3b-medical-o1-lora"));
        ModelManifest.Entry tiny = m.find("tiny-qwen3").orElseThrow();
        assertThat(tiny.spec().device()).isEqualTo(DevicePreference.CPU);
        assertThat(Files.isDirectory(tiny.spec().modelDir())).isTrue();
        assertThat(tiny.generation()).isEqualTo(GenerationDefaults.none());
        assertThat(tiny.batch()).isEqualTo(SchedulerOptions.defaults());
    }

    @Test
    void theServedManifestNamesTheSeedsModels() {
        ModelManifest m = ModelManifest.read(SERVED, ENV);
        assertThat(m.ids()).containsExactly("qwen-1_8b-chat", "qwen-1_8b-chat:hemiplegia", "qwen2.5-3b-instruct",
                "qwen2.5-3b-instruct:medical-o1");
        assertThat(m.defaultModel()).isEqualTo("qwen-1_8b-chat:hemiplegia");
        assertThat(m.find("qwen2.5-3b-instruct").orElseThrow().adapters().get(0).template())
                .contains(ChatTemplate.MEDICAL_O1);
    }

    @Test
    void omittedSamplingFieldsComeFromTheModel() {
        SamplingOptions model = new SamplingOptions(0.9, 0.8, 0, 1.1, OptionalLong.empty());
        GenerationDefaults onlyTopK = GenerationDefaults.none().overriddenBy(new GenerationDefaults(
                java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty(), java.util.OptionalInt.of(5),
                java.util.OptionalDouble.empty(), java.util.OptionalInt.empty()));
        assertThat(onlyTopK.applyTo(model)).isEqualTo(new SamplingOptions(0.9, 0.8, 5, 1.1, OptionalLong.empty()));
        assertThat(GenerationDefaults.none().applyTo(model)).isEqualTo(model);
    }

    @Test
    void aMissingVariableIsNamed() {
        assertThatThrownBy(() -> ModelManifest.read(EXAMPLE, Map.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("STROKEKG_MODEL_DIR");
    }

    @Test
    void mistakesAreNamed() throws IOException {
        assertRefused("""
                models:
                  - {name: a, path: x, adapter: y, adapters: [{name: b, path: z}]}
                """, "cannot be combined");
        assertRefused("""
                models:
                  - {name: a, path: x}
                  - {name: a, path: y}
                """, "used twice");
        assertRefused("""
                default: a:nope
                models:
                  - {name: a, path: x, adapters: [{name: b, path: z}]}
                """, "'a:nope' is none of [a, a:b]");
        assertRefused("""
                models:
                  - {name: a, path: x, adapters: [{name: b, path: z, template: llama}]}
                """, "models.a.adapters.b.template");
        assertRefused("""
                models:
                  - {name: a, path: x, generation: {top_p: 2}}
                """, "models.a.generation.top_p");
        assertRefused("""
                models:
                  - {name: "a:b", path: x}
                """, "needs a name");
        assertRefused("""
                models:
                  - {name: a, path: x, batch: {max_requests: 0}}
                """, "max_batch");
        assertRefused("models: []\n", "lists no model");
    }

    private void assertRefused(String yaml, String message) throws IOException {
        Path file = temp.resolve("models.yaml");
        Files.writeString(file, yaml);
        assertThatThrownBy(() -> ModelManifest.read(file, ENV)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message);
    }

    @Test
    void theTinyEntryLoadsAndGenerates() {
        ModelManifest.Entry tiny = ModelManifest.read(EXAMPLE, ENV).find("tiny-qwen3").orElseThrow();
        try (LanguageModel lm = LanguageModel.load(tiny.spec())) {
            assertThat(lm.info().adapter()).contains("qwen3-lora");
            GenerationResult r = lm.generate(GenerationRequest.builder(Prompt.chat(ChatMessage.user("偏瘫")))
                    .maxNewTokens(4).build(), TokenSink.NONE);
            assertThat(r.tokens()).isNotEmpty();
        }
    }
}
