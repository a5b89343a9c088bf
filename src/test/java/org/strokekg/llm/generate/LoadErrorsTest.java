package org.strokekg.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.generate.LanguageModel;
import org.strokekg.llm.generate.ModelSpec;

/** What the engine refuses, and that it names the field. */
class LoadErrorsTest {

    @TempDir
    Path tmp;

    @Test
    void anUnknownModelTypeIsRefusedNamingTheField() throws IOException {
        Path dir = copy("qwen3-f32");
        edit(dir.resolve("config.json"), "\"model_type\": \"qwen3\"", "\"model_type\": \"llama\"");
        assertThatThrownBy(() -> LanguageModel.load(ModelSpec.of(dir).withDevice(DevicePreference.CPU)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("config.json: model_type");
                    assertThat(e.reason()).contains("llama");
                });
    }

    @Test
    void scaledRopeIsRefused() throws IOException {
        Path dir = copy("qwen3-f32");
        edit(dir.resolve("config.json"), "\"rope_type\": \"default\"", "\"rope_type\": \"yarn\"");
        assertThatThrownBy(() -> LanguageModel.load(ModelSpec.of(dir).withDevice(DevicePreference.CPU)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("config.json: rope_parameters"));
    }

    @Test
    void adapterSettingsThatChangeTheMathAreRefused() throws IOException {
        assertAdapterRefused("\"use_dora\": false", "\"use_dora\": true", "adapter_config.json: use_dora");
        assertAdapterRefused("\"lora_bias\": false", "\"lora_bias\": true", "adapter_config.json: lora_bias");
        assertAdapterRefused("\"bias\": \"none\"", "\"bias\": \"all\"", "adapter_config.json: bias");
        assertAdapterRefused("\"peft_type\": \"LORA\"", "\"peft_type\": \"IA3\"", "adapter_config.json: peft_type");
    }

    @Test
    void anAdapterForAnotherArchitectureIsRefused() {
        Path base = LlmFixtures.model("qwen3-f32");
        assertThatThrownBy(() -> LanguageModel.load(ModelSpec.of(base).withAdapter(LlmFixtures.model("qwen-v1-lora"))
                .withDevice(DevicePreference.CPU)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("adapter_model.safetensors"));
    }

    private void assertAdapterRefused(String from, String to, String field) throws IOException {
        Path dir = tmp.resolve("lora-" + field.replaceAll("\\W", ""));
        copyTree(LlmFixtures.model("qwen3-lora"), dir);
        edit(dir.resolve("adapter_config.json"), from, to);
        assertThatThrownBy(() -> LanguageModel.load(ModelSpec.of(LlmFixtures.model("qwen3-f32")).withAdapter(dir)
                .withDevice(DevicePreference.CPU)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    private Path copy(String fixture) throws IOException {
        Path dir = tmp.resolve(fixture);
        copyTree(LlmFixtures.model(fixture), dir);
        return dir;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String s = Files.readString(file);
        assertThat(s).contains(from);
        Files.writeString(file, s.replace(from, to));
    }
}
