package org.strokekg.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.OutputStream;
import java.io.PrintStream;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The process's logging (Logback behind SLF4J): text lines, or one JSON object a line ({@link JsonLineEncoder}), to
 * standard error, at INFO. Every line written while a request is handled carries its id ({@value #REQUEST_ID} in the
 * MDC, set by the server for each request and carried into the answer pipeline's tasks by {@link MdcExecutor}).
 * Question and answer text is never logged unless {@link LogOptions#questions()} says so: a question is a patient's
 * own words.
 */
public final class Logs {

    /** The MDC key of the request id; also the JSON field's name. */
    public static final String REQUEST_ID = "requestId";
    private static final String TEXT = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36}"
            + "%replace( [%X{" + REQUEST_ID + "}]){' \\[\\]', ''} - %msg%n";

    private Logs() {
    }

    /** Logs as {@code options} say, to standard error. */
    public static void configure(LogOptions options) {
        configure(options, System.err);
    }

    /** Logs as {@code options} say, to {@code target} (tests read it back). */
    public static void configure(LogOptions options, OutputStream target) {
        configure((LoggerContext) LoggerFactory.getILoggerFactory(), options, target);
    }

    /** {@code context}: Logback's, passed in while Logback itself is starting ({@link LogDefaults}). */
    static synchronized void configure(LoggerContext context, LogOptions options, OutputStream target) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        Encoder<ILoggingEvent> encoder;
        if (options.json()) {
            JsonLineEncoder json = new JsonLineEncoder();
            json.setContext(context);
            encoder = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(context);
            text.setPattern(TEXT);
            encoder = text;
        }
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("strokekg");
        appender.setEncoder(encoder);
        // System.err may be replaced later (tests): write through to whatever it is at the time of each line
        appender.setOutputStream(target == System.err ? new PrintStream(new StandardError(), true) : target);
        appender.setImmediateFlush(true);
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.INFO);
    }

    /** Only errors from this logger (a library's warning that says nothing here). */
    public static void quiet(String logger) {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(logger).setLevel(Level.ERROR);
    }

    /** Runs {@code work} with the request id in the MDC, restoring what was there before. */
    public static void withRequestId(String id, Runnable work) {
        String before = MDC.get(REQUEST_ID);
        MDC.put(REQUEST_ID, id);
        try {
            work.run();
        } finally {
            if (before == null) {
                MDC.remove(REQUEST_ID);
            } else {
                MDC.put(REQUEST_ID, before);
            }
        }
    }

    /** Standard error as it is at each write. */
    private static final class StandardError extends OutputStream {
        @Override
        public void write(int b) {
            System.err.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.err.write(b, off, len);
        }

        @Override
        public void flush() {
            System.err.flush();
        }
    }
}
