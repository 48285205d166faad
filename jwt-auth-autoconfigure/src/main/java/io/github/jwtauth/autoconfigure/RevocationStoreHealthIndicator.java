package io.github.jwtauth.autoconfigure;

import java.net.URI;

import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.feed.RevocationFeedStore;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the token store, as {@code jwtAuthStore}: for a shared store, whether it
 * answers and whether this instance's replica of the revocations is fresh; out of service
 * until the revocations were first loaded, down when tokens are being refused for
 * staleness. It is a member of the readiness group by default
 * ({@link ReadinessGroupPostProcessor}).
 */
class RevocationStoreHealthIndicator extends AbstractHealthIndicator {

	private final String type;

	private final RevocationStore store;

	private final RevocationRegistry registry;

	/**
	 * Create the indicator.
	 * @param type the store type, for the details
	 * @param store the revocation store
	 * @param registry the local registry
	 */
	RevocationStoreHealthIndicator(String type, RevocationStore store, RevocationRegistry registry) {
		super("jwt-auth store health check failed");
		this.type = type;
		this.store = store;
		this.registry = registry;
	}

	private static String feedDetail(RevocationFeedStore feed) {
		if (!feed.isFollowing()) {
			return "none: the issuer's metadata names no revocation feed";
		}
		URI uri = feed.getUri();
		return (uri != null) ? uri.toString() : "not known yet: the issuer's metadata is not discovered";
	}

	private static String because(@Nullable String feedFailure) {
		return (feedFailure != null) ? " (revocation feed: " + feedFailure + ")" : "";
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("type", this.type).withDetail("revocations", this.registry.size());
		if (!this.store.isShared()) {
			builder.up();
			return;
		}
		builder.withDetail("lastSync", String.valueOf(this.registry.getLastSync()));
		String feedFailure = null;
		if (this.store instanceof RevocationFeedStore feed) {
			builder.withDetail("feed", feedDetail(feed));
			feedFailure = feed.getFailure();
			if (feedFailure != null) {
				builder.withDetail("feedFailure", feedFailure);
			}
		}
		if (this.registry.getLastSync() == null) {
			builder.outOfService()
				.withDetail("reason", "revocations not loaded yet: tokens are refused" + because(feedFailure));
			return;
		}
		if (this.registry.isStale()) {
			builder.down()
				.withDetail("reason", "revocations not synchronised: tokens are refused" + because(feedFailure));
			return;
		}
		if (feedFailure != null) {
			builder.up()
				.withDetail("storeReachable", false)
				.withDetail("reason", "revocation feed failing (" + feedFailure
						+ "); tokens are accepted until the revocations are older than the maximum staleness");
			return;
		}
		// the replica decides: a store that blinks while the replica is fresh leaves
		// tokens accepted, so the instance stays up (and ready) and says so
		try {
			this.store.position();
			builder.up();
		}
		catch (RuntimeException ex) {
			builder.up()
				.withDetail("storeReachable", false)
				.withDetail("reason", "store unreachable (" + ex.getClass().getSimpleName()
						+ "); tokens are accepted until the revocations are older than the maximum staleness");
		}
	}

}
