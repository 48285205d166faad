package io.github.jwtauth.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.github.jwtauth.revocation.RevocationRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The local revocation replica: {@code jwt.auth.revocation.replica.size} (entries),
 * {@code jwt.auth.revocation.replica.age} (seconds since the last successful sync with
 * the store or feed; not a number before the first) and
 * {@code jwt.auth.revocation.replica.stale} (1 while tokens are refused for staleness),
 * read from the {@link RevocationRegistry} when a registry is scraped, as the Actuator
 * endpoint reads them.
 */
class RevocationReplicaMetrics implements MeterBinder {

	private final RevocationRegistry replica;

	private final Clock clock;

	RevocationReplicaMetrics(RevocationRegistry replica, Clock clock) {
		this.replica = replica;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("jwt.auth.revocation.replica.size", this.replica, RevocationRegistry::size)
			.description("Revocations held by the local replica")
			.register(registry);
		TimeGauge.builder("jwt.auth.revocation.replica.age", this, TimeUnit.SECONDS, RevocationReplicaMetrics::age)
			.description("Time since the replica's last successful sync with the revocation store or feed")
			.register(registry);
		Gauge.builder("jwt.auth.revocation.replica.stale", this.replica, (r) -> r.isStale() ? 1 : 0)
			.description("1 while bearer tokens are refused because the replica is stale")
			.register(registry);
	}

	private double age() {
		Instant lastSync = this.replica.getLastSync();
		if (lastSync == null) {
			return Double.NaN;
		}
		Duration age = Duration.between(lastSync, this.clock.instant());
		return Math.max(0, age.toMillis()) / 1000.0;
	}

}
