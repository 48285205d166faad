package io.github.jwtauth.keys.rotation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

import org.springframework.util.Assert;

/**
 * Keeps managed keys in this process: rotation for one instance.
 */
public final class InMemorySigningKeyStore implements SigningKeyStore {

	private final ConcurrentSkipListMap<Long, StoredSigningKey> keys = new ConcurrentSkipListMap<>();

	@Override
	public List<StoredSigningKey> findAll() {
		return new ArrayList<>(this.keys.values());
	}

	@Override
	public boolean add(StoredSigningKey key) {
		Assert.notNull(key, "key must not be null");
		return this.keys.putIfAbsent(key.generation(), key) == null;
	}

	@Override
	public void remove(long generation) {
		this.keys.remove(generation);
	}

	@Override
	public boolean isShared() {
		return false;
	}

}
