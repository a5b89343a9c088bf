package org.strokekg.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.strokekg.error.InvalidInputException;

class VocabularyTest {

    private final Vocabulary vocabulary = Vocabulary.builtIn();

    @Test
    void builtInHasTheSchemaTypesAndPredicates() {
        assertThat(vocabulary.isType("Disease")).isTrue();
        assertThat(vocabulary.isType("disease")).isFalse();
        assertThat(vocabulary.types()).hasSize(14);
        assertThat(vocabulary.predicate("HAS_SYMPTOM")).hasValueSatisfying(p -> {
            assertThat(p.domain()).containsExactly("Disease", "Complication");
            assertThat(p.zh()).isEqualTo("症状");
        });
        assertThat(vocabulary.predicate("HAS_CURE")).isEmpty();
    }

    @Test
    void groupsDecideCompatibility() {
        assertThat(vocabulary.group("RehabMethod")).isEqualTo("treatment");
        assertThat(vocabulary.compatible("Disease", "Complication")).isTrue();
        assertThat(vocabulary.compatible("Disease", "Drug")).isFalse();
        assertThat(vocabulary.compatible("Disease", "Nope")).isFalse();
        assertThatThrownBy(() -> vocabulary.group("Nope")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void allowedChecksDomainRangeAndSameGroup() {
        assertThat(vocabulary.allowed("HAS_SYMPTOM", "Disease", "Symptom")).isTrue();
        assertThat(vocabulary.allowed("HAS_SYMPTOM", "Drug", "Symptom")).isFalse();
        assertThat(vocabulary.allowed("HAS_SYMPTOM", "Disease", "Drug")).isFalse();
        assertThat(vocabulary.allowed("SUBTYPE_OF", "Disease", "Complication")).isTrue();
        // both in SUBTYPE_OF's domain and range, but a drug is no kind of disease
        assertThat(vocabulary.allowed("SUBTYPE_OF", "Drug", "Disease")).isFalse();
        assertThat(vocabulary.allowed("NO_SUCH", "Disease", "Disease")).isFalse();
    }

    @Test
    void extensionFileAddsATypeAndAPredicate() throws Exception {
        Vocabulary extended;
        try (InputStream in = getClass().getResourceAsStream("/ingest/vocabulary-extension.json")) {
            extended = vocabulary.extendedWith(in, "vocabulary-extension.json");
        }
        assertThat(extended.predicate("GENETIC_RISK_OF")).isPresent();
        assertThat(extended.allowed("GENETIC_RISK_OF", "Gene", "Disease")).isTrue();
        assertThat(extended.group("Gene")).isEqualTo("gene");
        assertThat(extended.sources()).hasSize(2);
        // immutable: the base vocabulary is unchanged
        assertThat(vocabulary.predicate("GENETIC_RISK_OF")).isEmpty();
    }

    @Test
    void extensionMayNotRedefineOrUseUnknownTypes() {
        assertThatThrownBy(() -> extend("{\"types\":{\"Disease\":{\"group\":\"x\"}}}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("already defined");
        assertThatThrownBy(() -> extend("{\"predicates\":{\"HAS_SYMPTOM\":{\"domain\":[\"Disease\"],\"range\":[\"Symptom\"]}}}"))
                .hasMessageContaining("already defined");
        assertThatThrownBy(() -> extend("{\"predicates\":{\"TREATS\":{\"domain\":[\"Gene\"],\"range\":[\"Disease\"]}}}"))
                .hasMessageContaining("unknown type Gene");
        // names reach Cypher as labels: only safe identifiers pass
        assertThatThrownBy(() -> extend("{\"predicates\":{\"X`) DETACH DELETE n //\":{\"domain\":[\"Disease\"],\"range\":[\"Disease\"]}}}"))
                .hasMessageContaining("UPPER_SNAKE_CASE");
        assertThatThrownBy(() -> extend("{\"typez\":{}}")).hasMessageContaining("unknown key");
    }

    private Vocabulary extend(String json) {
        return vocabulary.extendedWith(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "ext.json");
    }
}
