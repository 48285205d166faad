package io.github.jwtauth.revocation.feed;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The ordered, in-memory log of the changes of this issuer instance's
 * {@link RevocationRegistry}, from which the revocation feed is served. It listens to the
 * registry, so it sees every revocation the instance holds whichever store brought it
 * (made here, pushed, polled, or loaded at start-up), and only once per change.
 * <p>
 * Each change gets a strictly increasing position
 * {@code max(last + 1, nowMillis * 1000)}: time-like, so that positions of different
 * instances compare roughly by time. A change of a key already logged replaces its older
 * record, and expired records go with the registry's purge, so the log holds one record
 * per live revocation. Changes of one key are merged (the later cut-off and expiry), so
 * the order in which the registry reports them does not matter.
 * <p>
 * {@link #read} answers what a client lacks after its cursor:
 * <ul>
 * <li>no cursor: every live entry ({@code full});</li>
 * <li>a cursor of this instance: the entries logged after it;</li>
 * <li>a cursor of another instance (behind a load balancer, or before a restart): the
 * entries logged since its position minus the overlap
 * ({@code maxStaleness + 2 * pollInterval + clockSkew}: a non-stale instance applied
 * every entry at most that long after it was committed). Duplicates are harmless, as
 * applying an entry is idempotent. A cursor older than this instance (reaching before its
 * start), or any cursor of another instance when the instances share no store, is refused
 * with {@link InvalidCursorException}: the client starts again without a cursor and gets
 * the full snapshot that every new client shares;</li>
 * <li>a cursor from the future (beyond the clock skew) or garbage:
 * {@link InvalidCursorException}.</li>
 * </ul>
 */
public final class RevocationLog implements RevocationRegistry.Listener {

	private static final long UNITS_PER_MILLI = 1000;

	private final ConcurrentSkipListMap<Long, RevocationEntry> entries = new ConcurrentSkipListMap<>();

	private final Map<Key, Long> positions = new ConcurrentHashMap<>();

	private final String instanceId;

	private final Clock clock;

	private final long overlapUnits;

	private final long skewUnits;

	private final long basePosition;

	private volatile long last;

	private volatile CompletableFuture<Void> nextChange = new CompletableFuture<>();

	/**
	 * Create the log of a registry and start listening to it; the entries the registry
	 * already holds are logged at once.
	 * @param registry this instance's registry
	 * @param clock the clock
	 * @param overlap how far back to serve a cursor of another instance:
	 * {@code maxStaleness + 2 * pollInterval + clockSkew}; {@code null} when the
	 * instances share no store (their revocations differ: a cursor of another instance is
	 * refused, and the client starts again without one)
	 * @param clockSkew the tolerated clock difference between issuer instances
	 */
	public RevocationLog(RevocationRegistry registry, Clock clock, @Nullable Duration overlap, Duration clockSkew) {
		Assert.notNull(registry, "registry must not be null");
		Assert.notNull(clock, "clock must not be null");
		Assert.isTrue(overlap == null || !overlap.isNegative(), "overlap must not be negative");
		Assert.isTrue(clockSkew != null && !clockSkew.isNegative(), "clockSkew must not be negative");
		byte[] id = new byte[9];
		new SecureRandom().nextBytes(id);
		this.instanceId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
		this.clock = clock;
		this.overlapUnits = (overlap != null) ? overlap.toMillis() * UNITS_PER_MILLI : -1;
		this.skewUnits = clockSkew.toMillis() * UNITS_PER_MILLI;
		synchronized (this) {
			this.basePosition = nextPosition();
			this.last = this.basePosition;
		}
		registry.addListener(this);
		registry.entries().forEach(this::changed);
	}

	@Override
	public void changed(RevocationEntry entry) {
		CompletableFuture<Void> waiting;
		synchronized (this) {
			// merged with the record held: registry listeners may be told of two changes
			// of one key in either order, and the log must keep the stronger
			Key key = new Key(entry.kind(), entry.value());
			Long previous = this.positions.get(key);
			RevocationEntry merged = entry;
			if (previous != null) {
				RevocationEntry held = this.entries.get(previous);
				if (held != null) {
					merged = held.mergedWith(entry);
					if (merged == held) {
						return;
					}
				}
				this.entries.remove(previous);
			}
			long position = nextPosition();
			this.positions.put(key, position);
			this.entries.put(position, merged);
			this.last = position;
			waiting = this.nextChange;
			this.nextChange = new CompletableFuture<>();
		}
		waiting.complete(null);
	}

	private long nextPosition() {
		return Math.max(this.last + 1, this.clock.millis() * UNITS_PER_MILLI);
	}

	@Override
	public void purged(Instant now) {
		synchronized (this) {
			this.entries.entrySet().removeIf((record) -> {
				RevocationEntry entry = record.getValue();
				if (now.isBefore(entry.expiresAt())) {
					return false;
				}
				this.positions.remove(new Key(entry.kind(), entry.value()), record.getKey());
				return true;
			});
		}
	}

	/**
	 * The live entries a client lacks after its cursor, and the cursor to send next.
	 * @param cursor the client's cursor, or {@code null} for everything
	 * @return the page
	 * @throws InvalidCursorException if the cursor is garbage or from the future
	 */
	public Page read(@Nullable String cursor) {
		long upTo = this.last;
		Instant now = this.clock.instant();
		long from;
		boolean full;
		if (cursor == null) {
			from = Long.MIN_VALUE;
			full = true;
		}
		else {
			FeedCursor parsed = FeedCursor.parse(cursor);
			if (parsed.instanceId().equals(this.instanceId)) {
				if (parsed.position() > upTo) {
					throw new InvalidCursorException("Cursor from the future");
				}
				from = parsed.position() + 1;
				full = false;
			}
			else {
				if (parsed.position() > now.toEpochMilli() * UNITS_PER_MILLI + this.skewUnits) {
					throw new InvalidCursorException("Cursor from the future");
				}
				if (this.overlapUnits < 0) {
					// instances that share no store hold different revocations
					throw new InvalidCursorException("Cursor of another instance; start again without a cursor");
				}
				from = parsed.position() - this.overlapUnits;
				if (from <= this.basePosition) {
					// older than this instance: the client starts again without a cursor,
					// and gets the full snapshot every new client shares
					throw new InvalidCursorException("Cursor older than this instance; start again without a cursor");
				}
				full = false;
			}
		}
		List<RevocationEntry> page = new ArrayList<>();
		if (from <= upTo) {
			for (RevocationEntry entry : this.entries.subMap(from, true, upTo, true).values()) {
				if (now.isBefore(entry.expiresAt())) {
					page.add(entry);
				}
			}
		}
		return new Page(page, new FeedCursor(this.instanceId, upTo).toString(), full);
	}

	/**
	 * Completed with the next change of the log: take it before {@link #read} to wait for
	 * an entry after the cursor read.
	 * @return a future completed by the next change
	 */
	public CompletableFuture<Void> nextChange() {
		return this.nextChange;
	}

	/**
	 * The number of records held.
	 * @return the size
	 */
	public int size() {
		return this.entries.size();
	}

	/**
	 * What a client lacks after its cursor.
	 *
	 * @param entries the live entries, in log order
	 * @param cursor the cursor to send next time
	 * @param full whether the entries are every live entry of this instance
	 */
	public record Page(List<RevocationEntry> entries, String cursor, boolean full) {

		public Page {
			entries = List.copyOf(entries);
		}

	}

	private record Key(RevocationEntry.Kind kind, String value) {
	}

}
