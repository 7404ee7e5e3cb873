package io.dubboai.server.security;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * First start: when the store holds no user and no token, creates an admin API token named {@value #TOKEN_NAME},
 * prints it once in the log and keeps only its hash. There is no default password. The admin then creates users and
 * tokens through the API and may revoke this one.
 */
public final class SecurityBootstrap implements ApplicationRunner {

    /** Name of the token created at first start. */
    public static final String TOKEN_NAME = "bootstrap-admin";

    private static final Logger log = LoggerFactory.getLogger(SecurityBootstrap.class);

    private final CredentialService credentials;

    /** @param credentials where the token is created */
    public SecurityBootstrap(CredentialService credentials) {
        this.credentials = credentials;
    }

    @Override
    public void run(ApplicationArguments args) {
        bootstrap();
    }

    /**
     * Creates the first admin token if there is no user and no token yet.
     *
     * @return the token created, or empty if the store already had credentials
     */
    public Optional<IssuedToken> bootstrap() {
        Optional<IssuedToken> created = credentials.createFirstAdminToken(TOKEN_NAME, "admin");
        if (created.isEmpty()) {
            return created;
        }
        IssuedToken token = created.get();
        log.warn("""

                ==================================================================================
                 dubbo-ai server: no users or tokens were configured, so an admin token was created.
                 It is shown only this once; only its hash is stored. Keep it safe:

                     Authorization: Bearer {}

                 Use it to create users (POST /api/v1/auth/users) and tokens (POST /api/v1/auth/tokens),
                 then revoke it: DELETE /api/v1/auth/tokens/{}
                ==================================================================================""", token.secret(), token.token().id());
        return created;
    }
}
