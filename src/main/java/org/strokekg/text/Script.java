package org.strokekg.text;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.strokekg.error.InvalidInputException;

/** The script an answer is written in, by its BCP 47 tag (request field {@code script}, env STROKEKG_OUTPUT_SCRIPT). */
public enum Script {
    /** Simplified Chinese (mainland). */
    HANS("zh-Hans"),
    /** Traditional Chinese, OpenCC's standard character forms, no regional vocabulary. */
    HANT("zh-Hant"),
    /** Traditional Chinese as written in Taiwan: Taiwan character forms and phrases (软件 → 軟體), like OpenCC s2twp. */
    HANT_TW("zh-Hant-TW"),
    /** Traditional Chinese as written in Hong Kong. */
    HANT_HK("zh-Hant-HK");

    private final String tag;

    Script(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    /**
     * The script with this tag, case-insensitive, {@code _} accepted for {@code -}.
     *
     * @param field the name of the request field or setting that carried the value, for the error
     * @throws InvalidInputException naming the field and listing the valid tags
     */
    public static Script parse(String field, String value) {
        if (value != null) {
            String wanted = value.strip().replace('_', '-');
            for (Script s : values()) {
                if (s.tag.equalsIgnoreCase(wanted)) {
                    return s;
                }
            }
        }
        throw new InvalidInputException(field, "unknown script '" + value + "'; valid values: "
                + Arrays.stream(values()).map(Script::tag).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return tag;
    }
}
