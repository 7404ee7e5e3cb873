package io.dubboai.controlplane.store;

/**
 * A stored document with the ticket that a compare-and-set write must present.
 *
 * @param key the document key
 * @param content the text (JSON)
 * @param ticket backend-specific version: a ZooKeeper {@code Stat}, a Nacos MD5, a Kubernetes resourceVersion
 */
public record Document(String key, String content, Object ticket) {}
