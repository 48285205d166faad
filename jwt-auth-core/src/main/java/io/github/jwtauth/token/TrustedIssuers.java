package io.github.jwtauth.token;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The issuers a resource server trusts, each with its own keys, audiences and {@code jti}
 * rule (see {@link TrustedIssuer}), looked up by the exact {@code iss}: a map look-up,
 * nothing else, so that an unknown issuer costs no network call.
 */
public final class TrustedIssuers implements Iterable<TrustedIssuer> {

	private final Map<String, TrustedIssuer> byIssuer;

	private TrustedIssuers(Map<String, TrustedIssuer> byIssuer) {
		this.byIssuer = byIssuer;
	}

	/**
	 * The given issuers, in order.
	 * @param issuers at least one issuer, each {@code iss} once
	 * @return the trusted issuers
	 */
	public static TrustedIssuers of(Collection<TrustedIssuer> issuers) {
		Assert.notEmpty(issuers, "issuers must not be empty");
		Map<String, TrustedIssuer> byIssuer = new LinkedHashMap<>();
		for (TrustedIssuer issuer : issuers) {
			Assert.notNull(issuer, "issuers must not contain null");
			Assert.isTrue(byIssuer.putIfAbsent(issuer.getIssuer(), issuer) == null,
					() -> "Issuer '" + issuer.getIssuer() + "' is given twice");
		}
		return new TrustedIssuers(byIssuer);
	}

	/**
	 * The trusted issuer of this exact {@code iss}.
	 * @param issuer the {@code iss} of a token
	 * @return the trusted issuer, or {@code null} if it is not trusted
	 */
	public @Nullable TrustedIssuer find(@Nullable String issuer) {
		return (issuer != null) ? this.byIssuer.get(issuer) : null;
	}

	/**
	 * The trusted issuers, in the order given.
	 * @return the issuers
	 */
	public List<TrustedIssuer> all() {
		return List.copyOf(this.byIssuer.values());
	}

	@Override
	public Iterator<TrustedIssuer> iterator() {
		return all().iterator();
	}

	@Override
	public String toString() {
		return "TrustedIssuers" + this.byIssuer.keySet();
	}

}
