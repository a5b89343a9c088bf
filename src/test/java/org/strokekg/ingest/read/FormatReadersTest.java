package org.strokekg.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.strokekg.graph.Vocabulary;

/** Each format's reader on a small well-formed file: the records, and the line each starts on. */
class FormatReadersTest {

    private static final String CN_AIS = "中国急性缺血性脑卒中诊治指南2018";
    private static final String AHA = "AHA/ASA 2019 Guidelines for the Early Management of Patients With Acute Ischemic Stroke";

    private final Vocabulary vocabulary = Vocabulary.builtIn();

    static Path resource(String name) {
        try {
            return Path.of(FormatReadersTest.class.getResource("/ingest/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Parsed<IngestItem>> read(String name, IngestFormat expected) {
        try (IngestFile f = IngestFile.open(resource(name), Optional.empty(), vocabulary, ProgressListener.NONE)) {
            assertThat(f.format()).isEqualTo(expected);
            List<Parsed<IngestItem>> items = f.items().toList();
            assertThat(f.report().errors()).isEmpty();
            assertThat(items).allMatch(p -> p instanceof Parsed.Ok<IngestItem>);
            return items;
        }
    }

    private static IngestItem value(Parsed<IngestItem> p) {
        return ((Parsed.Ok<IngestItem>) p).value();
    }

    @Test
    void csvWithQuotedMultiLineRecordsKeepsTheStartLine() {
        List<Parsed<IngestItem>> items = read("triples.csv", IngestFormat.CSV);
        assertThat(items).extracting(Parsed::line).containsExactly(3L, 5L, 6L, 9L, 10L);
        assertThat(value(items.get(0))).isEqualTo(new Triple("脑梗死", "Disease", "HAS_SYMPTOM", "偏瘫", "Symptom", CN_AIS,
                Optional.empty(), Optional.of(0.9)));
        Triple thrombolysis = (Triple) value(items.get(2));
        assertThat(thrombolysis.evidence()).contains("发病4.5小时内、\n符合条件的患者, 可静脉给予阿替普酶\n(rt-PA)");
        assertThat(thrombolysis.confidence()).contains(1.0);
        assertThat(thrombolysis.source()).isEqualTo(AHA);
        assertThat(((Triple) value(items.get(3))).source()).isEqualTo("Powers WJ et al., \"Stroke\" 2019;50:e344");
        assertThat(((Triple) value(items.get(3))).evidence()).contains("排除出血");
    }

    @Test
    void tsvReadsColumnsByHeaderName() {
        List<Parsed<IngestItem>> items = read("triples.tsv", IngestFormat.TSV);
        assertThat(items).extracting(Parsed::line).containsExactly(3L, 4L, 5L);
        assertThat(value(items.get(0))).isEqualTo(new Triple("脑梗死", "Disease", "HAS_SYMPTOM", "偏瘫", "Symptom", CN_AIS,
                Optional.empty(), Optional.of(0.9)));
        assertThat(value(items.get(1))).isEqualTo(Triple.of("高血压", "RiskFactor", "RISK_FACTOR_OF", "脑出血", "Disease",
                "中国脑出血诊治指南(2019)"));
    }

    @Test
    void jsonLinesTakeNumbersOrNumericStringsForConfidence() {
        List<Parsed<IngestItem>> items = read("triples.jsonl", IngestFormat.JSONL);
        assertThat(items).extracting(Parsed::line).containsExactly(1L, 4L, 5L);
        assertThat(((Triple) value(items.get(0))).confidence()).contains(0.9);
        assertThat(((Triple) value(items.get(2))).confidence()).contains(1.0);
        assertThat(((Triple) value(items.get(2))).evidence()).contains("发病4.5小时内符合条件的患者可静脉给予阿替普酶");
    }

    @Test
    void entityFileSplitsAliasesAndMakesTheIdOptional() {
        List<Parsed<IngestItem>> items = read("entities.tsv", IngestFormat.ENTITIES);
        assertThat(items).extracting(Parsed::line).containsExactly(2L, 3L, 4L);
        EntityRow stroke = (EntityRow) value(items.get(0));
        assertThat(stroke.id()).contains("stroke");
        // a repeated alias is dropped
        assertThat(stroke.aliases()).containsExactly("中风", "卒中", "腦卒中", "stroke");
        assertThat(((EntityRow) value(items.get(1))).id()).isEmpty();
        assertThat(((EntityRow) value(items.get(2))).description()).isEmpty();
        assertThat(((EntityRow) value(items.get(2))).aliases()).containsExactly("TIA", "transient ischemic attack");
        assertThat(stroke.descriptionEn()).startsWith("An acute cerebrovascular disease");
        assertThat(((EntityRow) value(items.get(1))).descriptionEn()).isEmpty();
    }

    @Test
    void aliasFilesInCsvAndTsv() {
        List<Parsed<IngestItem>> csv = read("aliases.csv", IngestFormat.ALIASES);
        assertThat(csv).extracting(p -> value(p)).containsExactly(
                new AliasRow("脑卒中", "中風", "Disease", "中国脑卒中防治指导规范(2021年版)"),
                new AliasRow("脑梗死", "缺血性脑卒中", "Disease", CN_AIS),
                new AliasRow("美国国立卫生研究院卒中量表", "NIHSS", "Assessment",
                        "NIH Stroke Scale, National Institute of Neurological Disorders and Stroke"));
        List<Parsed<IngestItem>> tsv = read("aliases.tsv", IngestFormat.ALIASES);
        assertThat(tsv).extracting(Parsed::line).containsExactly(2L, 3L);
        assertThat(value(tsv.get(1))).isEqualTo(new AliasRow("阿替普酶", "rt-PA", "Drug", "AHA/ASA 2019 Guidelines"));
    }

    @Test
    void passagesInJsonLines() {
        List<Parsed<IngestItem>> items = read("passages.jsonl", IngestFormat.PASSAGES_JSONL);
        PassageRow befast = (PassageRow) value(items.get(0));
        assertThat(befast.entities()).containsExactly("脑卒中", "stroke");
        assertThat(befast.topic()).contains("warning-signs");
        assertThat(((PassageRow) value(items.get(1))).topic()).isEmpty();
        // a passage names no language: it is Chinese; an English one names the passage it translates
        assertThat(befast.lang()).isEqualTo(PassageRow.ZH);
        assertThat(befast.translationOf()).isEmpty();
        PassageRow english = (PassageRow) value(items.get(2));
        assertThat(english.lang()).isEqualTo(PassageRow.EN);
        assertThat(english.translationOf()).contains("p-befast");
    }

    @Test
    void passagesInMarkdownSplitOnFrontMatterOnly() {
        List<Parsed<IngestItem>> items = read("passages.md", IngestFormat.PASSAGES_MD);
        assertThat(items).extracting(Parsed::line).containsExactly(1L, 15L);
        PassageRow cimt = (PassageRow) value(items.get(0));
        assertThat(cimt.id()).isEqualTo("p-cimt");
        assertThat(cimt.entities()).containsExactly("强制性运动疗法", "偏瘫");
        assertThat(cimt.topic()).contains("rehabilitation");
        assertThat(cimt.text()).isEqualTo("强制性运动疗法（CIMT）限制健侧上肢，\n强化患侧上肢的使用。\n\n---\n\n上面的 --- 是 Markdown 分隔线，仍属正文。");
        PassageRow shoulder = (PassageRow) value(items.get(1));
        assertThat(shoulder.entities()).containsExactly("肩关节半脱位", "偏瘫");
        assertThat(shoulder.topic()).isEmpty();
        assertThat(shoulder.text()).isEqualTo("正确摆放患侧上肢、使用肩托可以减少肩关节半脱位。");
    }

    @Test
    void readAllSortsItemsByKindAndReportsStatistics() {
        IngestFile.Contents c = IngestFile.readAll(resource("triples.csv"), Optional.empty(), vocabulary, ProgressListener.NONE);
        assertThat(c.triples()).hasSize(5);
        assertThat(c.report().lines()).isEqualTo(10);
        assertThat(c.report().byPredicate()).containsEntry("TREATED_BY", 1L).containsEntry("HAS_SYMPTOM", 1L);
        assertThat(c.report().namesByType()).containsEntry("Disease", 3L); // 脑梗死, 脑出血, 脑卒中
        assertThat(c.report().count("triple")).isEqualTo(5);
    }

    @Test
    void progressEndsAtTheFileSize() throws Exception {
        Path file = resource("triples.csv");
        long[] last = {-1, -1};
        try (IngestFile f = IngestFile.open(file, Optional.empty(), vocabulary, (read, total) -> {
            last[0] = read;
            last[1] = total;
        })) {
            f.items().forEach(p -> { });
        }
        assertThat(last[0]).isEqualTo(java.nio.file.Files.size(file));
        assertThat(last[1]).isEqualTo(java.nio.file.Files.size(file));
    }

    @Test
    void streamsWithoutAFileNameAreSniffed() throws Exception {
        try (InputStream in = java.nio.file.Files.newInputStream(resource("passages.md"));
             IngestFile f = IngestFile.open(in, "upload", -1, Optional.empty(), vocabulary, ProgressListener.NONE)) {
            assertThat(f.format()).isEqualTo(IngestFormat.PASSAGES_MD);
            assertThat(f.items().count()).isEqualTo(2);
        }
        assertThat(List.of("triples.csv", "triples.tsv", "triples.jsonl", "entities.tsv", "aliases.csv", "passages.jsonl"))
                .extracting(n -> {
                    try (InputStream in = java.nio.file.Files.newInputStream(resource(n));
                         IngestFile f = IngestFile.open(in, "body", -1, Optional.empty(), vocabulary, ProgressListener.NONE)) {
                        return f.format();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .containsExactly(IngestFormat.CSV, IngestFormat.TSV, IngestFormat.JSONL, IngestFormat.ENTITIES,
                        IngestFormat.ALIASES, IngestFormat.PASSAGES_JSONL);
    }

    @Test
    void namedFormatsAndUnknownOnes() {
        assertThat(IngestFormat.named("Passages-MD")).isEqualTo(IngestFormat.PASSAGES_MD);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IngestFormat.named("xml"))
                .isInstanceOf(org.strokekg.error.InvalidInputException.class)
                .hasMessageContaining("csv, tsv, jsonl, xywy");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IngestFile.open(
                        new java.io.ByteArrayInputStream("just some words\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        "notes.txt", -1, Optional.empty(), vocabulary, ProgressListener.NONE))
                .isInstanceOf(org.strokekg.error.InvalidInputException.class)
                .hasMessageContaining("cannot tell the format of \"notes.txt\"");
    }
}
