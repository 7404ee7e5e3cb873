package io.dubboai.serving.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the facts of one NVIDIA GPU by running {@code nvidia-smi --query-gpu=index,name,memory.total
 * --format=csv,noheader,nounits} and reading the line of the configured device. No {@code nvidia-smi}, a failing or
 * hanging one (it is killed after the timeout, 5 s by default), or no line for the device means "nothing detected".
 */
public final class AcceleratorDetector {

    /** The command run. */
    public static final List<String> NVIDIA_SMI =
            List.of("nvidia-smi", "--query-gpu=index,name,memory.total", "--format=csv,noheader,nounits");

    /** How long {@link #system()} lets {@code nvidia-smi} run. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(AcceleratorDetector.class);

    private final Function<List<String>, Optional<String>> commandRunner;

    /** @param commandRunner runs a command and returns its standard output, empty when it cannot run or fails */
    public AcceleratorDetector(Function<List<String>, Optional<String>> commandRunner) {
        this.commandRunner = commandRunner;
    }

    /** A detector that runs the real {@code nvidia-smi} with a 5 s limit. */
    public static AcceleratorDetector system() {
        return new AcceleratorDetector(commandRunner(DEFAULT_TIMEOUT));
    }

    /**
     * Runs a command (such as {@code nvidia-smi}) and returns its standard output; empty when it cannot start, exits
     * non-zero, or runs longer than {@code timeout} (then it is killed). Standard output goes to a temporary file and
     * standard error is discarded, so a chatty or hung child never blocks on a full pipe and the timeout holds.
     */
    public static Function<List<String>, Optional<String>> commandRunner(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("command timeout must be > 0, but was " + timeout);
        }
        return command -> run(command, timeout);
    }

    /** The facts of GPU {@code deviceId} (the CUDA device index), or empty. */
    public Optional<AcceleratorInfo> detect(int deviceId) {
        return commandRunner.apply(NVIDIA_SMI).flatMap(csv -> parse(csv, deviceId));
    }

    /**
     * Parses {@code nvidia-smi} CSV output, one GPU per line: {@code index, name, memory MiB}, and returns the facts
     * of the line whose index is {@code deviceId}: its type and memory, count 1 (a model session runs on one device).
     */
    public static Optional<AcceleratorInfo> parse(String csv, int deviceId) {
        List<String> lines =
                csv.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        for (String line : lines) {
            String[] fields = line.split(",");
            if (fields.length < 3) {
                log.warn("Cannot read nvidia-smi output line '{}' (index, name, memory expected); skipping it", line);
                continue;
            }
            try {
                int index = Integer.parseInt(fields[0].trim());
                if (index != deviceId) {
                    continue;
                }
                long memory = Long.parseLong(fields[fields.length - 1].trim());
                String name = String.join(",", List.of(fields).subList(1, fields.length - 1))
                        .trim();
                return Optional.of(AcceleratorInfo.gpu(name, 1, memory));
            } catch (NumberFormatException e) {
                log.warn("Cannot read the index or memory in nvidia-smi output line '{}'; skipping it", line);
            }
        }
        log.warn(
                "nvidia-smi lists no GPU with index {} (lines: {}); reporting no GPU facts for that device",
                deviceId,
                lines);
        return Optional.empty();
    }

    /**
     * Runs {@code command} with its output in a temporary file (never an unread pipe) and its error output
     * discarded, killing it after {@code timeout}.
     *
     * @return its standard output when it exited 0 within the timeout, else empty
     */
    static Optional<String> run(List<String> command, Duration timeout) {
        Path out = null;
        Process process = null;
        try {
            out = Files.createTempFile("dubbo-ai-cmd", ".out");
            process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} did not finish within {}; killed it and reporting no GPU", command.get(0), timeout);
                return Optional.empty();
            }
            return process.exitValue() == 0
                    ? Optional.of(Files.readString(out, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null && process.isAlive()) {
                try {
                    process.destroyForcibly().waitFor(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    log.debug("Cannot delete {}", out, e);
                }
            }
        }
    }
}
