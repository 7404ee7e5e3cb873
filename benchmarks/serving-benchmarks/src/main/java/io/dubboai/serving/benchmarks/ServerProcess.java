package io.dubboai.serving.benchmarks;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The server process of a load run ({@link ServingServers}) and the one thread that reads its output to the end.
 *
 * <p>Standard error is merged into standard output, and every line goes to a log file; the protocol lines ({@code
 * READY}, {@code STATS ...}) also go to a queue that {@link #awaitLine} reads. No pipe is ever left unread: a child
 * that logs into a full pipe (64 KiB) blocks every thread that logs, and when Dubbo logged a warning per served call
 * every Triple server thread waited on the console and every call ran into the client's 60 s deadline.
 */
final class ServerProcess implements AutoCloseable {

    private static final List<String> PROTOCOL = List.of("READY", "STATS ");
    /** Put on the queue when the output ends; no line of the child is an empty optional. */
    private static final Optional<String> END = Optional.empty();

    private final Process process;
    private final PrintStream in;
    private final Path log;
    private final BlockingQueue<Optional<String>> protocolLines = new LinkedBlockingQueue<>();
    private final Thread drain;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.log = log;
        this.drain = new Thread(this::drain, "server-process-output");
        drain.setDaemon(true);
    }

    /** Starts {@code command} with its output (standard output and error) written to {@code log}. */
    static ServerProcess start(List<String> command, Path log) throws IOException {
        ServerProcess server = new ServerProcess(
                new ProcessBuilder(command).redirectErrorStream(true).start(), log);
        server.drain.start();
        return server;
    }

    /** The process, for its CPU time. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Sends one line to the process's standard input. */
    void send(String line) {
        in.println(line);
    }

    /**
     * The next protocol line starting with {@code prefix}, skipping other protocol lines.
     *
     * @throws IllegalStateException if the process's output ended first
     * @throws TimeoutException if none came within {@code timeout}
     */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> line = protocolLines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new TimeoutException(
                        "the server process printed no " + prefix.strip() + " within " + timeout + "; see " + log);
            }
            if (line.isEmpty()) {
                protocolLines.add(END);
                throw new IllegalStateException(
                        "the server process ended before printing " + prefix.strip() + "; see " + log);
            }
            if (line.get().startsWith(prefix)) {
                return line.get();
            }
        }
    }

    /** Closes the process's input (it then stops its servers and exits), waits 30 s, then ends it forcibly. */
    @Override
    public void close() throws InterruptedException {
        in.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        drain.join(TimeUnit.SECONDS.toMillis(5));
    }

    /** Reads the output to its end; if the log cannot be written, goes on reading (and says so once). */
    private void drain() {
        BufferedWriter file = openLog();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                file = write(file, line);
                String protocolLine = line;
                if (PROTOCOL.stream().anyMatch(protocolLine::startsWith)) {
                    protocolLines.add(Optional.of(line));
                }
            }
        } catch (IOException e) {
            System.err.println("server process output: " + e);
        } finally {
            write(file, null);
            protocolLines.add(END);
        }
    }

    private @Nullable BufferedWriter openLog() {
        try {
            return Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println(
                    "cannot write the server process log " + log + " (" + e + "); its output is read and dropped");
            return null;
        }
    }

    /** Writes {@code line} to the log (closes it for null); returns null once writing failed. */
    private @Nullable BufferedWriter write(@Nullable BufferedWriter file, @Nullable String line) {
        if (file == null) {
            return null;
        }
        try {
            if (line == null) {
                file.close();
                return null;
            }
            file.write(line);
            file.newLine();
            file.flush();
            return file;
        } catch (IOException e) {
            System.err.println(
                    "cannot write the server process log " + log + " (" + e + "); its output is read on and dropped");
            return null;
        }
    }
}
