package io.github.jwtauth.autoconfigure;

/**
 * Thrown at start-up when a {@code jwt.auth.*} property is unsafe or inconsistent; the
 * failure analyzer turns it into a message that names the property and the fix.
 */
public class InvalidJwtAuthPropertyException extends RuntimeException {

	private final String property;

	private final String action;

	/**
	 * Create an exception.
	 * @param property the offending property
	 * @param problem what is wrong (never the secret itself)
	 * @param action what to do about it
	 */
	public InvalidJwtAuthPropertyException(String property, String problem, String action) {
		super("Invalid '" + property + "': " + problem);
		this.property = property;
		this.action = action;
	}

	/**
	 * The offending property.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
