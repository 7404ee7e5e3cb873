package io.dubboai.server.audit;

import java.util.List;

/**
 * One page of the audit log, newest first.
 *
 * @param page page number, 0 is the newest
 * @param size page size asked for
 * @param total entries kept in the log
 * @param entries the entries on this page
 */
public record AuditPage(int page, int size, long total, List<AuditEntry> entries) {

    /** Copies the list. */
    public AuditPage {
        entries = List.copyOf(entries);
    }
}
