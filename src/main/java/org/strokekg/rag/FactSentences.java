package org.strokekg.rag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.Relation;
import org.strokekg.rag.Evidence.Fact;

/**
 * Graph facts as sentences: facts of one relation type from one entity are one sentence
 * (「脑出血可出现剧烈头痛[1]、偏瘫[2]和意识障碍[3]」), an evidence note all of them share is said once, a two-step
 * path is said step by step. English sentences use English names only: a fact whose entity has none is left out of
 * the sentence and cited as untranslated.
 */
final class FactSentences {

    private static final Pattern LATIN = Pattern.compile("[A-Za-z][A-Za-z0-9 .,'()/+-]*");
    private static final int MAX_NOTE = 40;

    private final EvidenceBook book;
    private final boolean english;
    /** Facts cited but not sayable in English (no English name): cited at the end as untranslated. */
    private final List<Integer> untranslated = new ArrayList<>();
    /** Of them, the unreviewed ones: cited in a sentence of their own that carries the label. */
    private final List<Integer> untranslatedUnreviewed = new ArrayList<>();

    FactSentences(EvidenceBook book, boolean english) {
        this.book = book;
        this.english = english;
    }

    List<Integer> untranslated() {
        return untranslated;
    }

    List<Integer> untranslatedUnreviewed() {
        return untranslatedUnreviewed;
    }

    private void untranslated(int n, Relation r) {
        (TrustGate.labelled(r.trust()) ? untranslatedUnreviewed : untranslated).add(n);
    }

    /** The facts as sentences, grouped by the entity they hang on and the relation's type and direction. */
    List<String> sentences(List<Fact> facts) {
        Map<String, List<Fact>> groups = new LinkedHashMap<>();
        for (Fact f : facts) {
            String key;
            if (f.path().length() == 2) {
                // paths through one condition (手臂僵硬 → 痉挛 → its treatments): the first step once, then a list
                key = "via:" + f.path().relationships().getFirst().id();
            } else if (f.path().length() > 2) {
                key = "path:" + groups.size();
            } else {
                Entity anchor = f.path().nodes().getFirst();
                Relation r = f.relation();
                // unreviewed facts are never grouped with reviewed ones: their sentence carries the label
                key = anchor.id() + "|" + r.type() + "|" + r.startId().equals(anchor.id()) + "|"
                        + TrustGate.labelled(r.trust());
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
        }
        List<String> out = new ArrayList<>();
        groups.forEach((key, g) -> {
            boolean unreviewed = g.stream().anyMatch(f -> f.path().relationships().stream()
                    .anyMatch(r -> TrustGate.labelled(r.trust())));
            Optional<String> sentence = key.startsWith("via:") ? viaSentence(g)
                    : key.startsWith("path:") ? pathSentence(g.getFirst()) : groupSentence(g);
            sentence.map(x -> unreviewed ? TrustGate.label(english) + x : x).ifPresent(out::add);
        });
        return out;
    }

    /** 「痉挛可出现肢体僵硬[1]，痉挛可采用A[2]、B[3]治疗」: the shared first step, then the last steps as a list. */
    private Optional<String> viaSentence(List<Fact> paths) {
        Fact first = paths.getFirst();
        Relation step = first.path().relationships().getFirst();
        Entity s = GraphEvidence.node(first.path(), step.startId());
        Entity o = GraphEvidence.node(first.path(), step.endId());
        int n = book.cite(step, describe(step, s, o));
        Optional<String> sn = name(s);
        Optional<String> on = name(o);
        if (sn.isEmpty() || on.isEmpty()) {
            untranslated(n, step);
            return Optional.empty();
        }
        Entity middle = first.path().nodes().get(1);
        List<Fact> last = new ArrayList<>();
        for (Fact f : paths) {
            Relation r = f.relation();
            GraphPath hop = new GraphPath(List.of(middle, f.path().nodes().get(2)), List.of(r));
            last.add(new Fact(hop, f.aspect(), f.role(), f.why(), f.curated()));
        }
        String head = Phrases.clause(step.type(), sn.get(), on.get(), english) + note(step) + mark(n);
        Optional<String> tail = groupSentence(last);
        return Optional.of(capitalise(head) + (english ? ". " : "。") + tail.orElse("")).map(String::strip);
    }

    /** 「X可采用A[1]、B[2]治疗」; in English only the items with an English name. */
    Optional<String> groupSentence(List<Fact> group) {
        // items that share a note are said together with it; the others in a sentence of their own
        Map<String, List<Fact>> byNote = new LinkedHashMap<>();
        group.forEach(f -> byNote.computeIfAbsent(note(f.relation()), k -> new ArrayList<>()).add(f));
        Optional<Map.Entry<String, List<Fact>>> sharedBySome = byNote.entrySet().stream()
                .filter(e -> !e.getKey().isEmpty() && e.getValue().size() >= 2 && e.getValue().size() < group.size())
                .findFirst();
        if (sharedBySome.isPresent()) {
            List<Fact> together = sharedBySome.get().getValue();
            List<Fact> rest = group.stream().filter(f -> !together.contains(f)).toList();
            Optional<String> a = groupSentence(together);
            Optional<String> b = groupSentence(rest);
            return Optional.of(String.join(english ? " " : "", java.util.stream.Stream.of(a, b)
                    .flatMap(Optional::stream).toList())).filter(x -> !x.isEmpty());
        }
        Fact first = group.getFirst();
        Entity anchor = first.path().nodes().getFirst();
        Relation rel = first.relation();
        boolean outgoing = rel.startId().equals(anchor.id());
        Optional<String> anchorName = name(anchor);
        List<String> items = new ArrayList<>();
        // a note the whole group shares (「常在活动或情绪激动时突然起病」) is said once, after the list
        Map<String, Long> counts = group.stream().map(f -> note(f.relation())).filter(x -> !x.isEmpty())
                .collect(java.util.stream.Collectors.groupingBy(x -> x, LinkedHashMap::new,
                        java.util.stream.Collectors.counting()));
        // only a note every item carries is the group's: a note of some said after all would be misattributed
        String shared = counts.entrySet().stream().filter(e -> e.getValue() >= 2 && e.getValue() == group.size())
                .map(Map.Entry::getKey).findFirst().orElse("");
        for (Fact f : group) {
            Entity other = f.path().nodes().get(1);
            Optional<String> otherName = name(other);
            int n = cite(f);
            if (otherName.isEmpty() || anchorName.isEmpty()) {
                untranslated(n, f.relation());
                continue;
            }
            String own = note(f.relation());
            items.add(otherName.get() + (own.equals(shared) ? "" : own) + mark(n));
        }
        if (items.isEmpty()) {
            return Optional.empty();
        }
        String list = Phrases.list(items, english);
        String text;
        if (rel.type().equals("SUBTYPE_OF") && !outgoing) {
            text = english ? "Types of " + anchorName.get() + " include " + list : anchorName.get() + "的类型包括" + list;
        } else {
            text = outgoing ? Phrases.clause(rel.type(), anchorName.get(), list, english)
                    : Phrases.clause(rel.type(), list, anchorName.get(), english, items.size());
        }
        String note = shared.isEmpty() ? "" : english ? shared : "，" + shared.substring(1, shared.length() - 1);
        return Optional.of(end(capitalise(text + note)));
    }

    /** A two-step path, step by step: 「手臂僵硬是痉挛的表现[1]，痉挛可采用A治疗[2]」. */
    Optional<String> pathSentence(Fact f) {
        GraphPath p = f.path();
        List<String> clauses = new ArrayList<>();
        for (Relation r : p.relationships()) {
            Entity s = GraphEvidence.node(p, r.startId());
            Entity o = GraphEvidence.node(p, r.endId());
            int n = book.cite(r, describe(r, s, o));
            Optional<String> sn = name(s);
            Optional<String> on = name(o);
            if (sn.isEmpty() || on.isEmpty()) {
                untranslated.add(n);
                return Optional.empty();
            }
            clauses.add(Phrases.clause(r.type(), sn.get(), on.get(), english) + note(r) + mark(n));
        }
        return Optional.of(end(capitalise(String.join(english ? "; " : "，", clauses))));
    }

    /** Cites a fact (its last step; earlier steps of a path too) and returns its number. */
    int cite(Fact f) {
        int n = 0;
        for (Relation r : f.path().relationships()) {
            n = book.cite(r, describe(r, GraphEvidence.node(f.path(), r.startId()), GraphEvidence.node(f.path(), r.endId())));
        }
        return n;
    }

    /** The entity's name in the answer's language: in English its first English alias, none when it has none. */
    Optional<String> name(Entity e) {
        if (!english) {
            return Optional.of(e.name());
        }
        if (LATIN.matcher(e.name()).matches()) {
            return Optional.of(e.name());
        }
        return e.aliases().stream().filter(a -> LATIN.matcher(a).matches() && a.length() > 3).findFirst()
                .or(() -> e.aliases().stream().filter(a -> LATIN.matcher(a).matches()).findFirst());
    }

    /**
     * The relation's evidence note, short ones only, Chinese answers only: 「（约占全部卒中的70%～80%）」. An English
     * answer cannot carry the Chinese note, but one that restricts the relation (「…获益大于子宫出血风险时可考虑」) is
     * said to exist: the bare relation would state as general what the source allows only for some patients.
     */
    private String note(Relation r) {
        if (english) {
            return r.evidence().filter(BesideThePoint::restricting).map(e -> RESTRICTED_EN).orElse("");
        }
        return r.evidence().filter(e -> e.length() <= MAX_NOTE).map(e -> "（" + e + "）").orElse("");
    }

    /** What an English sentence says of a restricting note it cannot translate. */
    static final String RESTRICTED_EN = " (only in selected patients, as its source specifies)";

    /** The citation's text: the fact as a clause with its note, in Chinese (the form curators review). */
    private String describe(Relation r, Entity s, Entity o) {
        if (english) {
            Optional<String> sn = name(s);
            Optional<String> on = name(o);
            if (sn.isPresent() && on.isPresent()) {
                return capitalise(Phrases.clause(r.type(), sn.get(), on.get(), true));
            }
        }
        return Phrases.clause(r.type(), s.name(), o.name(), false) + r.evidence().map(e -> "（" + e + "）").orElse("");
    }

    static String mark(int n) {
        return "[" + n + "]";
    }

    String end(String s) {
        return english ? s + "." : s + "。";
    }

    String capitalise(String s) {
        return english && !s.isEmpty() ? Character.toUpperCase(s.charAt(0)) + s.substring(1) : s;
    }
}
