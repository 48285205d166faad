package io.github.jwtauth.dpop;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.util.Assert;

/**
 * Server-provided DPoP nonces (RFC 9449 §8, §9) that need no storage: time is cut into
 * windows of half the nonce lifetime, and the nonce of a window is an HMAC-SHA256 of its
 * number under a secret. A nonce is accepted in its window and the next, so it lives
 * between half the lifetime and the whole. Every instance with the same secret issues and
 * accepts the same nonces; checking one is a string comparison.
 */
public final class DPoPNonces {

	private final SecretKeySpec secret;

	private final long windowMillis;

	private final Clock clock;

	private volatile Window window = new Window(Long.MIN_VALUE, "", "");

	/**
	 * Nonces under a secret.
	 * @param secret the secret, at least 32 bytes, the same on every instance
	 * @param lifetime how long a nonce is accepted at most (at least 2 seconds)
	 * @param clock the clock
	 */
	public DPoPNonces(byte[] secret, Duration lifetime, Clock clock) {
		Assert.isTrue(secret != null && secret.length >= 32, "The nonce secret must have at least 32 bytes");
		Assert.isTrue(lifetime != null && lifetime.toMillis() >= 2000, "The nonce lifetime must be at least 2 seconds");
		Assert.notNull(clock, "clock must not be null");
		this.secret = new SecretKeySpec(secret.clone(), "HmacSHA256");
		this.windowMillis = lifetime.toMillis() / 2;
		this.clock = clock;
	}

	/**
	 * The nonce to hand out now.
	 * @return the nonce
	 */
	public String current() {
		return window().current;
	}

	/**
	 * Whether a nonce is accepted now: the current one or that of the previous window.
	 * @param nonce the nonce of a proof
	 * @return {@code true} if accepted
	 */
	public boolean isValid(String nonce) {
		Window now = window();
		return nonce.equals(now.current) || nonce.equals(now.previous);
	}

	private Window window() {
		long number = Math.floorDiv(this.clock.millis(), this.windowMillis);
		Window current = this.window;
		if (current.number != number) {
			current = new Window(number, nonce(number), nonce(number - 1));
			this.window = current;
		}
		return current;
	}

	private String nonce(long number) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.secret);
			byte[] tag = mac.doFinal(("jwt-auth dpop-nonce " + number).getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(tag, 18));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private record Window(long number, String current, String previous) {
	}

}
