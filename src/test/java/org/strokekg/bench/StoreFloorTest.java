package org.strokekg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.GraphStats;
import org.strokekg.graph.GraphStore;
import org.strokekg.testing.TestGraph;

/** The ingest benchmark's floor: the graph read back through the driver and written again whole by Neo4j's Java API. */
class StoreFloorTest {

    @Test
    void writesTheGraphsShapeAgainIntoAFreshDatabase(@TempDir Path dir) {
        GraphStore store = TestGraph.store();
        GraphStats stats = new GraphQueries(store).stats();
        StoreFloor.Shape shape = StoreFloor.shapeOf(store);
        assertThat(shape.entities()).hasSize((int) stats.entities());
        assertThat(shape.relations()).hasSize((int) (stats.relations() + stats.retracted().get("relations")));
        assertThat(shape.passages()).hasSize((int) (stats.passages() + stats.retracted().get("passages")));

        StoreFloor.Result result = StoreFloor.measure(shape, dir, 64L << 20, 3);
        assertThat(result.entityCount()).isEqualTo(shape.entities().size());
        assertThat(result.relationCount()).isEqualTo(shape.relations().size());
        long mentions = shape.passages().stream().mapToLong(p -> p.mentions().length).sum();
        assertThat(result.nodesWritten()).isEqualTo(shape.entities().size() + shape.passages().size());
        assertThat(result.relationshipsWritten()).isEqualTo(shape.relations().size() + mentions);
        assertThat(result.relations()).isPositive();
        assertThat(result.bareRelations()).isPositive();
    }
}
