package io.dubboai.server.config;

/** Where the server keeps users, token hashes and the audit log. */
public enum StoreKind {
    /** JSON documents in {@code data-dir/security}: one server process only. */
    FILE,
    /** Documents in the Dubbo config center, written with compare-and-set: shared by every replica. */
    CONFIG_CENTER
}
