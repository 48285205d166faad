package io.github.jwtauth.discovery;

/**
 * The issuer's metadata could not be fetched, or was refused. The message is a fixed
 * description (never the document's content beyond the URLs and issuer it names), safe to
 * log.
 */
public class IssuerMetadataException extends RuntimeException {

	private final boolean refused;

	/**
	 * Create an exception.
	 * @param message a fixed description of the failure
	 * @param refused whether the issuer answered with a document that is refused (an
	 * {@code issuer} that is not the configured one, no {@code jwks_uri}, a URL that is
	 * not https, not JSON, too large), rather than not answering usefully (unreachable, a
	 * time-out, an HTTP error)
	 */
	public IssuerMetadataException(String message, boolean refused) {
		super(message);
		this.refused = refused;
	}

	/**
	 * Whether the issuer answered with a document that is refused, rather than not
	 * answering usefully.
	 * @return {@code true} for a refused document
	 */
	public boolean isRefused() {
		return this.refused;
	}

}
