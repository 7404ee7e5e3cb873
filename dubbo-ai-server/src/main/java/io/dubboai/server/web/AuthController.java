package io.dubboai.server.web;

import io.dubboai.server.audit.AuditAttributes;
import io.dubboai.server.security.ApiPrincipal;
import io.dubboai.server.security.CredentialService;
import io.dubboai.server.security.IssuedToken;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.Optional;
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

    private final CredentialService credentials;

    AuthController(CredentialService credentials) {
        this.credentials = credentials;
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

    /** Checks a password and returns a session token (shown once). */
    @PostMapping("/login")
    @Operation(summary = "Log in with user name and password; returns a bearer token valid for the session lifetime")
    @SecurityRequirements
    public ResponseEntity<IssuedToken> login(@Valid @RequestBody LoginRequest login, HttpServletRequest request) {
        request.setAttribute(AuditAttributes.ACTOR, login.username());
        Optional<IssuedToken> token = credentials.login(login.username(), login.password());
        if (token.isEmpty()) {
            AuditAttributes.describe(request, "session:" + login.username(), null, "{\"result\":\"refused\"}");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        AuditAttributes.describe(
                request,
                "session:" + login.username(),
                null,
                "{\"tokenId\":\"" + token.get().token().id() + "\"}");
        return ResponseEntity.ok(token.get());
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
