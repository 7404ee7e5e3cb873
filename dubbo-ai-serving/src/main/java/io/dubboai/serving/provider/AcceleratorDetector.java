package io.dubboai.serving.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /** A detector that runs the real {@code nvidia-smi} with a 5 s limit. */
    public static AcceleratorDetector system() {
        return new AcceleratorDetector(AcceleratorDetector::run);
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

    private static Optional<String> run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
