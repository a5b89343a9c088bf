package org.strokekg.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.strokekg.graph.Vocabulary;

/**
 * No line is lost without a word: in every line format, a line over {@link IngestLimits#MAX_LINE_CHARS} characters and a
 * line of bytes that are not UTF-8 are errors on their own lines (so nothing of the batch is written), between good
 * lines, also where the bad line would otherwise look blank or be the only one.
 */
class LostLinesTest {

    /** A format, its header (if it has one), a good line, and a file name that names it. */
    enum Format {
        CSV("t.csv", "subject,subject_type,predicate,object,object_type,source", "脑卒中,Disease,HAS_SYMPTOM,偏瘫,Symptom,s"),
        TSV("t.tsv", "subject\tsubject_type\tpredicate\tobject\tobject_type\tsource",
                "脑卒中\tDisease\tHAS_SYMPTOM\t偏瘫\tSymptom\ts"),
        JSONL("t.jsonl", null, "{\"subject\":\"脑卒中\",\"subject_type\":\"Disease\",\"predicate\":\"HAS_SYMPTOM\","
                + "\"object\":\"偏瘫\",\"object_type\":\"Symptom\",\"source\":\"s\"}"),
        ENTITIES("e.tsv", "type\tname\tsource", "Symptom\t偏瘫\ts"),
        PASSAGES_JSONL("p.jsonl", null, "{\"id\":\"p-x\",\"title\":\"t\",\"text\":\"偏瘫的康复\",\"source\":\"s\"}"),
        PASSAGES_MD("p.md", null, "---\nid: p-x\ntitle: t\nsource: s\n---\n偏瘫的康复");

        final String name;
        final String header;
        final String good;

        Format(String name, String header, String good) {
            this.name = name;
            this.header = header;
            this.good = good;
        }
    }

    private final Vocabulary vocabulary = Vocabulary.builtIn();

    @ParameterizedTest
    @EnumSource(Format.class)
    void anOverLongLineIsAnErrorOnItsLine(Format f) {
        String huge = "x".repeat(IngestLimits.MAX_LINE_CHARS + 10);
        ValidationReport r = report(f, huge.getBytes(StandardCharsets.UTF_8));
        assertThat(r.errors()).as("%s: %s", f, r.errors())
                .anySatisfy(e -> assertThat(e.reason()).contains("longer than " + IngestLimits.MAX_LINE_CHARS));
        assertThat(r.rejected()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void anOverLongLineOfSpacesIsNotTakenForABlankLine(Format f) {
        String huge = " ".repeat(IngestLimits.MAX_LINE_CHARS + 10);
        ValidationReport r = report(f, huge.getBytes(StandardCharsets.UTF_8));
        assertThat(r.errors()).as("%s", f)
                .anySatisfy(e -> assertThat(e.reason()).contains("longer than " + IngestLimits.MAX_LINE_CHARS));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aLineOfBytesThatAreNotUtf8IsAnErrorOnItsLine(Format f) {
        // an overlong encoding of '/' and a lone continuation byte, where a blank line would be
        ValidationReport r = report(f, new byte[] {(byte) 0xC0, (byte) 0xAF, ' ', (byte) 0x80});
        assertThat(r.errors()).as("%s: %s", f, r.errors())
                .anySatisfy(e -> assertThat(e.reason()).contains("malformed UTF-8"));
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"JSONL", "PASSAGES_JSONL"})
    void aFileWhoseOnlyLineIsOverLongSaysSo(Format f) {
        byte[] only = ("{\"text\":\"" + "x".repeat(IngestLimits.MAX_LINE_CHARS) + "\"}\n").getBytes(StandardCharsets.UTF_8);
        try (IngestFile file = IngestFile.open(new ByteArrayInputStream(only), f.name, only.length, Optional.empty(),
                vocabulary, ProgressListener.NONE)) {
            file.items().forEach(p -> { });
            assertThat(file.report().errors()).singleElement().satisfies(e -> {
                assertThat(e.line()).isEqualTo(1);
                assertThat(e.reason()).contains("longer than");
            });
        }
    }

    /** The report of a file: header, a good line, the bad line, a good line. */
    private ValidationReport report(Format f, byte[] bad) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (f.header != null) {
            b.writeBytes((f.header + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (f == Format.PASSAGES_MD) {
            b.writeBytes((f.good + "\n").getBytes(StandardCharsets.UTF_8));
            b.writeBytes(bad);
            b.writeBytes(("\n" + f.good.replace("p-x", "p-y") + "\n").getBytes(StandardCharsets.UTF_8));
        } else {
            b.writeBytes((f.good + "\n").getBytes(StandardCharsets.UTF_8));
            b.writeBytes(bad);
            b.writeBytes(("\n" + f.good.replace("偏瘫", "失语") + "\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = b.toByteArray();
        try (IngestFile file = IngestFile.open(new ByteArrayInputStream(bytes), f.name, bytes.length, Optional.empty(),
                vocabulary, ProgressListener.NONE)) {
            List<Parsed<IngestItem>> items = file.items().toList();
            assertThat(items).as("%s: the good lines are still read", f).filteredOn(p -> p instanceof Parsed.Ok<IngestItem>)
                    .isNotEmpty();
            return file.report();
        }
    }
}
