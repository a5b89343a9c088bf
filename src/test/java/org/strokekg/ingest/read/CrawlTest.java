package org.strokekg.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.graph.Vocabulary;

/** The whole xywy crawl and the 39.net alias column through the validated path (shared data; skipped when absent). */
class CrawlTest {

    private static final Logger LOG = LoggerFactory.getLogger(CrawlTest.class);

    private final Vocabulary vocabulary = Vocabulary.builtIn();

    @Test
    void allEighteenCrawlFilesParseAndValidate() throws Exception {
        List<Path> files = IntStream.range(0, 18).mapToObj(SharedData::xywy).toList();
        long bytes = 0;
        long triples = 0;
        long entities = 0;
        long records = 0;
        long skipped = 0;
        long passages = 0;
        long start = System.nanoTime();
        for (Path file : files) {
            ValidationReport r = IngestFile.validate(file, Optional.empty(), vocabulary, ProgressListener.NONE);
            assertThat(r.format()).isEqualTo("xywy");
            assertThat(r.errors()).as(file.toString()).isEmpty();
            assertThat(r.ok()).isTrue();
            bytes += Files.size(file);
            triples += r.count("triple");
            entities += r.count("entity");
            skipped += r.skipped();
            passages += r.count("passage");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Path file : files) {
            records += XywyReaderTest.topLevelKeys(file).size();
        }
        String figure = String.format(java.util.Locale.ROOT,
                "xywy crawl: %d files, %.1f MB, %d records, %d triples, %d passages, %d skipped values in %.2f s = "
                        + "%.0f triples/s, %.1f MB/s", files.size(), bytes / 1e6, records, triples, passages, skipped,
                seconds, triples / seconds, bytes / 1e6 / seconds);
        LOG.info(figure);
        System.out.println(figure);
        assertThat(entities).isEqualTo(records);
        // SOURCE.md counts 276,122 listed values; repeats within a list and self-loops are dropped
        assertThat(triples).isBetween(270_000L, 276_122L);
        // the prose of every record: its description at least, most of them six fields in chunks of <= 400 characters
        assertThat(passages).isGreaterThan(records);
    }

    @Test
    void diseaseCsvAliasesPairStrokeNames() {
        Path file = SharedData.require("kg/zhihao-chen_QASystemOnMedicalGraph/disease.csv");
        IngestFile.Contents c = IngestFile.readAll(file, Optional.empty(), vocabulary, ProgressListener.NONE);
        assertThat(c.report().format()).isEqualTo("disease-csv-aliases");
        assertThat(c.report().errors()).isEmpty();
        assertThat(c.aliases()).contains(
                new AliasRow("中风", "脑卒中", "Disease", DiseaseCsvAliasReader.SOURCE),
                new AliasRow("中风", "卒中", "Disease", DiseaseCsvAliasReader.SOURCE),
                new AliasRow("脑梗死", "脑梗塞", "Disease", DiseaseCsvAliasReader.SOURCE));
        // names with a leading space are trimmed; every pair appears once
        assertThat(c.aliases()).allSatisfy(a -> assertThat(a.canonical()).isEqualTo(a.canonical().strip()));
        assertThat(c.aliases()).doesNotHaveDuplicates();
        System.out.println("disease.csv: " + c.aliases().size() + " alias rows, " + c.report().lines() + " lines");
    }
}
