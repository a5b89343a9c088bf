package org.strokekg.rag;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Focus;
import org.strokekg.search.EntityMention;

/**
 * The test asked to tell one condition from another (「为鉴别其为蛛网膜下腔出血，还是化脓性脑膜炎，宜采用的主要方法是」):
 * the condition the question names first, after 鉴别, is the one whose tests answer it. The one named last stands next
 * to the asking words and would otherwise be chosen, though it is the alternative (and, from a crawl, may hold nothing
 * that may be stated).
 */
final class TellApart {

    /** 「鉴别(其)(为|是) X(，)还是 Y」: where X and Y are written. */
    private static final Pattern TELL_APART = Pattern.compile("(鉴别|鑑別|区分|區分)[^。？?；;]{0,20}?(还是|還是)");
    private static final Set<String> CONDITIONS = Set.of("Disease", "Complication");

    private TellApart() {
    }

    /** The frame with the first condition told apart as its focus, where a test is asked to tell two apart. */
    static Frame refine(Frame frame, String text, List<EntityMention> mentions) {
        if (frame.aspect() != Aspect.TESTS) {
            return frame;
        }
        Matcher m = TELL_APART.matcher(text);
        if (!m.find()) {
            return frame;
        }
        Optional<EntityMention> first = mentions.stream().filter(x -> CONDITIONS.contains(x.type())
                && x.start() >= m.start() && x.end() <= m.end()).findFirst();
        if (first.isEmpty() || frame.focus().filter(f -> f.id().equals(first.get().entityId())).isPresent()) {
            return frame;
        }
        EntityMention x = first.get();
        return frame.withFocus(new Focus(x.entityId(), x.type(), x.name(), x.surface()));
    }
}
