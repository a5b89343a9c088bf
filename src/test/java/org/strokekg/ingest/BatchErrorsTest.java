package org.strokekg.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.testing.TestApp;

/** A batch's errors say which file and line they are on, and an id may not hold characters that are markup. */
class BatchErrorsTest {

    static Curation curation;

    @BeforeAll
    static void app() {
        curation = TestApp.app().curation();
    }

    @Test
    void aMultiFileBatchNamesTheFileOfEachError() {
        LoadInput entities = CurationTest.text("first.tsv", "type\tname\tsource\nSymptom\t多文件测试症状\tmulti-file test\n",
                Optional.empty());
        LoadInput passages = CurationTest.text("second.jsonl", "{\"id\":\"p-multi-file-test\",\"title\":\"t\","
                + "\"text\":\"多文件测试\",\"source\":\"s\",\"entities\":[\"no-such-entity-anywhere\"]}\n", Optional.empty());
        LoadResult r = curation.load(List.of(entities, passages), "tester", true, ProgressListener.NONE);
        assertThat(r.status()).isEqualTo(LoadResult.Status.REJECTED);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("second.jsonl");
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.reason()).contains("no-such-entity-anywhere");
        });
    }

    @Test
    void idsMayNotHoldQuotesBracketsOrUrlCharacters() {
        for (String id : List.of("a\"b", "a'b", "<b>", "a`b", "a\\b", "a/b", "a?b", "a#b", "a%b")) {
            LoadResult r = dryRun("id\ttype\tname\tsource\n" + id + "\tSymptom\tid测试\ts\n");
            assertThat(r.status()).as(id).isEqualTo(LoadResult.Status.REJECTED);
            assertThat(r.errors()).as(id).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("id");
                assertThat(e.reason()).contains("may not contain");
            });
        }
        assertThat(dryRun("id\ttype\tname\tsource\nsymptom-id-test_1.a:b\tSymptom\tid测试\ts\n").status())
                .isEqualTo(LoadResult.Status.DRY_RUN);
    }

    private static LoadResult dryRun(String entities) {
        return curation.load(List.of(CurationTest.text("ids.tsv", entities, Optional.empty())), "tester", true,
                ProgressListener.NONE);
    }
}
