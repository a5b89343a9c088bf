package org.strokekg.text;

import java.util.List;
import java.util.Objects;

/**
 * The notice that leads an answer when a question describes stroke warning signs ({@link Level#URGENT}) or asks what
 * they are ({@link Level#INFO}). The Chinese message is in simplified script; convert it with {@link ScriptConverter}.
 *
 * @param signs the signs found in the question, in BE-FAST order; empty for a general question about signs
 * @param source where the advice comes from
 */
public record EmergencyNotice(Level level, List<WarningSign> signs, String messageZh, String messageEn, String source) {

    public enum Level {
        /** The question describes signs happening now or just now: call emergency services at once. */
        URGENT,
        /** The question asks about warning signs in general: the answer lists them, the notice says what to do. */
        INFO
    }

    public EmergencyNotice {
        Objects.requireNonNull(level, "level");
        signs = List.copyOf(signs);
        Objects.requireNonNull(messageZh, "messageZh");
        Objects.requireNonNull(messageEn, "messageEn");
        Objects.requireNonNull(source, "source");
    }
}
