package io.llmrouter.bootstrap.config;

import io.llmrouter.adapters.http.jwt.JwtSettings;
import io.llmrouter.domain.tenancy.ApiKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code auth} section: Kthena's JWT block ({@code issuer}, {@code audiences}, {@code jwksUri})
 * with this router's additions, API keys inline ({@code apiKeys.keys}) or in a file reloaded when it
 * changes ({@code apiKeys.file}, e.g. a mounted Kubernetes Secret), the identity headers routes may
 * match on, and whether credentials reach the engines.
 */
public record AuthConfig(Optional<JwtSettings> jwt, List<ApiKey> apiKeys, Optional<Path> apiKeyFile,
                         Map<String, String> headers, boolean forwardCredentials) {

    public static final AuthConfig OFF = new AuthConfig(Optional.empty(), List.of(), Optional.empty(), Map.of(), false);

    public AuthConfig {
        apiKeys = List.copyOf(apiKeys);
        headers = Map.copyOf(headers);
    }

    /** Whether requests must carry a credential. */
    public boolean required() {
        return jwt.isPresent() || !apiKeys.isEmpty() || apiKeyFile.isPresent();
    }
}
