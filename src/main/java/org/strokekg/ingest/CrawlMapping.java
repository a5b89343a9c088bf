package org.strokekg.ingest;

import java.util.List;

/**
 * What the crawl rules did with one kind of crawl value in a batch: the rule, what became of the values ({@code
 * association}: written as a neutral {@code ASSOCIATED_WITH}; {@code skipped}: not written), why, how many, and a few
 * examples ("脑出血: 血压高 → 高血压 (Disease)"). Listed in the load report; the rules are in ingest/MAPPINGS.md.
 */
public record CrawlMapping(String rule, String action, String why, long count, List<String> examples) {

    public CrawlMapping {
        examples = List.copyOf(examples);
    }
}
