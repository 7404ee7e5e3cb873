package io.dubboai.controlplane.election;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the ZooKeeper election ({@code dubbo.ai.election.zookeeper.*}).
 *
 * @param address the ZooKeeper ensemble: a Curator connect string {@code host:port[,host:port]} or a Dubbo address
 *     {@code zookeeper://host:port[?backup=host:port,...]}; usually the registry's
 * @param path the znode under which the nodes queue for leadership; absolute, no trailing slash. Default
 *     {@value #DEFAULT_PATH}.
 * @param sessionTimeout the ZooKeeper session timeout: how long after a leader disappears its session (and with it its
 *     leadership) ends on the server; the server clamps it to 2..20 ticks. Default 15s.
 * @param connectionTimeout how long a connection attempt may take. Default 5s.
 */
public record ZooKeeperElectionSettings(
        String address, String path, Duration sessionTimeout, Duration connectionTimeout) {

    /** The default leader path. */
    public static final String DEFAULT_PATH = "/dubbo-ai/leader";
    /** The default session timeout. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(15);
    /** The default connection timeout. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");
    private static final Pattern PATH = Pattern.compile("(/[^/\\s]+)+");

    /** Validates every field; messages name the setting, the value and the expected form. */
    public ZooKeeperElectionSettings {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("dubbo.ai.election.zookeeper.address is not set; set it to the"
                    + " ZooKeeper ensemble, e.g. 127.0.0.1:2181, or configure a zookeeper:// Dubbo registry");
        }
        connectString(address);
        if (path == null || !PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("dubbo.ai.election.zookeeper.path must be an absolute znode path"
                    + " without a trailing slash, e.g. " + DEFAULT_PATH + ", but was '" + path + "'");
        }
        requirePositive("session-timeout", sessionTimeout);
        requirePositive("connection-timeout", connectionTimeout);
    }

    /** Settings for {@code address} with every other field at its default. */
    public static ZooKeeperElectionSettings of(String address) {
        return new ZooKeeperElectionSettings(
                address, DEFAULT_PATH, DEFAULT_SESSION_TIMEOUT, DEFAULT_CONNECTION_TIMEOUT);
    }

    /** The address as a Curator connect string: {@code host:port[,host:port]}. */
    public String connectString() {
        return connectString(address);
    }

    private static String connectString(String address) {
        String rest = address.trim();
        if (rest.startsWith("zookeeper://")) {
            rest = rest.substring("zookeeper://".length());
        }
        List<String> hosts = new ArrayList<>();
        int query = rest.indexOf('?');
        if (query >= 0) {
            for (String parameter : rest.substring(query + 1).split("&")) {
                if (parameter.startsWith("backup=")) {
                    hosts.addAll(List.of(parameter.substring("backup=".length()).split(",")));
                }
            }
            rest = rest.substring(0, query);
        }
        hosts.addAll(0, List.of(rest.split(",")));
        for (String host : hosts) {
            if (!HOST_PORT.matcher(host.trim()).matches()) {
                throw new IllegalArgumentException("dubbo.ai.election.zookeeper.address '" + address
                        + "' is not a ZooKeeper address: '" + host + "' is not host:port; use e.g. 127.0.0.1:2181"
                        + " or zookeeper://127.0.0.1:2181");
            }
        }
        return String.join(",", hosts.stream().map(String::trim).toList());
    }

    static void requirePositive(String setting, Duration value) {
        Objects.requireNonNull(value, setting + " must be set");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "dubbo.ai.election.zookeeper." + setting + " must be greater than 0, but was " + value);
        }
    }
}
