package io.github.jwtauth.web.endpoint;

import java.util.Map;

import io.github.jwtauth.keys.KeyOperationException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * When the signing key cannot sign (an HSM or KMS that cannot be reached, a PKCS#11
 * session that was lost), the token endpoints and the revocation feed answer 503 with a
 * JSON error and a {@code Retry-After}, and issue nothing, rather than a 500.
 */
@RestControllerAdvice(assignableTypes = { LoginEndpoint.class, RefreshEndpoint.class, RevocationFeedEndpoint.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SigningUnavailableErrors {

	private static final Log logger = LogFactory.getLog(SigningUnavailableErrors.class);

	@ExceptionHandler(KeyOperationException.class)
	ResponseEntity<Map<String, Object>> signingUnavailable(KeyOperationException ex) {
		logger.warn("The signing key cannot sign: " + ex.getMessage()
				+ ((ex.getCause() != null) ? " (" + ex.getCause() + ")" : ""));
		return TokenEndpointSupport.unavailable("The signing key is unavailable; try again shortly");
	}

}
