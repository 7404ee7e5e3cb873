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
import java.util.ArrayList;
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
 * {@link #requestStop()} asks it to stop with SIGTERM, so its shutdown hooks run (providers drain and deregister), and kills it
 * if it does not stop in time ({@link #stop}).
 *
 * <p>Children ignore SIGINT and SIGHUP. A Ctrl-C in a terminal (or closing it) signals the whole foreground process
 * group; children acting on it would all stop at once, the server's embedded ZooKeeper among the first, and providers
 * would then wait out a ZooKeeper timeout while deregistering. Only the launcher acts on those signals, and it stops
 * the children in order. The command runs as {@code /bin/sh -c 'trap "" INT HUP; exec "$@"'}: a signal ignored at
 * {@code exec} stays ignored, a JVM that finds a shutdown signal ignored at start installs no handler for it (as under
 * {@code nohup}), and SIGTERM still runs its shutdown hooks. The shell replaces itself with the JVM, so {@link #pid()}
 * is the JVM's. Where there is no {@code /bin/sh} the command runs as it is.
 */
final class ChildProcess {

    private static final Path SHELL = Path.of("/bin/sh");
    private static final String IGNORE_TERMINAL_SIGNALS = "trap '' INT HUP; exec \"$@\"";

    private final String name;
    private final Process process;
    private final Path log;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> outputRead = new CompletableFuture<>();
    private volatile boolean killed;
    private long stopRequested; // System.nanoTime() of the SIGTERM, 0 before; guarded by this

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
            Process process = new ProcessBuilder(ignoringTerminalSignals(command))
                    .redirectErrorStream(true)
                    .start();
            ChildProcess child = new ChildProcess(name, process, log);
            Thread pump = new Thread(() -> child.pump(echo), "quickstart-" + name);
            pump.setDaemon(true);
            pump.start();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + ": " + command, e);
        }
    }

    private static List<String> ignoringTerminalSignals(List<String> command) {
        if (!Files.isExecutable(SHELL)) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(SHELL.toString(), "-c", IGNORE_TERMINAL_SIGNALS, "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Whether {@link #stop} had to kill the process because it did not stop on SIGTERM in time. */
    boolean wasKilled() {
        return killed;
    }

    /** Completes when the process has exited. */
    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** Hears every later output line. */
    void onLine(Consumer<String> listener) {
        listeners.add(listener);
    }

    /**
     * Completes with the first group of the first later line that matches {@code pattern}; exceptionally if the process
     * exits and its output ends without such a line.
     */
    CompletableFuture<String> await(Pattern pattern) {
        CompletableFuture<String> found = new CompletableFuture<>();
        onLine(line -> {
            Matcher matcher = pattern.matcher(line);
            if (!found.isDone() && matcher.find()) {
                found.complete(matcher.groupCount() > 0 ? matcher.group(1) : line);
            }
        });
        outputRead
                .thenCompose(done -> process.onExit())
                .thenRun(() -> found.completeExceptionally(new IllegalStateException(name + " exited with code "
                        + process.exitValue() + " before printing " + pattern + "; see " + log + ", which ends:\n"
                        + tail(log, 25))));
        return found;
    }

    /** The last {@code lines} lines of {@code file}, or why they cannot be read. */
    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Sends SIGTERM, so the process runs its shutdown hooks; nothing if it has exited or was asked already. The signal
     * goes through {@link ProcessHandle#destroy()}, not {@link Process#destroy()}, which would also close the output
     * pipe and lose what the process logs while it shuts down.
     */
    synchronized void requestStop() {
        if (stopRequested == 0 && process.isAlive()) {
            stopRequested = System.nanoTime();
            process.toHandle().destroy();
        }
    }

    /**
     * Stops the process: {@link #requestStop()} (if nobody did), then waits until {@code grace} after that request for
     * the process to exit, and kills it (SIGKILL) if it is still running then. Prints one line saying which.
     */
    void stop(Duration grace) {
        requestStop();
        long requested;
        synchronized (this) {
            requested = stopRequested;
        }
        if (requested == 0) {
            System.out.printf(
                    "  %s (pid %d) had already exited, with code %d%n", name, process.pid(), process.exitValue());
            return;
        }
        try {
            long left = grace.toNanos() - (System.nanoTime() - requested);
            if (process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                System.out.printf(
                        "  %s (pid %d) stopped in %.1f s%n",
                        name, process.pid(), (System.nanoTime() - requested) / 1e9);
                return;
            }
            System.out.printf(
                    "  %s (pid %d) did not stop within %d s of SIGTERM; killing it (SIGKILL). See %s%n",
                    name, process.pid(), grace.toSeconds(), log);
            kill();
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }

    private void kill() {
        killed = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.toHandle().destroyForcibly();
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
            if (process.isAlive()) {
                System.out.println("[" + name + "] output closed: " + e.getMessage());
            }
        } finally {
            outputRead.complete(null);
        }
    }
}
