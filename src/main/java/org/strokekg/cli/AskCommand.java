package org.strokekg.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.strokekg.server.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.strokekg.StrokeKg;
import org.strokekg.rag.Answer;
import org.strokekg.rag.AnswerRequest;
import org.strokekg.text.ScriptChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Asks one question and prints the cited answer and its evidence. */
@Command(name = "ask", mixinStandardHelpOptions = true, description = "Answer one question with its evidence.")
final class AskCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "QUESTION", description = "the question (simplified or traditional Chinese, or English)")
    String question;

    @Option(names = "--script", description = "auto (the question's script; the default), zh-Hans, zh-Hant, zh-Hant-TW or zh-Hant-HK")
    String script;

    @Option(names = "--json", description = "print the whole answer as JSON")
    boolean json;

    @Option(names = "--min-trust", description = {"the least trusted knowledge the answer states: curated, reviewed or",
            "unreviewed (each such sentence labelled); default STROKEKG_ANSWER_MIN_TRUST, else reviewed"})
    String minTrust;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AnswerRequest request = new AnswerRequest(question, Optional.ofNullable(script).map(s -> ScriptChoice.parse("--script", s)),
                AnswerRequest.DEFAULT_PASSAGES, AnswerRequest.DEFAULT_PATHS, Optional.empty(),
                Optional.ofNullable(minTrust).map(t -> AnswerRequest.parseTrust("--min-trust", t)));
        var remote = client.remote(app, spec.commandLine().getErr());
        if (remote.isPresent()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("question", question);
            if (script != null) {
                body.put("script", script);
            }
            request.minTrust().ifPresent(t -> body.put("minTrust", t.id()));
            return print(remote.get().postJson("/api/v1/answer", body));
        }
        try (StrokeKg kg = app.open()) {
            Answer a = kg.answers().answer(request);
            return print(Json.mapper().valueToTree(a));
        }
    }

    /** The same lines whether the answer came from this process or from the server. */
    private int print(JsonNode a) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Output.json(a));
            return 0;
        }
        out.println(a.path("answer").asText());
        out.println();
        for (JsonNode c : a.path("citations")) {
            out.printf("[%d] %s — %s (%s, %s)%n", c.path("n").asInt(), c.path("text").asText(),
                    c.path("source").asText(), c.path("id").asText(), c.path("trust").asText());
        }
        out.printf("%n%s; %.0f ms%n", a.path("model").asText(), a.path("timings").path("total").asDouble());
        return 0;
    }
}
