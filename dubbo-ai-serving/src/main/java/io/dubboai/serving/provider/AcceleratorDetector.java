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
 * Finds the machine's NVIDIA GPUs by running {@code nvidia-smi --query-gpu=name,memory.total
 * --format=csv,noheader,nounits}. No {@code nvidia-smi}, a failing one, or no GPU listed means "nothing detected".
 */
public final class AcceleratorDetector {

    /** The command run. */
    public static final List<String> NVIDIA_SMI =
            List.of("nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader,nounits");

    private static final Logger log = LoggerFactory.getLogger(AcceleratorDetector.class);

    private final Function<List<String>, Optional<String>> commandRunner;

    /** @param commandRunner runs a command and returns its standard output, empty when it cannot run or fails */
    public AcceleratorDetector(Function<List<String>, Optional<String>> commandRunner) {
        this.commandRunner = commandRunner;
    }

    /** How long {@link #system()} lets {@code nvidia-smi} run. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

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

    /** The GPUs found, or empty. */
    public Optional<AcceleratorInfo> detect() {
        return commandRunner.apply(NVIDIA_SMI).flatMap(AcceleratorDetector::parse);
    }

    /**
     * Parses {@code nvidia-smi} CSV output, one GPU per line: {@code name, memory MiB}. The first GPU's type and
     * memory are reported; the count is the number of lines.
     */
    public static Optional<AcceleratorInfo> parse(String csv) {
        List<String> lines =
                csv.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        String first = lines.get(0);
        int comma = first.lastIndexOf(',');
        if (comma < 0) {
            log.warn("Cannot read nvidia-smi output line '{}'; reporting no GPU", first);
            return Optional.empty();
        }
        try {
            long memory = Long.parseLong(first.substring(comma + 1).trim());
            return Optional.of(AcceleratorInfo.gpu(first.substring(0, comma).trim(), lines.size(), memory));
        } catch (NumberFormatException e) {
            log.warn("Cannot read the GPU memory in nvidia-smi output line '{}'; reporting no GPU", first);
            return Optional.empty();
        }
    }

    private static Optional<String> run(List<String> command, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("dubbo-ai-cmd", ".out");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                log.warn("{} ran longer than {}; killed", command.get(0), timeout);
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
