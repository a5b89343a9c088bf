package org.strokekg.llm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.util.cuda.CudaUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.lora.LoraAdapter;
import org.strokekg.llm.qwen.QwenWeights;
import org.strokekg.llm.tokenizer.HfTokenizer;
import org.strokekg.llm.tokenizer.TextTokenizer;

/**
 * A Qwen model loaded in process on DJL's PyTorch engine, with its tokenizer and chat template: the engine's entry
 * point. The weights are immutable and shared; {@link #generate} may run on many threads at once, each request with its
 * own KV cache.
 */
public final class LanguageModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LanguageModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QwenWeights weights;
    private final TextTokenizer tokenizer;
    private final ModelSpec spec;
    private final ModelInfo info;
    private final SamplingOptions defaults;

    private LanguageModel(QwenWeights weights, TextTokenizer tokenizer, ModelSpec spec, SamplingOptions defaults) {
        this.weights = weights;
        this.tokenizer = tokenizer;
        this.spec = spec;
        this.defaults = defaults;
        this.info = new ModelInfo(spec.modelDir().getFileName().toString(), weights.config().family().modelType(),
                weights.device().toString(), weights.dtype().toString().toLowerCase(Locale.ROOT),
                weights.parameterCount(), weights.weightBytes(), weights.adapterName(),
                weights.config().maxPositions(), spec.template());
    }

    /** Loads the model folder (and merges the adapter), on the GPU in FP16 when there is one, else on the CPU in FP32. */
    public static LanguageModel load(ModelSpec spec) {
        long t0 = System.nanoTime();
        if (!Files.isDirectory(spec.modelDir())) {
            throw new InvalidInputException("model", spec.modelDir() + " is not a folder");
        }
        Device device = device(spec.device());
        DataType dtype = device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
        if (!Files.isRegularFile(spec.modelDir().resolve("tokenizer.json"))) {
            throw new InvalidInputException("tokenizer.json", "missing in " + spec.modelDir()
                    + " (only Hugging Face tokenizer.json tokenizers are read so far)");
        }
        Optional<LoraAdapter> adapter = spec.adapterDir().map(LoraAdapter::open);
        QwenWeights weights;
        try {
            weights = QwenWeights.load(spec.modelDir(), adapter, device, dtype);
        } finally {
            adapter.ifPresent(LoraAdapter::close); // merged: its file is no longer needed
        }
        try {
            LanguageModel model = new LanguageModel(weights, HfTokenizer.load(spec.modelDir()), spec,
                    generationDefaults(spec.modelDir()));
            ModelInfo i = model.info;
            LOG.info("Loaded {} ({}) on {} as {}: {} parameters, {} MiB of weights, adapter {}, template {}, context {}; "
                            + "loaded in {} ms, memory used: {}", i.name(), i.family(), i.device(),
                    i.dtype(), String.format("%,d", i.parameters()), String.format("%.1f", i.weightBytes() / 1048576.0),
                    i.adapter().orElse("none"), i.template().manifestName(), i.contextLength(),
                    (System.nanoTime() - t0) / 1_000_000, memoryUsed(device));
            return model;
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    private static Device device(DevicePreference preference) {
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        return switch (preference) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new InvalidInputException("device", "GPU requested, but DJL's PyTorch engine finds none");
                }
                yield Device.gpu();
            }
        };
    }

    /** The sampling the model's generation_config.json asks for (greedy when it has none or says do_sample=false). */
    private static SamplingOptions generationDefaults(Path dir) {
        Path file = dir.resolve("generation_config.json");
        if (!Files.isRegularFile(file)) {
            return SamplingOptions.greedy();
        }
        try {
            JsonNode g = JSON.readTree(file.toFile());
            if (!g.path("do_sample").asBoolean(false)) {
                return SamplingOptions.greedy().withRepetitionPenalty(g.path("repetition_penalty").asDouble(1.0));
            }
            return new SamplingOptions(g.path("temperature").asDouble(1.0), g.path("top_p").asDouble(1.0),
                    g.path("top_k").asInt(0), g.path("repetition_penalty").asDouble(1.0), OptionalLong.empty());
        } catch (IOException e) {
            throw new InvalidInputException("generation_config.json", "not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Generates for {@code request}, streaming whole characters to {@code sink}; returns when it stops. */
    public GenerationResult generate(GenerationRequest request, TokenSink sink) {
        return Generation.run(weights, tokenizer, spec.template(), promptTokens(request.prompt()), request, sink);
    }

    /** The prompt's token ids: as given, plain-text encoded, or rendered by the chat template. */
    public int[] promptTokens(Prompt prompt) {
        return switch (prompt) {
            case Prompt.Tokens t -> t.ids();
            case Prompt.Text t -> tokenizer.encode(t.text());
            case Prompt.Chat c -> spec.template().render(c.messages(), tokenizer);
        };
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public ModelInfo info() {
        return info;
    }

    /** The sampling settings of the model's generation_config.json, for requests that give none. */
    public SamplingOptions defaultSampling() {
        return defaults;
    }

    public ChatTemplate template() {
        return spec.template();
    }

    private static String memoryUsed(Device device) {
        String process = "process resident " + residentMiB() + " MiB";
        if (!device.isGpu()) {
            return process;
        }
        try {
            return process + ", GPU " + (CudaUtils.getGpuMemory(device).getUsed() >> 20) + " MiB";
        } catch (RuntimeException e) {
            return process;
        }
    }

    /** Resident memory of this process, from /proc (0 where there is none). */
    static long residentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("no /proc/self/status: {}", e.toString());
        }
        return 0;
    }

    @Override
    public void close() {
        tokenizer.close();
        weights.close();
    }
}
