package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The unreviewed label opens every sentence of a text quoted whole, in either language, line breaks folded. */
class TrustGateTest {

    @Test
    void everySentenceOfAnUnreviewedTextIsLabelled() {
        assertThat(TrustGate.labelEach("乙肝：乙肝是一种传染病。可经血液传播！\n母婴也可传播[3]。", false))
                .isEqualTo("（未经审核）乙肝：乙肝是一种传染病。（未经审核）可经血液传播！（未经审核）母婴也可传播[3]。");
        assertThat(TrustGate.labelEach("Hepatitis B: a viral infection. It spreads by blood [2].", true))
                .isEqualTo("(Unreviewed) Hepatitis B: a viral infection. (Unreviewed) It spreads by blood [2].");
    }
}
