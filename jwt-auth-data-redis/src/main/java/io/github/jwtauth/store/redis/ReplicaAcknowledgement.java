package io.github.jwtauth.store.redis;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How many replicas must have a write before a store reports it done ({@code WAIT}).
 * Redis replicates asynchronously: a write that its master acknowledged and then lost in
 * a crash, before any replica had it, is gone after the failover. A store that waits for
 * a replica after each write that must survive (a login, a rotation, a revocation)
 * reports it only once a replica has it, and otherwise fails with a
 * {@link org.springframework.dao.DataAccessException} (503 at the token endpoints): the
 * write may or may not survive, so nothing is handed out that might be lost.
 * <p>
 * Needs Lettuce (Spring Boot's default Redis client): the write and its {@code WAIT} go
 * over the same connection to the master of the key's slot.
 *
 * @param replicas the replicas that must acknowledge; {@code 0} waits for none
 * @param timeout how long to wait for them
 */
public record ReplicaAcknowledgement(int replicas, Duration timeout) {

	/**
	 * Check the arguments.
	 * @param replicas the replicas that must acknowledge; {@code 0} waits for none
	 * @param timeout how long to wait for them
	 */
	public ReplicaAcknowledgement {
		Assert.isTrue(replicas >= 0, "replicas must not be negative");
		Assert.notNull(timeout, "timeout must not be null");
		Assert.isTrue(replicas == 0 || (!timeout.isNegative() && !timeout.isZero()), "timeout must be positive");
	}

	/**
	 * Wait for no replica (a single server, or a deployment that accepts losing the
	 * writes of the last moments before a master's crash).
	 * @return no acknowledgement
	 */
	public static ReplicaAcknowledgement none() {
		return new ReplicaAcknowledgement(0, Duration.ofSeconds(1));
	}

	/**
	 * Wait for a number of replicas.
	 * @param replicas the replicas that must acknowledge
	 * @param timeout how long to wait for them
	 * @return the acknowledgement
	 */
	public static ReplicaAcknowledgement of(int replicas, Duration timeout) {
		return new ReplicaAcknowledgement(replicas, timeout);
	}

	/**
	 * Whether writes wait for a replica.
	 * @return {@code true} if {@link #replicas()} is positive
	 */
	public boolean isEnabled() {
		return this.replicas > 0;
	}

}
