package org.strokekg.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.EngineOptions;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.generate.LanguageModel;
import org.strokekg.llm.generate.ModelSpec;
import org.strokekg.llm.generate.SchedulerOptions;
import org.strokekg.llm.request.ChatMessage;
import org.strokekg.llm.request.ChatTemplate;
import org.strokekg.llm.request.GenerationRequest;
import org.strokekg.llm.request.GenerationResult;
import org.strokekg.llm.request.Prompt;
import org.strokekg.llm.request.SamplingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strokekg generate}: loads a model folder (and adapter) in process and streams a completion to the terminal. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate text with a local Qwen model.",
                "A Hugging Face folder with an optional PEFT LoRA; the text streams to the terminal, tokens/s at the "
                        + "end."})
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Hugging Face model folder (config.json, *.safetensors, "
            + "tokenizer.json).")
    Path model;

    @Option(names = "--adapter", description = "PEFT LoRA folder (adapter_config.json, adapter_model.safetensors), "
            + "merged at load.")
    Path adapter;

    @Option(names = "--prompt", required = true, description = "The prompt (the user message with --chat).")
    String prompt;

    @Option(names = "--chat", description = "Frame --prompt as a user turn with the chat template.")
    boolean chat;

    @Option(names = "--system", description = "System message (with --chat).")
    String system;

    @Option(names = "--template", defaultValue = "chatml", description = "Chat template: chatml, medical-o1, "
            + "medical-o1-r1.")
    String template;

    @Option(names = "--max-new-tokens", defaultValue = "256")
    int maxNewTokens;

    @Option(names = "--temperature", description = "0 = greedy (default: the model's generation_config.json).")
    Double temperature;

    @Option(names = "--top-p")
    Double topP;

    @Option(names = "--top-k")
    Integer topK;

    @Option(names = "--repetition-penalty")
    Double repetitionPenalty;

    @Option(names = "--seed", description = "Seed for reproducible sampling.")
    Long seed;

    @Option(names = "--stop", description = "Stop string (repeatable).")
    List<String> stops = new ArrayList<>();

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu.")
    DevicePreference device;

    @Override
    public Integer call() {
        EngineOptions engine = Configs.engine();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ModelSpec spec = ModelSpec.of(model).withTemplate(ChatTemplate.fromName(template)).withDevice(device);
        if (adapter != null) {
            spec = spec.withAdapter(adapter);
        }
        try (LanguageModel lm = LanguageModel.load(spec, Map.of(), SchedulerOptions.defaults(), engine.runtime())) {
            SamplingOptions d = lm.defaultSampling();
            SamplingOptions sampling = new SamplingOptions(temperature != null ? temperature : d.temperature(),
                    topP != null ? topP : d.topP(), topK != null ? topK : d.topK(),
                    repetitionPenalty != null ? repetitionPenalty : d.repetitionPenalty(),
                    seed != null ? OptionalLong.of(seed) : d.seed());
            Prompt p = Prompt.text(prompt);
            if (chat) {
                List<ChatMessage> messages = new ArrayList<>();
                if (system != null) {
                    messages.add(ChatMessage.system(system));
                }
                messages.add(ChatMessage.user(prompt));
                p = new Prompt.Chat(messages);
            } else if (system != null) {
                throw new InvalidInputException("--system", "needs --chat");
            }
            GenerationResult r = lm.generate(GenerationRequest.builder(p).sampling(sampling).maxNewTokens(maxNewTokens)
                    .stopStrings(stops).build(), out::print);
            out.println();
            if (!r.reasoning().isEmpty()) {
                System.err.printf("[reasoning: %d characters; answer: %d characters]%n", r.reasoning().length(),
                        r.answer().length());
            }
            GenerationResult.Timings t = r.timings();
            System.err.printf("[%d prompt tokens in %.2f s; %d new tokens, %.2f tokens/s decoding; stopped: %s]%n",
                    r.promptTokens(), t.prefill().toNanos() / 1e9, r.tokens().length, t.decodeTokensPerSecond(),
                    r.finishReason().name().toLowerCase(Locale.ROOT));
        }
        return 0;
    }
}
