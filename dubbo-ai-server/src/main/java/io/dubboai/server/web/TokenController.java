package io.dubboai.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.server.audit.AuditAttributes;
import io.dubboai.server.security.ApiPrincipal;
import io.dubboai.server.security.CredentialService;
import io.dubboai.server.security.IssuedToken;
import io.dubboai.server.security.Role;
import io.dubboai.server.security.TokenView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** API tokens for automation (admins only): list, create, revoke. Secrets are returned once, at creation. */
@RestController
@RequestMapping("/api/v1/auth/tokens")
@Tag(name = "tokens", description = "API tokens (admin)")
public class TokenController {

    private final CredentialService credentials;
    private final ObjectMapper json;

    TokenController(CredentialService credentials, ObjectMapper json) {
        this.credentials = credentials;
        this.json = json;
    }

    /**
     * A token to create.
     *
     * @param name label, e.g. {@code ci-deployer}
     * @param role viewer, operator or admin
     * @param subject the user it acts for; the caller when empty
     * @param ttl lifetime as ISO-8601 (e.g. {@code P30D}); no expiry when empty
     */
    public record CreateTokenRequest(
            @NotBlank String name,
            @NotBlank String role,
            @Nullable String subject,
            @Nullable Duration ttl) {}

    /** Every token, active and revoked, without secrets. */
    @GetMapping
    @Operation(summary = "List tokens (never their secrets)")
    public List<TokenView> list() {
        return credentials.tokens();
    }

    /** Creates a token; the answer carries its secret, shown only this once. */
    @PostMapping
    @Operation(summary = "Create an API token; the secret is in this answer only")
    public ResponseEntity<IssuedToken> create(
            @Valid @RequestBody CreateTokenRequest create,
            @AuthenticationPrincipal ApiPrincipal caller,
            HttpServletRequest request)
            throws Exception {
        String subject = create.subject() == null || create.subject().isBlank() ? caller.name() : create.subject();
        IssuedToken issued = credentials.createToken(create.name(), subject, Role.parse(create.role()), create.ttl());
        AuditAttributes.describe(
                request, "token:" + issued.token().id(), null, json.writeValueAsString(issued.token()));
        return ResponseEntity.status(HttpStatus.CREATED).body(issued);
    }

    /** Revokes a token: calls with it are refused (401) from now on. */
    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke a token")
    public TokenView revoke(@PathVariable String id, HttpServletRequest request) throws Exception {
        CredentialService.Change<TokenView> change = credentials
                .revokeToken(id)
                .orElseThrow(() -> new NotFoundException(
                        "No token with id '" + id + "'; list them with GET " + "/api/v1/auth/tokens"));
        AuditAttributes.describe(
                request,
                "token:" + id,
                json.writeValueAsString(change.before()),
                json.writeValueAsString(change.after()));
        return change.after();
    }
}
