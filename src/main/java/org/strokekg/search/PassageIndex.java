package org.strokekg.search;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.trust.Trust;

/**
 * Passages in Lucene (directory given by the caller, e.g. {@code <dataDir>/index/passages}): BM25 over title and text
 * with the shared {@link StrokeAnalyzer}, and a 512-dim bge-small-zh vector per passage in an HNSW graph
 * ({@link KnnFloatVectorField}, dot product of unit vectors). {@link #search} fuses the two by reciprocal rank and boosts
 * passages about the question's linked entities ({@link RankFusion}). Writes commit before they return. Thread-safe.
 */
public final class PassageIndex implements AutoCloseable {

    static final String ID = "id";
    static final String TITLE = "title";
    static final String TEXT = "text";
    static final String SOURCE = "source";
    static final String ENTITY = "entity";
    static final String BATCH = "batch";
    static final String TOPIC = "topic";
    static final String LANG = "lang";
    static final String TRANSLATION_OF = "translationOf";
    static final String POPULATION = "population";
    static final String VECTOR = "vector";
    static final String TRUST = "trust";
    /** Commit data: the embedding model of the vectors. */
    static final String EMBEDDING_MODEL = "embeddingModel";
    private static final Logger log = LoggerFactory.getLogger(PassageIndex.class);

    /** Each retriever contributes this many candidates (at least) to the fusion. */
    static final int MIN_DEPTH = 50;
    /** Decoded passages kept per reader (see {@link #stored}): about 1–2 KB each. */
    private static final int STORED_DOCS_MAX = 20_000;
    /**
     * Hits kept per reader, in all searches together, least recently used search first out (see {@link #search}):
     * 4,096 searches of twenty passages, what an answer's search returns (five, widened to ten for the reader's
     * language, and up to ten more an answer may state when unreviewed passages rank first). Sized for five, the
     * 2,078 questions of {@code bench answer} overflowed it and a cyclic pass missed every time. Bounded by hits, not
     * searches, because a search may ask for 100, and past {@value #STORED_DOCS_MAX} passages a hit holds its own
     * decoded copy (about 2 KB), so at most about 160 MB, about 80 MB for the bench's questions.
     */
    static final int CACHED_HITS_MAX = 4096 * 20;
    /**
     * At most this many passages of one write are embedded before it returns; more (a bulk load, a rebuild) are
     * indexed for BM25 at once and embedded in the background ({@link VectorBackfill}). 256 passages of a few hundred
     * characters are 5–25 s of CPU: what a curator's upload may wait for.
     */
    public static final int SYNC_EMBED_MAX = 256;

    private final LuceneStore store;
    private final AtomicReference<StoredDocs> storedDocs =
            new AtomicReference<>(new StoredDocs(new Object(), Map.of(), Map.of(), Map.of(), resultCache(0)));
    private final Bm25Query bm25;
    private final QueryEmbeddings embeddings;
    private final VectorBackfill backfill;
    private final int syncEmbedMax;
    private final boolean stale;

    private PassageIndex(LuceneStore store, StrokeAnalyzer analyzer, QueryEmbeddings embeddings, int syncEmbedMax) {
        this.store = store;
        this.bm25 = new Bm25Query(analyzer);
        this.embeddings = embeddings;
        this.syncEmbedMax = syncEmbedMax;
        this.backfill = new VectorBackfill(store, embeddings);
        // documents written before trust levels carry none: the graph has them, a rebuild takes them (vectors kept)
        this.stale = store.count() > 0 && !PassageFields.VERSION.equals(store.commitData().get(PassageFields.VERSION_KEY));
    }

    /**
     * @param analyzer the analyzer of the {@link EntityIndex} (so passages see the graph's names as whole words)
     * @param model bge-small-zh ({@link Embeddings#bgeSmallZh()}), shared
     */
    public static PassageIndex open(Path dir, StrokeAnalyzer analyzer, EmbeddingModel model) {
        return open(dir, analyzer, model, false, SYNC_EMBED_MAX);
    }

    /**
     * @param queryInstruction whether questions get bge's retrieval instruction (measured: it does not help here)
     * @param syncEmbedMax how many passages of one write are embedded before it returns ({@link #SYNC_EMBED_MAX})
     */
    static PassageIndex open(Path dir, StrokeAnalyzer analyzer, EmbeddingModel model, boolean queryInstruction,
                             int syncEmbedMax) {
        Objects.requireNonNull(model, "model");
        PassageIndex index = new PassageIndex(LuceneStore.open(dir, analyzer, "passage"), analyzer,
                new QueryEmbeddings(model, queryInstruction), syncEmbedMax);
        index.embedWithItsModel();
        index.backfill.start();
        return index;
    }

    /** Whether the index predates trust levels (its passages carry none) and must be rebuilt from the graph. */
    public boolean stale() {
        return stale;
    }

    /**
     * Makes every vector come from this index's model: an index written with another model (or before the index
     * recorded its model) has its passages embedded again from their stored text, since questions embedded by one model
     * cannot be compared with passages embedded by another.
     */
    private void embedWithItsModel() {
        String modelName = embeddings.modelName();
        String recorded = store.commitData().get(EMBEDDING_MODEL);
        if (modelName.equals(recorded)) {
            return;
        }
        int n = store.count();
        if (n == 0) {
            store.write(w -> store.record(w, EMBEDDING_MODEL, modelName));
            return;
        }
        log.info("passage index: {} passages have vectors of {}; embedding them again with {}", n,
                recorded == null ? "an unrecorded model" : recorded, modelName);
        List<PassageDoc> docs = store.read(s -> {
            List<PassageDoc> all = new ArrayList<>(n);
            var stored = s.storedFields();
            for (ScoreDoc d : s.search(new MatchAllDocsQuery(), n).scoreDocs) {
                all.add(PassageFields.fromStored(stored.document(d.doc)));
            }
            return all;
        });
        write(docs, true, false);
    }

    /**
     * Adds the passages, replacing any with the same id. A passage whose embedded text is unchanged keeps its vector;
     * the others are embedded first, in batches, when there are at most {@link #SYNC_EMBED_MAX}, and in the background
     * otherwise (searchable by BM25 meanwhile).
     */
    public void add(Collection<PassageDoc> docs) {
        if (!docs.isEmpty()) {
            write(List.copyOf(docs), false, true);
        }
    }

    public void delete(Collection<String> ids) {
        if (!ids.isEmpty()) {
            store.write(w -> {
                backfill.touched(ids);
                w.deleteDocuments(ids.stream().map(id -> new Term(ID, id)).toArray(Term[]::new));
            });
        }
    }

    /** Removes every passage of the batch (a curator's undo); returns how many there were. */
    public int deleteByBatch(String batchId) {
        Term term = new Term(BATCH, Objects.requireNonNull(batchId, "batchId"));
        int n = store.read(s -> s.count(new TermQuery(term)));
        if (n > 0) {
            store.write(w -> {
                backfill.touchedBatch(batchId);
                w.deleteDocuments(term);
            });
        }
        return n;
    }

    /**
     * Replaces every passage in one commit (the {@code index} command's rebuild), which records the model and the
     * fields. Vectors of unchanged passages are kept; the rest are embedded as {@link #add} does.
     */
    public void replaceAll(Collection<PassageDoc> docs) {
        write(List.copyOf(docs), true, true);
    }

    /**
     * Writes passages: with their kept vectors, new ones embedded now (few) or later (many), all in one commit.
     * {@code replace}: everything else goes; {@code reuse}: vectors of passages whose embedded text is unchanged.
     */
    private void write(List<PassageDoc> list, boolean replace, boolean reuse) {
        Map<String, float[]> kept = reuse ? store.read(s -> PassageVectors.reusable(s, list)) : Map.of();
        List<PassageDoc> fresh = list.stream().filter(p -> !kept.containsKey(p.id())).toList();
        Map<String, float[]> vectors = new HashMap<>(kept);
        if (fresh.size() <= syncEmbedMax) {
            List<float[]> embedded = embeddings.passages(fresh.stream().map(PassageFields::embeddingText).toList());
            for (int i = 0; i < fresh.size(); i++) {
                vectors.put(fresh.get(i).id(), embedded.get(i));
            }
        }
        store.write(w -> {
            if (replace) {
                backfill.touchedAll();
                w.deleteAll();
            } else {
                backfill.touched(list.stream().map(PassageDoc::id).toList());
            }
            for (PassageDoc p : list) {
                Optional<float[]> v = Optional.ofNullable(vectors.get(p.id()));
                if (replace) {
                    w.addDocument(PassageFields.document(p, v));
                } else {
                    w.updateDocument(new Term(ID, p.id()), PassageFields.document(p, v));
                }
            }
            if (replace) {
                store.record(w, EMBEDDING_MODEL, embeddings.modelName());
            }
            store.record(w, PassageFields.VERSION_KEY, PassageFields.VERSION);
        });
        if (vectors.size() < list.size()) {
            log.info("passage index: {} passages searchable by BM25 now; their vectors follow in the background",
                    list.size() - vectors.size());
            backfill.wake();
        }
    }

    /**
     * Holds the background embedding back until the returned hold is closed (a bulk load of many batches: the load
     * gets the CPU, and the vectors follow once it is done). Holds nest; closing one twice is harmless.
     */
    public AutoCloseable holdVectors() {
        return backfill.hold();
    }

    /** How many passages the index holds and how many of them have their vector yet. */
    public record VectorProgress(long passages, long withVectors) {
        public boolean done() {
            return withVectors >= passages;
        }
    }

    public VectorProgress vectorProgress() {
        return store.read(s -> new VectorProgress(s.getIndexReader().numDocs(), s.count(PassageVectors.having())));
    }

    /** The stamp of the graph this index last followed, as its owner recorded it (see {@link EntityIndex#graphStamp}). */
    public Optional<String> graphStamp() {
        return store.graphStamp();
    }

    public void recordGraphStamp(String stamp) {
        store.recordGraphStamp(stamp);
    }

    public int count() {
        return store.count();
    }

    public Optional<PassageDoc> get(String id) {
        return store.find(ID, id).map(PassageFields::fromStored);
    }

    /**
     * The k best passages for the question, by the query's mode, with the graph-aware boost. The same search against
     * the same reader gives the same hits, so they are kept per reader (like Solr's query result cache): a question
     * asked again costs a map look-up instead of analysis, BM25 scoring and the vector search, and any change to the
     * index starts afresh.
     */
    public List<PassageHit> search(PassageQuery q) {
        Optional<List<PassageHit>> known = store.read(s -> perReader(s).flatMap(c -> c.results().get(q)));
        return known.orElseGet(() -> searchIndex(q));
    }

    private List<PassageHit> searchIndex(PassageQuery q) {
        int depth = Math.max(MIN_DEPTH, 4 * q.k());
        boolean lexical = q.mode() != PassageQuery.Mode.DENSE;
        boolean dense = q.mode() != PassageQuery.Mode.BM25 && !q.text().isBlank();
        float[] vector = dense ? embeddings.query(q.text()) : null;
        return store.read(searcher -> {
            Query lexicalQuery = lexical ? bm25.query(q.text(), q.linkedNames(), searcher.getIndexReader(),
                    perReader(searcher).map(StoredDocs::names).orElseGet(HashMap::new)) : null;
            Map<String, Candidate> candidates = new HashMap<>();
            List<String> bm25Ids = lexicalQuery == null ? List.of()
                    : ids(searcher, searcher.search(lexicalQuery, depth).scoreDocs, candidates);
            List<String> denseIds = vector == null ? List.of()
                    : ids(searcher, searcher.search(new KnnFloatVectorQuery(VECTOR, vector, depth), depth).scoreDocs, candidates);
            Map<String, Double> specificity = new HashMap<>();
            int n = searcher.getIndexReader().numDocs();
            for (String e : q.linkedEntityIds()) {
                specificity.put(e, RankFusion.specificity(searcher.getIndexReader().docFreq(new Term(ENTITY, e)), n));
            }
            Map<String, Double> boost = new HashMap<>();
            candidates.forEach((id, c) -> c.entities().stream()
                    .mapToDouble(e -> specificity.getOrDefault(e, 0.0))
                    .max()
                    .ifPresent(w -> {
                        if (w > 0) {
                            boost.put(id, w);
                        }
                    }));
            // the k best, and the k best an answer may state when that is not the same: unreviewed passages may be found
            // and listed, but must not push the trusted ones out of what the answer can use
            List<PassageHit> hits = new ArrayList<>();
            int any = 0;
            int trusted = 0;
            for (RankFusion.Fused f : RankFusion.fuse(bm25Ids, denseIds, boost)) {
                if (any >= q.k() && trusted >= q.k()) {
                    break;
                }
                Candidate c = candidates.get(f.id());
                boolean states = c.trust().atLeast(q.minTrust());
                if (any < q.k() || (states && trusted < q.k())) {
                    hits.add(new PassageHit(stored(searcher, c.doc()), f.score(), f.bm25Rank(), f.denseRank(),
                            f.boosted()));
                    any++;
                    trusted += states ? 1 : 0;
                }
            }
            List<PassageHit> out = List.copyOf(hits);
            perReader(searcher).ifPresent(c -> c.results().put(q, out));
            return out;
        });
    }

    @Override
    public void close() {
        backfill.close();
        store.close();
    }

    /**
     * A hit's passage, decoded from stored fields once per reader: Lucene keeps them LZ4-compressed in blocks, and
     * decompressing a block for each of a question's five hits was the search's dearest step after the vector search.
     * A new reader (any change to the index) starts afresh; at most {@value #STORED_DOCS_MAX} are kept.
     */
    private PassageDoc stored(IndexSearcher searcher, int doc) throws IOException {
        Optional<StoredDocs> current = perReader(searcher);
        PassageDoc d = current.map(c -> c.docs().get(doc)).orElse(null);
        if (d == null) {
            d = PassageFields.fromStored(searcher.storedFields().document(doc));
            if (current.isPresent() && current.get().docs().size() < STORED_DOCS_MAX) {
                current.get().docs().put(doc, d);
            }
        }
        return d;
    }

    /** What is kept of the current reader's documents; empty for a reader without a cache key. */
    private Optional<StoredDocs> perReader(IndexSearcher searcher) {
        return perReader(searcher.getIndexReader());
    }

    private Optional<StoredDocs> perReader(IndexReader reader) {
        IndexReader.CacheHelper helper = reader.getReaderCacheHelper();
        if (helper == null) {
            return Optional.empty();
        }
        StoredDocs current = storedDocs.get();
        if (current.readerKey() != helper.getKey()) {
            StoredDocs fresh = new StoredDocs(helper.getKey(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                    new ConcurrentHashMap<>(), resultCache(CACHED_HITS_MAX));
            current = storedDocs.compareAndSet(current, fresh) ? fresh : storedDocs.get();
            if (current.readerKey() != helper.getKey()) {
                return Optional.empty();    // readers changing under us: read this one's documents uncached
            }
        }
        return Optional.of(current);
    }

    /**
     * One reader's decoded passages and retrieval candidates, by document number, the queries of entity names (the
     * same entities' names come back question after question; each is analysed once per reader), and the results of
     * recent searches.
     */
    private record StoredDocs(Object readerKey, Map<Integer, PassageDoc> docs, Map<Integer, Candidate> candidates,
                              Map<String, Optional<Query>> names, Lru<PassageQuery, List<PassageHit>> results) {
    }

    /**
     * Searches and their hits, least recently used out once more than {@value #CACHED_HITS_MAX} hits are held in all;
     * a search that found nothing still takes a place, so questions with no hits cannot pile up unbounded.
     */
    static Lru<PassageQuery, List<PassageHit>> resultCache(int maxHits) {
        return new Lru<>(maxHits, found -> Math.max(1, found.size()));
    }

    /**
     * A fused candidate: where it is, what it is about and how far it is trusted, without its text (loaded only for
     * the hits returned).
     */
    private record Candidate(int doc, String id, List<String> entities, Trust trust) {
    }

    /**
     * Ids of the hits in order, recording each as a candidate; reads doc values only, each document's once per reader
     * (both retrievers return 50 candidates a question, and the same passages come up again and again).
     */
    private List<String> ids(IndexSearcher searcher, ScoreDoc[] docs, Map<String, Candidate> candidates)
            throws IOException {
        Optional<Map<Integer, Candidate>> cache = perReader(searcher).map(StoredDocs::candidates);
        Map<Integer, Candidate> found = new HashMap<>();
        List<Integer> missing = new ArrayList<>();
        for (ScoreDoc sd : docs) {
            Candidate c = cache.map(m -> m.get(sd.doc)).orElse(null);
            if (c != null) {
                found.put(sd.doc, c);
            } else {
                missing.add(sd.doc);
            }
        }
        if (!missing.isEmpty()) {
            Map<Integer, List<String>> ids = LuceneStore.docValues(searcher, missing, ID);
            Map<Integer, List<String>> entities = LuceneStore.docValues(searcher, missing, ENTITY);
            Map<Integer, List<String>> trust = LuceneStore.docValues(searcher, missing, TRUST);
            for (int doc : missing) {
                List<String> level = trust.get(doc);
                Candidate c = new Candidate(doc, ids.get(doc).get(0), List.copyOf(entities.get(doc)),
                        PassageFields.trust(level.isEmpty() ? null : level.getFirst()));
                found.put(doc, c);
                cache.filter(m -> m.size() < STORED_DOCS_MAX).ifPresent(m -> m.put(doc, c));
            }
        }
        List<String> out = new ArrayList<>(docs.length);
        for (ScoreDoc sd : docs) {
            Candidate c = found.get(sd.doc);
            candidates.putIfAbsent(c.id(), c);
            out.add(c.id());
        }
        return out;
    }

    /** The BM25 query for the question against the current index (for tests). */
    Query bm25Query(String text) {
        return store.read(s -> bm25.query(text, List.of(), s.getIndexReader(), new HashMap<>()));
    }
}
