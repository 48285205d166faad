package io.github.jwtauth.web.endpoint;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * When the store (database or Redis) cannot be reached, the token endpoints answer 503
 * with a JSON error and a {@code Retry-After}, and issue nothing: a token that could not
 * be stored could not be revoked later.
 */
@RestControllerAdvice(assignableTypes = { LoginEndpoint.class, RefreshEndpoint.class, LogoutEndpoint.class,
		SessionsEndpoint.class, IntrospectionEndpoint.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
public class StoreUnavailableErrors {

	private static final Log logger = LogFactory.getLog(StoreUnavailableErrors.class);

	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<Map<String, Object>> storeUnavailable(RuntimeException ex) {
		logger.warn("Token store unavailable: " + ex.getClass().getSimpleName());
		return TokenEndpointSupport.unavailable("The token store is unavailable; try again shortly");
	}

}
