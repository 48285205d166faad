package io.github.jwtauth.web.endpoint;

/**
 * The revocation status of a token cannot be known (the local replica is stale, or its
 * first load has not succeeded): a token endpoint answers 503
 * {@code temporarily_unavailable} rather than claim a revocation it could not check.
 */
final class RevocationStatusUnavailableException extends RuntimeException {

	RevocationStatusUnavailableException(Throwable cause) {
		super("Revocation status unavailable", cause);
	}

}
