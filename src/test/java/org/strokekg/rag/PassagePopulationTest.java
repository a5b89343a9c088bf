package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.strokekg.rag.Frame.AgeGroup;
import org.strokekg.rag.Frame.Patient;
import org.strokekg.search.PassageDoc;
import org.strokekg.trust.Trust;

/**
 * A passage written for one group of patients is quoted only for a question about that group: the group is the
 * passage's {@code population} where it has one, whatever its title says, and read from the title where it has none
 * (a crawled passage).
 */
class PassagePopulationTest {

    static final Frame ANYONE = Frame.unread("zh");
    static final Frame OLDER = new Frame("zh", Optional.empty(), List.of(), List.of(), Frame.Aspect.CAUSE,
            Frame.Direction.TO_FOCUS, Optional.empty(), List.of(), Frame.Setting.GENERAL, Optional.empty(),
            new Patient(AgeGroup.OLDER_ADULT, Optional.of(76), false, List.of(), List.of()));

    static PassageDoc passage(String title, String population) {
        return new PassageDoc("p-x", title, "正文", "src", List.of(), "b", "t", "zh", "", population, Trust.CURATED);
    }

    @Test
    void theFieldDecidesWhereAPassageHasOne() {
        // a title that names no group: the field alone says it is for children
        PassageDoc child = passage("小孩口角歪了是卒中吗", "child");
        assertThat(PassagePopulation.fits(child, ANYONE, "脑梗死的原因是什么")).isFalse();
        assertThat(PassagePopulation.fits(child, ANYONE, "儿童卒中的原因是什么")).isTrue();
        // a title that names a group the field does not: the field wins
        PassageDoc forAll = passage("儿童也会发生卒中", "young-adult");
        assertThat(PassagePopulation.fits(forAll, ANYONE, "脑梗死的原因是什么")).isTrue();
        assertThat(PassagePopulation.fits(forAll, OLDER, "脑梗死的原因是什么")).isFalse();
        PassageDoc pregnancy = passage("抗栓药物选择", "pregnancy");
        assertThat(PassagePopulation.fits(pregnancy, ANYONE, "卒中后怎么选抗栓药")).isFalse();
        assertThat(PassagePopulation.fits(pregnancy, ANYONE, "怀孕期间卒中后怎么选抗栓药")).isTrue();
    }

    @Test
    void theTitleDecidesWhereAPassageHasNone() {
        assertThat(PassagePopulation.fits(passage("儿童卒中的常见原因", ""), ANYONE, "脑梗死的原因是什么")).isFalse();
        assertThat(PassagePopulation.fits(passage("孕期卒中后的抗栓药物选择", ""), ANYONE, "卒中后怎么选抗栓药"))
                .isFalse();
        assertThat(PassagePopulation.fits(passage("青年卒中的病因和检查", ""), OLDER, "脑梗死的原因是什么")).isFalse();
        assertThat(PassagePopulation.fits(passage("青年卒中的病因和检查", ""), ANYONE, "脑梗死的原因是什么")).isTrue();
        assertThat(PassagePopulation.fits(passage("小孩口角歪了是卒中吗", ""), ANYONE, "脑梗死的原因是什么")).isTrue();
    }
}
