package org.strokekg.llm.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.RetriableException;

/**
 * Models on a remote OpenAI-compatible server (vLLM with {@code --enable-lora}, Ollama, llama.cpp's server, or another
 * StrokeKG with {@code STROKEKG_CHAT_COMPLETIONS=model}) through LangChain4j's OpenAI module: one
 * {@link StreamingChatModel} per model id the server offers (a vLLM LoRA is its own id).
 */
public final class RemoteModels {

    private static final Logger log = LoggerFactory.getLogger(RemoteModels.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVIDENCE_ID = "strokekg-evidence";

    private RemoteModels() {
    }

    /**
     * A chat model per id; with no ids given, the ids the server lists at {@code GET {baseUrl}/models} (a server that
     * cannot be reached then is a clear error: start it first, or name the ids).
     */
    public static Map<String, StreamingChatModel> connect(String baseUrl, String apiKey, List<String> ids,
                                                          Duration timeout) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        List<String> models = ids.isEmpty() ? list(base, apiKey, timeout) : ids;
        Map<String, StreamingChatModel> out = new LinkedHashMap<>();
        for (String id : models) {
            out.put(id, OpenAiStreamingChatModel.builder()
                    .baseUrl(base)
                    .apiKey(apiKey.isEmpty() ? "not-needed" : apiKey)
                    .modelName(id)
                    .timeout(timeout)
                    .build());
        }
        log.info("remote models at {}: {}", base, out.keySet());
        return out;
    }

    /** The ids of {@code GET {base}/models}. */
    static List<String> list(String base, String apiKey, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/models")).timeout(timeout).GET();
        if (!apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new RetriableException("the model server at " + base + " answered " + r.statusCode()
                        + " to GET /models; set STROKEKG_OPENAI_MODELS to name the models");
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode m : JSON.readTree(r.body()).path("data")) {
                String id = m.path("id").asText();
                // another StrokeKG lists its evidence composer too: that is no model, and this server has its own
                if (!id.equals(EVIDENCE_ID)) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                throw new RetriableException("the model server at " + base + " lists no models");
            }
            return ids;
        } catch (IOException e) {
            throw new RetriableException("cannot reach the model server at " + base + " (" + e + "); start it, or set "
                    + "STROKEKG_OPENAI_MODELS so StrokeKG starts without asking it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while listing the models at " + base, e);
        }
    }
}
