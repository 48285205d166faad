package io.github.jwtauth.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Writes the small JSON error bodies of the security layer without needing a JSON
 * library. Values are escaped; nothing but the error code and a fixed description is ever
 * written.
 */
public final class JsonErrors {

	private JsonErrors() {
	}

	/**
	 * Write an error response.
	 * @param response the response
	 * @param status the HTTP status
	 * @param error the error code
	 * @param description the description, or {@code null}
	 * @throws IOException on I/O failure
	 */
	public static void write(HttpServletResponse response, int status, String error, @Nullable String description)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.setStatus(status);
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Cache-Control", "no-store");
		StringBuilder body = new StringBuilder(64).append("{\"error\":\"").append(escape(error)).append('"');
		if (description != null) {
			body.append(",\"error_description\":\"").append(escape(description)).append('"');
		}
		response.getWriter().write(body.append('}').toString());
	}

	static String escape(String value) {
		StringBuilder out = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

}
