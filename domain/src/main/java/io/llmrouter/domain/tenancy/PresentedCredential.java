package io.llmrouter.domain.tenancy;

import io.llmrouter.domain.route.HeaderLookup;
import java.util.Locale;
import java.util.Optional;

/**
 * What the caller presented to prove who it is: {@code Authorization: Bearer <token>} (the scheme
 * case-insensitive, exactly two fields, as Kthena reads it) or {@code x-api-key: <key>}, the header
 * OpenAI-compatible and Anthropic-style clients send. The one place that reads credentials from a
 * request.
 */
public sealed interface PresentedCredential {

    String AUTHORIZATION = "authorization";
    String X_API_KEY = "x-api-key";

    /** Nothing presented. */
    record Missing() implements PresentedCredential {
    }

    /** A header was there but not in a form the router reads; {@code problem} says how. */
    record Malformed(String problem) implements PresentedCredential {
    }

    /** A token and the header it came in. */
    record Token(String value, String header) implements PresentedCredential {
        /** A compact JWS: three base64url parts separated by dots. An opaque API key never has that shape. */
        public boolean looksLikeJwt() {
            int first = value.indexOf('.');
            int second = first < 0 ? -1 : value.indexOf('.', first + 1);
            return first > 0 && second > first + 1 && value.indexOf('.', second + 1) < 0 && second < value.length() - 1;
        }

        @Override
        public String toString() {
            return "Token[header=" + header + ", value=<redacted>]"; // never a credential in a log line
        }
    }

    static PresentedCredential from(HeaderLookup headers) {
        Optional<String> authorization = headers.first(AUTHORIZATION);
        if (authorization.isPresent()) {
            String[] fields = authorization.get().trim().split("\\s+");
            if (fields.length != 2 || !fields[0].toLowerCase(Locale.ROOT).equals("bearer")) {
                return new Malformed("the Authorization header must be 'Bearer <token>'");
            }
            return new Token(fields[1], AUTHORIZATION);
        }
        Optional<String> apiKey = headers.first(X_API_KEY);
        if (apiKey.isPresent()) {
            String key = apiKey.get().trim();
            return key.isEmpty() ? new Malformed("the x-api-key header is empty") : new Token(key, X_API_KEY);
        }
        return new Missing();
    }
}
