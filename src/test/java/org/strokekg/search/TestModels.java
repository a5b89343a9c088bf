package org.strokekg.search;

import dev.langchain4j.model.embedding.EmbeddingModel;

/** The real bge-small-zh model, loaded once per test JVM (1–5 s) and shared by the test classes. */
final class TestModels {

    private TestModels() {
    }

    private static final class Holder {
        static final EmbeddingModel BGE = Embeddings.bgeSmallZh();
    }

    static EmbeddingModel bge() {
        return Holder.BGE;
    }
}
