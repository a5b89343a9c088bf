package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strokekg.graph.Entity;
import org.strokekg.trust.Trust;

/** Which passage sentence an evidence answer may quote. */
class RelevanceTest {

    private static final Entity STROKE = new Entity("e-stroke", "Disease", "脑卒中", List.of("中风", "卒中", "stroke"),
            "", List.of(), Trust.CURATED, Trust.CURATED, false);
    private static final Entity SPASTICITY = new Entity("e-spas", "Complication", "痉挛", List.of("spasticity"), "",
            List.of(), Trust.CURATED, Trust.CURATED, false);

    @Test
    void aSentenceThatOnlyNamesTheEntityDoesNotAnswerWhatIsSaidAboutIt() {
        Relevance r = new Relevance("中风后肩膀疼痛应该怎么处理", List.of(STROKE));
        String passage = "中风是急性脑血管病，起病急。偏瘫侧肩膀疼痛常见于中风后数月，可用肩托和被动活动缓解。";
        assertThat(r.bestSentence(passage)).contains("偏瘫侧肩膀疼痛常见于中风后数月，可用肩托和被动活动缓解。");
        assertThat(r.bestSentence("中风是急性脑血管病，起病急。中风的病因很多。")).isEmpty();
    }

    private static final Entity SHOULDER_PAIN = new Entity("e-hsp", "Complication", "偏瘫肩痛",
            List.of("肩痛", "肩膀疼痛"), "", List.of(), Trust.CURATED, Trust.CURATED, false);

    @Test
    void aSentenceNamingOnlyTheSettingDoesNotAnswerAQuestionAboutWhatFollows() {
        Relevance r = new Relevance("中风后肩膀疼痛应该怎么处理", List.of(STROKE, SHOULDER_PAIN));
        assertThat(r.bestSentence("怀疑中风时最重要的是快：立即拨打120。")).isEmpty();
        assertThat(r.bestSentence("这些简单措施能有效减少肩关节半脱位和肩痛。")).isPresent();
        // the setting with a word of what is asked still counts
        assertThat(r.bestSentence("中风后要尽早开始康复处理。")).isPresent();
        // a question about the stroke itself is answered by a sentence naming it
        assertThat(new Relevance("中风和肩痛有什么关系", List.of(STROKE, SHOULDER_PAIN))
                .bestSentence("中风是急性脑血管病。")).isPresent();
    }

    @Test
    void aShortQuestionAboutAnEntityIsAnsweredByASentenceNamingIt() {
        Relevance r = new Relevance("什么是痉挛", List.of(SPASTICITY));
        assertThat(r.bestSentence("痉挛是速度依赖的肌张力增高。")).contains("痉挛是速度依赖的肌张力增高。");
    }

    @Test
    void withoutAnEntityEnoughOfTheQuestionsWordsMustBeShared() {
        Relevance r = new Relevance("量子计算机怎么编程", List.of());
        assertThat(r.bestSentence("计算机辅助认知训练可改善注意力。")).isEmpty();
        assertThat(r.bestSentence("量子计算机的编程使用量子门电路。")).isPresent();
    }

    @Test
    void bothEntitiesNamedRankAboveOne() {
        Relevance r = new Relevance("中风后痉挛怎么办", List.of(STROKE, SPASTICITY));
        String passage = "中风后常见多种并发症。中风后痉挛可用肉毒毒素注射和牵伸训练。";
        assertThat(r.bestSentence(passage)).contains("中风后痉挛可用肉毒毒素注射和牵伸训练。");
    }

    @Test
    void anEnglishPassageIsQuotedOneSentenceAtATime() {
        Relevance r = new Relevance("How is spasticity treated after a stroke?", List.of(STROKE, SPASTICITY));
        String passage = "Spasticity is a velocity-dependent increase in muscle tone. Focal spasticity can be treated "
                + "with botulinum toxin injections combined with stretching, e.g. of the elbow flexors. Falls are common.";
        assertThat(r.bestSentence(passage)).contains("Focal spasticity can be treated with botulinum toxin injections "
                + "combined with stretching, e.g. of the elbow flexors.");
    }
}
