package io.github.jwtauth.keys;

/**
 * Where the token service, the decoder and the JWK Set endpoint find this application's
 * keys. A {@link JwtKeySet} is a source of itself; automatic rotation is a source whose
 * key set changes over time. Callers ask for the current set every time and never keep
 * it.
 */
@FunctionalInterface
public interface JwtKeySource {

	/**
	 * The key set in force now. Returns the same instance until the keys change, so a
	 * caller may cache what it derives from it and compare by identity.
	 * @return the current key set
	 */
	JwtKeySet current();

}
