package org.strokekg.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strokekg.llm.LlmFixtures;

class Utf8StreamTest {

    @Test
    void streamingNeverSplitsACharacterWhenTokensDo() {
        // the tiny byte-level BPE knows few merges: these characters come out as 2-4 single-byte tokens each
        String text = "跌倒𠮷 康复🙂训练，naïve ½";
        try (HfTokenizer tok = HfTokenizer.load(LlmFixtures.model("qwen3-f32"))) {
            int[] ids = tok.encode(text);
            boolean someTokenSplitsACharacter = false;
            Utf8Stream stream = new Utf8Stream();
            List<String> pieces = new ArrayList<>();
            for (int id : ids) {
                byte[] b = tok.bytes(id);
                someTokenSplitsACharacter |= !new String(b, StandardCharsets.UTF_8).equals(
                        StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(b)).toString())
                        || Utf8Stream.completePrefix(b) != b.length;
                pieces.add(stream.push(b));
            }
            pieces.add(stream.flush());
            assertThat(someTokenSplitsACharacter).as("the sample exercises split characters").isTrue();
            assertThat(String.join("", pieces)).isEqualTo(text);
            for (String p : pieces) {
                assertThat(p).doesNotContain("\uFFFD");
                assertThat(p.isEmpty() || !Character.isLowSurrogate(p.charAt(0))).isTrue();
                assertThat(p.isEmpty() || !Character.isHighSurrogate(p.charAt(p.length() - 1))).isTrue();
            }
        }
    }

    @Test
    void anUnfinishedCharacterAtTheEndBecomesAReplacementCharacter() {
        Utf8Stream s = new Utf8Stream();
        byte[] kang = "康".getBytes(StandardCharsets.UTF_8);
        assertThat(s.push(new byte[] {kang[0], kang[1]})).isEmpty();
        assertThat(s.push(new byte[] {kang[2], 'a'})).isEqualTo("康a");
        assertThat(s.push(new byte[] {kang[0]})).isEmpty();
        assertThat(s.flush()).isEqualTo("\uFFFD");
    }
}
