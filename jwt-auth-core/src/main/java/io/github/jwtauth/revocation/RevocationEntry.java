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
