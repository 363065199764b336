package io.llmrouter.bootstrap;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.llmrouter.bootstrap.config.ConfigException;
import io.llmrouter.bootstrap.config.RouterConfigLoader;
import io.llmrouter.domain.tenancy.ApiKey;
import io.llmrouter.domain.tenancy.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * API keys from a file ({@code auth.apiKeys.file}), such as a mounted Kubernetes Secret: a YAML
 * document {@code keys: [{tenant, sha256, tier, models}]}, read at startup (a bad file stops the
 * router) and again whenever its bytes change (a bad edit is logged and the keys in force stay, so a
 * typo never locks every caller out or lets a revoked key back in). Revoking a key is deleting its
 * entry. The keys of the router config itself are always in force too.
 */
final class ApiKeyFile implements Supplier<ApiKeys>, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ApiKeyFile.class.getName());

    private final Path file;
    private final List<ApiKey> inline;
    private final AtomicReference<ApiKeys> current = new AtomicReference<>();
    private final Thread watcher;
    private volatile boolean closed;
    private byte[] lastBytes;

    ApiKeyFile(Path file, List<ApiKey> inline, Duration pollInterval) {
        this.file = file;
        this.inline = List.copyOf(inline);
        try {
            byte[] bytes = Files.readAllBytes(file);
            current.set(parse(bytes));
            lastBytes = bytes;
        } catch (IOException e) {
            throw new ConfigException("auth.apiKeys.file " + file + ": " + e.getMessage());
        }
        LOG.log(System.Logger.Level.INFO, "API keys: {0} from {1}, {2} inline", current.get().size() - inline.size(),
                file, inline.size());
        this.watcher = Thread.ofVirtual().name("api-key-file").start(() -> watch(pollInterval));
    }

    @Override
    public ApiKeys get() {
        return current.get();
    }

    private ApiKeys parse(byte[] bytes) {
        Config root = Config.builder().sources(ConfigSources.create(new String(bytes,
                        java.nio.charset.StandardCharsets.UTF_8), io.helidon.common.media.type.MediaTypes.APPLICATION_YAML))
                .disableEnvironmentVariablesSource().disableSystemPropertiesSource().build();
        List<ApiKey> keys = new ArrayList<>(inline);
        List<Config> entries = root.get("keys").asNodeList().orElse(List.of());
        for (int i = 0; i < entries.size(); i++) {
            keys.add(RouterConfigLoader.apiKey(entries.get(i), file.getFileName() + ": keys[" + i + "]"));
        }
        try {
            return new ApiKeys(keys);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file.getFileName() + ": " + e.getMessage());
        }
    }

    private void watch(Duration interval) {
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                continue; // a Secret update swaps a symlink: a read in between may fail; the next one will not
            }
            if (Arrays.equals(bytes, lastBytes)) {
                continue;
            }
            lastBytes = bytes; // a bad edit is reported once, not at every poll
            try {
                ApiKeys keys = parse(bytes);
                int before = current.get().size();
                current.set(keys);
                LOG.log(System.Logger.Level.INFO, "API keys reloaded from {0}: {1} key(s), {2} before", file,
                        keys.size(), before);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "API keys: {0} not reloaded, the {1} key(s) in force stay: {2}",
                        file, current.get().size(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
    }
}
