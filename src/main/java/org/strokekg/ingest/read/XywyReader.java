package org.strokekg.ingest.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The xywy.com disease crawl ({@code medical_N.json}: one JSON object mapping "0", "1", … to a disease record), streamed
 * with Jackson's byte-level {@link JsonParser} one record at a time (the bytes are UTF-8-checked on the way in by
 * {@link Utf8CheckingStream}). Each record yields the disease as an {@link EntityRow}, one {@link Triple} per listed
 * value, and its prose (description, causes, prevention, nursing, symptoms, diet, treatment summary) as
 * {@link PassageRow}s cut at sentence boundaries ({@link XywyProse}), mapped as in ingest/MAPPINGS.md. A record is all-or-nothing: a broken record (no name, wrong JSON shape, bad bytes) is rejected whole;
 * a single unusable value (too long, control characters, the disease itself) is skipped and reported.
 */
final class XywyReader implements RecordReader {

    static final String SOURCE_PREFIX = "xywy.com 寻医问药疾病百科 (Tonystark-001/MedicalKGQA ";

    /** One list field of a record and the triples it becomes. */
    private enum Mapping {
        SYMPTOMS("symptom_data.symptoms", "HAS_SYMPTOM", "Symptom", false),
        INSPECT("inspect_info", "DIAGNOSED_BY", "Examination", false),
        DRUGS("gaishu_info.common_drug", "TREATED_BY", "Drug", false),
        TREAT_WAY("gaishu_info.treat_way", "TREATED_BY", "Treatment", false),
        DEPARTMENT("gaishu_info.belongs_to_department", "BELONGS_TO", "Department", false),
        GOOD_FOOD("food_info.good_food", "RECOMMENDED_FOOD", "Food", false),
        RECIPES("food_info.recommand_recipes", "RECOMMENDED_FOOD", "Food", false),
        AVOID_FOOD("food_info.avoid_food", "AVOID_FOOD", "Food", false),
        // the listed disease is the complication: X COMPLICATION_OF this disease
        COMPLICATIONS("gaishu_info.has_complication", "COMPLICATION_OF", "Disease", true);

        final String field;
        final String predicate;
        final String valueType;
        final boolean valueIsSubject;

        Mapping(String field, String predicate, String valueType, boolean valueIsSubject) {
            this.field = field;
            this.predicate = predicate;
            this.valueType = valueType;
            this.valueIsSubject = valueIsSubject;
        }
    }

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Utf8CheckingStream reader;
    private final JsonParser parser;
    private final String fileName;
    private final Validator validator;
    private final ReportBuilder report;
    private final XywyProse prose = new XywyProse();
    private boolean started;
    private boolean done;

    XywyReader(Utf8CheckingStream reader, String fileName, Validator validator, ReportBuilder report) throws IOException {
        this.reader = reader;
        this.parser = JSON.createParser(reader);
        this.fileName = fileName;
        this.validator = validator;
        this.report = report;
    }

    @Override
    public boolean next(List<Parsed<IngestItem>> out) throws IOException {
        if (done) {
            return false;
        }
        long line = 1;
        try {
            if (!started) {
                started = true;
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return fail(out, 1, "an xywy file is one JSON object mapping \"0\", \"1\", … to disease records");
                }
            }
            JsonToken t = parser.nextToken();
            line = parser.currentTokenLocation().getLineNr();
            if (t == JsonToken.END_OBJECT) {
                done = true;
                if (parser.nextToken() != null) {
                    return fail(out, parser.currentTokenLocation().getLineNr(), "text after the end of the top-level object");
                }
                return false;
            }
            String key = parser.currentName();
            List<LineError> errors = new ArrayList<>();
            Record rec = new Record();
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                errors.add(new LineError(line, key, "expected a disease record (a JSON object)"));
                parser.skipChildren();
            } else {
                readRecord(rec, line, errors);
            }
            long end = parser.currentLocation().getLineNr();
            reader.drainMalformed(end, m -> errors.add(m.error()));
            emit(key, line, rec, errors, out);
            return true;
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? line : e.getLocation().getLineNr();
            return fail(out, at, "invalid JSON: " + e.getOriginalMessage());
        }
    }

    private boolean fail(List<Parsed<IngestItem>> out, long line, String reason) {
        done = true;
        List<LineError> errors = new ArrayList<>();
        reader.drainMalformed(line, m -> errors.add(m.error()));
        errors.add(new LineError(line, "line", reason + " (reading stopped here)"));
        out.add(new Parsed.Bad<>(line, errors));
        return true;
    }

    /** What one record holds for the graph; lists as written, in file order; prose by field. */
    private static final class Record {
        String name;
        String desc = "";
        final List<List<String>> values = new ArrayList<>();
        final java.util.Map<String, String> prose = new java.util.HashMap<>();
        final java.util.Map<String, List<String>> proseLists = new java.util.HashMap<>();

        Record() {
            for (int i = 0; i < Mapping.values().length; i++) {
                values.add(List.of());
            }
        }
    }

    private void readRecord(Record rec, long line, List<LineError> errors) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String section = parser.currentName();
            JsonToken v = parser.nextToken();
            switch (section) {
                case "gaishu_info", "symptom_data", "food_info" -> {
                    if (v != JsonToken.START_OBJECT) {
                        if (v != JsonToken.VALUE_NULL) {
                            errors.add(new LineError(line, section, "expected an object"));
                        }
                        parser.skipChildren();
                        continue;
                    }
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String field = section + "." + parser.currentName();
                        parser.nextToken();
                        switch (field) {
                            case "gaishu_info.name" -> rec.name = string(field, line, errors);
                            case "gaishu_info.desc" -> rec.desc = string(field, line, errors);
                            default -> {
                                if (XywyProse.STRING_FIELDS.contains(field)) {
                                    rec.prose.put(field, string(field, line, errors));
                                } else if (XywyProse.LIST_FIELDS.contains(field)) {
                                    rec.proseLists.put(field, strings(field, line, errors));
                                } else {
                                    list(rec, field, line, errors);
                                }
                            }
                        }
                    }
                }
                case "inspect_info" -> list(rec, section, line, errors);
                default -> {
                    if (XywyProse.STRING_FIELDS.contains(section)) {
                        rec.prose.put(section, string(section, line, errors));
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        }
    }

    private String string(String field, long line, List<LineError> errors) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (t != JsonToken.VALUE_NULL) {
            errors.add(new LineError(line, field, "expected a string"));
            parser.skipChildren();
        }
        return "";
    }

    private void list(Record rec, String field, long line, List<LineError> errors) throws IOException {
        Mapping m = mapping(field);
        if (m == null) {
            parser.skipChildren();
            return;
        }
        rec.values.set(m.ordinal(), strings(field, line, errors));
    }

    /** The current value as a list of strings (null: none); anything else is an error on the record. */
    private List<String> strings(String field, long line, List<LineError> errors) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (t != JsonToken.START_ARRAY) {
            errors.add(new LineError(line, field, "expected an array of strings"));
            parser.skipChildren();
            return List.of();
        }
        List<String> values = new ArrayList<>();
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_STRING) {
                values.add(parser.getText());
            } else if (t != JsonToken.VALUE_NULL) {
                errors.add(new LineError(line, field, "expected an array of strings"));
                parser.skipChildren();
            }
        }
        return values;
    }

    private static Mapping mapping(String field) {
        for (Mapping m : Mapping.values()) {
            if (m.field.equals(field)) {
                return m;
            }
        }
        return null;
    }

    private void emit(String key, long line, Record rec, List<LineError> errors, List<Parsed<IngestItem>> out) {
        String source = SOURCE_PREFIX + fileName + " #" + key + ")";
        if (rec.name == null || rec.name.isBlank()) {
            errors.add(new LineError(line, "gaishu_info.name", "missing disease name"));
        }
        if (!errors.isEmpty()) {
            out.add(new Parsed.Bad<>(line, errors));
            return;
        }
        Parsed<IngestItem> entity = validator.entity(line, "", "Disease", rec.name, List.of(),
                XywyText.description(rec.desc), source, errors);
        if (entity instanceof Parsed.Bad<IngestItem> bad) {
            out.add(bad);
            return;
        }
        String disease = ((EntityRow) ((Parsed.Ok<IngestItem>) entity).value()).name();
        List<Parsed<IngestItem>> items = new ArrayList<>();
        items.add(entity);
        List<LineError> valueErrors = new ArrayList<>(1);
        for (Mapping m : Mapping.values()) {
            // repeats inside one list add nothing: dropped silently
            Set<String> values = new LinkedHashSet<>();
            for (String raw : rec.values.get(m.ordinal())) {
                String v = raw.strip();
                if (!v.isEmpty()) {
                    values.add(v);
                }
            }
            for (String v : values) {
                valueErrors.clear();
                validator.name(line, m.field, v, valueErrors);
                if (!valueErrors.isEmpty()) {
                    valueErrors.forEach(e -> report.skip(new LineError(e.line(), e.field(), e.reason() + ": value skipped")));
                    continue;
                }
                if (validator.sameEntity(v, m.valueType, disease, "Disease")) {
                    report.skip(new LineError(line, m.field, "\"" + v + "\" is the disease itself: self-loop skipped"));
                    continue;
                }
                Parsed<IngestItem> triple = m.valueIsSubject
                        ? validator.triple(line, v, m.valueType, m.predicate, disease, "Disease", source, "", "", new ArrayList<>())
                        : validator.triple(line, disease, "Disease", m.predicate, v, m.valueType, source, "", "", new ArrayList<>());
                if (triple instanceof Parsed.Bad<IngestItem> bad) {
                    errors.addAll(bad.errors());
                } else {
                    items.add(triple);
                }
            }
        }
        for (XywyProse.Chunk c : prose.passages(fileName, key, disease, rec.desc, rec.prose, rec.proseLists,
                rec.values.get(Mapping.TREAT_WAY.ordinal()), rec.values.get(Mapping.DRUGS.ordinal()))) {
            Parsed<IngestItem> passage = validator.passage(line, c.id(), c.title(), c.text(), source + " " + c.label(),
                    List.of(disease), c.topic(), new ArrayList<>());
            if (passage instanceof Parsed.Bad<IngestItem> bad) {
                // like a single unusable value: this chunk is skipped and reported, the record stays
                bad.errors().forEach(e -> report.skip(new LineError(e.line(), e.field(), e.reason() + " in passage "
                        + c.id() + ": passage skipped")));
            } else {
                items.add(passage);
            }
        }
        if (!errors.isEmpty()) {
            out.add(new Parsed.Bad<>(line, errors));
        } else {
            out.addAll(items);
        }
    }

    @Override
    public long lines() {
        return parser.currentLocation().getLineNr();
    }

    @Override
    public void close() throws IOException {
        parser.close();
        reader.close();
    }
}
