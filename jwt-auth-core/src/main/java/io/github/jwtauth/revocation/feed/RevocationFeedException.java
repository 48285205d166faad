package io.github.jwtauth.revocation.feed;

/**
 * A feed answer that cannot be used: unreachable issuer, an error answer, or a document
 * that fails verification. Its message is a fixed description, safe to log: it never
 * carries the document, a token or a subject.
 */
public final class RevocationFeedException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message the fixed description
	 */
	public RevocationFeedException(String message) {
		super(message);
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
