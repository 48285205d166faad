package io.github.jwtauth.keys.rotation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.keys.VerificationKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Keys that rotate themselves: a {@link JwtKeySource} over a {@link SigningKeyStore} of
 * sealed keys, following a {@link RotationPolicy}.
 * <p>
 * Each instance reads the store every {@link RotationPolicy#checkInterval()}
 * ({@link #refresh()}). The active key is the highest generation whose
 * {@code activatesAt} has come; every other stored key is published for verification: the
 * next key from its creation, {@code publishAhead} before it signs, and a replaced key
 * until {@code retainAfter} after its successor took over, when it is removed from the
 * store. When the active key has no successor and its period ends within
 * {@code publishAhead} plus one check interval, an instance creates the next generation,
 * to sign from the end of the period (or {@code publishAhead} from now if that is later);
 * the store lets exactly one instance add it and the others read the winner's. Every
 * instance switches at the stored {@code activatesAt}, which {@link #current()} compares
 * with the clock on each call, so instances switch together (as closely as their clocks
 * agree).
 * <p>
 * A failure (store down, a key that does not open with the key-encryption key) keeps the
 * last good keys and is retried at the next check; at {@link #start()} with nothing
 * loaded it is thrown, so that the application does not start without keys.
 * <p>
 * {@link #current()} never waits on the store or the key-encryption key: the loaded keys
 * are an immutable state that {@code current()} re-evaluates for the clock without a lock
 * (a compare-and-set), while reads of the store are serialized by a lock of their own and
 * swap the state in only when they are done. A store that hangs across an activation or
 * retirement instant therefore delays neither signing nor verification.
 */
public final class RotatingKeySource implements JwtKeySource {

	private static final Log logger = LogFactory.getLog(RotatingKeySource.class);

	private final SigningKeyStore store;

	private final SigningKeySealer sealer;

	private final RotationPolicy policy;

	private final Clock clock;

	// start/stop only; never taken by current()
	private final Object lifecycleLock = new Object();

	// serializes reads and writes of the store and the opening of keys; never taken by
	// current()
	private final ReentrantLock loadLock = new ReentrantLock();

	private final AtomicReference<@Nullable State> state = new AtomicReference<>();

	private @Nullable ScheduledExecutorService executor;

	private RotatingKeySource(Builder builder) {
		this.store = builder.store;
		this.sealer = new SigningKeySealer(builder.keyEncryptionKey);
		this.policy = builder.policy;
		this.clock = builder.clock;
	}

	/**
	 * A builder.
	 * @param store where the keys live
	 * @param keyEncryptionKey the key that seals them
	 * @param policy when keys rotate
	 * @return the builder
	 */
	public static Builder builder(SigningKeyStore store, KeyEncryptionKey keyEncryptionKey, RotationPolicy policy) {
		return new Builder(store, keyEncryptionKey, policy);
	}

	/**
	 * The policy.
	 * @return the rotation policy
	 */
	public RotationPolicy policy() {
		return this.policy;
	}

	/**
	 * Load the keys (creating the first one if the store has none) and read the store
	 * every check interval on a daemon thread until {@link #stop()}.
	 * @throws IllegalStateException if no key can be loaded
	 */
	public void start() {
		synchronized (this.lifecycleLock) {
			if (this.executor != null) {
				return;
			}
			load();
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "jwt-auth-key-rotation");
				thread.setDaemon(true);
				return thread;
			});
			long interval = this.policy.checkInterval().toMillis();
			executor.scheduleWithFixedDelay(this::refresh, interval, interval, TimeUnit.MILLISECONDS);
			this.executor = executor;
		}
	}

	/**
	 * Stop reading the store. The last keys stay in force.
	 */
	public void stop() {
		ScheduledExecutorService executor;
		synchronized (this.lifecycleLock) {
			executor = this.executor;
			this.executor = null;
		}
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	/**
	 * Whether {@link #start()} was called and {@link #stop()} was not.
	 * @return {@code true} while running
	 */
	public boolean isRunning() {
		synchronized (this.lifecycleLock) {
			return this.executor != null;
		}
	}

	/**
	 * Read the store now: create the first or the next key when due, remove keys whose
	 * retention has passed, and open new keys. A failure keeps the last good keys and is
	 * logged.
	 * @return {@code true} if the store was read and every key opened
	 */
	public boolean refresh() {
		try {
			load();
			return true;
		}
		catch (RuntimeException ex) {
			if (this.state.get() == null) {
				logger.warn("No signing key could be loaded from " + this.store + "; retrying at the next check", ex);
			}
			else {
				logger.warn("Reading the signing keys from " + this.store
						+ " failed; keeping the last good keys and retrying at the next check: " + ex, ex);
			}
			return false;
		}
	}

	/**
	 * Load the keys, throwing what fails.
	 * @throws IllegalStateException if the store cannot be read or a key does not open
	 */
	void load() {
		this.loadLock.lock();
		try {
			List<StoredSigningKey> stored;
			try {
				stored = maintain(this.store.findAll());
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException("Cannot read or update the signing keys in " + this.store, ex);
			}
			State previous = this.state.get();
			Map<Long, Opened> opened = new HashMap<>();
			for (StoredSigningKey key : stored) {
				Opened before = (previous != null) ? previous.opened.get(key.generation()) : null;
				if (before != null && before.stored.equals(key)) {
					opened.put(key.generation(), before);
				}
				else {
					opened.put(key.generation(), open(key));
				}
			}
			List<Opened> keys = new ArrayList<>(opened.values());
			keys.sort((a, b) -> Long.compare(a.stored.generation(), b.stored.generation()));
			// the I/O is done: swap the new state in (evaluate is pure, so a retry after
			// a concurrent re-evaluation by current() is harmless)
			this.state.updateAndGet((latest) -> evaluate(keys, this.clock.millis(), latest));
		}
		finally {
			this.loadLock.unlock();
		}
	}

	private Opened open(StoredSigningKey key) {
		try {
			SigningKey signingKey = this.sealer.open(key);
			return new Opened(key, signingKey.signer(), signingKey.verificationKey());
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Stored signing key " + key + " cannot be used: " + ex.getMessage()
					+ " (is the key-encryption key the one that sealed it?); no token is signed with a key that "
					+ "does not open", ex);
		}
	}

	/**
	 * Create the first or the next key when due and remove expired ones.
	 * @param stored the stored keys
	 * @return the stored keys after the changes
	 */
	private List<StoredSigningKey> maintain(List<StoredSigningKey> stored) {
		Instant now = this.clock.instant();
		if (stored.isEmpty()) {
			add(1, now, now);
			return sorted(this.store.findAll());
		}
		stored = sorted(stored);
		StoredSigningKey active = activeOf(stored, now);
		StoredSigningKey latest = stored.get(stored.size() - 1);
		if (latest == active) {
			// one check early, so that the successor is published a full publishAhead
			// before the scheduled instant even when checks fall at whole intervals
			Instant due = active.activatesAt()
				.plus(this.policy.period())
				.minus(this.policy.publishAhead())
				.minus(this.policy.checkInterval());
			boolean otherAlgorithm = !active.algorithm().equals(this.policy.algorithm().getName());
			if (!now.isBefore(due) || otherAlgorithm) {
				Instant earliest = now.plus(this.policy.publishAhead());
				Instant scheduled = active.activatesAt().plus(this.policy.period());
				// a new algorithm takes over as soon as it is published
				add(active.generation() + 1, now,
						(scheduled.isAfter(earliest) && !otherAlgorithm) ? scheduled : earliest);
				stored = sorted(this.store.findAll());
			}
		}
		List<StoredSigningKey> kept = new ArrayList<>();
		for (int i = 0; i < stored.size(); i++) {
			StoredSigningKey key = stored.get(i);
			if (i + 1 < stored.size() && !now.isBefore(retiresAt(stored.get(i + 1)))) {
				this.store.remove(key.generation());
				logger.info("Removed retired signing key " + key);
			}
			else {
				kept.add(key);
			}
		}
		return kept;
	}

	private void add(long generation, Instant now, Instant activatesAt) {
		SigningKey key = ManagedKeyGenerator.generate(this.policy.algorithm());
		StoredSigningKey stored = this.sealer.seal(generation, key, now, activatesAt);
		if (this.store.add(stored)) {
			logger.info("Created signing key " + stored + ", published now");
		}
		else {
			logger.debug("Another instance created signing key generation " + generation + " first");
		}
	}

	private Instant retiresAt(StoredSigningKey successor) {
		return successor.activatesAt().plus(this.policy.retainAfter());
	}

	private static List<StoredSigningKey> sorted(List<StoredSigningKey> keys) {
		List<StoredSigningKey> sorted = new ArrayList<>(keys);
		sorted.sort((a, b) -> Long.compare(a.generation(), b.generation()));
		return sorted;
	}

	// the highest generation active at now; the lowest if none is active yet (a clock
	// behind the instance that created the first key)
	private static StoredSigningKey activeOf(List<StoredSigningKey> sorted, Instant now) {
		StoredSigningKey active = sorted.get(0);
		for (StoredSigningKey key : sorted) {
			if (!key.activatesAt().isAfter(now)) {
				active = key;
			}
		}
		return active;
	}

	private State evaluate(List<Opened> keys, long now, @Nullable State previous) {
		Assert.state(!keys.isEmpty(), "The store holds no signing key");
		int active = 0;
		long next = Long.MAX_VALUE;
		for (int i = 0; i < keys.size(); i++) {
			long activatesAt = keys.get(i).stored.activatesAt().toEpochMilli();
			if (activatesAt <= now) {
				active = i;
			}
			else {
				next = Math.min(next, activatesAt);
			}
		}
		List<VerificationKey> others = new ArrayList<>();
		List<String> keyIds = new ArrayList<>();
		keyIds.add(keys.get(active).signer.keyId());
		for (int i = 0; i < keys.size(); i++) {
			if (i == active) {
				continue;
			}
			if (i + 1 < keys.size()) {
				long retiresAt = retiresAt(keys.get(i + 1).stored).toEpochMilli();
				if (retiresAt <= now) {
					continue;
				}
				next = Math.min(next, retiresAt);
			}
			others.add(keys.get(i).verificationKey);
			keyIds.add(keys.get(i).signer.keyId());
		}
		Map<Long, Opened> opened = new HashMap<>();
		for (Opened key : keys) {
			opened.put(key.stored.generation(), key);
		}
		JwtKeySet keySet;
		if (previous != null && previous.keyIds.equals(keyIds)) {
			keySet = previous.keySet;
		}
		else {
			keySet = new JwtKeySet(keys.get(active).signer, others);
			if (previous == null || !previous.keyIds.get(0).equals(keyIds.get(0))) {
				logger.info("Signing with key " + keys.get(active).stored + "; keys published: " + keyIds);
			}
		}
		return new State(keys, opened, keySet, keyIds, next);
	}

	@Override
	public JwtKeySet current() {
		State state = this.state.get();
		Assert.state(state != null, "The rotating key source is not started");
		long now = this.clock.millis();
		while (now >= state.nextChange) {
			// an activation or retirement instant has passed: re-evaluate the loaded keys
			// (no I/O, no lock); if a load or another caller swapped the state meanwhile,
			// look at theirs
			State evaluated = evaluate(state.keys, now, state);
			if (this.state.compareAndSet(state, evaluated)) {
				return evaluated.keySet;
			}
			state = this.state.get();
			Assert.state(state != null, "The rotating key source is not started");
		}
		return state.keySet;
	}

	/**
	 * The stored generation of the key that signs now, for tests and monitoring.
	 * @return the generation
	 */
	public long activeGeneration() {
		JwtKeySet keySet = current();
		State state = this.state.get();
		Assert.state(state != null, "The rotating key source is not started");
		for (Opened key : state.keys) {
			if (key.signer == keySet.active()) {
				return key.stored.generation();
			}
		}
		throw new IllegalStateException("The active key is not among the loaded keys");
	}

	/**
	 * The managed keys in force now, oldest generation first: the active one, the next
	 * one once published and replaced ones until their retention ends. Times and key IDs
	 * only, never key material: for monitoring (the Actuator endpoint) and tests.
	 * @return the keys
	 */
	public List<ManagedKey> managedKeys() {
		current();
		State state = this.state.get();
		Assert.state(state != null, "The rotating key source is not started");
		JwtSigner active = state.keySet.active();
		List<ManagedKey> keys = new ArrayList<>();
		for (int i = 0; i < state.keys.size(); i++) {
			Opened key = state.keys.get(i);
			if (!state.keyIds.contains(key.signer.keyId())) {
				continue;
			}
			StoredSigningKey stored = key.stored;
			Instant retiresAt = (i + 1 < state.keys.size()) ? retiresAt(state.keys.get(i + 1).stored) : null;
			keys.add(new ManagedKey(stored.generation(), stored.keyId(), stored.algorithm(), stored.createdAt(),
					stored.activatesAt(), retiresAt, key.signer == active));
		}
		return keys;
	}

	@Override
	public String toString() {
		return "RotatingKeySource[store=" + this.store + ", algorithm=" + this.policy.algorithm() + ", period="
				+ this.policy.period() + "]";
	}

	/**
	 * A managed key as {@link #managedKeys()} describes it: no key material.
	 *
	 * @param generation the key's generation
	 * @param keyId the key ID
	 * @param algorithm the JWS algorithm name
	 * @param createdAt when it was created and published
	 * @param activatesAt when it starts (or started) signing
	 * @param retiresAt when it stops verifying: its successor's activation plus the
	 * retention, or {@code null} while it has no successor
	 * @param active whether it signs now
	 */
	public record ManagedKey(long generation, String keyId, String algorithm, Instant createdAt, Instant activatesAt,
			@Nullable Instant retiresAt, boolean active) {

	}

	private record Opened(StoredSigningKey stored, JwtSigner signer, VerificationKey verificationKey) {

	}

	private record State(List<Opened> keys, Map<Long, Opened> opened, JwtKeySet keySet, List<String> keyIds,
			long nextChange) {

	}

	/**
	 * Builds a {@link RotatingKeySource}.
	 */
	public static final class Builder {

		private final SigningKeyStore store;

		private final KeyEncryptionKey keyEncryptionKey;

		private final RotationPolicy policy;

		private Clock clock = Clock.systemUTC();

		private Builder(SigningKeyStore store, KeyEncryptionKey keyEncryptionKey, RotationPolicy policy) {
			Assert.notNull(store, "store must not be null");
			Assert.notNull(keyEncryptionKey, "keyEncryptionKey must not be null");
			Assert.notNull(policy, "policy must not be null");
			this.store = store;
			this.keyEncryptionKey = keyEncryptionKey;
			this.policy = policy;
		}

		/**
		 * The clock that decides when keys are created, activated and removed.
		 * @param clock the clock (default: the system clock in UTC)
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Build the key source; call {@link RotatingKeySource#start()} to load the keys.
		 * @return the key source
		 */
		public RotatingKeySource build() {
			return new RotatingKeySource(this);
		}

	}

}
