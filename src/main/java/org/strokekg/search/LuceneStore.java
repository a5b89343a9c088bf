package org.strokekg.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.strokekg.error.NonRetriableException;

/**
 * One Lucene index on disk: its only IndexWriter and a SearcherManager over near-real-time readers. Every change is
 * committed (it survives a restart) and refreshed (the next search sees it) before the writing call returns.
 */
final class LuceneStore implements AutoCloseable {

    @FunctionalInterface
    interface IoFunction<T, R> {
        R apply(T t) throws IOException;
    }

    @FunctionalInterface
    interface IoConsumer<T> {
        void accept(T t) throws IOException;
    }

    private final String name;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    private LuceneStore(String name, Directory directory, IndexWriter writer, SearcherManager searchers) {
        this.name = name;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
    }

    static LuceneStore open(Path dir, Analyzer analyzer, String name) {
        try {
            Files.createDirectories(dir);
            Directory directory = FSDirectory.open(dir);
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(64);
            IndexWriter writer = new IndexWriter(directory, config);
            writer.commit(); // a fresh index is readable from the start
            return new LuceneStore(name, directory, writer, new SearcherManager(writer, null));
        } catch (IOException e) {
            throw new NonRetriableException("cannot open the " + name + " index at " + dir + ": " + e.getMessage(), e);
        }
    }

    <R> R read(IoFunction<IndexSearcher, R> work) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return work.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new NonRetriableException("reading the " + name + " index failed: " + e.getMessage(), e);
        }
    }

    /** Documents in the index. */
    int count() {
        return read(s -> s.getIndexReader().numDocs());
    }

    /** The stored fields of the document whose {@code field} (a keyword) is {@code value}, if there is one. */
    Optional<Document> find(String field, String value) {
        return read(s -> {
            ScoreDoc[] docs = s.search(new TermQuery(new Term(field, value)), 1).scoreDocs;
            return docs.length == 0 ? Optional.<Document>empty() : Optional.of(s.storedFields().document(docs[0].doc));
        });
    }

    /** What the last commit recorded about the index (e.g. the model its vectors come from). */
    synchronized Map<String, String> commitData() {
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        return data;
    }

    /** Inside a {@link #write}: records {@code key = value} with the index in that write's commit; later commits keep it. */
    synchronized void record(IndexWriter w, String key, String value) {
        Map<String, String> data = commitData();
        data.put(key, value);
        w.setLiveCommitData(data.entrySet());
    }

    /** Runs {@code work} while no {@link #write} is under way (a write that starts waits for it). */
    synchronized void whileNotWriting(Runnable work) {
        work.run();
    }

    /** The key under which an index records the graph stamp it has followed up to (see {@link #graphStamp}). */
    static final String GRAPH_STAMP = "graphStamp";

    /** What the graph held when this index last followed it: an opaque stamp its owner recorded, if any. */
    Optional<String> graphStamp() {
        return Optional.ofNullable(commitData().get(GRAPH_STAMP));
    }

    /** Records the graph stamp with the index, in a commit of its own. */
    void recordGraphStamp(String stamp) {
        write(w -> record(w, GRAPH_STAMP, stamp));
    }

    /** Applies the change, commits it and refreshes the searchers. Callers validate and embed before, so a failure here is I/O. */
    synchronized void write(IoConsumer<IndexWriter> change) {
        try {
            change.accept(writer);
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException | RuntimeException e) {
            throw new NonRetriableException("writing the " + name + " index failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads string doc values of some documents without touching stored fields (which decompress a whole block per
     * document): for each doc id, the values of a sorted or sorted-set doc-values field, in ord order.
     */
    static Map<Integer, List<String>> docValues(IndexSearcher searcher, Collection<Integer> docIds, String field)
            throws IOException {
        int[] sorted = docIds.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
        Map<Integer, List<String>> out = new HashMap<>();
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int i = 0;
        while (i < sorted.length) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sorted[i], leaves));
            SortedSetDocValues values = DocValues.getSortedSet(leaf.reader(), field);
            int end = leaf.docBase + leaf.reader().maxDoc();
            for (; i < sorted.length && sorted[i] < end; i++) {
                List<String> list = new ArrayList<>(1);
                if (values.advanceExact(sorted[i] - leaf.docBase)) {
                    for (int k = 0; k < values.docValueCount(); k++) {
                        list.add(values.lookupOrd(values.nextOrd()).utf8ToString());
                    }
                }
                out.put(sorted[i], list);
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try (directory; writer; searchers) {
            // closes the searchers, then the writer (committing nothing new), then the directory
        } catch (IOException e) {
            throw new NonRetriableException("closing the " + name + " index failed: " + e.getMessage(), e);
        }
    }
}
