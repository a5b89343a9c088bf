package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/** The OpenAI-compatible endpoints, driven by a real OpenAI client library (LangChain4j's OpenAI module). */
class OpenAiCompatTest {

    static String base;

    @BeforeAll
    static void server() {
        base = TestApp.baseUrl();
    }

    @Test
    void blockingClientGetsTheAnswer() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(base + "/v1").apiKey("not-needed")
                .modelName("strokekg-evidence").timeout(Duration.ofSeconds(60)).maxRetries(0).build();
        String answer = model.chat("中风后手臂僵硬怎么办");
        assertThat(answer).contains("痉挛").containsPattern("\\[\\d+]");
    }

    @Test
    void streamingClientGetsTheSameAnswerInPieces() throws Exception {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(base + "/v1").apiKey("not-needed")
                .modelName("strokekg-evidence").timeout(Duration.ofSeconds(60)).build();
        StringBuilder partial = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat("脑梗死和高血压有什么关系", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                partial.append(text);
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
        ChatResponse response = done.get(60, TimeUnit.SECONDS);
        assertThat(partial.toString()).contains("危险因素").isEqualTo(response.aiMessage().text());
    }

    @Test
    void evidenceTravelsInTheExtraFieldAndModelsAreListed() {
        Http http = new Http(base);
        Http.Response r = http.postJson("/v1/chat/completions", """
                {"model":"strokekg-evidence","messages":[{"role":"system","content":"be brief"},
                 {"role":"user","content":[{"type":"text","text":"中风后手臂僵硬怎么办"}]}],"temperature":0.2}""");
        assertThat(r.status()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("object").asText()).isEqualTo("chat.completion");
        assertThat(j.get("choices").get(0).get("message").get("content").asText()).isNotBlank();
        assertThat(j.get("strokekg").get("citations").size()).isPositive();
        assertThat(j.get("strokekg").get("graphPaths").size()).isPositive();

        JsonNode models = http.get("/v1/models").json();
        assertThat(models.get("data").findValuesAsText("id")).isEqualTo(List.of("strokekg-evidence"));

        Http.Response unknown = http.postJson("/v1/chat/completions",
                "{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(unknown.status()).isEqualTo(404);
        Http.Response noUser = http.postJson("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}");
        assertThat(noUser.status()).isEqualTo(400);
        assertThat(noUser.json().get("field").asText()).isEqualTo("messages");
    }
}
