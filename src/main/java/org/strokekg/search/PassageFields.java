package org.strokekg.search;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;
import org.strokekg.trust.Trust;

/**
 * A passage as a Lucene document and back: its fields (names in {@link PassageIndex}), keyword fields with doc values
 * for what a search reads of its candidates (id, entities, trust), and the vector when there is one yet.
 */
final class PassageFields {

    /** Commit data: which fields the documents have; an index without this version (trust, language) is rebuilt. */
    static final String VERSION_KEY = "passageFields";
    static final String VERSION = "3-trust-lang";

    private PassageFields() {
    }

    /** What the embedding model reads of a passage: its title and text. */
    static String embeddingText(PassageDoc d) {
        return d.title().isBlank() ? d.text() : d.title() + "\n" + d.text();
    }

    static Document document(PassageDoc p, Optional<float[]> vector) {
        Document doc = new Document();
        doc.add(new StringField(PassageIndex.ID, p.id(), Field.Store.YES));
        doc.add(new SortedSetDocValuesField(PassageIndex.ID, new BytesRef(p.id())));
        doc.add(new TextField(PassageIndex.TITLE, p.title(), Field.Store.YES));
        doc.add(new TextField(PassageIndex.TEXT, p.text(), Field.Store.YES));
        doc.add(new StoredField(PassageIndex.SOURCE, p.source()));
        for (String e : p.entityIds()) {
            doc.add(new StringField(PassageIndex.ENTITY, e, Field.Store.YES));
            doc.add(new SortedSetDocValuesField(PassageIndex.ENTITY, new BytesRef(e)));
        }
        doc.add(new StringField(PassageIndex.BATCH, p.batchId(), Field.Store.YES));
        doc.add(new StringField(PassageIndex.TOPIC, p.topic(), Field.Store.YES));
        doc.add(new StringField(PassageIndex.LANG, p.lang(), Field.Store.YES));
        doc.add(new StringField(PassageIndex.TRANSLATION_OF, p.translationOf(), Field.Store.YES));
        doc.add(new StringField(PassageIndex.POPULATION, p.population(), Field.Store.YES));
        doc.add(new StringField(PassageIndex.TRUST, p.trust().id(), Field.Store.YES));
        doc.add(new SortedSetDocValuesField(PassageIndex.TRUST, new BytesRef(p.trust().id())));
        vector.ifPresent(v -> doc.add(new KnnFloatVectorField(PassageIndex.VECTOR, v,
                VectorSimilarityFunction.DOT_PRODUCT)));
        return doc;
    }

    static PassageDoc fromStored(Document d) {
        return new PassageDoc(d.get(PassageIndex.ID), d.get(PassageIndex.TITLE), d.get(PassageIndex.TEXT),
                d.get(PassageIndex.SOURCE), List.of(d.getValues(PassageIndex.ENTITY)), d.get(PassageIndex.BATCH),
                d.get(PassageIndex.TOPIC), Objects.requireNonNullElse(d.get(PassageIndex.LANG), PassageDoc.ZH),
                Objects.requireNonNullElse(d.get(PassageIndex.TRANSLATION_OF), ""),
                // an index written before the field has none, as the graph it was built from: the title decides
                Objects.requireNonNullElse(d.get(PassageIndex.POPULATION), ""), trust(d.get(PassageIndex.TRUST)));
    }

    /** A stored level; none (an index from before levels) reads as unreviewed. */
    static Trust trust(String stored) {
        return Trust.of(stored).orElse(Trust.UNREVIEWED);
    }
}
