package io.github.jwtauth.web.endpoint;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Checks and parses the body of a token endpoint request: a JSON object or an
 * {@code application/x-www-form-urlencoded} form, strict UTF-8.
 */
final class TokenRequestBody {

	/**
	 * The deepest nesting a JSON body may have: the token endpoints read a flat object.
	 */
	static final int MAX_JSON_NESTING_DEPTH = 8;

	private static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_NESTING_DEPTH).build())
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private TokenRequestBody() {
	}

	/**
	 * The kind of body a {@code Content-Type} announces.
	 * @param contentType the header, or {@code null}
	 * @return the type
	 * @throws UnsupportedContentTypeException if it is neither JSON nor a form, or not in
	 * UTF-8
	 */
	static Type type(@Nullable String contentType) {
		if (contentType == null || contentType.isBlank()) {
			return Type.NONE;
		}
		MediaType mediaType;
		try {
			mediaType = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			throw new UnsupportedContentTypeException("Malformed Content-Type");
		}
		Type type;
		if (MediaType.APPLICATION_JSON.equalsTypeAndSubtype(mediaType)) {
			type = Type.JSON;
		}
		else if (MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(mediaType)) {
			type = Type.FORM;
		}
		else {
			throw new UnsupportedContentTypeException(
					"Unsupported Content-Type: use application/json or application/x-www-form-urlencoded");
		}
		String charset = mediaType.getParameter("charset");
		if (charset != null && !isUtf8(charset)) {
			throw new UnsupportedContentTypeException("Unsupported charset: use UTF-8");
		}
		return type;
	}

	private static boolean isUtf8(String charset) {
		String name = charset.replace("\"", "").trim();
		return "utf-8".equalsIgnoreCase(name) || "utf8".equalsIgnoreCase(name);
	}

	/**
	 * Check a body and answer its form parameters (none for JSON).
	 * @param type the body's type
	 * @param body the body
	 * @return the form parameters
	 * @throws InvalidBodyException if the body is malformed
	 */
	static MultiValueMap<String, String> parse(Type type, byte[] body) {
		if (body.length == 0) {
			if (type == Type.JSON) {
				throw new InvalidBodyException("The request body is empty");
			}
			return new LinkedMultiValueMap<>();
		}
		String text = utf8(body);
		if (type == Type.JSON) {
			checkJsonObject(body);
			return new LinkedMultiValueMap<>();
		}
		if (type == Type.NONE) {
			return new LinkedMultiValueMap<>();
		}
		return form(text);
	}

	/**
	 * Strictly decoded UTF-8.
	 * @param bytes the bytes
	 * @return the text
	 * @throws InvalidBodyException if the bytes are not valid UTF-8
	 */
	static String utf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new InvalidBodyException("The request body is not valid UTF-8");
		}
	}

	private static void checkJsonObject(byte[] body) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new InvalidBodyException("The request body must be a JSON object");
			}
			parser.skipChildren();
			if (parser.nextToken() != null) {
				throw new InvalidBodyException("The request body must be a single JSON object");
			}
		}
		catch (JacksonException ex) {
			throw new InvalidBodyException("Malformed JSON body");
		}
	}

	private static MultiValueMap<String, String> form(String body) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		for (String pair : body.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = decode((eq >= 0) ? pair.substring(0, eq) : pair);
			String value = (eq >= 0) ? decode(pair.substring(eq + 1)) : "";
			if (!isPrintable(name) || !isPrintable(value)) {
				// what Spring Security's StrictHttpFirewall would reject, answered here
				// as
				// an OAuth error
				throw new InvalidBodyException("Control or unassigned characters in a form parameter");
			}
			form.add(name, value);
		}
		return form;
	}

	private static boolean isPrintable(String text) {
		return text.codePoints().allMatch((c) -> Character.isDefined(c) && !Character.isISOControl(c));
	}

	/**
	 * Decode a form-encoded string: {@code +} is a space, {@code %XX} a byte, and the
	 * bytes must be UTF-8.
	 * @param encoded the encoded text
	 * @return the decoded text
	 * @throws InvalidBodyException if an escape is malformed or the bytes are not UTF-8
	 */
	static String decode(String encoded) {
		if (encoded.indexOf('%') < 0) {
			return encoded.replace('+', ' ');
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
		for (int i = 0; i < encoded.length(); i++) {
			char c = encoded.charAt(i);
			if (c == '%') {
				int high = (i + 2 < encoded.length()) ? Character.digit(encoded.charAt(i + 1), 16) : -1;
				int low = (high >= 0) ? Character.digit(encoded.charAt(i + 2), 16) : -1;
				if (low < 0) {
					throw new InvalidBodyException("Malformed percent-encoding in the form body");
				}
				bytes.write((high << 4) + low);
				i += 2;
			}
			else if (c == '+') {
				bytes.write(' ');
			}
			else {
				int codePoint = encoded.codePointAt(i);
				byte[] utf8 = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
				bytes.write(utf8, 0, utf8.length);
				i += Character.charCount(codePoint) - 1;
			}
		}
		return utf8(bytes.toByteArray());
	}

	/**
	 * Decode a query parameter name, never failing: used only to recognise names.
	 * @param encoded the encoded name
	 * @return the decoded name, or the input when it cannot be decoded
	 */
	static String decodeLeniently(String encoded) {
		try {
			return decode(encoded);
		}
		catch (InvalidBodyException ex) {
			return encoded;
		}
	}

	/**
	 * What a request body is.
	 */
	enum Type {

		/**
		 * No {@code Content-Type}.
		 */
		NONE,

		/**
		 * {@code application/json}.
		 */
		JSON,

		/**
		 * {@code application/x-www-form-urlencoded}.
		 */
		FORM

	}

	/**
	 * A malformed body: 400.
	 */
	static final class InvalidBodyException extends RuntimeException {

		InvalidBodyException(String message) {
			super(message);
		}

	}

	/**
	 * A body of a type the endpoints do not read: 415.
	 */
	static final class UnsupportedContentTypeException extends RuntimeException {

		UnsupportedContentTypeException(String message) {
			super(message);
		}

	}

}
