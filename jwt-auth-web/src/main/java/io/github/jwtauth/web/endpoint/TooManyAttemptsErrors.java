package io.github.jwtauth.web.endpoint;

import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Throttled token endpoint requests answer 429 {@code too_many_requests} with a
 * {@code Retry-After} in seconds and {@code Cache-Control: no-store}. Ordered first, so a
 * broader handler of another advice never turns the 429 into something else.
 */
@RestControllerAdvice(assignableTypes = { LoginEndpoint.class, RefreshEndpoint.class, LogoutEndpoint.class,
		IntrospectionEndpoint.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TooManyAttemptsErrors {

	@ExceptionHandler(TooManyAttemptsException.class)
	ResponseEntity<Map<String, Object>> tooManyAttempts(TooManyAttemptsException ex) {
		long seconds = ex.getRetryAfterSeconds();
		ResponseEntity<Map<String, Object>> error = TokenEndpointSupport.error(HttpStatus.TOO_MANY_REQUESTS,
				"too_many_requests", "Too many failed attempts; retry after " + seconds + " seconds");
		return ResponseEntity.status(error.getStatusCode())
			.headers(error.getHeaders())
			.header("Retry-After", Long.toString(seconds))
			.body(error.getBody());
	}

}
