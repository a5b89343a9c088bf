package org.strokekg.search;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Does bge's query instruction (为这个句子生成表示以用于检索相关文章：) help on our paraphrase set? Prints the dense rank of
 * the needed passage with and without it. Run with the test classpath (see docs/search.md).
 */
public final class InstructionBench {

    public static void main(String[] args) throws Exception {
        var model = Embeddings.bgeSmallZh();
        for (boolean instruction : new boolean[] {false, true}) {
            Path dir = Files.createTempDirectory("instr");
            try (PassageIndex ps = PassageIndex.open(dir, StrokeAnalyzer.withTerms(List.of()), model, instruction,
                    PassageIndex.SYNC_EMBED_MAX)) {
                ps.replaceAll(PassageFixtures.PASSAGES);
                double mrr = 0;
                int top1 = 0;
                StringBuilder ranks = new StringBuilder();
                for (PassageFixtures.Labelled l : PassageFixtures.PARAPHRASES) {
                    List<PassageHit> hits = ps.search(new PassageQuery(l.question(), Set.of(), 14, PassageQuery.Mode.DENSE));
                    int rank = 1 + hits.stream().map(h -> h.doc().id()).toList().indexOf(l.passageId());
                    mrr += rank > 0 ? 1.0 / rank : 0;
                    top1 += rank == 1 ? 1 : 0;
                    ranks.append(rank).append(' ');
                }
                System.out.printf("instruction=%s: dense top-1 %d/%d, MRR %.3f, ranks %s%n", instruction, top1,
                        PassageFixtures.PARAPHRASES.size(), mrr / PassageFixtures.PARAPHRASES.size(), ranks);
            }
        }
    }
}
