package org.strokekg.text;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import java.text.Normalizer;
import java.util.Locale;

/** Placeholder until the text package lands: NFKC, t2s, case folding, whitespace collapsed. */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    public static String forMatching(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
        return ZhConverterUtil.toSimple(n);
    }
}
