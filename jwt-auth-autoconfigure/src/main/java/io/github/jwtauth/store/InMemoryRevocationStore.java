package io.github.jwtauth.store;

import java.time.Instant;
import java.util.List;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationStore;

/**
 * The revocation store of a single instance: the local
 * {@link io.github.jwtauth.revocation.RevocationRegistry} already holds every revocation,
 * so nothing is kept twice and nothing is shared.
 */
public final class InMemoryRevocationStore implements RevocationStore {

	@Override
	public void add(RevocationEntry entry) {
	}

	@Override
	public List<RevocationEntry> findActive(Instant now) {
		return List.of();
	}

}
