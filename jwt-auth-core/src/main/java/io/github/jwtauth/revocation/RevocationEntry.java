package io.github.jwtauth.revocation;

import java.time.Instant;

import org.springframework.util.Assert;

/**
 * One revocation: a token ID, a login session, or every token of a subject issued at or
 * before a cut-off. It expires when the last token it covers would have.
 *
 * @param kind what is revoked
 * @param value the {@code jti}, {@code sid} or {@code sub}
 * @param cutoff for {@link Kind#SUBJECT}: tokens issued at or before it are revoked; the
 * revocation time for the other kinds
 * @param expiresAt when the entry is no longer needed
 */
public record RevocationEntry(Kind kind, String value, Instant cutoff, Instant expiresAt) {

	public RevocationEntry {
		Assert.notNull(kind, "kind must not be null");
		Assert.hasText(value, "value must not be empty");
		Assert.notNull(cutoff, "cutoff must not be null");
		Assert.notNull(expiresAt, "expiresAt must not be null");
	}

	/**
	 * This revocation merged with another of the same key: the later cut-off and the
	 * later expiry, so that merging is order-independent and never weakens a revocation.
	 * @param other another revocation of the same kind and value
	 * @return the merged revocation ({@code this} when it already covers {@code other})
	 */
	public RevocationEntry mergedWith(RevocationEntry other) {
		Assert.isTrue(this.kind == other.kind && this.value.equals(other.value), "not a revocation of the same key");
		Instant laterCutoff = this.cutoff.isAfter(other.cutoff) ? this.cutoff : other.cutoff;
		Instant laterExpiry = this.expiresAt.isAfter(other.expiresAt) ? this.expiresAt : other.expiresAt;
		if (laterCutoff.equals(this.cutoff) && laterExpiry.equals(this.expiresAt)) {
			return this;
		}
		return new RevocationEntry(this.kind, this.value, laterCutoff, laterExpiry);
	}

	/**
	 * What a revocation covers.
	 */
	public enum Kind {

		/**
		 * One access token, by {@code jti}.
		 */
		TOKEN,

		/**
		 * Every access token of one login session, by {@code sid}.
		 */
		SESSION,

		/**
		 * Every access token of a subject issued at or before the cut-off.
		 */
		SUBJECT

	}

}
