package org.strokekg.search;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import java.util.List;
import java.util.Map;

/**
 * The passage index as a LangChain4j {@link ContentRetriever}, through the same {@link Retrieval} seam as the answer
 * pipeline: links the query's entities, runs a passage search and
 * returns each passage as {@link Content} whose metadata carries {@code id}, {@code source}, {@code title},
 * {@code batch} and {@code topic}, with the fused score under {@link ContentMetadata#SCORE}.
 */
public final class PassageRetriever implements ContentRetriever {

    private final Retrieval retrieval;
    private final int maxResults;
    private final PassageQuery.Mode mode;

    public PassageRetriever(Retrieval retrieval, int maxResults, PassageQuery.Mode mode) {
        this.retrieval = retrieval;
        this.maxResults = maxResults;
        this.mode = mode;
    }

    @Override
    public List<Content> retrieve(Query query) {
        List<String> linked = retrieval.link(query.text()).stream().map(EntityMention::entityId).distinct().toList();
        return retrieval.passages(query.text(), linked, maxResults, mode).stream()
                .map(PassageRetriever::content)
                .toList();
    }

    private static Content content(PassageHit hit) {
        PassageDoc d = hit.doc();
        Metadata metadata = new Metadata()
                .put("id", d.id())
                .put("source", d.source())
                .put("title", d.title())
                .put("batch", d.batchId())
                .put("topic", d.topic());
        return Content.from(TextSegment.from(d.text(), metadata), Map.of(ContentMetadata.SCORE, hit.score()));
    }
}
