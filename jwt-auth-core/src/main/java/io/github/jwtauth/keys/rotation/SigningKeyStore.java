package io.github.jwtauth.keys.rotation;

import java.util.List;

/**
 * Where managed signing keys live, shared by every instance of an issuer (JDBC, Redis) or
 * held by one (memory). Implementations are thread-safe and never see a private key in
 * clear.
 */
public interface SigningKeyStore {

	/**
	 * Every stored key, lowest generation first.
	 * @return the keys
	 */
	List<StoredSigningKey> findAll();

	/**
	 * Store a key unless a key of the same generation is stored already: of several
	 * instances that add the same generation at once, exactly one succeeds.
	 * @param key the key
	 * @return {@code true} if this call stored it, {@code false} if the generation was
	 * taken
	 */
	boolean add(StoredSigningKey key);

	/**
	 * Remove a key (nothing happens if it is gone already).
	 * @param generation the key's generation
	 */
	void remove(long generation);

	/**
	 * Whether instances share this store (JDBC, Redis), so that they rotate together.
	 * @return {@code true} for a shared store
	 */
	default boolean isShared() {
		return true;
	}

}
