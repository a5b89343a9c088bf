package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaLanguageModel;
import dev.langchain4j.model.ollama.OllamaModel;
import dev.langchain4j.model.ollama.OllamaModels;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/**
 * The Ollama-compatible routes with LangChain4j's Ollama client pointed at the server (models, chat, streaming chat,
 * generate), and on the wire: NDJSON lines, the evidence in {@code strokekg}, errors as problem JSON.
 */
class OllamaCompatTest {

    private static final String QUESTION = "中风后手臂僵硬怎么办";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base = TestApp.baseUrl();
    private final Http http = new Http(base);

    @Test
    void theOllamaClientListsTheModels() {
        List<OllamaModel> models = OllamaModels.builder().baseUrl(base).timeout(Duration.ofSeconds(60)).build()
                .availableModels().content();
        assertThat(models).extracting(OllamaModel::getName).contains("strokekg-evidence");
    }

    @Test
    void theOllamaClientChats() {
        OllamaChatModel model = OllamaChatModel.builder().baseUrl(base).modelName("strokekg-evidence")
                .timeout(Duration.ofSeconds(120)).build();
        String answer = model.chat(QUESTION);
        assertThat(answer).contains("[1]");
    }

    @Test
    void theOllamaClientStreams() throws Exception {
        OllamaStreamingChatModel model = OllamaStreamingChatModel.builder().baseUrl(base).modelName("strokekg-evidence")
                .timeout(Duration.ofSeconds(120)).build();
        List<String> pieces = new ArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat(QUESTION, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                pieces.add(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(120, TimeUnit.SECONDS);
        assertThat(pieces.size()).isGreaterThan(1);
        assertThat(String.join("", pieces)).isEqualTo(response.aiMessage().text()).contains("[1]");
    }

    @Test
    void theOllamaClientGenerates() {
        OllamaLanguageModel model = OllamaLanguageModel.builder().baseUrl(base).modelName("strokekg-evidence")
                .timeout(Duration.ofSeconds(120)).build();
        assertThat(model.generate(QUESTION).content()).contains("[1]");
    }

    @Test
    void onTheWireTheEvidenceTravelsInStrokekg() throws Exception {
        Http.Response one = http.postJson("/api/chat", "{\"model\":\"strokekg-evidence\",\"stream\":false,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]}");
        assertThat(one.status()).isEqualTo(200);
        JsonNode body = one.json();
        assertThat(body.get("done").asBoolean()).isTrue();
        assertThat(body.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(body.get("strokekg").get("citations").size()).isPositive();

        Http.Response streamed = http.postJson("/api/chat", "{\"messages\":[{\"role\":\"user\",\"content\":\""
                + QUESTION + "\"}]}"); // stream is true unless said otherwise, as in Ollama
        assertThat(streamed.header("Content-Type").orElse("")).startsWith("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : streamed.body().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines.size()).isGreaterThan(2);
        assertThat(lines.subList(0, lines.size() - 1)).allMatch(l -> !l.get("done").asBoolean());
        JsonNode last = lines.getLast();
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(last.get("strokekg").get("citations").size()).isPositive();
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l.get("message").get("content").asText()));
        assertThat(text.toString()).isEqualTo(body.get("message").get("content").asText());

        JsonNode generated = http.postJson("/api/generate", "{\"prompt\":\"" + QUESTION + "\",\"stream\":false}").json();
        assertThat(generated.get("response").asText()).isEqualTo(body.get("message").get("content").asText());
        assertThat(http.get("/api/version").json().get("version").asText()).isNotBlank();
    }

    @Test
    void badRequestsAreProblems() {
        Http.Response unknown = http.postJson("/api/chat", "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + QUESTION + "\"}]}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(http.postJson("/api/chat", "{\"messages\":[]}").status()).isEqualTo(400);
        assertThat(http.postJson("/api/generate", "{\"stream\":false}").status()).isEqualTo(400);
        assertThat(http.postJson("/api/generate", "{\"prompt\":\"x\",\"stream\":\"yes\"}").status()).isEqualTo(400);
    }
}
