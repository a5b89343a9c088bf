package org.strokekg.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.NotFoundException;
import org.strokekg.error.RetriableException;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.generate.GenerationDefaults;
import org.strokekg.llm.generate.LanguageModel;
import org.strokekg.llm.generate.ModelInfo;
import org.strokekg.llm.generate.ModelSpec;
import org.strokekg.llm.generate.ServedModel;
import org.strokekg.llm.langchain4j.LocalQwenChatModel;
import org.strokekg.llm.langchain4j.LocalQwenStreamingChatModel;
import org.strokekg.llm.request.ChatTemplate;

/** The fixture manifest loaded as the server loads models.yaml: ids, defaults, LangChain4j models per id. */
class ModelRegistryTest {

    private static ModelRegistry registry;

    @TempDir
    Path temp;

    static Path manifest() {
        return LlmFixtures.dir().resolveSibling("models.fixtures.yaml");
    }

    @BeforeAll
    static void load() {
        registry = ModelRegistry.load(ModelManifest.read(manifest(), Map.of()));
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    private static ChatRequest question(int maxTokens) {
        return ChatRequest.builder().messages(SystemMessage.from("你是康复科医生。"),
                UserMessage.from("脑卒中后偏瘫患者如何预防跌倒？")).temperature(0.0).maxOutputTokens(maxTokens).build();
    }

    @Test
    void listsEveryIdWithItsAdapterAndTemplate() {
        assertThat(registry.modelIds()).containsExactly("tiny-qwen-v1", "tiny-qwen-v1:hemiplegia", "tiny-qwen2",
                "tiny-qwen2:medical-o1");
        assertThat(registry.defaultModelId()).isEqualTo("tiny-qwen-v1:hemiplegia");
        ModelInfo o1 = registry.models().get(3);
        assertThat(o1.name()).isEqualTo("tiny-qwen2:medical-o1");
        assertThat(o1.adapter()).contains("medical-o1");
        assertThat(o1.template()).isEqualTo(ChatTemplate.MEDICAL_O1);
        assertThat(o1.family()).isEqualTo("qwen2");
        assertThat(registry.models().get(0).adapter()).isEmpty();
        assertThat(registry.model("tiny-qwen2:medical-o1").defaultSampling().topK()).isEqualTo(20);
        assertThat(registry.model("tiny-qwen2:medical-o1").defaultMaxNewTokens()).isEqualTo(48);
        assertThat(registry.chatModel("tiny-qwen2").defaultRequestParameters().modelName()).isEqualTo("tiny-qwen2");
        assertThatThrownBy(() -> registry.chatModel("qwen-7b")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("tiny-qwen-v1:hemiplegia");
    }

    @Test
    void anAdapterIdAnswersAsTheAdapterMergedIntoItsBase() {
        ChatResponse viaRegistry = registry.chatModel("tiny-qwen-v1:hemiplegia").chat(question(20));
        ChatResponse base = registry.chatModel("tiny-qwen-v1").chat(question(20));
        try (LanguageModel merged = LanguageModel.load(ModelSpec.of(LlmFixtures.model("qwen-v1-f32"))
                .withAdapter(LlmFixtures.model("qwen-v1-lora")).withDevice(DevicePreference.CPU))) {
            ChatResponse reference = new LocalQwenChatModel(merged).chat(question(20));
            assertThat(viaRegistry.aiMessage().text()).isEqualTo(reference.aiMessage().text());
            assertThat(viaRegistry.tokenUsage()).isEqualTo(reference.tokenUsage());
        }
        assertThat(viaRegistry.aiMessage().text()).isNotEqualTo(base.aiMessage().text());
        assertThat(viaRegistry.modelName()).isEqualTo("tiny-qwen-v1:hemiplegia");
        assertThatThrownBy(() -> registry.chatModel("tiny-qwen-v1").chat(question(5).toBuilder()
                .modelName("tiny-qwen2").build())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void concurrentStreamsOnDifferentIdsEachMatchTheirBlockingAnswer() throws Exception {
        List<String> ids = registry.modelIds();
        List<String> expected = new ArrayList<>();
        for (String id : ids) {
            expected.add(registry.chatModel(id).chat(question(24)).aiMessage().text());
        }
        List<CompletableFuture<ChatResponse>> done = new ArrayList<>();
        List<List<String>> pieces = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (String id : ids) {
                CompletableFuture<ChatResponse> f = new CompletableFuture<>();
                List<String> p = new CopyOnWriteArrayList<>();
                done.add(f);
                pieces.add(p);
                registry.streamingChatModel(id).chat(question(24), handler(p, new CopyOnWriteArrayList<>(), f));
            }
        }
        for (int i = 0; i < done.size(); i++) {
            ChatResponse r = done.get(i).get(60, TimeUnit.SECONDS);
            assertThat(r.aiMessage().text()).as(ids.get(i % ids.size())).isEqualTo(expected.get(i % ids.size()));
            assertThat(String.join("", pieces.get(i)).strip()).isEqualTo(r.aiMessage().text());
        }
    }

    @Test
    void reasoningComesAsThinkingThroughBothAdapters() throws Exception {
        // the R1-style template opens the thinking block in the prompt: a model that never closes it (this random
        // one) produces reasoning only, which must arrive as AiMessage.thinking and as partial thinking
        ServedModel r1 = registry.model("tiny-qwen2").model().serve("r1", Optional.of("medical-o1"),
                ChatTemplate.MEDICAL_O1_R1, GenerationDefaults.none());
        AiMessage blocking = new LocalQwenChatModel(r1).chat(question(16)).aiMessage();
        assertThat(blocking.thinking()).isNotBlank();
        assertThat(blocking.text()).isEmpty();
        List<String> answer = new CopyOnWriteArrayList<>();
        List<String> thinking = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        new LocalQwenStreamingChatModel(r1).chat(question(16), handler(answer, thinking, done));
        ChatResponse streamed = done.get(60, TimeUnit.SECONDS);
        assertThat(answer).isEmpty();
        assertThat(String.join("", thinking).strip()).isEqualTo(blocking.thinking());
        assertThat(streamed.aiMessage().thinking()).isEqualTo(blocking.thinking());
    }

    @Test
    void modelsWhoseFolderIsMissingAreLeftOut() throws IOException {
        Path file = temp.resolve("models.yaml");
        Files.writeString(file, """
                default: gone:x
                models:
                  - {name: gone, path: nowhere, adapters: [{name: x, path: nowhere-lora}]}
                  - {name: tiny, path: %s, device: cpu}
                """.formatted(LlmFixtures.model("qwen3-f32")));
        try (ModelRegistry partial = ModelRegistry.load(ModelManifest.read(file, Map.of()))) {
            assertThat(partial.modelIds()).containsExactly("tiny");
            assertThat(partial.defaultModelId()).isEqualTo("tiny");
        }
        Files.writeString(file, "models:\n  - {name: gone, path: nowhere}\n");
        assertThatThrownBy(() -> ModelRegistry.load(ModelManifest.read(file, Map.of())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nowhere");
    }

    @Test
    void aClosedRegistryRefusesWork() throws IOException {
        Path file = temp.resolve("one.yaml");
        Files.writeString(file, "models:\n  - {name: tiny, path: %s, device: cpu}\n"
                .formatted(LlmFixtures.model("qwen3-f32")));
        ModelRegistry one = ModelRegistry.load(ModelManifest.read(file, Map.of()));
        var chat = one.chatModel("tiny");
        one.close();
        assertThatThrownBy(() -> chat.chat(question(4))).isInstanceOf(RetriableException.class);
    }

    private static StreamingChatResponseHandler handler(List<String> answer, List<String> thinking,
            CompletableFuture<ChatResponse> done) {
        return new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                answer.add(text);
            }

            @Override
            public void onPartialThinking(PartialThinking partial) {
                thinking.add(partial.text());
            }

            @Override
            public void onCompleteResponse(ChatResponse r) {
                done.complete(r);
            }

            @Override
            public void onError(Throwable e) {
                done.completeExceptionally(e);
            }
        };
    }
}
