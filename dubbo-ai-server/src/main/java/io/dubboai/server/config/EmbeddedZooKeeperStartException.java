package io.dubboai.server.config;

/** The embedded ZooKeeper of the embedded mode could not start (port taken, data directory not writable). */
public final class EmbeddedZooKeeperStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int port;
    private final String dataDir;

    /**
     * @param port the configured port
     * @param dataDir the data directory
     * @param cause the failure
     */
    public EmbeddedZooKeeperStartException(int port, String dataDir, Throwable cause) {
        super("The embedded ZooKeeper could not start on 127.0.0.1:" + port + " with data in " + dataDir, cause);
        this.port = port;
        this.dataDir = dataDir;
    }

    /** The configured port. */
    public int port() {
        return port;
    }

    /** The data directory. */
    public String dataDir() {
        return dataDir;
    }
}
