package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.strokekg.graph.Entity;
import org.strokekg.rag.Evidence.Quote;
import org.strokekg.rag.Frame.AgeGroup;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Patient;
import org.strokekg.search.PassageDoc;
import org.strokekg.search.PassageHit;
import org.strokekg.trust.Trust;

/**
 * The rules {@link PassageQuotes} reads on a passage as a whole rather than on one sentence: a passage about stroke
 * quotes, for an asker without a stroke, only its sentences that open with the focus; a passage for a child's question
 * must name children somewhere in its title or text. Each passage is read once however many sentences ask, so these
 * check that every sentence still gets the same answer: a stroke word in any sentence, or in the title, makes the
 * whole passage a stroke passage. The passages are the team's own.
 */
class PassageQuotesTest {

    private static final Entity SPRAIN = new Entity("e-sprain", "Disease", "踝关节扭伤", List.of(), "", List.of(),
            Trust.CURATED, Trust.CURATED, false);
    private static final String QUESTION = "踝关节扭伤怎么治疗";

    private static Frame frame(Patient patient) {
        return new Frame("zh", Optional.of(new Frame.Focus(SPRAIN.id(), SPRAIN.type(), SPRAIN.name(), SPRAIN.name())),
                List.of(), List.of(), Aspect.TREATMENT, Frame.Direction.FROM_FOCUS, Optional.empty(), List.of(),
                Frame.Setting.GENERAL, Optional.empty(), patient);
    }

    private static final Frame ADULT = frame(new Patient(AgeGroup.ADULT, Optional.empty(), false, List.of(), List.of()));
    private static final Frame CHILD = frame(new Patient(AgeGroup.CHILD, Optional.of(8), false, List.of(), List.of()));

    private static PassageHit hit(String id, String title, String text) {
        return new PassageHit(new PassageDoc(id, title, text, "src", List.of(SPRAIN.id()), "b", "t"), 1.0,
                OptionalInt.of(1), OptionalInt.empty(), false);
    }

    private static List<String> quoted(Frame frame, PassageHit hit) {
        return PassageQuotes.select(frame, Optional.of(SPRAIN), List.of(), QUESTION, List.of(SPRAIN), List.of(hit), 8,
                id -> List.of()).stream().map(Quote::sentences).flatMap(List::stream).toList();
    }

    private static final String OPENS_WITH_FOCUS = "踝关节扭伤早期应冰敷并抬高患肢治疗。";
    private static final String WITHOUT_FOCUS = "穿戴矫形器配合康复治疗，可把踝关节保持在中立位。";

    @Test
    void aPassageWithoutStrokeQuotesItsSentencesAboutTheFocus() {
        assertThat(quoted(ADULT, hit("p-plain", "足踝护理", OPENS_WITH_FOCUS + WITHOUT_FOCUS)))
                .containsExactly(OPENS_WITH_FOCUS, WITHOUT_FOCUS);
    }

    @Test
    void aStrokePassageQuotesOnlyWhatOpensWithTheFocusForAnAskerWithoutAStroke() {
        // the stroke word in the title, or in a sentence before or after: the whole passage is about stroke
        assertThat(quoted(ADULT, hit("p-title", "卒中后足下垂", OPENS_WITH_FOCUS + WITHOUT_FOCUS)))
                .containsExactly(OPENS_WITH_FOCUS);
        assertThat(quoted(ADULT, hit("p-after", "足踝护理", OPENS_WITH_FOCUS + WITHOUT_FOCUS + "这类矫形器也用于中风后的足下垂。")))
                .containsExactly(OPENS_WITH_FOCUS);
        assertThat(quoted(ADULT, hit("p-before", "足踝护理", "中风后常见足下垂。" + WITHOUT_FOCUS + OPENS_WITH_FOCUS)))
                .containsExactly(OPENS_WITH_FOCUS);
    }

    @Test
    void aChildIsQuotedOnlyPassagesThatNameChildrenAnywhere() {
        assertThat(quoted(CHILD, hit("p-adult", "足踝护理", OPENS_WITH_FOCUS + WITHOUT_FOCUS))).isEmpty();
        assertThat(quoted(CHILD, hit("p-child-title", "儿童足踝护理", OPENS_WITH_FOCUS + WITHOUT_FOCUS)))
                .containsExactly(OPENS_WITH_FOCUS, WITHOUT_FOCUS);
        assertThat(quoted(CHILD, hit("p-child-text", "足踝护理", OPENS_WITH_FOCUS + WITHOUT_FOCUS + "小儿同样适用。")))
                .contains(OPENS_WITH_FOCUS, WITHOUT_FOCUS);
    }
}
