package io.dubboai.server.web;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.dubboai.server.audit.AuditAttributes;
import io.dubboai.server.security.ApiPrincipal;
import io.dubboai.server.security.CredentialService;
import io.dubboai.server.security.IssuedToken;
import io.dubboai.server.security.LoginThrottle;
import io.dubboai.server.security.LoginThrottledException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Login for people, logout, and who am I. */
@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "auth", description = "Login, logout and the current caller")
public class AuthController {

    private static final Logger log = LoggerFactory.getLogger(AuthController.class);

    private final CredentialService credentials;
    private final LoginThrottle throttle;

    AuthController(CredentialService credentials, LoginThrottle throttle) {
        this.credentials = credentials;
        this.throttle = throttle;
    }

    /**
     * A login request.
     *
     * @param username the user name
     * @param password the password
     */
    public record LoginRequest(
            @NotBlank String username, @NotBlank String password) {
        @Override
        public String toString() {
            return "LoginRequest[username=" + username + ", password=***]";
        }
    }

    /**
     * Checks a password and returns a session token (shown once). Refused with 429 and {@code Retry-After}, before
     * any password is hashed, while the user name from this client address, or the address, has too many recent
     * failures ({@link LoginThrottle}); such refusals are not written to the audit log, the failure that locks is.
     */
    @PostMapping("/login")
    @Operation(summary = "Log in with user name and password; returns a bearer token valid for the session lifetime")
    @ApiResponse(responseCode = "200", description = "Logged in")
    @ApiResponse(responseCode = "401", description = "Wrong user name or password", content = @Content)
    @ApiResponse(
            responseCode = "429",
            description = "Too many failed logins for this user name from this address, or from this address; retry"
                    + " after the "
                    + "Retry-After header's seconds",
            content = @Content(mediaType = "application/problem+json"))
    @SecurityRequirements
    public ResponseEntity<IssuedToken> login(@Valid @RequestBody LoginRequest login, HttpServletRequest request) {
        request.setAttribute(AuditAttributes.ACTOR, login.username());
        LoginThrottle.Attempt attempt;
        try {
            // the remote address is the peer's, or the client's as reported by a trusted proxy when Spring Boot's
            // server.forward-headers-strategy is set; a client-sent X-Forwarded-For is not trusted on its own
            attempt = throttle.begin(login.username(), request.getRemoteAddr());
        } catch (LoginThrottledException e) {
            request.setAttribute(AuditAttributes.SKIP, Boolean.TRUE);
            throw e;
        }
        Optional<IssuedToken> token;
        try {
            token = credentials.login(login.username(), login.password());
        } catch (RuntimeException e) {
            throttle.abandoned(attempt);
            throw e;
        }
        if (token.isEmpty()) {
            List<LoginThrottle.Lockout> locked = throttle.failed(attempt);
            AuditAttributes.describe(request, "session:" + login.username(), null, refusal(locked));
            for (LoginThrottle.Lockout lockout : locked) {
                log.warn(
                        "Login locked for {} until {} after too many failed attempts (last from {})",
                        printable(lockout.key()),
                        lockout.until(),
                        request.getRemoteAddr());
            }
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        throttle.succeeded(attempt);
        AuditAttributes.describe(
                request,
                "session:" + login.username(),
                null,
                "{\"tokenId\":\"" + token.get().token().id() + "\"}");
        return ResponseEntity.ok(token.get());
    }

    /** The audit record of a failed login, naming the locks it set. */
    private static String refusal(List<LoginThrottle.Lockout> locked) {
        if (locked.isEmpty()) {
            return "{\"result\":\"refused\"}";
        }
        StringBuilder json = new StringBuilder("{\"result\":\"refused\",\"locked\":[");
        JsonStringEncoder encoder = JsonStringEncoder.getInstance();
        for (int i = 0; i < locked.size(); i++) {
            LoginThrottle.Lockout lockout = locked.get(i);
            json.append(i > 0 ? "," : "")
                    .append("{\"scope\":\"")
                    .append(lockout.scope().name().toLowerCase(Locale.ROOT))
                    .append("\",\"key\":\"")
                    .append(encoder.quoteAsString(lockout.key()));
            if (lockout.user() != null) {
                json.append("\",\"user\":\"").append(encoder.quoteAsString(lockout.user()));
            }
            if (lockout.address() != null) {
                json.append("\",\"address\":\"").append(encoder.quoteAsString(lockout.address()));
            }
            json.append("\",\"until\":\"").append(lockout.until()).append("\"}");
        }
        return json.append("]}").toString();
    }

    /** A user-supplied value made safe for one log line. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> out.appendCodePoint(c >= 0x20 && c < 0x7f ? c : '?'));
        return out.toString();
    }

    /** Revokes the token this call was made with. */
    @PostMapping("/logout")
    @Operation(summary = "Revoke the token used for this call")
    public ResponseEntity<Void> logout(@AuthenticationPrincipal ApiPrincipal principal, HttpServletRequest request) {
        String tokenId = principal.tokenId();
        if (tokenId != null) {
            credentials.revokeToken(tokenId);
            AuditAttributes.describe(request, "token:" + tokenId, "{\"active\":true}", "{\"active\":false}");
        }
        return ResponseEntity.noContent().build();
    }

    /** The caller: name and role. */
    @GetMapping("/me")
    @Operation(summary = "The caller's name, role and token id")
    public ApiPrincipal me(@AuthenticationPrincipal ApiPrincipal principal) {
        return principal;
    }
}
