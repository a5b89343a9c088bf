package org.strokekg.search;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;

/**
 * Reading the passage index's vectors back: the vector a passage already has when its embedded text has not changed (a
 * passage re-indexed because its level or entity links changed keeps its vector instead of costing 20–100 ms of CPU
 * again), and the passages that have no vector yet (the background embedding's work).
 */
final class PassageVectors {

    private PassageVectors() {
    }

    /** Passages without a vector. */
    static Query lacking() {
        return new BooleanQuery.Builder()
                .add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST)
                .add(new FieldExistsQuery(PassageIndex.VECTOR), BooleanClause.Occur.MUST_NOT)
                .build();
    }

    /** Passages with a vector. */
    static Query having() {
        return new FieldExistsQuery(PassageIndex.VECTOR);
    }

    /** Up to {@code max} passages that have no vector yet, as stored. */
    static List<PassageDoc> lacking(IndexSearcher searcher, int max) throws IOException {
        var stored = searcher.storedFields();
        List<PassageDoc> out = new java.util.ArrayList<>();
        for (ScoreDoc d : searcher.search(lacking(), max).scoreDocs) {
            out.add(PassageFields.fromStored(stored.document(d.doc)));
        }
        return out;
    }

    /**
     * For each passage already in the index with the same embedded text (title and text), its vector: by id.
     * Passages that are new, changed, or still waiting for their vector are not in the map.
     */
    static Map<String, float[]> reusable(IndexSearcher searcher, Collection<PassageDoc> docs) throws IOException {
        Map<String, float[]> out = new HashMap<>();
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        var stored = searcher.storedFields();
        for (PassageDoc p : docs) {
            ScoreDoc[] hit = searcher.search(new TermQuery(new Term(PassageIndex.ID, p.id())), 1).scoreDocs;
            if (hit.length == 0) {
                continue;
            }
            Document old = stored.document(hit[0].doc);
            String oldText = PassageFields.embeddingText(PassageFields.fromStored(old));
            if (!oldText.equals(PassageFields.embeddingText(p))) {
                continue;
            }
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit[0].doc, leaves));
            FloatVectorValues values = leaf.reader().getFloatVectorValues(PassageIndex.VECTOR);
            if (values == null) {
                continue;
            }
            KnnVectorValues.DocIndexIterator it = values.iterator();
            if (it.advance(hit[0].doc - leaf.docBase) == hit[0].doc - leaf.docBase) {
                out.put(p.id(), values.vectorValue(it.index()).clone());
            }
        }
        return out;
    }
}
