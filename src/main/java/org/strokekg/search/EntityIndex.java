package org.strokekg.search;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graph's entities in Lucene (directory given by the caller, e.g. {@code <dataDir>/index/entities}) and the
 * in-memory dictionary derived from them, which drives question linking and the {@link StrokeAnalyzer} of both
 * indexes. Writes are committed before they return and are visible to the next {@link #link} and {@link #search};
 * feed them whole batches (each write rebuilds the dictionary, about 0.1 s per 100k names). Thread-safe.
 *
 * <p>One process owns the directory (Lucene's write lock); close it to release the writer.
 */
public final class EntityIndex implements AutoCloseable {

    static final String ID = "id";
    static final String TYPE = "type";
    static final String NAME = "name";
    static final String ALIAS = "alias";
    static final String DESCRIPTION = "description";
    /** Folded name and aliases, one term each: exact and fuzzy look-ups. */
    static final String KEY = "key";
    /** Character bigrams of the keys: candidates for Chinese near misses. */
    static final String GRAM = "gram";

    private static final Logger log = LoggerFactory.getLogger(EntityIndex.class);

    private final LuceneStore store;
    private final StrokeAnalyzer analyzer;
    private final Map<String, EntityDictionary.Entry> entries = new HashMap<>();
    private final AtomicReference<EntityDictionary> dictionary = new AtomicReference<>(EntityDictionary.EMPTY);
    /** Counts the dictionaries published: what {@link #link} reads changes only when it does. */
    private final AtomicLong generation = new AtomicLong();

    private EntityIndex(LuceneStore store, StrokeAnalyzer analyzer) {
        this.store = store;
        this.analyzer = analyzer;
    }

    /**
     * Opens (or creates) the index and loads its dictionary into {@code analyzer}, the analyzer to share with the
     * {@link PassageIndex}.
     */
    public static EntityIndex open(Path dir, StrokeAnalyzer analyzer) {
        Objects.requireNonNull(analyzer, "analyzer");
        EntityIndex index = new EntityIndex(LuceneStore.open(dir, analyzer, "entity"), analyzer);
        long t = System.nanoTime();
        index.load();
        log.info("entity index {}: {} entities, {} dictionary terms, loaded in {} ms", dir, index.count(),
                index.dictionary.get().lexicon().size(), (System.nanoTime() - t) / 1_000_000);
        return index;
    }

    /** The analyzer whose dictionary this index keeps current. */
    public StrokeAnalyzer analyzer() {
        return analyzer;
    }

    /** Adds the entities or replaces those with the same id. */
    public synchronized void upsert(Collection<EntityDoc> docs) {
        if (docs.isEmpty()) {
            return;
        }
        store.write(w -> {
            for (EntityDoc d : docs) {
                w.updateDocument(new Term(ID, d.id()), document(d));
            }
        });
        docs.forEach(d -> entries.put(d.id(), EntityDictionary.Entry.of(d)));
        publish();
    }

    /** Removes the entities with these ids; unknown ids are ignored. */
    public synchronized void delete(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        store.write(w -> w.deleteDocuments(ids.stream().map(id -> new Term(ID, id)).toArray(Term[]::new)));
        ids.forEach(entries::remove);
        publish();
    }

    /** Replaces the whole index with these entities in one commit (the {@code index} command's rebuild). */
    public synchronized void replaceAll(Collection<EntityDoc> docs) {
        store.write(w -> {
            w.deleteAll();
            for (EntityDoc d : docs) {
                w.addDocument(document(d));
            }
        });
        entries.clear();
        docs.forEach(d -> entries.put(d.id(), EntityDictionary.Entry.of(d)));
        publish();
    }

    /**
     * Changes after every write, once {@link #link} and {@link #search} see it (read it before linking: a result read
     * under one generation is what linking gives for as long as it is current). For caches of what linking derives.
     */
    public long generation() {
        return generation.get();
    }

    /**
     * The stamp of the graph this index last followed (its owner's opaque text, recorded with a commit), so that a start
     * can tell an index that missed a change from one in step; empty when none was recorded.
     */
    public Optional<String> graphStamp() {
        return store.graphStamp();
    }

    /** Records the stamp of the graph this index now reflects. */
    public void recordGraphStamp(String stamp) {
        store.recordGraphStamp(stamp);
    }

    public int count() {
        return store.count();
    }

    public Optional<EntityDoc> get(String id) {
        return store.find(ID, id).map(EntityIndex::fromStored);
    }

    /**
     * The entity's names folded for matching, canonical name first, then its aliases, without repeats; read from the
     * in-memory dictionary, so as current as {@link #link} and without a stored-fields read.
     */
    public Optional<List<String>> names(String id) {
        return Optional.ofNullable(dictionary.get().entry(id)).map(EntityDictionary.Entry::keys);
    }

    /**
     * Every entity the question names, in the order they appear: dictionary matches (names and aliases, either
     * script, English case-insensitively on word boundaries, longest first, non-overlapping), then fuzzy matches over
     * the rest of the question.
     */
    public List<EntityMention> link(String question) {
        return new EntityLinker(dictionary.get(), store).link(question);
    }

    /**
     * The search box: exact name or alias, then prefix, then contains, then fuzzy; in either script.
     *
     * @param type only entities of this type, when present
     */
    public List<EntityHit> search(String query, Optional<String> type, int limit) {
        return new EntitySearch(dictionary.get(), store).search(query, type, limit, this::get);
    }

    @Override
    public void close() {
        store.close();
    }

    private void load() {
        store.read(searcher -> {
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                StoredFields stored = leaf.reader().storedFields();
                for (int i = 0; i < leaf.reader().maxDoc(); i++) {
                    if (live == null || live.get(i)) {
                        EntityDoc d = fromStored(stored.document(i));
                        entries.put(d.id(), EntityDictionary.Entry.of(d));
                    }
                }
            }
            return null;
        });
        publish();
    }

    private void publish() {
        EntityDictionary next = EntityDictionary.build(entries);
        dictionary.set(next);
        analyzer.lexicon(next.lexicon());
        generation.incrementAndGet(); // after the new dictionary is in place: a reader of the new count links with it
    }

    private static Document document(EntityDoc d) {
        Document doc = new Document();
        doc.add(new StringField(ID, d.id(), Field.Store.YES));
        doc.add(new SortedSetDocValuesField(ID, new BytesRef(d.id())));
        doc.add(new StringField(TYPE, d.type(), Field.Store.YES));
        doc.add(new StoredField(NAME, d.name()));
        for (String alias : d.aliases()) {
            doc.add(new StoredField(ALIAS, alias));
        }
        doc.add(new StoredField(DESCRIPTION, d.description()));
        List<String> grams = new ArrayList<>();
        for (String key : EntityDictionary.Entry.of(d).keys()) {
            doc.add(new StringField(KEY, key, Field.Store.NO));
            grams.addAll(Similarity.bigrams(key));
        }
        grams.stream().distinct().forEach(g -> doc.add(new StringField(GRAM, g, Field.Store.NO)));
        return doc;
    }

    private static EntityDoc fromStored(Document doc) {
        return new EntityDoc(doc.get(ID), doc.get(TYPE), doc.get(NAME), List.of(doc.getValues(ALIAS)),
                Objects.requireNonNullElse(doc.get(DESCRIPTION), ""));
    }

    /** For tests and the lead's diagnostics: the dictionary the analyzer and linker use now. */
    int dictionaryTerms() {
        return dictionary.get().lexicon().size();
    }
}
