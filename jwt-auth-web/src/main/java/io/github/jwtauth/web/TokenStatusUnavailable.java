package io.github.jwtauth.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * A token refused because this instance cannot tell whether it is still good (for
 * example, the revocations have not been loaded from the shared store yet, or not for too
 * long): a validator answered {@code temporarily_unavailable}. The answer is 503 with
 * {@code Retry-After} and an OAuth JSON error, not 401 {@code invalid_token}, so that a
 * client keeps its token and retries rather than discarding it.
 */
public final class TokenStatusUnavailable {

	/**
	 * Seconds a client is told to wait before retrying.
	 */
	static final String RETRY_AFTER_SECONDS = "1";

	private TokenStatusUnavailable() {
	}

	/**
	 * Whether a refusal, or one of its causes, is a validation that answered
	 * {@code temporarily_unavailable}.
	 * @param ex the refusal
	 * @return {@code true} if the token's status could not be determined
	 */
	public static boolean isCause(@Nullable Throwable ex) {
		Throwable current = ex;
		for (int depth = 0; current != null && depth < 8; depth++) {
			if (current instanceof JwtValidationException validation) {
				for (OAuth2Error error : validation.getErrors()) {
					if (OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE.equals(error.getErrorCode())) {
						return true;
					}
				}
			}
			current = current.getCause();
		}
		return false;
	}

	/**
	 * Answer 503 {@code temporarily_unavailable} with {@code Retry-After}.
	 * @param response the response
	 * @param description the fixed description
	 * @throws IOException on I/O failure
	 */
	public static void write(HttpServletResponse response, String description) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
		JsonErrors.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE,
				description);
	}

}
