package io.dubboai.samples.quickstart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JVM the quickstart started. Its output goes to a log file; lines can be echoed and watched for patterns.
 * {@link #close()} asks it to stop (SIGTERM, so its shutdown hooks drain and deregister) and kills it if it does not.
 */
final class ChildProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path log;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command}, writing its output to {@code logDir/name.log} and echoing lines that {@code echo} accepts. */
    static ChildProcess start(String name, List<String> command, Path logDir, Predicate<String> echo) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            ChildProcess child = new ChildProcess(name, process, log);
            Thread pump = new Thread(() -> child.pump(echo), "quickstart-" + name);
            pump.setDaemon(true);
            pump.start();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + ": " + command, e);
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Hears every later output line. */
    void onLine(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Completes with the first group of the first later line that matches {@code pattern}. */
    CompletableFuture<String> await(Pattern pattern) {
        CompletableFuture<String> found = new CompletableFuture<>();
        onLine(line -> {
            Matcher matcher = pattern.matcher(line);
            if (!found.isDone() && matcher.find()) {
                found.complete(matcher.groupCount() > 0 ? matcher.group(1) : line);
            }
        });
        process.onExit()
                .thenRun(() -> found.completeExceptionally(new IllegalStateException(name + " exited with code "
                        + process.exitValue() + " before printing " + pattern + "; see " + log)));
        return found;
    }

    private void pump(Predicate<String> echo) {
        try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.println(line);
                if (echo.test(line)) {
                    System.out.println("[" + name + "] " + line);
                }
                for (Consumer<String> listener : listeners) {
                    listener.accept(line);
                }
            }
        } catch (IOException e) {
            System.out.println("[" + name + "] output closed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
