package io.github.jwtauth.web.endpoint;

/**
 * A request carried the refresh-token cookie more than once, as when another host of the
 * site planted one for the parent domain: 400 {@code invalid_request}, as it cannot be
 * told which is the browser's own.
 */
public class DuplicateCookieException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param name the cookie's name
	 */
	public DuplicateCookieException(String name) {
		super("The request carries more than one " + name + " cookie");
	}

}
