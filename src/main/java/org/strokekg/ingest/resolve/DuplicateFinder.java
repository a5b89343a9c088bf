package org.strokekg.ingest.resolve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.strokekg.error.InvalidInputException;
import org.strokekg.graph.EntityProfiles;
import org.strokekg.graph.EntityProfiles.Profile;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.Vocabulary;
import org.strokekg.text.TextNormalizer;

/**
 * The duplicates report: pairs of entities of one type group that may be one concept, each with a score and the
 * evidence. Only names give a pair; the neighbourhood only strengthens or weakens one.
 *
 * <ul>
 *   <li>same name after normalisation (script, width, case): 1.0</li>
 *   <li>the name of one is an alias of the other: 0.9</li>
 *   <li>a shared alias: 0.7 (+0.1 for each further one); a shared Latin abbreviation of at most 3 letters: 0.4,
 *       abbreviations name many things (AF, ICH)</li>
 *   <li>one name is the other plus a bracketed abbreviation (血清铁 / 血清铁（Fe）): 0.8; a bracketed Chinese qualifier
 *       or a variant number (墨鱼 / 墨鱼(干), 手术治疗 / 手术治疗(脑起搏器植入), X(Ⅰ)) is only containment</li>
 *   <li>one name is the other plus a suffix that adds no meaning in its type group (高血压 / 高血压病, 肥胖 / 肥胖症,
 *       胎儿镜 / 胎儿镜检查): 0.55; lower where a suffix often does change the meaning: a syndrome may be broader
 *       (肾病 / 肾病综合征: 0.45), a two-character name may become another word (脚气, athlete's foot / 脚气病,
 *       beriberi: 0.4), and across types of the group (糖尿, a sign, is not 糖尿病: 0.35)</li>
 *   <li>one name contains the other otherwise: 0.2. A modifier usually names a narrower or different concept
 *       (偏瘫 / 小儿急性偏瘫, 中风 / 太阳中风, 脑梗死 / 脑梗死后遗症), so containment alone stays below the default
 *       threshold; the shorter name must have 2 or more characters (4 Latin letters, whole words) and not be a generic
 *       word (出血, 疼痛…)</li>
 *   <li>shared neighbours (same relation, same direction, same other entity; hub relations left out):
 *       +0.3 × Jaccard × min(1, shared / 5), when at least 2 are shared: small neighbourhoods prove little</li>
 *   <li>a relation between the two (SUBTYPE_OF, COMPLICATION_OF…): −0.3, the graph states a fact between two concepts</li>
 * </ul>
 * Shared characters alone are no signal: 脑出血 / 脑梗死 and 偏瘫 / 截瘫 never pair.
 */
public final class DuplicateFinder {

    public static final double DEFAULT_MIN_SCORE = 0.5;

    static final double SAME_NAME = 1.0;
    static final double NAME_IS_ALIAS = 0.9;
    static final double SHARED_ALIAS = 0.7;
    static final double SHARED_ABBREVIATION = 0.4;
    static final double BRACKETED = 0.8;
    static final double GENERIC_SUFFIX = 0.55;
    static final double SYNDROME_SUFFIX = 0.45;
    static final double SHORT_ROOT_SUFFIX = 0.4;
    static final double GENERIC_SUFFIX_OTHER_TYPE = 0.35;
    static final double CONTAINMENT = 0.2;
    static final double NEIGHBOURS = 0.3;
    static final double RELATED = 0.3;
    private static final int MAX_CONTAINMENT_KEY = 40;

    /** Suffixes that add no meaning to a name, by type group. */
    static final Map<String, List<String>> GENERIC_SUFFIXES = Map.of(
            "condition", List.of("疾病", "病症", "症状", "病", "症"),
            "examination", List.of("检查", "测定", "检测"),
            "treatment", List.of("疗法"));

    /** A syndrome of a condition is often broader than the condition (肾病 / 肾病综合征). */
    static final List<String> SYNDROME_SUFFIXES = List.of("综合征", "综合症");

    private static final java.util.regex.Pattern BRACKETS = java.util.regex.Pattern.compile("\\([^()]{1,30}\\)");
    private static final int FULL_NEIGHBOUR_WEIGHT = 5;

    /** Names too generic to be the shorter side of a containment pair. */
    static final Set<String> GENERIC_WORDS = Set.of("出血", "疼痛", "感染", "肿瘤", "炎症", "损伤", "障碍", "功能障碍",
            "瘫痪", "麻木", "无力", "水肿", "发热", "疾病", "综合征", "头痛", "结石", "囊肿", "溃疡", "骨折", "中毒", "贫血",
            "治疗", "康复", "护理", "训练", "检查", "手术", "药物");

    private final EntityProfiles profiles;
    private final Vocabulary vocabulary;

    public DuplicateFinder(EntityProfiles profiles, Vocabulary vocabulary) {
        this.profiles = profiles;
        this.vocabulary = vocabulary;
    }

    /** Likely duplicates scoring at least {@code minScore}, best first; with a type, pairs where one side has it. */
    public List<DuplicatePair> find(Optional<String> type, double minScore, int limit) {
        type.ifPresent(t -> {
            if (!vocabulary.isType(t)) {
                throw new InvalidInputException("type", "unknown type " + t);
            }
        });
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1, got " + limit);
        }
        List<Profile> all = profiles.all().stream().filter(p -> vocabulary.isType(p.type())).toList();
        Map<String, Candidate> pairs = new LinkedHashMap<>();
        byKeys(all, pairs);
        byContainment(all, pairs);
        if (type.isPresent()) {
            pairs.values().removeIf(c -> !c.a.type().equals(type.get()) && !c.b.type().equals(type.get()));
        }
        Set<String> ids = new LinkedHashSet<>();
        pairs.values().forEach(c -> {
            ids.add(c.a.id());
            ids.add(c.b.id());
        });
        Map<String, Set<String>> neighbours = profiles.neighbours(ids, GraphQueries.HUB_RELATIONS);
        List<DuplicatePair> out = new ArrayList<>();
        for (Candidate c : pairs.values()) {
            DuplicatePair p = c.score(neighbours.getOrDefault(c.a.id(), Set.of()), neighbours.getOrDefault(c.b.id(), Set.of()));
            if (p.score() >= minScore) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparingDouble(DuplicatePair::score).reversed()
                .thenComparing(p -> p.keep().name()).thenComparing(p -> p.merge().id()));
        return out.size() <= limit ? out : List.copyOf(out.subList(0, limit));
    }

    /** Same name, a name that is the other's alias, shared aliases: entities that carry one matching key. */
    private void byKeys(List<Profile> all, Map<String, Candidate> pairs) {
        Map<String, List<Profile>> byKey = new HashMap<>();
        for (Profile p : all) {
            for (String k : new LinkedHashSet<>(p.keys())) {
                byKey.computeIfAbsent(k, x -> new ArrayList<>(2)).add(p);
            }
        }
        byKey.forEach((key, holders) -> {
            for (int i = 0; i < holders.size(); i++) {
                for (int j = i + 1; j < holders.size(); j++) {
                    Profile a = holders.get(i);
                    Profile b = holders.get(j);
                    if (!vocabulary.compatible(a.type(), b.type())) {
                        continue;
                    }
                    boolean aName = nameKey(a).equals(key);
                    boolean bName = nameKey(b).equals(key);
                    Candidate c = pair(pairs, a, b);
                    if (aName && bName) {
                        c.signal(SAME_NAME, "same name after normalisation (script, width, case): \"" + a.name()
                                + "\" and \"" + b.name() + "\"" + (a.type().equals(b.type()) ? ""
                                : " (a " + a.type() + " and a " + b.type() + " of one type group)"));
                    } else if (aName || bName) {
                        Profile named = aName ? a : b;
                        Profile other = aName ? b : a;
                        c.signal(NAME_IS_ALIAS, "\"" + named.name() + "\" (the name of " + named.id()
                                + ") is an alias of " + other.id() + " (" + other.name() + ")");
                    } else if (key.length() <= 3 && key.chars().allMatch(ch -> ch < 128)) {
                        c.signal(SHARED_ABBREVIATION, "share the abbreviation \"" + key + "\" (abbreviations are ambiguous)");
                    } else {
                        c.sharedAliases++;
                        c.signal(SHARED_ALIAS + 0.1 * (c.sharedAliases - 1), "share the alias \"" + key + "\"");
                    }
                }
            }
        });
    }

    /** One name inside the other: a generic suffix, or (weak) a modifier. */
    private void byContainment(List<Profile> all, Map<String, Candidate> pairs) {
        Map<String, List<Profile>> byName = new HashMap<>();
        for (Profile p : all) {
            String k = nameKey(p);
            if (containable(k)) {
                byName.computeIfAbsent(k, x -> new ArrayList<>(1)).add(p);
            }
        }
        for (Profile longer : all) {
            String k = nameKey(longer);
            if (k.length() > MAX_CONTAINMENT_KEY) {
                continue;
            }
            Set<String> seen = new LinkedHashSet<>();
            for (int start = 0; start < k.length(); start++) {
                for (int end = start + 2; end <= k.length(); end++) {
                    if (end - start == k.length()) {
                        continue;
                    }
                    String part = k.substring(start, end);
                    List<Profile> inside = byName.get(part);
                    if (inside == null || !seen.add(part) || !wholeWords(k, start, end)) {
                        continue;
                    }
                    for (Profile shorter : inside) {
                        if (shorter.id().equals(longer.id()) || !vocabulary.compatible(shorter.type(), longer.type())) {
                            continue;
                        }
                        Candidate c = pair(pairs, shorter, longer);
                        String rest = start == 0 ? k.substring(end) : "";
                        if (BRACKETS.matcher(rest).matches() && abbreviation(rest)) {
                            c.signal(BRACKETED, "\"" + longer.name() + "\" is \"" + shorter.name()
                                    + "\" with a bracketed abbreviation");
                        } else if (start == 0 && suffix(longer, rest).isPresent()) {
                            suffixSignal(c, shorter, longer, part, rest);
                        } else {
                            c.signal(CONTAINMENT, "\"" + longer.name() + "\" contains \"" + shorter.name()
                                    + "\" (weak: a modifier usually names a narrower or different concept)");
                        }
                    }
                }
            }
        }
    }

    /** A bracketed abbreviation ({@code (fe)}, {@code (hdl-c)}), not a Chinese qualifier or a variant number. */
    private static boolean abbreviation(String bracketed) {
        String inner = bracketed.substring(1, bracketed.length() - 1);
        if (inner.matches("[ivxl]+|\\d+")) {
            return false;
        }
        return inner.chars().allMatch(ch -> ch < 0x2E80) && inner.chars().anyMatch(Character::isLetter);
    }

    private Optional<String> suffix(Profile longer, String rest) {
        String group = vocabulary.group(longer.type());
        if (group.equals("condition") && SYNDROME_SUFFIXES.contains(rest)) {
            return Optional.of(rest);
        }
        return GENERIC_SUFFIXES.getOrDefault(group, List.of()).stream().filter(rest::equals).findFirst();
    }

    private static void suffixSignal(Candidate c, Profile shorter, Profile longer, String root, String suffix) {
        String reason = "\"" + longer.name() + "\" is \"" + shorter.name() + "\" plus the suffix \"" + suffix + "\"";
        double score = GENERIC_SUFFIX;
        if (SYNDROME_SUFFIXES.contains(suffix)) {
            score = SYNDROME_SUFFIX;
            reason += " (a syndrome may be broader than the condition)";
        }
        if (root.codePointCount(0, root.length()) <= 2) {
            score = Math.min(score, SHORT_ROOT_SUFFIX);
            reason += " (a two-character name may be another word with a suffix: 脚气 / 脚气病)";
        }
        if (!shorter.type().equals(longer.type())) {
            score = Math.min(score, GENERIC_SUFFIX_OTHER_TYPE);
            reason += " (but a " + longer.type() + " is not a " + shorter.type() + ")";
        }
        c.signal(score, reason);
    }

    /** Long enough and specific enough to be the inner name of a containment pair. */
    private static boolean containable(String key) {
        if (GENERIC_WORDS.contains(key)) {
            return false;
        }
        boolean latin = key.chars().allMatch(ch -> ch < 128);
        return latin ? key.length() >= 4 : key.codePointCount(0, key.length()) >= 2;
    }

    /** A Latin inner name must be whole words of the outer one (stroke in heat stroke, not in strokes). */
    private static boolean wholeWords(String k, int start, int end) {
        boolean latin = k.substring(start, end).chars().allMatch(ch -> ch < 128);
        if (!latin) {
            return true;
        }
        boolean left = start == 0 || !Character.isLetterOrDigit(k.charAt(start - 1));
        boolean right = end == k.length() || !Character.isLetterOrDigit(k.charAt(end));
        return left && right;
    }

    private static String nameKey(Profile p) {
        return TextNormalizer.forMatching(p.name());
    }

    private static Candidate pair(Map<String, Candidate> pairs, Profile a, Profile b) {
        boolean ordered = a.id().compareTo(b.id()) < 0;
        Profile first = ordered ? a : b;
        Profile second = ordered ? b : a;
        return pairs.computeIfAbsent(first.id() + '\u0001' + second.id(), k -> new Candidate(first, second));
    }

    /** A pair and its name evidence; scored once the neighbourhoods are read. */
    private static final class Candidate {
        final Profile a;
        final Profile b;
        final Set<String> reasons = new LinkedHashSet<>();
        double best;
        int sharedAliases;

        Candidate(Profile a, Profile b) {
            this.a = a;
            this.b = b;
        }

        void signal(double score, String reason) {
            best = Math.max(best, Math.min(1.0, score));
            reasons.add(reason);
        }

        DuplicatePair score(Set<String> na, Set<String> nb) {
            List<String> why = new ArrayList<>(reasons);
            double score = best;
            Set<String> sa = withoutEachOther(na, b.id());
            Set<String> sb = withoutEachOther(nb, a.id());
            Set<String> shared = new LinkedHashSet<>(sa);
            shared.retainAll(sb);
            Set<String> union = new LinkedHashSet<>(sa);
            union.addAll(sb);
            if (shared.size() >= 2) {
                double jaccard = (double) shared.size() / union.size();
                score += NEIGHBOURS * jaccard * Math.min(1.0, (double) shared.size() / FULL_NEIGHBOUR_WEIGHT);
                why.add(String.format(Locale.ROOT, "share %d of %d neighbours (Jaccard %.2f)", shared.size(),
                        union.size(), jaccard));
            }
            Set<String> between = new LinkedHashSet<>();
            na.stream().filter(n -> n.endsWith('>' + b.id()) || n.endsWith('<' + b.id()))
                    .forEach(n -> between.add(n.substring(0, n.length() - b.id().length() - 1)));
            if (!between.isEmpty()) {
                score -= RELATED;
                why.add("joined by " + String.join(", ", between) + ": the graph states a fact between them,"
                        + " so they are probably different concepts");
            }
            score = Math.round(Math.max(0, Math.min(1, score)) * 100) / 100.0;
            boolean keepA = keepFirst(a, b);
            Profile keep = keepA ? a : b;
            Profile merge = keepA ? b : a;
            return new DuplicatePair(side(keep), side(merge), score, why, "strokekg merge " + keep.id() + " " + merge.id());
        }

        private static Set<String> withoutEachOther(Set<String> n, String other) {
            Set<String> out = new LinkedHashSet<>();
            n.stream().filter(x -> !x.endsWith('>' + other) && !x.endsWith('<' + other)).forEach(out::add);
            return out;
        }

        /**
         * Keep a curated entity, then one whose name has no brackets, then one whose name is already simplified, then the
         * better connected one.
         */
        private static boolean keepFirst(Profile a, Profile b) {
            boolean ca = !a.id().startsWith("e-");
            boolean cb = !b.id().startsWith("e-");
            if (ca != cb) {
                return ca;
            }
            boolean ba = TextNormalizer.forMatching(a.name()).contains("(");
            boolean bb = TextNormalizer.forMatching(b.name()).contains("(");
            if (ba != bb) {
                return bb;
            }
            boolean sa = simplified(a.name());
            boolean sb = simplified(b.name());
            if (sa != sb) {
                return sa;
            }
            if (a.relations() != b.relations()) {
                return a.relations() > b.relations();
            }
            if (a.aliases().size() != b.aliases().size()) {
                return a.aliases().size() > b.aliases().size();
            }
            return a.id().compareTo(b.id()) < 0;
        }

        private static boolean simplified(String name) {
            return TextNormalizer.forMatching(name).equals(name.toLowerCase(Locale.ROOT).strip());
        }

        private static DuplicatePair.Side side(Profile p) {
            return new DuplicatePair.Side(p.id(), p.type(), p.name(), p.relations());
        }
    }
}
