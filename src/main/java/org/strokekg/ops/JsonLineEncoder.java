package org.strokekg.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One JSON object a line: {@code time} (ISO-8601, UTC), {@code level}, {@code logger}, {@code thread},
 * {@code requestId} while a request is handled, {@code message}, and {@code error} (the stack trace) when there is one.
 * Newlines inside a message or a trace are escaped by JSON, so a line is always one event.
 */
final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NONE = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", e.getInstant().toString());
            g.writeStringField("level", e.getLevel().toString());
            g.writeStringField("logger", e.getLoggerName());
            g.writeStringField("thread", e.getThreadName());
            String id = e.getMDCPropertyMap().get(Logs.REQUEST_ID);
            if (id != null) {
                g.writeStringField(Logs.REQUEST_ID, id);
            }
            g.writeStringField("message", e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                g.writeStringField("error", ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        out.write('\n');
        return out.toByteArray();
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

}
