package org.strokekg.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Direction;
import org.strokekg.rag.Frame.Focus;
import org.strokekg.rag.Frame.Setting;
import org.strokekg.search.EntityMention;

/**
 * Which of the entities a question names it is about ({@link FrameReader} asks once it has read the aspect cues): the
 * names of the stem ranked by how much the question is about them, with those named as the patient's past set apart;
 * then the other end the aspect is asked of, if any: the second thing compared or related, or the drug, treatment,
 * food or measure named of a condition (「脑梗死患者能吃阿司匹林吗」: the condition is the focus, the drug the other
 * end). Its own class because the rules of the choice are many and the rest of the frame only needs its result.
 */
final class FocusChoice {

    static final Set<String> CONDITIONS = Set.of("Disease", "Complication", "Symptom");
    static final Set<String> INTERVENTIONS = Set.of("Treatment", "Drug", "RehabMethod", "CareMeasure",
            "AssistiveDevice");
    /** Types a question names as a place or an office, not as what it asks about (unless it asks what it is). */
    private static final Set<String> NOT_FOCUS = Set.of("BodyPart", "Department");

    private final String text;
    private final QuestionShape shape;
    /** The entities named in the stem, as the frame keeps them (generic names left out). */
    private final List<EntityMention> inStem;
    /** The cue of the aspect asked first, or null where the question has none. */
    private final AspectCues.Found primary;

    FocusChoice(String text, QuestionShape shape, List<EntityMention> inStem, AspectCues.Found primary) {
        this.text = text;
        this.shape = shape;
        this.inStem = inStem;
        this.primary = primary;
    }

    /** An entity named in the stem and how much the question is about it. */
    record Scored(EntityMention mention, double score) {
    }

    /** The names that may be the focus, most asked about first, and the ids of those named as the patient's past. */
    record Ranked(List<Scored> scored, List<String> history) {
        Ranked {
            scored = List.copyOf(scored);
            history = List.copyOf(history);
        }

        /** The entities, most asked about first, each once. */
        List<Focus> order() {
            return distinct(scored.stream().map(Scored::mention).toList());
        }

        /** How many different entities may be the focus. */
        long entities() {
            return scored.stream().map(Scored::mention).map(EntityMention::entityId).distinct().count();
        }

        /** Of a case's names, the disease the question states as its diagnosis, not one of its findings nor its past. */
        Optional<Focus> statedDisease() {
            return scored.stream().filter(r -> r.mention().type().equals("Disease") && r.score() >= 4
                            && !history.contains(r.mention().entityId()))
                    .map(r -> distinct(List.of(r.mention())).getFirst()).findFirst();
        }
    }

    /** The focus, the other ends the aspect is asked of, and the aspect and direction as they decide. */
    record Ends(Optional<Focus> focus, List<Focus> others, Aspect aspect, Direction direction) {
        Ends {
            others = List.copyOf(others);
        }
    }

    /** The entities that may be the focus: named in the stem, not denied, ranked by how much the question is about them. */
    Ranked rank(Setting setting, List<Aspect> aspects, Optional<String> topic) {
        List<Scored> ranked = new ArrayList<>();
        List<String> history = new ArrayList<>();
        for (EntityMention m : inStem) {
            String before = text.substring(Math.max(shape.stemStart(), m.start() - 8), m.start());
            String after = text.substring(m.end(), Math.min(shape.stemEnd(), m.end() + 8));
            if (MentionContext.denied(before) || MentionContext.notAFocus(text, m,
                    setting == Setting.VIGNETTE || setting == Setting.IN_HOSPITAL)) {
                continue; // denied, a relative's illness (「其父患脑梗死」), a case's word that only nearly names it
            }
            boolean past = MentionContext.past(before, after);
            if (past) {
                history.add(m.entityId());
            }
            if (NOT_FOCUS.contains(m.type()) && !aspects.isEmpty() && aspects.getFirst() != Aspect.DEFINITION
                    && !(aspects.getFirst() == Aspect.SYMPTOMS && MentionContext.damagedSite(m.type(), after))) {
                continue; // 「一只眼睛看不见」 is not asking about the eye; 「内囊损伤后的表现」 asks about the capsule
            }
            boolean stated = (setting == Setting.VIGNETTE || setting == Setting.IN_HOSPITAL)
                    && MentionContext.stated(before);
            double sc = score(m, past, aspects.isEmpty() ? Aspect.OVERVIEW : aspects.getFirst())
                    + (stated ? 2 : 0) + (lastAsked(m) ? 0.3 : 0)
                    + (topic.filter(t -> t.equals("purpose")).isPresent() && !CONDITIONS.contains(m.type()) ? 2 : 0);
            ranked.add(new Scored(m, sc));
        }
        ranked.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(s -> s.mention().start()));
        return new Ranked(ranked, history);
    }

    /**
     * The other ends of the question once its aspect is read: a comparison's or relation's second entity (the focus
     * then the effect of a relation), or the intervention or food named of a condition for drugs, treatment, diet
     * and prevention (the aspect then follows the kind of thing named). {@code aspects} are all the aspects asked,
     * {@code order} the ranked entities.
     */
    Ends withOthers(Optional<Focus> focus, Aspect aspect, Direction direction, List<Aspect> aspects,
                    List<Focus> order) {
        List<Focus> others = new ArrayList<>();
        if ((aspect == Aspect.COMPARISON || aspect == Aspect.RELATION) && focus.isPresent()) {
            Focus first = focus.get();
            Aspect asked = aspect;
            Optional<Focus> second = order.stream().skip(1).filter(f -> comparable(f, first, asked)).findFirst();
            List<Focus> named = order.stream().sorted(Comparator.comparingInt(this::position)).toList();
            if (aspect == Aspect.RELATION && named.size() >= 3) {
                // 「脑出血和高血压、吸烟有什么关系」: the first named is related to each of the others
                focus = Optional.of(named.getFirst());
                others.addAll(named.subList(1, Math.min(3, named.size())));
            } else if (second.isPresent()) {
                others.add(second.get());
                if (aspect == Aspect.RELATION) {
                    // 「高血压会引起脑出血吗」: the focus is the effect, named after the verb; the other is the cause
                    Focus[] ends = effectFirst(focus.get(), second.get());
                    focus = Optional.of(ends[0]);
                    others.set(0, ends[1]);
                }
            } else {
                // one thing named: a relation question asks what it causes or what causes it, a comparison its types
                aspect = aspect == Aspect.RELATION ? Aspect.CAUSE : aspects.stream().skip(1).findFirst()
                        .orElse(Aspect.DIFFERENTIAL);
                direction = aspect == Aspect.CAUSE ? causeDirection(focus) : Direction.NONE;
            }
        } else if (aspect == Aspect.DRUGS || aspect == Aspect.TREATMENT || aspect == Aspect.DIET
                || aspect == Aspect.PREVENTION) {
            // 「脑梗死患者能吃阿司匹林吗」"can aspirin prevent stroke": the condition is the focus, the drug the other end
            Optional<Focus> condition = order.stream().filter(f -> CONDITIONS.contains(f.type())).findFirst();
            // a word that only nearly names a drug ("inhibitor" for ACEI) is not the drug a prevention question names
            boolean prevention = aspect == Aspect.PREVENTION;
            Optional<Focus> named = order.stream().filter(f -> INTERVENTIONS.contains(f.type()) || f.type().equals("Food"))
                    .filter(f -> !prevention || inStem.stream().noneMatch(m -> m.entityId().equals(f.id())
                            && m.how() == EntityMention.How.FUZZY)).findFirst();
            if (condition.isPresent() && named.isPresent() && inAsking(named.get())) {
                focus = condition;
                others.add(named.get());
                // the kind of thing asked about decides the aspect: a rehabilitation method is asked about as rehabilitation
                aspect = aspect == Aspect.PREVENTION ? aspect : switch (named.get().type()) {
                    case "RehabMethod" -> Aspect.REHABILITATION;
                    case "CareMeasure", "AssistiveDevice" -> Aspect.CARE;
                    case "Food" -> Aspect.DIET;
                    case "Drug" -> Aspect.DRUGS;
                    default -> aspect;
                };
            }
        }
        return new Ends(focus, others, aspect, direction);
    }

    /** The entities of these mentions, each once, in the order first named. */
    static List<Focus> distinct(List<EntityMention> mentions) {
        List<Focus> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (EntityMention m : mentions) {
            if (seen.add(m.entityId())) {
                out.add(new Focus(m.entityId(), m.type(), m.name(), m.surface()));
            }
        }
        return out;
    }

    /** How much the question is about this entity. */
    private double score(EntityMention m, boolean past, Aspect aspect) {
        double s = m.score();
        if (shape.inAsking(m.start())) {
            s += 2.5;
        }
        if (primary != null) {
            // 「X的症状」「治疗X」「what are the symptoms of X」: the entity right beside the cue
            int gap = m.end() <= primary.start() ? primary.start() - m.end() : m.start() - primary.end();
            if (gap >= 0 && gap <= 3) {
                s += 1.5;
            } else if (gap >= 0 && gap <= 12) {
                s += 0.5;
            }
        }
        if (past) {
            s -= 2.5;
        }
        s += typeFit(m.type(), aspect);
        return s;
    }

    /** Whether this type of entity is what the aspect is asked of: treatments are asked of conditions, not of drugs. */
    private static double typeFit(String type, Aspect aspect) {
        boolean condition = CONDITIONS.contains(type);
        return switch (aspect) {
            case SYMPTOMS, CAUSE, RISK, TREATMENT, DRUGS, PREVENTION, PROGNOSIS, REHABILITATION, CARE, DIET, TESTS,
                 DEPARTMENT, DIFFERENTIAL, WHAT_TO_DO_NOW, DAILY_LIFE ->
                    condition ? (type.equals("Symptom") ? 0.5 : type.equals("Disease") ? 1.2 : 1.0)
                            : type.equals("RiskFactor") ? 0.3 : -0.5;
            case DEFINITION, OVERVIEW, COMPARISON, RELATION, LESION_SITE, TCM -> 0;
        };
    }

    private static boolean comparable(Focus a, Focus b, Aspect aspect) {
        if (a.id().equals(b.id())) {
            return false;
        }
        return aspect == Aspect.RELATION || group(a.type()).equals(group(b.type()));
    }

    private static String group(String type) {
        return CONDITIONS.contains(type) ? "condition" : INTERVENTIONS.contains(type) ? "intervention" : type;
    }

    /** Of two entities in a relation question, the effect first: the one after the verb, else the disease. */
    private Focus[] effectFirst(Focus a, Focus b) {
        int pa = position(a);
        int pb = position(b);
        boolean verb = primary != null && primary.cue().pattern().pattern().contains("引起");
        if (verb) {
            boolean aAfter = pa >= primary.start();
            boolean bAfter = pb >= primary.start();
            if (aAfter != bAfter) {
                return aAfter ? new Focus[] {a, b} : new Focus[] {b, a};
            }
        }
        // 「脑梗死和高血压有什么关系」: the disease is the effect of a risk factor
        int ra = a.type().equals("Disease") ? 0 : 1;
        int rb = b.type().equals("Disease") ? 0 : 1;
        return rb < ra ? new Focus[] {b, a} : new Focus[] {a, b};
    }

    private Direction causeDirection(Optional<Focus> focus) {
        if (primary == null || focus.isEmpty()) {
            return Direction.TO_FOCUS;
        }
        // 「高血压会引起什么吗」: the focus named before the verb causes; after it, it is caused
        return position(focus.get()) < primary.start() ? Direction.FROM_FOCUS : Direction.TO_FOCUS;
    }

    private int position(Focus f) {
        return inStem.stream().filter(m -> m.entityId().equals(f.id())).mapToInt(EntityMention::start).min().orElse(0);
    }

    private boolean inAsking(Focus f) {
        return inStem.stream().anyMatch(m -> m.entityId().equals(f.id()) && shape.inAsking(m.start()));
    }

    /** Whether this is the last entity named where the question asks (a yes/no question names what it asks last). */
    private boolean lastAsked(EntityMention m) {
        if (!shape.inAsking(m.start())) {
            return false;
        }
        return inStem.stream().noneMatch(x -> shape.inAsking(x.start()) && x.start() > m.start());
    }
}
