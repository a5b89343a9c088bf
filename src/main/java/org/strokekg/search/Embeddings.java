package org.strokekg.search;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15.BgeSmallZhV15EmbeddingModel;

/** The embedding model of the passage index: BAAI bge-small-zh v1.5, in process (ONNX Runtime), from its Maven artifact. */
public final class Embeddings {

    /** Vector size of bge-small-zh v1.5. */
    public static final int DIMENSION = 512;

    private Embeddings() {
    }

    /**
     * Loads the model (1–5 s, about 100 MB of memory, no network). Load it once in the composition root and share it:
     * it is thread-safe.
     */
    public static EmbeddingModel bgeSmallZh() {
        return new BgeSmallZhV15EmbeddingModel();
    }
}
