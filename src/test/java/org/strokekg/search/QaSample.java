package org.strokekg.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.strokekg.text.SharedData;
import org.strokekg.trust.Trust;

/** The 2,000 non-stroke QA items of ../shared/data/qa as passages (question as title, reference answer as text). */
final class QaSample {

    static final String FILE = "data/qa/medical_qa_sample_nonstroke.jsonl";

    private QaSample() {
    }

    static Optional<Path> path() {
        return SharedData.file(FILE);
    }

    static List<PassageDoc> read(Path file, int limit) {
        ObjectMapper json = new ObjectMapper();
        List<PassageDoc> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null && out.size() < limit) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode item = json.readTree(line);
                out.add(new PassageDoc(item.path("id").asText(), item.path("question").asText(),
                        item.path("reference_answer").asText(), item.path("source").asText(), List.of(), "qa-sample",
                        item.path("type").asText(), Trust.UNREVIEWED));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
