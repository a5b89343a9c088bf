package org.strokekg.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.strokekg.graph.Vocabulary;

class XywyReaderTest {

    private final Vocabulary vocabulary = Vocabulary.builtIn();

    @Test
    void realFileParsesEveryRecordAndFindsCerebralInfarction() throws Exception {
        Path file = SharedData.xywy(1);
        List<String> keys = topLevelKeys(file);
        List<Parsed<IngestItem>> items;
        ValidationReport report;
        try (IngestFile f = IngestFile.open(file, Optional.empty(), vocabulary, ProgressListener.NONE)) {
            assertThat(f.format()).isEqualTo(IngestFormat.XYWY);
            items = f.items().toList();
            report = f.report();
        }
        assertThat(report.errors()).isEmpty();
        assertThat(report.ok()).isTrue();
        // one entity per record: the record count comes from the file's own keys
        assertThat(report.count("entity")).isEqualTo(keys.size());
        List<EntityRow> entities = items.stream().map(p -> ((Parsed.Ok<IngestItem>) p).value())
                .filter(EntityRow.class::isInstance).map(EntityRow.class::cast).toList();
        EntityRow infarct = entities.stream().filter(e -> e.name().equals("脑梗塞")).findFirst().orElseThrow();
        assertThat(infarct.type()).isEqualTo("Disease");
        assertThat(infarct.description()).startsWith("脑梗塞（脑梗、缺血性脑卒中）").hasSizeLessThanOrEqualTo(300);
        assertThat(infarct.source()).isEqualTo("xywy.com 寻医问药疾病百科 (Tonystark-001/MedicalKGQA medical_1.json #244)");

        long line = items.stream().filter(p -> p instanceof Parsed.Ok<IngestItem> ok && ok.value() == infarct)
                .findFirst().orElseThrow().line();
        // records sit one per line after the opening brace: key "244" is on line 246
        assertThat(line).isEqualTo(keys.indexOf("244") + 2L);
        assertThat(Files.readAllLines(file).get((int) line - 1)).startsWith("\"244\":");

        List<Triple> triples = items.stream().filter(p -> p.line() == line).map(p -> ((Parsed.Ok<IngestItem>) p).value())
                .filter(Triple.class::isInstance).map(Triple.class::cast).toList();
        assertThat(triples).filteredOn(t -> t.predicate().equals("HAS_SYMPTOM"))
                .extracting(Triple::object)
                .containsExactly("脑干梗塞", "颅内压增高", "血管堵塞", "感觉障碍", "脑占位性病变", "共济失调", "发绀");
        assertThat(triples).filteredOn(t -> t.predicate().equals("HAS_SYMPTOM"))
                .allSatisfy(t -> assertThat(t.subject()).isEqualTo("脑梗塞"));
        assertThat(triples).contains(
                Triple.of("脑梗塞", "Disease", "DIAGNOSED_BY", "颅脑MRI检查", "Examination", infarct.source()),
                Triple.of("脑梗塞", "Disease", "TREATED_BY", "银杏叶片", "Drug", infarct.source()),
                Triple.of("脑梗塞", "Disease", "TREATED_BY", "药物治疗", "Treatment", infarct.source()),
                Triple.of("脑梗塞", "Disease", "BELONGS_TO", "神经内科", "Department", infarct.source()),
                Triple.of("脑梗塞", "Disease", "RECOMMENDED_FOOD", "莲子", "Food", infarct.source()),
                Triple.of("脑梗塞", "Disease", "RECOMMENDED_FOOD", "海带粳米粥", "Food", infarct.source()),
                Triple.of("脑梗塞", "Disease", "AVOID_FOOD", "白酒", "Food", infarct.source()),
                Triple.of("褥疮", "Disease", "COMPLICATION_OF", "脑梗塞", "Disease", infarct.source()),
                Triple.of("脑梗死", "Disease", "COMPLICATION_OF", "脑梗塞", "Disease", infarct.source()));
    }

    @Test
    void brokenRecordsAreRejectedWholeAndJunkValuesSkipped() throws Exception {
        String longName = "很".repeat(101);
        String json = """
                {
                "0":{"gaishu_info": {"name": "甲病", "desc": "甲病是一种病。\\r\\n\\t第二句。", "has_complication": ["甲病", "乙病"],
                  "common_drug": ["  药A ", "", "药A"]}, "symptom_data": {"symptoms": ["头痛", "%s", "甲病"]},
                  "inspect_info": ["CT"], "food_info": {"good_food": [], "avoid_food": ["酒"]}},
                "1":{"gaishu_info": {"desc": "没有名字"}},
                "2":{"gaishu_info": {"name": "丙病"}, "symptom_data": {"symptoms": "发热"}},
                "3":{"gaishu_info": {"name": "丁病", "belongs_to_department": ["神经内科"]}}
                }
                """.formatted(longName);
        ValidationReport report;
        List<Parsed<IngestItem>> items;
        try (IngestFile f = IngestFile.open(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "medical_x.json",
                -1, Optional.empty(), vocabulary, ProgressListener.NONE)) {
            items = f.items().toList();
            report = f.report();
        }
        assertThat(report.errors()).extracting(LineError::line, LineError::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5L, "gaishu_info.name"),
                org.assertj.core.groups.Tuple.tuple(6L, "symptom_data.symptoms"));
        assertThat(report.rejected()).isEqualTo(2);
        assertThat(report.skips()).extracting(LineError::line, LineError::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, "symptom_data.symptoms"),
                org.assertj.core.groups.Tuple.tuple(2L, "symptom_data.symptoms"),
                org.assertj.core.groups.Tuple.tuple(2L, "gaishu_info.has_complication"));
        List<IngestItem> ok = new ArrayList<>();
        items.forEach(p -> {
            if (p instanceof Parsed.Ok<IngestItem> o) {
                ok.add(o.value());
            }
        });
        String src0 = XywyReader.SOURCE_PREFIX + "medical_x.json #0)";
        assertThat(ok).containsExactly(
                new EntityRow(Optional.empty(), "Disease", "甲病", List.of(), "甲病是一种病。 第二句。", src0),
                Triple.of("甲病", "Disease", "HAS_SYMPTOM", "头痛", "Symptom", src0),
                Triple.of("甲病", "Disease", "DIAGNOSED_BY", "CT", "Examination", src0),
                Triple.of("甲病", "Disease", "TREATED_BY", "药A", "Drug", src0),
                Triple.of("甲病", "Disease", "AVOID_FOOD", "酒", "Food", src0),
                Triple.of("乙病", "Disease", "COMPLICATION_OF", "甲病", "Disease", src0),
                // the prose: the whole description, and the short treatment fields as one summary
                new PassageRow("xywy-medical_x-0-desc-1", "甲病·概述", "甲病是一种病。第二句。", src0 + " 概述",
                        List.of("甲病"), Optional.of("desc")),
                new PassageRow("xywy-medical_x-0-treat-1", "甲病·治疗概况", "常用药品：药A。", src0 + " 治疗概况",
                        List.of("甲病"), Optional.of("treatment")),
                new EntityRow(Optional.empty(), "Disease", "丁病", List.of(), "", XywyReader.SOURCE_PREFIX + "medical_x.json #3)"),
                Triple.of("丁病", "Disease", "BELONGS_TO", "神经内科", "Department", XywyReader.SOURCE_PREFIX + "medical_x.json #3)"));
    }

    @Test
    void longDescriptionKeepsWholeSentencesUpToTheLimit() {
        String s = "第一句话很短。" + "长".repeat(300) + "。第三句。";
        assertThat(XywyText.description(s)).isEqualTo("第一句话很短。");
        assertThat(XywyText.description("无句号" + "长".repeat(400))).hasSize(300).endsWith("…");
        assertThat(XywyText.description(" a\r\n\tb ")).isEqualTo("a b");
    }

    static List<String> topLevelKeys(Path file) throws Exception {
        List<String> keys = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                keys.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
        }
        return keys;
    }
}
