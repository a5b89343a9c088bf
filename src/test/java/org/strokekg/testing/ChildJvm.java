package org.strokekg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line in a process of its own, as an operator runs it: its own environment, its exit status and what it
 * printed, and how long it took.
 */
public final class ChildJvm {

    /** How the process ended. */
    public record Result(int exit, String output, long millis) {
    }

    private ChildJvm() {
    }

    /** The java command with this JVM's module flags and class path, for {@code mainClass}. */
    public static List<String> command(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("--enable-") || a.startsWith("--sun-")).toList());
        command.addAll(List.of("-Xmx768m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@code strokekg ARGS} with {@code env} added to this environment and waits for it (at most 5 minutes). */
    public static Result strokekg(Map<String, String> env, String... args) {
        ProcessBuilder pb = new ProcessBuilder(command("org.strokekg.cli.Main", args)).redirectErrorStream(true);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("strokekg " + String.join(" ", args) + " did not end");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
