package io.dubboai.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.server.audit.AuditAttributes;
import io.dubboai.server.security.CredentialService;
import io.dubboai.server.security.Role;
import io.dubboai.server.security.UserView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Users who log in (admins only). Passwords are stored as bcrypt hashes and never returned. */
@RestController
@RequestMapping("/api/v1/auth/users")
@Tag(name = "users", description = "User accounts (admin)")
public class UserController {

    private final CredentialService credentials;
    private final ObjectMapper json;

    UserController(CredentialService credentials, ObjectMapper json) {
        this.credentials = credentials;
        this.json = json;
    }

    /**
     * A user to create.
     *
     * @param username login name
     * @param password at least {@value CredentialService#MIN_PASSWORD_LENGTH} characters
     * @param role viewer, operator or admin
     */
    public record CreateUserRequest(
            @NotBlank String username,
            @NotBlank String password,
            @NotBlank String role) {
        @Override
        public String toString() {
            return "CreateUserRequest[username=" + username + ", password=***, role=" + role + "]";
        }
    }

    /** Every user, without password hashes. */
    @GetMapping
    @Operation(summary = "List users")
    public List<UserView> list() {
        return credentials.users();
    }

    /** Creates a user. */
    @PostMapping
    @Operation(summary = "Create a user")
    public ResponseEntity<UserView> create(@Valid @RequestBody CreateUserRequest create, HttpServletRequest request)
            throws Exception {
        UserView user = credentials.createUser(create.username(), create.password(), Role.parse(create.role()));
        AuditAttributes.describe(request, "user:" + user.username(), null, json.writeValueAsString(user));
        return ResponseEntity.status(HttpStatus.CREATED).body(user);
    }

    /** Deletes a user and revokes its tokens. */
    @DeleteMapping("/{username}")
    @Operation(summary = "Delete a user and revoke its tokens")
    public UserView delete(@PathVariable String username, HttpServletRequest request) throws Exception {
        UserView removed =
                credentials.deleteUser(username).orElseThrow(() -> new NotFoundException("No user '" + username + "'"));
        AuditAttributes.describe(request, "user:" + username, json.writeValueAsString(removed), null);
        return removed;
    }
}
