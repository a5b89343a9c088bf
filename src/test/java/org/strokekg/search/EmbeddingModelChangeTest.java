package org.strokekg.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.search.PassageQuery.Mode;

/** An index whose vectors came from another model is embedded again when it opens with this one. */
class EmbeddingModelChangeTest {

    @TempDir
    Path dir;

    /** The real model's vectors turned around: a passage's own text finds it last, not first. */
    private static final class Reversed implements EmbeddingModel {
        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            List<Embedding> out = TestModels.bge().embedAll(segments).content().stream().map(e -> {
                float[] v = e.vector().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] = -v[i];
                }
                return Embedding.from(v);
            }).toList();
            return Response.from(out);
        }

        @Override
        public String modelName() {
            return "reversed-bge";
        }
    }

    @Test
    void passagesAreEmbeddedAgainWhenTheModelChanges() {
        StrokeAnalyzer analyzer = new StrokeAnalyzer();
        try (PassageIndex old = PassageIndex.open(dir, analyzer, new Reversed())) {
            old.replaceAll(PassageFixtures.PASSAGES);
        }
        try (PassageIndex reopened = PassageIndex.open(dir, analyzer, TestModels.bge())) {
            assertThat(reopened.count()).isEqualTo(PassageFixtures.PASSAGES.size());
            PassageDoc first = PassageFixtures.PASSAGES.get(0);
            List<PassageHit> hits = reopened.search(new PassageQuery(first.text(), Set.of(), 3, Mode.DENSE));
            // with the old vectors a question embedded by bge would find its own passage furthest away
            assertThat(hits.get(0).doc().id()).isEqualTo(first.id());
            assertThat(reopened.get(first.id()).orElseThrow()).isEqualTo(first);
        }
        try (LuceneStore store = LuceneStore.open(dir, analyzer, "passage")) {
            assertThat(store.commitData()).containsEntry(PassageIndex.EMBEDDING_MODEL, TestModels.bge().modelName());
        }
    }
}
