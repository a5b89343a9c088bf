package org.strokekg.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the dictionaries that ship inside opencc4j's jar ({@code data/dictionary/*.txt}: one entry a line,
 * {@code key TAB candidate[ SPACE candidate…]}, the Taiwan files with a space for the tab, most common candidate first). We build our own matching tables from them
 * because opencc4j's converter costs several microseconds per short name, too slow for the ingest hot path.
 */
final class OpenccData {

    /** One dictionary line: the key and its candidates in OpenCC's order. */
    record Entry(String key, List<String> candidates) {
    }

    private OpenccData() {
    }

    static List<Entry> read(String file) {
        String path = "data/dictionary/" + file;
        InputStream in = com.github.houbb.opencc4j.util.ZhConverterUtil.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("opencc4j dictionary " + path + " is not on the classpath (opencc4j 1.14.0 expected)");
        }
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                String[] parts = line.split("[\t ]+");
                if (parts.length < 2) {
                    continue;
                }
                String key = parts[0];
                List<String> candidates = Arrays.stream(parts, 1, parts.length)
                        .filter(c -> !c.isEmpty())
                        .toList();
                if (!candidates.isEmpty()) {
                    entries.add(new Entry(key, candidates));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading opencc4j dictionary " + path, e);
        }
        return entries;
    }
}
