package org.strokekg.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.search.EntityMention;
import org.strokekg.text.TextNormalizer;

/**
 * Questions that only mention a hub (脑卒中, 脑血管病, "stroke") while asking something else, read in the frame stage.
 * Two rules:
 * <ul>
 * <li><b>Asked of the hub, but not what it is.</b> A question whose only named thing is the hub and that asks nothing
 * the frame recognises, yet says much more than the name ("Chewing stroke starts from?", a corpus-callosum syndrome,
 * a CRP cohort study, a case asking a pneumonia's pathogen), or a health-services question (whether care is adequate,
 * what explains variations in an operation's use), gets {@code frame.topic} = {@value #UNASKED}: the answer says the
 * knowledge base holds nothing that answers it, instead of the hub's definition, types and symptoms, which nobody
 * asked. A question that asks what the hub is, or asks about it in general (「脑卒中」「中风是怎么回事」"What is a
 * stroke?", "tell me about stroke"), keeps the overview.</li>
 * <li><b>The two stroke types by their umbrella words.</b> 「出血性与缺血性脑血管疾病」 (the first noun left out), or
 * 「出血性脑血管病」 beside 「缺血性脑血管病」, name the two types of stroke compared: they are linked as 出血性脑卒中 and 脑梗死
 * (their names in the graph), so 「…的鉴别…辅助检查」 is answered by the tests of the two types, not by the
 * umbrella's recognition scales.</li>
 * </ul>
 */
final class HubQuestion {

    /** {@code frame.topic} of an overview frame whose question asks something the knowledge base does not hold. */
    static final String UNASKED = "unasked";

    /** The hubs: the umbrella names a question may mention only as its setting. */
    private static final Set<String> HUBS = Set.of("脑卒中", "脑血管病", "卒中", "中风", "stroke", "cerebrovascular disease");
    /** Words that ask about a thing in general: with nothing else, the overview is what is asked. */
    private static final Pattern GENERAL_ZH = Pattern.compile("请问|请|我想|想|知道|了解|介绍|一下|关于|有关|相关|什么|是|啥|"
            + "怎么回事|怎么样|怎样|如何|的|吗|呢|吧|呀|啊|和|与|及|病|疾病|知识|资料|问题|一些|哪些|有|叫|这|那|个|种");
    private static final Set<String> GENERAL_EN = Set.of("what", "whats", "is", "are", "was", "a", "an", "the", "about",
            "tell", "me", "please", "of", "on", "in", "explain", "information", "info", "know", "learn", "define",
            "definition", "mean", "means", "meaning", "overview", "want", "to", "do", "does", "can", "you", "give",
            "some", "more", "general", "from", "it", "its", "this", "that", "and", "or", "i", "we", "my", "disease",
            "diseases", "facts", "basics");
    /** A health-services or care-quality question: the knowledge base holds no data on how care is delivered. */
    private static final Pattern HEALTH_SERVICES = Pattern.compile("\\badequate (stroke )?care\\b|\\breceive (adequate|"
            + "appropriate|optimal|equal)\\b|\\bquality of (stroke )?care\\b|\\bvariations? in (the )?(use|rates?|utili[sz]ation)"
            + "\\b|\\bexplained by\\b|\\bdisparit(y|ies)\\b|\\butili[sz]ation\\b|\\bunderuse\\b|\\boveruse\\b|医疗质量|"
            + "服务利用|利用率的?差异|地区差异|是否得到(充分|适当|合理)的?(治疗|照护|护理)");
    /** 「出血性与缺血性脑血管疾病」: the two types with the noun said once. */
    private static final Pattern BOTH = Pattern.compile("(出血性|缺血性)(与|和|及|或|、)(出血性|缺血性)(脑血管(疾)?病|脑卒中|卒中|中风)");
    /** 「出血性脑血管病」: one type by the umbrella noun. */
    private static final Pattern ONE = Pattern.compile("(出血性|缺血性)(脑血管(疾)?病)");

    private HubQuestion() {
    }

    /**
     * Whether an overview frame's question asks something other than what its hub focus is ({@link #UNASKED}), or a
     * health-services question whatever its focus.
     *
     * @param stem the question's stem (options left out)
     * @param names the surfaces of the entities linked in it
     * @param otherNamed whether it names (not only nearly) something beside the hub: then that is what it asks about
     */
    static boolean unasked(String stem, Optional<Frame.Focus> focus, Frame.Aspect aspect, boolean noCue,
                           Frame.Setting setting, List<String> names, boolean otherNamed) {
        if (focus.isEmpty()) {
            return false;
        }
        String lower = TextNormalizer.forMatching(stem).toLowerCase(Locale.ROOT);
        if (HEALTH_SERVICES.matcher(lower).find()) {
            return true;
        }
        if (aspect != Frame.Aspect.OVERVIEW || !noCue || !hub(focus.get()) || otherNamed) {
            return false;
        }
        if (setting == Frame.Setting.VIGNETTE) {
            return true; // a case that asks nothing the frame reads: its hub's overview answers no sub-question
        }
        return substantial(lower, names);
    }

    static boolean hub(Frame.Focus f) {
        return hubName(f.name());
    }

    static boolean hubName(String name) {
        return HUBS.contains(name) || HUBS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** What the question says beside the names it links and the words that ask in general. */
    static boolean substantial(String lower, List<String> names) {
        String rest = lower;
        for (String n : names.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            rest = rest.replace(TextNormalizer.forMatching(n).toLowerCase(Locale.ROOT), " ");
        }
        String zh = GENERAL_ZH.matcher(rest.replaceAll("[^\\p{IsIdeographic}]", "")).replaceAll("");
        if (zh.codePointCount(0, zh.length()) >= 3) {
            return true;
        }
        long words = java.util.Arrays.stream(rest.replaceAll("\\p{IsIdeographic}", " ").split("[^a-z]+"))
                .filter(w -> w.length() >= 3 && !GENERAL_EN.contains(w)).count();
        return words >= 1;
    }

    /**
     * The mentions with 「出血性/缺血性脑血管病」 read as the two stroke types: each span linked by the type's name
     * (through {@code link}, so the graph decides the entity), mentions inside a span replaced.
     */
    static List<EntityMention> withStrokeTypes(String text, List<EntityMention> mentions,
                                               Function<String, List<EntityMention>> link) {
        String folded = TextNormalizer.forMatching(text);
        if (folded.length() != text.length()) {
            return mentions; // spans are read on the folded text: only where it keeps the offsets
        }
        List<int[]> spans = new ArrayList<>(); // start, end, 0 bleed / 1 infarct
        Matcher both = BOTH.matcher(folded);
        while (both.find()) {
            spans.add(new int[] {both.start(1), both.end(1), type(both.group(1))});
            spans.add(new int[] {both.start(3), both.end(), type(both.group(3))});
        }
        Matcher one = ONE.matcher(folded);
        while (!spans.isEmpty() && one.find()) { // one type alone by the umbrella word stays the umbrella
            int s = one.start();
            if (spans.stream().noneMatch(x -> s < x[1] && one.end() > x[0])) {
                spans.add(new int[] {s, one.end(), type(one.group(1))});
            }
        }
        if (spans.isEmpty()) {
            return mentions;
        }
        List<EntityMention> out = new ArrayList<>(mentions);
        for (int[] sp : spans) {
            String name = sp[2] == 0 ? "出血性脑卒中" : "脑梗死";
            Optional<EntityMention> typed = link.apply(name).stream().filter(m -> m.name().equals(name)).findFirst();
            if (typed.isEmpty()) {
                continue;
            }
            out.removeIf(m -> m.start() < sp[1] && m.end() > sp[0]);
            EntityMention x = typed.get();
            out.add(new EntityMention(x.entityId(), x.type(), x.name(), text.substring(sp[0], sp[1]), sp[0], sp[1],
                    EntityMention.How.ALIAS, 0.9));
        }
        out.sort(Comparator.comparingInt(EntityMention::start));
        return out;
    }

    private static int type(String word) {
        return word.startsWith("出血") ? 0 : 1;
    }
}
