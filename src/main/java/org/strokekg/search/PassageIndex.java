package org.strokekg.search;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
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
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.NonRetriableException;

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
    static final String VECTOR = "vector";
    /** Commit data: the embedding model of the vectors. */
    static final String EMBEDDING_MODEL = "embeddingModel";
    private static final Logger log = LoggerFactory.getLogger(PassageIndex.class);

    /** Each retriever contributes this many candidates (at least) to the fusion. */
    static final int MIN_DEPTH = 50;
    static final float TITLE_BOOST = 1.5f;
    /** A dictionary term also searched as its SmartCN split, at this weight: passages indexed before the term was known. */
    static final float FALLBACK_BOOST = 0.5f;
    private static final int MAX_QUERY_TERMS = 64;
    /**
     * The weight of a linked entity's names next to the question's own words. Small on purpose: it lets a passage that
     * names the concept differently from the question (偏瘫肩痛 for 肩膀疼痛) into the BM25 list and lifts it among
     * similar ones, without letting passages that merely name the entity push out those about what was asked (BM25's
     * idf already makes a name every passage uses, such as 脑卒中, count for little). On the labelled set (78
     * questions; evidence recall, pipeline / hybrid passages): without names 0.860 / 0.787; 0.02–0.05: 0.872 / 0.805;
     * 0.1: 0.864 / 0.796; 0.3 (scaled by the entity's specificity): 0.841 / 0.767; 1: 0.837 / 0.760.
     */
    static final float NAME_WEIGHT = 0.05f;
    /**
     * A question word found in more than this share of the passages (的, 是, 怎么) is left out of the BM25 query: its
     * weight is near nothing, while scoring its postings was a good part of a long question's search. Dictionary terms
     * always stay. The labelled set's recall is the same with and without (0.860 / 0.787 / 0.660), and so it is below
     * {@value #COMMON_MIN_DOCS} passages, where shares say little.
     */
    static final double COMMON_SHARE = 0.5;
    static final int COMMON_MIN_DOCS = 100;

    /** Decoded passages kept per reader (see {@link #stored}): about 1–2 KB each. */
    private static final int STORED_DOCS_MAX = 20_000;
    /**
     * Hits kept per reader, in all searches together, least recently used search first out (see {@link #search}):
     * 4,096 searches of five passages. Bounded by hits, not searches, because a search may ask for 100, and past
     * {@value #STORED_DOCS_MAX} passages a hit holds its own decoded copy (about 2 KB), so at most about 40 MB.
     */
    static final int CACHED_HITS_MAX = 4096 * 5;

    private final LuceneStore store;
    private final AtomicReference<StoredDocs> storedDocs =
            new AtomicReference<>(new StoredDocs(new Object(), Map.of(), Map.of(), Map.of(), resultCache(0)));
    private final StrokeAnalyzer analyzer;
    private final QueryEmbeddings embeddings;

    private PassageIndex(LuceneStore store, StrokeAnalyzer analyzer, QueryEmbeddings embeddings) {
        this.store = store;
        this.analyzer = analyzer;
        this.embeddings = embeddings;
    }

    /**
     * @param analyzer the analyzer of the {@link EntityIndex} (so passages see the graph's names as whole words)
     * @param model bge-small-zh ({@link Embeddings#bgeSmallZh()}), shared
     */
    public static PassageIndex open(Path dir, StrokeAnalyzer analyzer, EmbeddingModel model) {
        return open(dir, analyzer, model, false);
    }

    /** @param queryInstruction whether questions get bge's retrieval instruction (measured: it does not help here) */
    static PassageIndex open(Path dir, StrokeAnalyzer analyzer, EmbeddingModel model, boolean queryInstruction) {
        Objects.requireNonNull(model, "model");
        PassageIndex index = new PassageIndex(LuceneStore.open(dir, analyzer, "passage"), analyzer,
                new QueryEmbeddings(model, queryInstruction));
        index.embedWithItsModel();
        return index;
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
        replaceAll(store.read(s -> {
            List<PassageDoc> docs = new ArrayList<>(n);
            var stored = s.storedFields();
            for (ScoreDoc d : s.search(new MatchAllDocsQuery(), n).scoreDocs) {
                docs.add(fromStored(stored.document(d.doc)));
            }
            return docs;
        }));
    }

    /** Adds the passages, replacing any with the same id; embeds them first, in batches. */
    public void add(Collection<PassageDoc> docs) {
        if (docs.isEmpty()) {
            return;
        }
        List<PassageDoc> list = List.copyOf(docs);
        List<float[]> vectors = embeddings.passages(list.stream().map(PassageIndex::embeddingText).toList());
        store.write(w -> {
            for (int i = 0; i < list.size(); i++) {
                w.updateDocument(new Term(ID, list.get(i).id()), document(list.get(i), vectors.get(i)));
            }
        });
    }

    public void delete(Collection<String> ids) {
        if (!ids.isEmpty()) {
            store.write(w -> w.deleteDocuments(ids.stream().map(id -> new Term(ID, id)).toArray(Term[]::new)));
        }
    }

    /** Removes every passage of the batch (a curator's undo); returns how many there were. */
    public int deleteByBatch(String batchId) {
        Term term = new Term(BATCH, Objects.requireNonNull(batchId, "batchId"));
        int n = store.read(s -> s.count(new TermQuery(term)));
        if (n > 0) {
            store.write(w -> w.deleteDocuments(term));
        }
        return n;
    }

    /** Replaces every passage in one commit (the {@code index} command's rebuild), which records the model. */
    public void replaceAll(Collection<PassageDoc> docs) {
        List<PassageDoc> list = List.copyOf(docs);
        List<float[]> vectors = embeddings.passages(list.stream().map(PassageIndex::embeddingText).toList());
        store.write(w -> {
            w.deleteAll();
            for (int i = 0; i < list.size(); i++) {
                w.addDocument(document(list.get(i), vectors.get(i)));
            }
            store.record(w, EMBEDDING_MODEL, embeddings.modelName());
        });
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
        return store.find(ID, id).map(PassageIndex::fromStored);
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
            Query bm25 = lexical ? bm25Query(q.text(), q.linkedNames(), searcher.getIndexReader()) : null;
            Map<String, Candidate> candidates = new HashMap<>();
            List<String> bm25Ids = bm25 == null ? List.of()
                    : ids(searcher, searcher.search(bm25, depth).scoreDocs, candidates);
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
            List<PassageHit> hits = new ArrayList<>();
            for (RankFusion.Fused f : RankFusion.fuse(bm25Ids, denseIds, boost)) {
                if (hits.size() == q.k()) {
                    break;
                }
                hits.add(new PassageHit(stored(searcher, candidates.get(f.id()).doc()), f.score(), f.bm25Rank(),
                        f.denseRank(), f.boosted()));
            }
            List<PassageHit> out = List.copyOf(hits);
            perReader(searcher).ifPresent(c -> c.results().put(q, out));
            return out;
        });
    }

    @Override
    public void close() {
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
            d = fromStored(searcher.storedFields().document(doc));
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

    /** A fused candidate: where it is and what it is about, without its text (loaded only for the hits returned). */
    private record Candidate(int doc, String id, List<String> entities) {
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
            for (int doc : missing) {
                Candidate c = new Candidate(doc, ids.get(doc).get(0), List.copyOf(entities.get(doc)));
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

    /**
     * A bag of the question's terms, each matched in title (boosted) or text, whichever scores higher. A dictionary
     * term is also sought as the phrase SmartCN alone would have made of it, at lower weight, so that passages indexed
     * before the term entered the dictionary still match.
     */
    /** The BM25 query for the question against the current index (for tests). */
    Query bm25Query(String text) {
        return store.read(s -> bm25Query(text, List.of(), s.getIndexReader()));
    }

    /**
     * The question's words, and for each linked entity its other names as one more clause: the best-matching name
     * counts (a passage naming a concept twice, or by two of its names, is not counted twice), at
     * {@link #NAME_WEIGHT}. Null when there is nothing to search.
     */
    Query bm25Query(String text, List<List<String>> linkedNames, IndexReader reader) throws IOException {
        Optional<Query> words = wordsQuery(text, reader);
        List<Query> names = new ArrayList<>();
        for (List<String> entityNames : linkedNames) {
            List<Query> alternatives = new ArrayList<>();
            for (String name : entityNames) {
                nameQuery(name, reader).ifPresent(alternatives::add);
            }
            if (!alternatives.isEmpty()) {
                names.add(new BoostQuery(new DisjunctionMaxQuery(alternatives, 0f), NAME_WEIGHT));
            }
        }
        if (names.isEmpty()) {
            return words.orElse(null);
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        words.ifPresent(q -> b.add(q, BooleanClause.Occur.SHOULD));
        names.forEach(q -> b.add(q, BooleanClause.Occur.SHOULD));
        return b.build();
    }

    private Optional<Query> nameQuery(String name, IndexReader reader) throws IOException {
        Optional<Map<String, Optional<Query>>> cache = perReader(reader).map(StoredDocs::names);
        Optional<Query> known = cache.map(m -> m.get(name)).orElse(null);
        if (known != null) {
            return known;
        }
        Optional<Query> q = wordsQuery(name, reader);
        cache.filter(m -> m.size() < STORED_DOCS_MAX).ifPresent(m -> m.put(name, q));
        return q;
    }

    private Optional<Query> wordsQuery(String text, IndexReader reader) throws IOException {
        Set<String> terms = new LinkedHashSet<>();
        Set<String> dictTerms = new LinkedHashSet<>();
        try (TokenStream ts = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            TypeAttribute type = ts.addAttribute(TypeAttribute.class);
            ts.reset();
            while (ts.incrementToken() && terms.size() < MAX_QUERY_TERMS) {
                terms.add(term.toString());
                if (StrokeTokenizer.DICT.equals(type.type())) {
                    dictTerms.add(term.toString());
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new NonRetriableException("analysing the question failed: " + e.getMessage(), e);
        }
        if (terms.isEmpty()) {
            return Optional.empty();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int n = reader.numDocs();
        Set<String> common = new java.util.HashSet<>();
        if (n >= COMMON_MIN_DOCS) {
            for (String t : terms) {
                if (!dictTerms.contains(t) && reader.docFreq(new Term(TEXT, t)) > COMMON_SHARE * n) {
                    common.add(t);
                }
            }
            if (common.size() == terms.size()) {
                common.clear();     // a question of common words only is still searched by them
            }
        }
        for (String t : terms) {
            if (common.contains(t)) {
                continue;
            }
            b.add(new DisjunctionMaxQuery(List.of(new TermQuery(new Term(TEXT, t)),
                    new BoostQuery(new TermQuery(new Term(TITLE, t)), TITLE_BOOST)), 0.1f), BooleanClause.Occur.SHOULD);
        }
        for (String t : dictTerms) {
            List<String> parts = analyzer.fallbackWords(t);
            if (parts.size() >= 2 && parts.size() <= 8) {
                PhraseQuery.Builder phrase = new PhraseQuery.Builder();
                parts.forEach(p -> phrase.add(new Term(TEXT, p)));
                b.add(new BoostQuery(phrase.build(), FALLBACK_BOOST), BooleanClause.Occur.SHOULD);
            }
        }
        return Optional.of(b.build());
    }

    static String embeddingText(PassageDoc d) {
        return d.title().isBlank() ? d.text() : d.title() + "\n" + d.text();
    }

    private static Document document(PassageDoc p, float[] vector) {
        Document doc = new Document();
        doc.add(new StringField(ID, p.id(), Field.Store.YES));
        doc.add(new SortedSetDocValuesField(ID, new BytesRef(p.id())));
        doc.add(new TextField(TITLE, p.title(), Field.Store.YES));
        doc.add(new TextField(TEXT, p.text(), Field.Store.YES));
        doc.add(new StoredField(SOURCE, p.source()));
        for (String e : p.entityIds()) {
            doc.add(new StringField(ENTITY, e, Field.Store.YES));
            doc.add(new SortedSetDocValuesField(ENTITY, new BytesRef(e)));
        }
        doc.add(new StringField(BATCH, p.batchId(), Field.Store.YES));
        doc.add(new StringField(TOPIC, p.topic(), Field.Store.YES));
        doc.add(new StringField(LANG, p.lang(), Field.Store.YES));
        doc.add(new StringField(TRANSLATION_OF, p.translationOf(), Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        return doc;
    }

    private static PassageDoc fromStored(Document d) {
        return new PassageDoc(d.get(ID), d.get(TITLE), d.get(TEXT), d.get(SOURCE), List.of(d.getValues(ENTITY)),
                d.get(BATCH), d.get(TOPIC), Objects.requireNonNullElse(d.get(LANG), PassageDoc.ZH),
                Objects.requireNonNullElse(d.get(TRANSLATION_OF), ""));
    }
}
