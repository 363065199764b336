package io.llmrouter.bench.overhead;

import com.sun.net.httpserver.HttpServer;
import io.llmrouter.bench.harness.RouterProcess;
import io.llmrouter.testkit.RedisProcess;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A second router for the tenancy rows: API keys and a JWT issuer required at the door (its JWKS
 * served here on loopback, the token signed here with the JDK), and the same engine under three
 * model names: no limit, a local token limit, a Redis-global one (a real redis-server, when one is
 * installed). Limits are far above what the load can spend, so only their cost is measured.
 */
final class TenancyRouter implements AutoCloseable {

    static final String API_KEY = "sk-bench-0123456789abcdef";
    static final String LOCAL_MODEL = "bench-local-limit";
    static final String REDIS_MODEL = "bench-redis-limit";
    private static final long HUGE = 2_000_000_000L; // tokens per second: never reached

    final RouterProcess router;
    final String jwt;
    private final HttpServer jwks;
    private final Optional<RedisProcess> redis;

    private TenancyRouter(RouterProcess router, String jwt, HttpServer jwks, Optional<RedisProcess> redis) {
        this.router = router;
        this.jwt = jwt;
        this.jwks = jwks;
        this.redis = redis;
    }

    boolean hasRedis() {
        return redis.isPresent();
    }

    static TenancyRouter start(String classpath, Path dir, String model, URI engine) throws IOException,
            InterruptedException {
        KeyPair keys;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        HttpServer jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] set = jwks((RSAPublicKey) keys.getPublic()).getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks", exchange -> {
            exchange.sendResponseHeaders(200, set.length);
            exchange.getResponseBody().write(set);
            exchange.close();
        });
        jwks.start();
        Optional<RedisProcess> redis = Optional.empty();
        if (RedisProcess.available()) {
            redis = Optional.of(RedisProcess.start());
        } else {
            System.err.println("bench overhead: redis-server not found (apt-get install -y redis-server); the Redis row is"
                    + " skipped");
        }
        String config = """
                auth:
                  issuer: https://bench.issuer
                  audiences: [llm-router]
                  jwksUri: http://127.0.0.1:%d/jwks
                  apiKeys:
                    keys: [{tenant: bench, sha256: %s}]
                """.formatted(jwks.getAddress().getPort(), sha256(API_KEY));
        String manifest = io.llmrouter.bench.harness.Manifests.singleModel(model, java.util.List.of(engine))
                + route("local", LOCAL_MODEL, "{inputTokensPerUnit: " + HUGE + ", outputTokensPerUnit: " + HUGE + "}")
                + redis.map(r -> route("redis", REDIS_MODEL, "{inputTokensPerUnit: " + HUGE + ", outputTokensPerUnit: "
                        + HUGE + ", global: {redis: {address: \"" + r.address() + "\"}}}")).orElse("");
        try {
            RouterProcess router = RouterProcess.start(classpath, dir, manifest, config);
            return new TenancyRouter(router, token(keys), jwks, redis);
        } catch (IOException | RuntimeException e) {
            jwks.stop(0);
            redis.ifPresent(RedisProcess::close);
            throw e;
        }
    }

    private static String route(String name, String model, String rateLimit) {
        return """
                ---
                apiVersion: networking.serving.volcano.sh/v1alpha1
                kind: ModelRoute
                metadata: {name: %s, namespace: default}
                spec:
                  modelName: %s
                  rateLimit: %s
                  rules:
                    - targetModels: [{modelServerName: bench-engines}]
                """.formatted(name, model, rateLimit);
    }

    private static String jwks(RSAPublicKey key) {
        return "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"bench\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
                + b64(unsigned(key.getModulus())) + "\",\"e\":\"" + b64(unsigned(key.getPublicExponent())) + "\"}]}";
    }

    /** An RS256 JWT valid for a day. */
    private static String token(KeyPair keys) {
        long now = System.currentTimeMillis() / 1000;
        String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"bench\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64(("{\"iss\":\"https://bench.issuer\",\"aud\":\"llm-router\",\"sub\":\"bench-user\",\"iat\":"
                + now + ",\"exp\":" + (now + 86_400) + "}").getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.getPrivate());
            rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + b64(rs256.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        router.close();
        jwks.stop(0);
        redis.ifPresent(RedisProcess::close);
    }
}
