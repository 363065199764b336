package io.llmrouter.adapters.k8s.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The API client, with credentials resolved as the official client does: an explicit kubeconfig
 * file, else {@code $KUBECONFIG}, {@code ~/.kube/config}, then the in-cluster service account.
 */
public final class ApiClients {

    private ApiClients() {
    }

    public static ApiClient create(Optional<Path> kubeconfig) {
        try {
            ClientBuilder builder = kubeconfig.isPresent() ? fromFile(kubeconfig.get()) : ClientBuilder.standard();
            // Watches are long polls: a read timeout would end every quiet watch with an error.
            return builder.setReadTimeout(Duration.ZERO).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kubernetes credentials"
                    + kubeconfig.map(p -> " from " + p).orElse("") + ": " + e.getMessage(), e);
        }
    }

    private static ClientBuilder fromFile(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            KubeConfig config = KubeConfig.loadKubeConfig(reader);
            // Relative certificate paths in the file are relative to the file, as for kubectl.
            config.setFile(file.toAbsolutePath().toFile());
            return ClientBuilder.kubeconfig(config);
        }
    }
}
