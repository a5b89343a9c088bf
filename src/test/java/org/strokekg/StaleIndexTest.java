package org.strokekg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.graph.BatchStamp;
import org.strokekg.ingest.LoadInput;
import org.strokekg.ingest.LoadResult;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.server.Readiness;
import org.strokekg.testing.TestApp;

/**
 * The start-up check finds an index that missed a change which left every count as it was: an alias-only batch
 * written by another process while this data directory's indexes were closed. Its stamp differs, so it is rebuilt.
 */
class StaleIndexTest {

    @Test
    void anAliasOnlyBatchWrittenElsewhereIsFoundAtStart(@TempDir Path dir) throws Exception {
        TestApp.app();
        Path mine = dir.resolve("mine");
        Path other = dir.resolve("other");
        String alias = "陈旧索引测试别名";
        try (StrokeKg kg = open(mine)) {
            // the data directory is its owner's only, whatever the umask
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(mine)))
                    .isEqualTo("rwx------");
            assertThat(kg.entityIndex().graphStamp()).contains(BatchStamp.current(kg.store()).toString());
            assertThat(found(kg, alias)).isFalse();
        }
        Path file = dir.resolve("alias.tsv");
        Files.writeString(file, "canonical\talias\ttype\tsource\n脑卒中\t" + alias + "\tDisease\tstale index test\n",
                StandardCharsets.UTF_8);
        String batch;
        long entities;
        try (StrokeKg kg = open(other)) {
            entities = kg.graph().stats().entities();
            LoadResult r = kg.curation().load(List.of(LoadInput.of(file, Optional.empty())), "tester", false,
                    ProgressListener.NONE);
            assertThat(r.status()).isEqualTo(LoadResult.Status.COMMITTED);
            batch = r.batchId();
            assertThat(kg.graph().stats().entities()).as("an alias changes no count").isEqualTo(entities);
        }
        try (StrokeKg kg = open(mine)) {
            assertThat(kg.entityIndex().count()).isEqualTo(entities);
            assertThat(found(kg, alias)).as("the index was rebuilt at start").isTrue();
            assertThat(kg.passageIndex().graphStamp()).contains(BatchStamp.current(kg.store()).toString());
            kg.curation().undo(batch, "tester");
            assertThat(found(kg, alias)).isFalse();
        }
    }

    private static StrokeKg open(Path dataDir) {
        return StrokeKg.open(TestApp.config(Map.of("STROKEKG_DATA_DIR", dataDir.toString())), new Readiness());
    }

    private static boolean found(StrokeKg kg, String alias) {
        return kg.entityIndex().search(alias, Optional.empty(), 5).stream()
                .anyMatch(h -> h.entity().aliases().contains(alias));
    }
}
