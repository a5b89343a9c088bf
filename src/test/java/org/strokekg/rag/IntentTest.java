package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.strokekg.text.TextNormalizer;

/** What a question asks decides which relations answer it, in either script and in English. */
class IntentTest {

    static java.util.Set<Intent> of(String q) {
        return Intent.of(TextNormalizer.forMatching(q));
    }

    @Test
    void intentsFromWords() {
        assertThat(of("中风后手臂僵硬怎么办")).contains(Intent.TREATMENT);
        assertThat(of("中風後手臂僵硬怎麼辦")).contains(Intent.TREATMENT);
        assertThat(of("脑梗死和高血压有什么关系")).contains(Intent.CAUSE);
        assertThat(of("偏瘫患者在家怎么护理")).contains(Intent.CARE);
        assertThat(of("How is hemiplegia assessed?")).contains(Intent.DIAGNOSIS);
        assertThat(of("中风后吃什么药")).contains(Intent.TREATMENT).doesNotContain(Intent.FOOD);
        assertThat(of("中风后饮食要注意什么")).contains(Intent.FOOD);
    }

    @Test
    void weightsPreferTheAskedRelations() {
        var w = Intent.weights(java.util.EnumSet.of(Intent.TREATMENT));
        assertThat(w.get("TREATED_BY")).isGreaterThan(w.getOrDefault("HAS_SYMPTOM", 0.0));
        assertThat(Intent.weights(java.util.EnumSet.noneOf(Intent.class))).containsKey("SUBTYPE_OF");
    }
}
