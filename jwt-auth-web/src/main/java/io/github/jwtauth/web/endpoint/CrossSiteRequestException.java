package io.github.jwtauth.web.endpoint;

/**
 * A request that may come from another site wanted to use the refresh-token cookie: 403
 * {@code access_denied}.
 */
public class CrossSiteRequestException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message why, safe to show to the client
	 */
	public CrossSiteRequestException(String message) {
		super(message);
	}

}
