package org.strokekg.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import org.strokekg.trust.Trust;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapping of the HTTP API: Optional as value-or-absent, instants as ISO-8601, trust levels by their
 * lower-case names, unknown input rejected.
 */
public final class Json {

    private Json() {
    }

    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new Jdk8Module())
                .registerModule(trust())
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_ABSENT);
    }

    /** {@code curated}, {@code reviewed}, {@code unreviewed}: the trust package depends on nothing, Jackson included. */
    private static SimpleModule trust() {
        SimpleModule m = new SimpleModule("trust");
        m.addSerializer(Trust.class, new StdSerializer<>(Trust.class) {
            @Override
            public void serialize(Trust t, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(t.id());
            }
        });
        return m;
    }
}
