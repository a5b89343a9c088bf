package org.strokekg.text;

import java.text.Normalizer;
import java.util.Objects;

/**
 * The two faces of every piece of text: a folded form for matching (names, aliases, questions, index keys) and a clean
 * form for display. Ingest, entity resolution, linking and the analyzers all fold with {@link #forMatching}, so a name
 * typed in either script, in full-width or in upper case finds the same entity.
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    /**
     * Folds text for matching: NFKC (full-width letters, digits and punctuation become ASCII, ㎎ becomes mg), traditional
     * and regional variant characters become simplified (腦梗塞 → 脑梗塞, 裡 → 里), lower case (Locale.ROOT rules, per
     * character), zero-width and other format or control characters removed, whitespace runs collapsed to one space and
     * trimmed. Idempotent. Plain ASCII or simplified text that is already folded comes back as the same instance.
     *
     * <p>The traditional→simplified step is built for matching, not reading: an ambiguous character always folds the
     * same way in both scripts (乾 → 干 unless OpenCC's phrase list says otherwise), so never show this form to a user;
     * use {@link ScriptConverter} for output.
     */
    public static String forMatching(String s) {
        return Folder.fold(Objects.requireNonNull(s, "text"));
    }

    /** {@link #forMatching} that also maps each folded char back to the span of the original text it came from. */
    public static MatchingText forMatchingWithOffsets(CharSequence s) {
        return Folder.foldWithOffsets(Objects.requireNonNull(s, "text"));
    }

    /**
     * Cleans text for display and storage, keeping the user's script and wording: NFC, control characters removed
     * (newline and tab kept), bidirectional override and isolate characters and the byte-order mark removed, trimmed.
     */
    public static String forDisplay(String s) {
        String nfc = Normalizer.normalize(Objects.requireNonNull(s, "text"), Normalizer.Form.NFC);
        StringBuilder sb = null;
        for (int i = 0; i < nfc.length(); i++) {
            char c = nfc.charAt(i);
            boolean drop = (Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t') || isBidiControl(c)
                    || c == '\uFEFF';
            if (drop && sb == null) {
                sb = new StringBuilder(nfc.length()).append(nfc, 0, i);
            } else if (!drop && sb != null) {
                sb.append(c);
            }
        }
        return (sb == null ? nfc : sb.toString()).strip();
    }

    /**
     * True when the text holds no control character (tabs and newlines included) and no bidirectional override or
     * isolate character: what a name, alias or type must satisfy.
     */
    public static boolean isControlFree(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.getType(c) == Character.CONTROL || isBidiControl(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                || c == '\u061C';
    }
}
