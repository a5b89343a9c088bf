package org.strokekg.ingest.read;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.strokekg.graph.Predicate;
import org.strokekg.graph.Vocabulary;
import org.strokekg.text.TextNormalizer;

/**
 * Checks the fields of one record against the vocabulary and the limits and builds the record when all pass. Values are
 * trimmed (the only silent change); everything else wrong becomes a {@link LineError} naming the field. One instance per
 * file: it remembers ids seen, to report duplicates with the line that came first. An empty string means "not given".
 */
final class Validator {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final Vocabulary vocabulary;
    private final Map<String, Long> seen = new HashMap<>();

    Validator(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    Parsed<IngestItem> triple(long line, String subject, String subjectType, String predicate, String object, String objectType,
                              String source, String evidence, String confidence, List<LineError> errors) {
        String s = name(line, "subject", subject, errors);
        String st = type(line, "subject_type", subjectType, errors);
        String p = predicate(line, predicate, errors);
        String o = name(line, "object", object, errors);
        String ot = type(line, "object_type", objectType, errors);
        String src = required(line, "source", source, IngestLimits.MAX_SOURCE, false, errors);
        // evidence quotes guideline text, which may break lines (a quoted CSV field over several lines), like passage text
        String ev = optional(line, "evidence", evidence, IngestLimits.MAX_TEXT, true, errors);
        Optional<Double> conf = confidence(line, confidence, errors);
        if (!st.isEmpty() && !ot.isEmpty() && !p.isEmpty()) {
            domainAndRange(line, vocabulary.predicate(p).orElseThrow(), st, ot, errors);
        }
        if (!s.isEmpty() && !o.isEmpty() && !st.isEmpty() && !ot.isEmpty() && sameEntity(s, st, o, ot)) {
            errors.add(new LineError(line, "object", "self-loop: subject and object name the same " + ot + " \"" + o + "\""));
        }
        if (!errors.isEmpty()) {
            return new Parsed.Bad<>(line, errors);
        }
        return new Parsed.Ok<>(line, new Triple(s, st, p, o, ot, src, nonEmpty(ev), conf));
    }

    Parsed<IngestItem> entity(long line, String id, String type, String name, List<String> aliases, String description,
                              String source, List<LineError> errors) {
        return entity(line, id, type, name, aliases, description, source, "", errors);
    }

    /** An entity row with its optional English description ({@code description_en}). */
    Parsed<IngestItem> entity(long line, String id, String type, String name, List<String> aliases, String description,
                              String source, String descriptionEn, List<LineError> errors) {
        String i = id(line, "id", id, true, errors);
        String t = type(line, "type", type, errors);
        String n = name(line, "name", name, errors);
        Set<String> as = new LinkedHashSet<>();
        for (String raw : aliases) {
            String a = raw.strip();
            if (a.isEmpty() || a.equals(n)) {
                continue;
            }
            if (check(line, "aliases", a, IngestLimits.MAX_NAME, false, errors)) {
                as.add(a);
            }
        }
        String d = optional(line, "description", description, IngestLimits.MAX_TEXT, false, errors);
        String src = required(line, "source", source, IngestLimits.MAX_SOURCE, false, errors);
        String dEn = optional(line, "description_en", descriptionEn, IngestLimits.MAX_TEXT, false, errors);
        if (!i.isEmpty()) {
            duplicate(line, "id", "entity id", i, errors);
        }
        if (!errors.isEmpty()) {
            return new Parsed.Bad<>(line, errors);
        }
        return new Parsed.Ok<>(line, new EntityRow(nonEmpty(i), t, n, List.copyOf(as), d, src, dEn));
    }

    Parsed<IngestItem> alias(long line, String canonical, String alias, String type, String source, List<LineError> errors) {
        String c = name(line, "canonical", canonical, errors);
        String a = name(line, "alias", alias, errors);
        String t = type(line, "type", type, errors);
        String src = required(line, "source", source, IngestLimits.MAX_SOURCE, false, errors);
        if (!c.isEmpty() && c.equals(a)) {
            errors.add(new LineError(line, "alias", "same as the canonical name"));
        }
        if (!errors.isEmpty()) {
            return new Parsed.Bad<>(line, errors);
        }
        return new Parsed.Ok<>(line, new AliasRow(c, a, t, src));
    }

    Parsed<IngestItem> passage(long line, String id, String title, String text, String source, List<String> entities,
                               String topic, List<LineError> errors) {
        return passage(line, id, title, text, source, entities, topic, null, null, null, errors);
    }

    /**
     * A passage with its optional language ({@code lang}: zh, the default, or en), the id of the passage it
     * translates ({@code translation_of}) and the group of patients it is written for ({@code population}).
     */
    Parsed<IngestItem> passage(long line, String id, String title, String text, String source, List<String> entities,
                               String topic, String lang, String translationOf, String population,
                               List<LineError> errors) {
        String i = id(line, "id", id, false, errors);
        String ti = required(line, "title", title, IngestLimits.MAX_TITLE, false, errors);
        String tx = required(line, "text", text, IngestLimits.MAX_PASSAGE_TEXT, true, errors);
        String src = required(line, "source", source, IngestLimits.MAX_SOURCE, false, errors);
        Set<String> es = new LinkedHashSet<>();
        for (String raw : entities) {
            String e = raw.strip();
            if (!e.isEmpty() && check(line, "entities", e, IngestLimits.MAX_NAME, false, errors)) {
                es.add(e);
            }
        }
        String to = optional(line, "topic", topic, IngestLimits.MAX_NAME, false, errors);
        String la = lang(line, lang, errors);
        String tr = id(line, "translation_of", translationOf, true, errors);
        String po = population(line, population, errors);
        if (!i.isEmpty() && i.equals(tr)) {
            errors.add(new LineError(line, "translation_of", "a passage cannot be a translation of itself"));
        }
        if (!i.isEmpty()) {
            duplicate(line, "id", "passage id", i, errors);
        }
        if (!errors.isEmpty()) {
            return new Parsed.Bad<>(line, errors);
        }
        return new Parsed.Ok<>(line, new PassageRow(i, ti, tx, src, List.copyOf(es), nonEmpty(to), la, nonEmpty(tr),
                nonEmpty(po)));
    }

    /** A passage's language: zh when not given, else one of {@link PassageRow#LANGS} (case and spaces forgiven). */
    private static String lang(long line, String raw, List<LineError> errors) {
        String v = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return PassageRow.ZH;
        }
        if (!PassageRow.LANGS.contains(v)) {
            // the value is echoed only when short and printable: a report must not carry what the check refused
            String shown = v.length() <= 16 && badCharacter(v, false).isEmpty() ? " \"" + v + "\"" : "";
            errors.add(new LineError(line, "lang", "unknown language" + shown + "; expected one of "
                    + String.join(", ", PassageRow.LANGS)));
            return PassageRow.ZH;
        }
        return v;
    }

    /** A passage's group of patients: none when not given, else one of {@link PassageRow#POPULATIONS}. */
    private static String population(long line, String raw, List<LineError> errors) {
        String v = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (!v.isEmpty() && !PassageRow.POPULATIONS.contains(v)) {
            // the value is echoed only when short and printable, as for lang
            String shown = v.length() <= 16 && badCharacter(v, false).isEmpty() ? " \"" + v + "\"" : "";
            errors.add(new LineError(line, "population", "unknown population" + shown + "; expected one of "
                    + String.join(", ", PassageRow.POPULATIONS)));
            return "";
        }
        return v;
    }

    /** Whether two names would resolve to one entity: same matching key and types of one group. */
    boolean sameEntity(String nameA, String typeA, String nameB, String typeB) {
        if (!vocabulary.compatible(typeA, typeB)) {
            return false;
        }
        return nameA.equals(nameB) || TextNormalizer.forMatching(nameA).equals(TextNormalizer.forMatching(nameB));
    }

    /** A trimmed entity name, or "" after adding why it is not acceptable. */
    String name(long line, String field, String raw, List<LineError> errors) {
        return required(line, field, raw, IngestLimits.MAX_NAME, false, errors);
    }

    /** Records the first line a key of this kind was seen on; reports a repeat. */
    void duplicate(long line, String field, String kind, String key, List<LineError> errors) {
        Long first = seen.putIfAbsent(kind + '\u0000' + key, line);
        if (first != null) {
            errors.add(new LineError(line, field, "duplicate " + kind + " \"" + key + "\" (first on line " + first + ")"));
        }
    }

    private String required(long line, String field, String raw, int max, boolean breaksAllowed, List<LineError> errors) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            errors.add(new LineError(line, field, raw == null ? "missing" : "empty"));
            return "";
        }
        return check(line, field, v, max, breaksAllowed, errors) ? v : "";
    }

    private String optional(long line, String field, String raw, int max, boolean breaksAllowed, List<LineError> errors) {
        String v = raw == null ? "" : raw.strip();
        return v.isEmpty() || check(line, field, v, max, breaksAllowed, errors) ? v : "";
    }

    private static boolean check(long line, String field, String v, int max, boolean breaksAllowed, List<LineError> errors) {
        if (v.length() > max) {
            errors.add(new LineError(line, field, "longer than " + max + " characters (" + v.length() + ")"));
            return false;
        }
        Optional<String> bad = badCharacter(v, breaksAllowed);
        bad.ifPresent(reason -> errors.add(new LineError(line, field, reason)));
        return bad.isEmpty();
    }

    /** Control characters, line/paragraph separators, a stray byte-order mark or half a surrogate pair. */
    static Optional<String> badCharacter(String v, boolean breaksAllowed) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                continue;
            }
            if (breaksAllowed && (c == '\n' || c == '\t')) {
                continue;
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\uFEFF') {
                return Optional.of(String.format(Locale.ROOT, "control character U+%04X at position %d", (int) c, i + 1));
            }
            if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format(Locale.ROOT, "unpaired surrogate U+%04X at position %d", (int) c, i + 1));
            }
        }
        return Optional.empty();
    }

    private String id(long line, String field, String raw, boolean optional, List<LineError> errors) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            if (!optional) {
                errors.add(new LineError(line, field, raw == null ? "missing" : "empty"));
            }
            return "";
        }
        if (!check(line, field, v, IngestLimits.MAX_ID, false, errors)) {
            return "";
        }
        if (v.codePoints().anyMatch(Character::isWhitespace) || v.indexOf('\u3000') >= 0) {
            errors.add(new LineError(line, field, "an id may not contain white space"));
            return "";
        }
        Optional<String> bad = org.strokekg.graph.Ids.badCharacter(v);
        if (bad.isPresent()) {
            errors.add(new LineError(line, field, bad.get()));
            return "";
        }
        return v;
    }

    private String type(long line, String field, String raw, List<LineError> errors) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            errors.add(new LineError(line, field, raw == null ? "missing" : "empty"));
            return "";
        }
        if (vocabulary.isType(v)) {
            return v;
        }
        String hint = vocabulary.types().stream().map(t -> t.name()).filter(t -> t.equalsIgnoreCase(v)).findFirst()
                .map(t -> " (did you mean " + t + "?)")
                .orElse("; known types: " + vocabulary.types().stream().map(t -> t.name()).collect(Collectors.joining(", ")));
        errors.add(new LineError(line, field, "unknown type \"" + v + "\"" + hint));
        return "";
    }

    private String predicate(long line, String raw, List<LineError> errors) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            errors.add(new LineError(line, "predicate", raw == null ? "missing" : "empty"));
            return "";
        }
        if (vocabulary.predicate(v).isPresent()) {
            return v;
        }
        String folded = v.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        String hint = vocabulary.predicate(folded).map(p -> " (did you mean " + p.name() + "?)")
                .orElse("; known predicates: "
                        + vocabulary.predicates().stream().map(Predicate::name).collect(Collectors.joining(", ")));
        errors.add(new LineError(line, "predicate", "unknown predicate \"" + v + "\"" + hint));
        return "";
    }

    private void domainAndRange(long line, Predicate p, String subjectType, String objectType, List<LineError> errors) {
        boolean domainOk = p.domain().contains(subjectType);
        boolean rangeOk = p.range().contains(objectType);
        if (!domainOk) {
            errors.add(new LineError(line, "subject_type", p.name() + " does not take a " + subjectType + " subject; allowed: "
                    + String.join(", ", p.domain())));
        }
        if (!rangeOk) {
            errors.add(new LineError(line, "object_type", p.name() + " does not take a " + objectType + " object; allowed: "
                    + String.join(", ", p.range())));
        }
        if (domainOk && rangeOk && p.sameGroup() && !vocabulary.compatible(subjectType, objectType)) {
            errors.add(new LineError(line, "object_type", p.name() + " needs subject and object of one type group: "
                    + subjectType + " is " + vocabulary.group(subjectType) + ", " + objectType + " is "
                    + vocabulary.group(objectType)));
        }
    }

    private static Optional<Double> confidence(long line, String raw, List<LineError> errors) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        // plain decimals only: Double.parseDouble would also take "NaN", "Infinity", "0x1p-1" and "0.5f"
        if (!DECIMAL.matcher(v).matches()) {
            errors.add(new LineError(line, "confidence", "not a number: \"" + v + "\""));
            return Optional.empty();
        }
        double d = Double.parseDouble(v);
        if (d < 0 || d > 1) {
            errors.add(new LineError(line, "confidence", "outside [0,1]: " + v));
            return Optional.empty();
        }
        return Optional.of(d);
    }

    private static Optional<String> nonEmpty(String v) {
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
