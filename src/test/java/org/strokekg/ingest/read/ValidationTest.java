package org.strokekg.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.strokekg.graph.Vocabulary;

/** Bad input of every kind yields exactly the expected (line, field) errors, and good lines around it still pass. */
class ValidationTest {

    private final Vocabulary vocabulary = Vocabulary.builtIn();

    private ValidationReport validate(byte[] content, String name) {
        try (IngestFile f = IngestFile.open(new ByteArrayInputStream(content), name, content.length, Optional.empty(), vocabulary,
                ProgressListener.NONE)) {
            f.items().forEach(p -> { });
            return f.report();
        }
    }

    private ValidationReport validate(String content, String name) {
        return validate(content.getBytes(StandardCharsets.UTF_8), name);
    }

    private static List<Tuple> where(ValidationReport r) {
        return r.errors().stream().map(e -> tuple(e.line(), e.field())).toList();
    }

    @Test
    void aDrugIsMonitoredByATestAndOnlyADrugIs() {
        String tsv = String.join("\n",
                "subject\tsubject_type\tpredicate\tobject\tobject_type\tsource\tevidence\tconfidence",  // 1
                "华法林\tDrug\tMONITORED_BY\t国际标准化比值\tExamination\t指南\t\t",                      // 2 ok
                "华法林\tDrug\tMONITORED_BY\tNIHSS\tAssessment\t指南\t\t",                               // 3 ok
                "抗凝治疗\tTreatment\tMONITORED_BY\t国际标准化比值\tExamination\t指南\t\t",                // 4 domain
                "华法林\tDrug\tMONITORED_BY\t心房颤动\tDisease\t指南\t\t",                                // 5 range
                "华法林\tDrug\tUSES\t国际标准化比值\tExamination\t指南\t\t") + "\n";                     // 6 USES: no drug
        assertThat(where(validate(tsv, "monitoring.tsv"))).containsExactly(
                tuple(4L, "subject_type"),
                tuple(5L, "object_type"),
                tuple(6L, "subject_type"));
    }

    @Test
    void everyKindOfBadTripleLineIsNamedWithItsField() {
        String ok = "脑梗死\tDisease\tHAS_SYMPTOM\t偏瘫\tSymptom\t指南\t\t";
        String tsv = String.join("\n",
                "subject\tsubject_type\tpredicate\tobject\tobject_type\tsource\tevidence\tconfidence",  // 1
                ok + "0.9",                                                                               // 2 ok
                "脑梗死\tIllness\tHAS_SYMPTOM\t偏瘫\tSymptom\t指南\t\t",                                   // 3 unknown type
                "脑梗死\tDisease\tHAS_CURE\t偏瘫\tSymptom\t指南\t\t",                                      // 4 unknown predicate
                "阿司匹林\tDrug\tHAS_SYMPTOM\t偏瘫\tSymptom\t指南\t\t",                                    // 5 domain
                "脑梗死\tDisease\tHAS_SYMPTOM\t阿司匹林\tDrug\t指南\t\t",                                  // 6 range
                "  \tDisease\tHAS_SYMPTOM\t偏瘫\tSymptom\t指南\t\t",                                       // 7 empty name
                "脑".repeat(101) + "\tDisease\tHAS_SYMPTOM\t偏瘫\tSymptom\t指南\t\t",                      // 8 long name
                "脑梗死\tDisease\tHAS_SYMPTOM\t偏\u0007瘫\tSymptom\t指南\t\t",                             // 9 control char
                ok + "abc",                                                                               // 10 not a number
                ok + "1.5",                                                                               // 11 outside [0,1]
                "脑梗死\tDisease\tHAS_SYMPTOM\t偏瘫\tSymptom\t\t\t",                                       // 12 no source
                "脑梗死\tDisease\tHAS_SYMPTOM\t偏瘫\tSymptom\t指南",                                       // 13 column count
                "脑梗死\tDisease\tSUBTYPE_OF\t脑梗死\tDisease\t指南\t\t",                                  // 14 self-loop
                "阿司匹林\tDrug\tSUBTYPE_OF\t脑梗死\tDisease\t指南\t\t",                                   // 15 type groups
                "脑梗死\tdisease\thas_symptom\t偏瘫\tSymptom\t指南\t\t",                                   // 16 two errors
                "脑梗死\tDisease\tHAS_SYMPTOM\t偏瘫\tSymptom\t" + "源".repeat(501) + "\t\t",               // 17 long source
                "脑梗死\tDisease\tHAS_SYMPTOM\t偏瘫\tSymptom\t指南\t" + "证".repeat(2001) + "\t",          // 18 long evidence
                "ＳＴＲＯＫＥ\tDisease\tCOMPLICATION_OF\tstroke\tComplication\t指南\t\t",                  // 19 self-loop by key
                "脑梗死\tDisease\tHAS_SYMPTOM\t偏瘫\tSymptom\t指南\t\tNaN",                                // 20 NaN
                ok + "1e0") + "\n";                                                                       // 21 ok
        ValidationReport r = validate(tsv, "bad.tsv");
        assertThat(where(r)).containsExactly(
                tuple(3L, "subject_type"),
                tuple(4L, "predicate"),
                tuple(5L, "subject_type"),
                tuple(6L, "object_type"),
                tuple(7L, "subject"),
                tuple(8L, "subject"),
                tuple(9L, "object"),
                tuple(10L, "confidence"),
                tuple(11L, "confidence"),
                tuple(12L, "source"),
                tuple(13L, "columns"),
                tuple(14L, "object"),
                tuple(15L, "object_type"),
                tuple(16L, "subject_type"),
                tuple(16L, "predicate"),
                tuple(17L, "source"),
                tuple(18L, "evidence"),
                tuple(19L, "object"),
                tuple(20L, "confidence"));
        assertThat(r.accepted()).isEqualTo(2);
        assertThat(r.rejected()).isEqualTo(18);
        assertThat(r.lines()).isEqualTo(21);
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).extracting(LineError::reason).contains(
                "unknown type \"Illness\"; known types: Disease, Complication, Symptom, RiskFactor, Examination, Assessment, "
                        + "Treatment, Drug, RehabMethod, CareMeasure, AssistiveDevice, BodyPart, Department, Food",
                "HAS_SYMPTOM does not take a Drug subject; allowed: Disease, Complication",
                "HAS_SYMPTOM does not take a Drug object; allowed: Symptom, Complication, Disease",
                "unknown type \"disease\" (did you mean Disease?)",
                "unknown predicate \"has_symptom\" (did you mean HAS_SYMPTOM?)",
                "longer than 100 characters (101)",
                "control character U+0007 at position 2",
                "outside [0,1]: 1.5",
                "expected 8 columns as in the header, found 6",
                "SUBTYPE_OF needs subject and object of one type group: Drug is drug, Disease is condition");
    }

    @Test
    void malformedUtf8IsThatLinesErrorAndReadingGoesOn() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("subject,subject_type,predicate,object,object_type,source\n".getBytes(StandardCharsets.UTF_8));
        byte[] second = "脑梗死,Disease,HAS_SYMPTOM,偏瘫,Symptom,指南\n".getBytes(StandardCharsets.UTF_8);
        out.writeBytes(second);
        int offset = out.size() + 3;
        out.write("脑梗".getBytes(StandardCharsets.UTF_8), 0, 3);
        out.write(0xE6); // lead byte of a three-byte sequence, then ASCII: malformed
        out.writeBytes(",Disease,HAS_SYMPTOM,偏瘫,Symptom,指南\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(second);
        ValidationReport r = validate(out.toByteArray(), "bytes.csv");
        assertThat(r.errors()).containsExactly(new LineError(3, "line", "malformed UTF-8 at byte offset " + offset));
        assertThat(r.accepted()).isEqualTo(2);
        assertThat(r.lines()).isEqualTo(4);
    }

    @Test
    void malformedUtf8InTheCrawlRejectsThatRecordOnly() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\n\"0\":{\"gaishu_info\":{\"name\":\"甲病\"},\"cause_info\":\"".getBytes(StandardCharsets.UTF_8));
        int offset = out.size();
        out.write(0xFF);
        out.writeBytes("\"},\n\"1\":{\"gaishu_info\":{\"name\":\"乙病\"}}\n}\n".getBytes(StandardCharsets.UTF_8));
        ValidationReport r = validate(out.toByteArray(), "medical_x.json");
        assertThat(r.errors()).containsExactly(new LineError(2, "line", "malformed UTF-8 at byte offset " + offset));
        assertThat(r.count("entity")).isEqualTo(1);
    }

    @Test
    void aByteOrderMarkIsDropped() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bom);
        out.writeBytes("subject,subject_type,predicate,object,object_type,source\n脑梗死,Disease,HAS_SYMPTOM,偏瘫,Symptom,指南\n"
                .getBytes(StandardCharsets.UTF_8));
        ValidationReport r = validate(out.toByteArray(), "bom.csv");
        assertThat(r.errors()).isEmpty();
        assertThat(r.accepted()).isEqualTo(1);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        json.writeBytes(bom);
        json.writeBytes("{\"0\":{\"gaishu_info\":{\"name\":\"甲病\"}}}".getBytes(StandardCharsets.UTF_8));
        assertThat(validate(json.toByteArray(), "medical_bom.json").count("entity")).isEqualTo(1);
    }

    @Test
    void aCharacterSplitAcrossReadChunksIsNotMalformed() {
        // 3-byte characters placed so that several straddle the 64 KiB chunk boundary of both decoders
        StringBuilder sb = new StringBuilder("{\n\"0\":{\"gaishu_info\":{\"name\":\"甲病\",\"desc\":\"");
        for (int i = 0; i < 30_000; i++) {
            sb.append(i % 7 == 0 ? "a" : "脑");
        }
        sb.append("\"}}\n}\n");
        ValidationReport crawl = validate(sb.toString(), "medical_big.json");
        assertThat(crawl.errors()).isEmpty();
        StringBuilder csv = new StringBuilder("subject,subject_type,predicate,object,object_type,source,evidence\n");
        for (int i = 0; i < 2_000; i++) {
            csv.append("脑梗死").append(i % 3 == 0 ? "a" : "").append(",Disease,HAS_SYMPTOM,偏瘫,Symptom,指南,证据证据证据\n");
        }
        ValidationReport table = validate(csv.toString(), "big.csv");
        assertThat(table.errors()).isEmpty();
        assertThat(table.accepted()).isEqualTo(2_000);
    }

    @Test
    void badHeadersRejectTheFileAtTheHeaderLine() {
        assertThat(where(validate("# c\nsubject,subject_type,predicate,object,source\n", "h.csv")))
                .containsExactly(tuple(2L, "object_type"));
        assertThat(where(validate("subject,subject_type,predicate,object,object_type,source,weight\n", "h.csv")))
                .containsExactly(tuple(1L, "weight"));
        ValidationReport tabs = validate("subject\tsubject_type\tpredicate\tobject\tobject_type\tsource\n", "h.csv");
        assertThat(tabs.format()).isEqualTo("tsv"); // sniffed by content despite the name
        ValidationReport forced;
        try (IngestFile f = IngestFile.open(new ByteArrayInputStream(
                        "subject\tsubject_type\tpredicate\tobject\tobject_type\tsource\n".getBytes(StandardCharsets.UTF_8)),
                "h.csv", -1, Optional.of(IngestFormat.CSV), vocabulary, ProgressListener.NONE)) {
            f.items().forEach(p -> { });
            forced = f.report();
        }
        assertThat(forced.errors()).singleElement().satisfies(e -> assertThat(e.reason()).contains("is this a TSV file?"));
        assertThat(where(validate("", "empty.csv"))).containsExactly(tuple(1L, "header"));
    }

    @Test
    void quotingErrorsAreLineErrors() {
        String csv = "subject,subject_type,predicate,object,object_type,source\n"
                + "\"脑梗死\"x,Disease,HAS_SYMPTOM,偏瘫,Symptom,指南\n"
                + "脑梗死,Disease,HAS_SYMPTOM,偏瘫,Symptom,\"指南\n"
                + "more\n";
        ValidationReport r = validate(csv, "q.csv");
        assertThat(r.errors()).extracting(LineError::line, LineError::field, LineError::reason).containsExactly(
                tuple(2L, "line", "unexpected text after the closing quote of field 1"),
                tuple(3L, "line", "quoted field not closed (opened on line 3)"),
                tuple(3L, "source", "control character U+000A at position 3"));
    }

    @Test
    void entityAliasAndPassageFilesReportTheirOwnProblems() {
        String entities = "id\ttype\tname\taliases\tdescription\tsource\n"
                + "stroke\tDisease\t脑卒中\t中风\t急性脑血管病。\t规范\n"
                + "stroke\tDisease\t中风后遗症\t\t\t规范\n"          // 3 duplicate id
                + "my id\tDrug\t阿司匹林\t\t\t规范\n"                // 4 white space in id
                + "\tSymptom\t偏瘫\t" + "x".repeat(101) + "\t\t规范\n" // 5 long alias
                + "\tSymptom\t偏瘫\t\t描述\u0001\t规范\n";            // 6 control character in description
        assertThat(where(validate(entities, "e.tsv")))
                .containsExactly(tuple(3L, "id"), tuple(4L, "id"), tuple(5L, "aliases"), tuple(6L, "description"));

        String aliases = "canonical,alias,type,source\n脑卒中,脑卒中,Disease,规范\n脑卒中,中风,Illness,规范\n脑卒中,中风,Disease,\n";
        assertThat(where(validate(aliases, "a.csv")))
                .containsExactly(tuple(2L, "alias"), tuple(3L, "type"), tuple(4L, "source"));

        String passages = """
                {"id":"p1","title":"t","text":"正文\\t带制表符\\n和换行","source":"s"}
                {"id":"p1","title":"t","text":"x","source":"s"}
                {"id":"p2","title":"t","text":"x","source":"s","entities":"脑卒中"}
                {"id":"p3","title":"t","text":"x","source":"s","author":"me"}
                {"id":"p4","title":"t","text":"x\\u0000","source":"s"}
                {"id":"p5" "title":"t"}
                ["p6"]
                """;
        ValidationReport r = validate(passages, "p.jsonl");
        assertThat(where(r)).containsExactly(tuple(2L, "id"), tuple(3L, "entities"), tuple(4L, "author"), tuple(5L, "text"),
                tuple(6L, "line"), tuple(7L, "line"));
        assertThat(r.errors().get(0).reason()).isEqualTo("duplicate passage id \"p1\" (first on line 1)");
    }

    @Test
    void englishDescriptionsAndPassageLanguagesAreChecked() {
        String entities = "id\ttype\tname\taliases\tdescription\tdescription_en\tsource\n"
                + "stroke\tDisease\t脑卒中\t中风\t急性脑血管病。\tAn acute cerebrovascular disease.\t规范\n"
                + "tia\tDisease\t短暂性脑缺血发作\t\t\t\t规范\n"                          // 3 ok: no English
                + "\tSymptom\t偏瘫\t\t\tWeak\u0001ness\t规范\n"                           // 4 control character
                + "\tSymptom\t失语\t\t\t" + "x".repeat(2001) + "\t规范\n";               // 5 too long
        assertThat(where(validate(entities, "e.tsv")))
                .containsExactly(tuple(4L, "description_en"), tuple(5L, "description_en"));

        String passages = """
                {"id":"p1","title":"t","text":"正文","source":"s"}
                {"id":"p1-en","title":"t","text":"Text","source":"s","lang":"en","translation_of":"p1"}
                {"id":"p2","title":"t","text":"x","source":"s","lang":"fr"}
                {"id":"p3","title":"t","text":"x","source":"s","lang":"EN ","translation_of":"p3"}
                {"id":"p4","title":"t","text":"x","source":"s","translation_of":"p 1"}
                {"id":"p5","title":"t","text":"x","source":"s","lang":1}
                {"id":"p6","title":"t","text":"x","source":"s","population":"elderly"}
                {"id":"p7","title":"t","text":"x","source":"s","population":"Young-Adult "}
                """;
        ValidationReport r = validate(passages, "p.jsonl");
        assertThat(where(r)).containsExactly(tuple(3L, "lang"), tuple(4L, "translation_of"), tuple(5L, "translation_of"),
                tuple(6L, "lang"), tuple(7L, "population"));
        assertThat(r.errors().getFirst().reason()).isEqualTo("unknown language \"fr\"; expected one of zh, en");
        assertThat(r.errors().getLast().reason())
                .isEqualTo("unknown population \"elderly\"; expected one of pregnancy, child, young-adult");

        String md = """
                ---
                id: p-en
                title: Title
                source: s
                lang: en
                translation_of: p-zh
                ---
                English text.
                ---
                id: p-bad
                title: t
                source: s
                lang: de
                lang: en
                ---
                x
                """;
        assertThat(where(validate(md, "p.md"))).containsExactly(tuple(14L, "lang"), tuple(9L, "lang"));
    }

    @Test
    void markdownPassageProblems() {
        String md = """
                stray text before any passage
                ---
                id: p1
                title: 标题
                entities: [a]
                ---
                正文一
                ---
                id: p1
                title: 重复
                source: s
                author: me
                ---
                正文二
                ---
                id: p3
                title: 没有结束
                """;
        ValidationReport r = validate(md, "p.md");
        assertThat(where(r)).containsExactly(
                tuple(1L, "line"),
                tuple(2L, "source"),
                tuple(12L, "author"), tuple(8L, "id"),
                tuple(15L, "line"), tuple(15L, "text"), tuple(15L, "source"));
    }

    @Test
    void predicatesAndTypesOfAnExtensionFileAreAccepted() {
        String csv = "subject,subject_type,predicate,object,object_type,source\n"
                + "NOTCH3,Gene,GENETIC_RISK_OF,脑小血管病,Disease,\"Joutel A et al., Nature 1996;383:707-710 (CADASIL)\"\n";
        assertThat(where(validate(csv, "gene.csv"))).containsExactly(tuple(2L, "subject_type"), tuple(2L, "predicate"));
        Vocabulary extended = vocabulary.extendedWith(FormatReadersTest.resource("vocabulary-extension.json"));
        try (IngestFile f = IngestFile.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "gene.csv", -1,
                Optional.empty(), extended, ProgressListener.NONE)) {
            IngestFile.Contents c = f.readAll();
            assertThat(c.report().ok()).isTrue();
            assertThat(c.triples()).singleElement().extracting(Triple::predicate).isEqualTo("GENETIC_RISK_OF");
        }
    }

    @Test
    void windowsLineEndingsAndAMissingFinalNewline() {
        String csv = "subject,subject_type,predicate,object,object_type,source,evidence\r\n"
                + "脑梗死,Disease,TREATED_BY,静脉溶栓,Treatment,指南,\"第一行\r\n第二行\"\r\n"
                + "脑梗死,Disease,HAS_SYMPTOM,偏瘫,Symptom,指南,";
        IngestFile.Contents c;
        try (IngestFile f = IngestFile.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "crlf.csv", -1,
                Optional.empty(), vocabulary, ProgressListener.NONE)) {
            c = f.readAll();
        }
        assertThat(c.report().errors()).isEmpty();
        assertThat(c.triples()).extracting(Triple::evidence)
                .containsExactly(Optional.of("第一行\n第二行"), Optional.empty());
        assertThat(c.report().lines()).isEqualTo(4);
        assertThat(where(validate("\n# only a comment\n", "empty.jsonl"))).containsExactly(tuple(2L, "line"));
    }

    @Test
    void errorListIsCappedAndCounted() {
        StringBuilder csv = new StringBuilder("subject,subject_type,predicate,object,object_type,source\n");
        for (int i = 0; i < IngestLimits.MAX_REPORTED + 5; i++) {
            csv.append("脑梗死,Disease,HAS_SYMPTOM,偏瘫,Symptom,\n");
        }
        ValidationReport r = validate(csv.toString(), "many.csv");
        assertThat(r.errors()).hasSize(IngestLimits.MAX_REPORTED);
        assertThat(r.errorsTruncated()).isEqualTo(5);
        assertThat(r.rejected()).isEqualTo(IngestLimits.MAX_REPORTED + 5);
    }
}
