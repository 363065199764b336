package io.llmrouter.adapters.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.llmrouter.application.inference.ErrorKind;
import io.llmrouter.application.inference.RouterError;
import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.inference.RequestBody;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Reads an OpenAI request body in one streaming pass, without building a tree: checks that it is
 * exactly one JSON object, takes {@code model} (and its byte range, for overrides) and
 * {@code stream}, finds the prompt ({@code messages} through the chat template, or
 * {@code prompt}) for the prefix-aware scheduler without decoding it ({@link RenderedPrompt}), notes where {@code stream_options.include_usage}
 * is or would go (see {@link UsageOption}) and so what the router does about a stream's usage
 * ({@link io.llmrouter.domain.inference.StreamUsage}), and skips everything else.
 */
final class RequestParser {

    private static final JsonFactory JSON = JsonFactory.builder()
            // Prompts of several hundred KB are normal; Jackson's default 20 MB string cap is fine,
            // but nesting is capped lower than its default to bound stack use on hostile input.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build();

    private RequestParser() {
    }

    static ParsedBody parse(byte[] bytes, String path) throws InvalidRequest {
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("The request body must be a JSON object.", null);
            }
            Fields fields = readTopLevel(parser, bytes);
            if (parser.nextToken() != null) {
                throw invalid("The request body must hold exactly one JSON value; found more after the object.", null);
            }
            return fields.toParsed(bytes, path);
        } catch (NotUtf8 e) {
            throw invalid("The request body must be JSON in UTF-8.", null);
        } catch (JsonParseException e) {
            throw invalid("The request body is not valid JSON: " + e.getOriginalMessage()
                    + " (at byte " + e.getLocation().getByteOffset() + ").", null);
        } catch (IOException e) {
            throw invalid("The request body could not be read as JSON: " + e.getMessage(), null);
        }
    }

    private static Fields readTopLevel(JsonParser parser, byte[] bytes) throws IOException, InvalidRequest {
        Fields fields = new Fields();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "model" -> fields.model(parser, value);
                case "stream" -> fields.stream(value);
                case "stream_options" -> fields.usage = UsageOption.read(parser, value);
                case "messages" -> fields.messages = PromptReader.messages(parser, value, bytes);
                case "prompt" -> fields.prompt = PromptReader.prompt(parser, value, bytes);
                case "max_tokens", "max_completion_tokens", "max_output_tokens" -> fields.outputLimit(parser, value);
                default -> parser.skipChildren();
            }
        }
        // The loop ends on the closing brace of the top-level object: where stream_options can go.
        fields.closingBrace = offset(parser.currentTokenLocation());
        return fields;
    }

    /**
     * A location's byte offset, for splices. Jackson has none (-1) when it decoded the body as
     * UTF-16 or UTF-32; JSON between systems is UTF-8 (RFC 8259 §8.1), so such a body is refused.
     */
    static int offset(JsonLocation location) throws IOException {
        long at = location.getByteOffset();
        if (at < 0 || at > Integer.MAX_VALUE) {
            throw new NotUtf8();
        }
        return (int) at;
    }

    /** The body is JSON but not UTF-8: no byte offsets to splice at. */
    private static final class NotUtf8 extends IOException {
        NotUtf8() {
            super("not UTF-8", null);
        }
    }

    static InvalidRequest invalid(String message, String param) {
        return new InvalidRequest(param == null ? RouterError.of(ErrorKind.INVALID_REQUEST, message)
                : RouterError.of(ErrorKind.INVALID_REQUEST, message, param));
    }

    /** The top-level fields seen so far. */
    private static final class Fields {
        private String model;
        private int modelStart = -1;
        private int modelEnd = -1;
        private boolean stream;
        private RenderedPrompt messages;
        private RenderedPrompt prompt;
        private UsageOption usage = UsageOption.ABSENT;
        private int closingBrace = -1;
        private long maxOutputTokens = -1;

        /** An output limit the rate limiter can reserve; anything else is the engine's to judge. */
        void outputLimit(JsonParser parser, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                long n = parser.getLongValue();
                if (n >= 0 && (maxOutputTokens < 0 || n < maxOutputTokens)) {
                    maxOutputTokens = n;
                }
            } else {
                parser.skipChildren();
            }
        }

        void model(JsonParser parser, JsonToken value) throws IOException, InvalidRequest {
            if (value != JsonToken.VALUE_STRING) {
                throw invalid("'model' must be a string naming the model, e.g. \"model\": \"my-model\".", "model");
            }
            modelStart = offset(parser.currentTokenLocation());
            // getText() finishes the string token, so the parser then stands right after its closing quote.
            model = parser.getText();
            modelEnd = offset(parser.currentLocation());
        }

        void stream(JsonToken value) throws InvalidRequest {
            if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE && value != JsonToken.VALUE_NULL) {
                throw invalid("'stream' must be true or false.", "stream");
            }
            stream = value == JsonToken.VALUE_TRUE;
        }

        ParsedBody toParsed(byte[] bytes, String path) throws InvalidRequest {
            if (model == null || model.isBlank()) {
                throw invalid("The request has no 'model'. Name one of the models listed by GET /v1/models.", "model");
            }
            if (path.equals("/v1/chat/completions") && messages == null) {
                throw invalid("A chat completion needs 'messages', an array of {role, content} objects.", "messages");
            }
            if (path.equals("/v1/completions") && prompt == null) {
                throw invalid("A completion needs 'prompt'.", "prompt");
            }
            // The router reads stream_options only to ask a stream's engine for usage: a value it
            // cannot interpret is refused then, and otherwise left for the engine to judge.
            if (stream && usage.problemField().isPresent()) {
                throw invalid(usage.problem(), usage.problemParam());
            }
            RenderedPrompt text = messages != null ? messages : prompt;
            return new ParsedBody(model, stream, new RequestBody(bytes, modelStart, modelEnd,
                    usage.streamUsage(stream, closingBrace)), text == null ? PromptText.empty() : PromptText.rendered(text),
                    maxOutputTokens < 0 ? OptionalLong.empty() : OptionalLong.of(maxOutputTokens));
        }
    }

    /** The body breaks the API contract; carries the error to send. */
    static final class InvalidRequest extends Exception {
        private final transient RouterError error;

        InvalidRequest(RouterError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        RouterError error() {
            return error;
        }
    }
}
