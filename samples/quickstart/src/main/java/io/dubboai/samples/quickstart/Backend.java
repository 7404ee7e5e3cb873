package io.dubboai.samples.quickstart;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * Where a quickstart run keeps its registry and config center: the admin server's embedded ZooKeeper (embedded mode,
 * the default), or an external Nacos (universal mode, {@code --nacos nacos://host:port}).
 *
 * <p>On Nacos every run uses a namespace of its own ({@value #NAMESPACE_PREFIX} and the start time): the server keeps
 * its users, token hashes, audit log and the registry's models there, and prints an admin token only when it finds
 * none, so a second run in the namespace of a first would get no token and find model {@code risk} taken. Nacos
 * needs no namespace to be created before use.
 *
 * @param nacos the Nacos address with this run's namespace, or {@code null} in embedded mode
 */
record Backend(@Nullable String nacos) {

    static final String NAMESPACE_PREFIX = "dubbo-ai-quickstart-";

    /** The default: the server's embedded ZooKeeper. */
    static final Backend EMBEDDED = new Backend(null);

    /**
     * Universal mode on the Nacos at {@code address}, in a namespace named after the current time.
     *
     * @throws IllegalArgumentException when {@code address} is not {@code nacos://host:port} without parameters
     */
    static Backend nacos(String address) {
        return nacos(
                address,
                NAMESPACE_PREFIX + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
    }

    /** Universal mode on the Nacos at {@code address}, in {@code namespace}. */
    static Backend nacos(String address, String namespace) {
        URI uri;
        try {
            uri = new URI(address.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "--nacos " + masked(address) + " is not an address; use e.g. --nacos nacos://127.0.0.1:8848", e);
        }
        if (!"nacos".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("--nacos " + masked(address)
                    + " is not a Nacos address; use nacos://HOST:PORT with the server's HTTP port, e.g."
                    + " --nacos nacos://127.0.0.1:8848");
        }
        if (uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("--nacos " + masked(address)
                    + " has parameters or credentials; the quickstart takes nacos://HOST:PORT of a Nacos without"
                    + " authentication and picks a namespace of its own for each run");
        }
        return new Backend("nacos://" + uri.getHost() + ":" + uri.getPort() + "?namespace=" + namespace);
    }

    /** {@code address} with any {@code user:password@} replaced, for messages. */
    private static String masked(String address) {
        return address.replaceAll("(?<=//)[^/@?#]*@", "***@");
    }

    /** Whether the server runs in universal mode on Nacos. */
    boolean universal() {
        return nacos != null;
    }

    /** The Nacos namespace of this run, or {@code null} in embedded mode. */
    @Nullable
    String namespace() {
        return nacos == null ? null : nacos.substring(nacos.indexOf("?namespace=") + "?namespace=".length());
    }

    @Override
    public String toString() {
        return nacos == null ? "embedded" : "universal on " + nacos;
    }
}
