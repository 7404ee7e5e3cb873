package io.dubboai.server.web;

import io.dubboai.server.audit.AuditLog;
import io.dubboai.server.audit.AuditPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log, newest first, paged. */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "audit", description = "Audit log of every state change (operator)")
public class AuditController {

    private final AuditLog auditLog;

    AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    /** One page of entries: page 0 is the newest; size 1 to 500 (default 50). */
    @GetMapping
    @Operation(summary = "Read the audit log, newest first")
    public AuditPage page(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return auditLog.page(page, size);
    }
}
