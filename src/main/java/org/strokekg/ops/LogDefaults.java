package org.strokekg.ops;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration before the process has read its own (found through {@code META-INF/services}): text lines
 * at INFO to standard error, as every process and test starts. {@code Logs.configure} replaces it once the settings
 * are read.
 */
public final class LogDefaults extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Logs.configure(context, LogOptions.DEFAULT, System.err);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
