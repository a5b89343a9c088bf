package org.strokekg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.strokekg.testing.TestApp;

/**
 * The reliability benchmarks, short, in CI: {@code bench kill} kills an ingest and an undo with SIGKILL and finds no
 * half-written batch and search in step with the graph; {@code bench soak} against the test server counts no error.
 * The full runs (8 + 6 kills, 64 connections for 60 s) are in docs/security.md.
 */
class BenchSecurityTest {

    @Test
    void aKilledIngestAndAKilledUndoLeaveNoPartialBatch() {
        CliTest.Run r = CliTest.run("bench", "kill", "--ingest-rounds", "1", "--undo-rounds", "1", "--triples", "1000");
        System.out.println(r.out());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("2 rounds (1 ingest, 1 undo): 0 violations");
    }

    @Test
    void aShortSoakAgainstTheServerCountsNoError() {
        CliTest.Run r = CliTest.run("bench", "soak", "--url", TestApp.baseUrl(), "--key", TestApp.CURATOR_KEY,
                "--pid", String.valueOf(ProcessHandle.current().pid()), "--connections", "8", "--seconds", "6",
                "--write-every", "1");
        System.out.println(r.out());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("errors 0").contains("write: load").contains("write: undo").contains("answer")
                .containsPattern("resident memory: start \\d+ MiB, middle \\d+ MiB, end \\d+ MiB");
    }
}
