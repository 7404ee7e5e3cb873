package io.dubboai.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.server.audit.AuditAttributes;
import io.dubboai.server.security.LoginThrottle;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The login limit's lock-outs on this replica (admins only): list them, and unlock a user name, an address or a user
 * name from one address before the lock-out ends. Unlocking is audited.
 */
@RestController
@RequestMapping("/api/v1/auth/lockouts")
@Tag(name = "lockouts", description = "Login lock-outs of this replica (admin)")
public class LockoutController {

    /** The most lock-outs one listing returns. */
    static final int MAX_LISTED = 1000;

    private final LoginThrottle throttle;
    private final ObjectMapper json;

    LockoutController(LoginThrottle throttle, ObjectMapper json) {
        this.throttle = throttle;
        this.json = json;
    }

    /** The keys locked now on this replica, the latest lock-out end first (at most 1000). */
    @GetMapping
    @Operation(summary = "List the login lock-outs of this replica")
    public List<LoginThrottle.Tracked> list() {
        return throttle.lockouts(MAX_LISTED);
    }

    /**
     * Forgets the failures and lock-outs that match: {@code user} and {@code address} for that user name from that
     * address; {@code user} alone for the name from every address; {@code address} alone for the address and every
     * name from it. Answers what was removed; 404 when nothing matched.
     */
    @DeleteMapping
    @Operation(summary = "Unlock a user name, an address, or a user name from one address (this replica)")
    @ApiResponse(responseCode = "200", description = "What was removed")
    @ApiResponse(responseCode = "400", description = "Neither user nor address given")
    @ApiResponse(responseCode = "404", description = "No lock-out or counted failure matched")
    public List<LoginThrottle.Tracked> unlock(
            @Parameter(description = "user name, as given at login") @RequestParam(required = false) @Nullable
                    String user,
            @Parameter(description = "client address, as listed") @RequestParam(required = false) @Nullable
                    String address,
            HttpServletRequest request)
            throws Exception {
        List<LoginThrottle.Tracked> removed = throttle.unlock(user, address);
        if (removed.isEmpty()) {
            throw new NotFoundException("No lock-out or counted failure for " + describe(user, address)
                    + " on this replica; list the current lock-outs with GET /api/v1/auth/lockouts");
        }
        AuditAttributes.describe(request, "lockout:" + describe(user, address), json.writeValueAsString(removed), null);
        return removed;
    }

    private static String describe(@Nullable String user, @Nullable String address) {
        boolean hasUser = user != null && !user.isBlank();
        boolean hasAddress = address != null && !address.isBlank();
        if (hasUser && hasAddress) {
            return "user '" + user + "' from address " + address;
        }
        return hasUser ? "user '" + user + "' from any address" : "address " + address;
    }
}
