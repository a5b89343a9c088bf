package org.strokekg.rag;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.graph.Entity;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.search.EntityMention;
import org.strokekg.text.TextNormalizer;

/**
 * A question whether a person with a condition may eat or drink one named thing (「高血压患者能吃柿子吗」「高血压可以喝
 * 菊花茶吗」"can people with diabetes eat grapes?"). It asks the condition's diet, nothing else: its drugs and its
 * definition answer other questions. The frame's aspect becomes {@link Aspect#DIET} and its {@link Frame#topic} the
 * food as the question wrote it, so that the answer can say first when the knowledge base says nothing of that food for
 * this condition (「知识库中没有关于柿子是否适合高血压患者的资料」) before the diet it does hold.
 *
 * <p>Precision first: the named thing must read as a food, not a drug — a linked drug or treatment keeps the question a
 * drug question, as does a name with a drug's word or ending (尼美舒利, 西地那非, …片, …胶囊).
 */
final class FoodAsked {

    private static final Set<String> CONDITIONS = Set.of("Disease", "Complication", "Symptom");
    /** 「能吃柿子吗」「可以喝菊花茶吗」「适合吃芝麻吗」. */
    private static final Pattern MAY_EAT = Pattern.compile("(能|可以|可不可以|能不能|能否|可否|适合|适宜|宜)(多)?(吃|喝|食用|饮用)(点|些)?"
            + "([\\p{IsHan}a-z]{1,8}?)(吗|么|嘛|呢|没|不|$|[？?，,。！!])");
    /** 「高血压猕猴桃能不能吃」: the food before the verb. */
    private static final Pattern EAT_AFTER = Pattern.compile("([\\p{IsHan}]{1,10}?)(能不能|可不可以|能否|可否|可以|能)(吃|喝|食用)(吗|么|嘛|$|[？?，,。！!])");
    /** "can people with diabetes eat grapes", "is it safe to drink coffee". */
    private static final Pattern MAY_EAT_EN = Pattern.compile("\\b(?:can|may|should)\\b[a-z ]{1,40}?\\b(?:eat|drink|have)\\s+"
            + "([a-z][a-z -]{1,30}?)\\s*(?:\\?|$|\\bif\\b|\\bwith\\b|\\bwhen\\b|\\bafter\\b|\\bwhile\\b)|\\b(?:ok|okay|safe|good|"
            + "fine)\\s+to\\s+(?:eat|drink)\\s+([a-z][a-z -]{1,30}?)\\s*(?:\\?|$|\\bif\\b|\\bwith\\b)");
    /** What a drug's name or a general word reads as: not a food. */
    private static final Pattern NOT_FOOD = Pattern.compile("药|片|胶囊|丸|颗粒|注射|针|冲剂|口服液|膏|散$|剂|素$|(普利|沙坦|地平|洛尔|他汀"
            + "|西林|霉素|唑|胺|酮|利|林|非|宁|定|松|尔|汀|韦|芬|平|他|尼|抗|星|坦|嗪|醇|酯|碱)$|什|哪|啥|怎|不|知|还|这|那|想|要|会|是|你|我|东西|多少|几|了|的|饭|食物|中药|西药|保健品"
            + "|\\b(drugs?|medicines?|medications?|pills?|tablets?|anything|something|what|it|this|that)\\b");
    /** An English article before the food. */
    private static final Pattern EN_STOP = Pattern.compile("^(a |an |the |some |any )");

    private FoodAsked() {
    }

    /**
     * The frame for a food asked of a condition: aspect {@code DIET}, the food as its topic, no drug, treatment,
     * definition or overview aspect beside it; the frame unchanged for any other question.
     */
    static Frame refine(Frame frame, String text, List<EntityMention> mentions) {
        if (frame.focus().filter(f -> CONDITIONS.contains(f.type())).isEmpty() || frame.unknownSubject().isPresent()
                || !Set.of(Aspect.DIET, Aspect.DRUGS, Aspect.TREATMENT, Aspect.OVERVIEW, Aspect.DEFINITION,
                        Aspect.PREVENTION, Aspect.CARE).contains(frame.aspect())
                || frame.setting() == Frame.Setting.VIGNETTE
                || frame.others().stream().anyMatch(o -> !o.type().equals("Food"))) {
            return frame;
        }
        Optional<String> food = term(text, mentions, frame.english());
        if (food.isEmpty()) {
            return frame;
        }
        // the other aspects a food question's words raise (「能吃…吗」 reads as a drug cue): not asked
        List<Aspect> more = new ArrayList<>(frame.moreAspects().stream().filter(a -> !Set.of(Aspect.DRUGS,
                Aspect.TREATMENT, Aspect.OVERVIEW, Aspect.DEFINITION, Aspect.DIET).contains(a)).toList());
        return frame.withDiet(food.get(), more);
    }

    /** The food or drink the question asks about, as written; empty when it asks none or names a drug. */
    static Optional<String> term(String text, List<EntityMention> mentions, boolean english) {
        String folded = TextNormalizer.forMatching(text);
        List<String> found = new ArrayList<>();
        if (english) {
            Matcher m = MAY_EAT_EN.matcher(folded.toLowerCase(Locale.ROOT));
            if (m.find()) {
                String t = (m.group(1) != null ? m.group(1) : m.group(2)).strip();
                found.add(EN_STOP.matcher(t).replaceFirst(""));
            }
        } else {
            Matcher m = MAY_EAT.matcher(folded);
            if (m.find()) {
                found.add(m.group(5));
            }
            Matcher b = EAT_AFTER.matcher(folded);
            if (b.find()) {
                found.add(b.group(1));
            }
        }
        for (String raw : found) {
            String t = withoutNames(raw, mentions, folded);
            if (t.length() >= (english ? 3 : 1) && !NOT_FOOD.matcher(t).find()
                    && mentions.stream().noneMatch(m -> !m.type().equals("Food") && !CONDITIONS.contains(m.type())
                            && !m.type().equals("RiskFactor") && TextNormalizer.forMatching(m.surface()).contains(t))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The span without the condition and patient words before the food (「高血压猕猴桃」 → 猕猴桃, 「糖尿病人」 …), as
     * the question wrote the food.
     */
    private static String withoutNames(String span, List<EntityMention> mentions, String folded) {
        String t = span;
        for (EntityMention m : mentions) {
            if (m.type().equals("Food")) {
                continue; // a food the graph holds is the food asked
            }
            String s = TextNormalizer.forMatching(m.surface());
            int i = s.isEmpty() ? -1 : t.lastIndexOf(s);
            if (i >= 0) {
                t = t.substring(i + s.length());
            }
        }
        t = t.replaceFirst("^(的|患者|病人|病|者|朋友|老人|妈妈|爸爸|我|他|她|还|也|就|又|再|经常|每天|平时|多|一点|一些|点|些)+", "");
        return t.replaceAll("(吗|么|嘛|呢)$", "").strip();
    }

    /**
     * Whether the knowledge base's diet facts name the food asked (猕猴桃 is not 新鲜水果; 水果 and 白酒 are, by
     * name or alias).
     */
    static boolean named(String food, List<Entity> foods) {
        String key = TextNormalizer.forMatching(food).toLowerCase(Locale.ROOT);
        for (Entity e : foods) {
            List<String> names = new ArrayList<>(e.aliases());
            names.add(e.name());
            for (String n : names) {
                String k = TextNormalizer.forMatching(n).toLowerCase(Locale.ROOT);
                if (!k.isEmpty() && !key.isEmpty() && (k.length() >= 2 && key.contains(k) || k.contains(key))) {
                    return true;
                }
            }
        }
        return false;
    }
}
