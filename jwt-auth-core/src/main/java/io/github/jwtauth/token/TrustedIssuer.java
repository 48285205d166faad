package io.github.jwtauth.token;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;

import org.springframework.util.Assert;

/**
 * One issuer whose tokens a resource server accepts, among several: its exact
 * {@code iss}, the keys that verify its tokens (a {@link JwsVerifierResolver}, usually a
 * {@link RemoteJwsVerifierResolver} over its JWK Set, with the algorithms accepted from
 * it), the audiences of which its tokens must name one, and whether they must carry
 * {@code jti}. A {@link JwtAuthDecoder} built with {@link JwtAuthDecoder#withIssuers}
 * chooses the issuer by the token's {@code iss} before it verifies the signature, and
 * refuses a token whose {@code iss} is none of them without asking any resolver.
 */
public final class TrustedIssuer {

	private final String issuer;

	private final JwsVerifierResolver verifiers;

	private final List<String> audiences;

	private final boolean requireTokenId;

	private TrustedIssuer(Builder builder) {
		this.issuer = builder.issuer;
		this.verifiers = builder.verifiers;
		this.audiences = builder.audiences;
		this.requireTokenId = builder.requireTokenId;
	}

	/**
	 * An issuer whose tokens the given resolver verifies.
	 * @param issuer the exact {@code iss} of its tokens
	 * @param verifiers chooses the trusted verifier for a token's header
	 * @return a builder
	 */
	public static Builder withVerifiers(String issuer, JwsVerifierResolver verifiers) {
		return new Builder(issuer, verifiers);
	}

	/**
	 * An issuer whose tokens the keys of its JWK Set verify, cached with the defaults of
	 * {@link io.github.jwtauth.keys.remote.JwkSetCache}.
	 * @param issuer the exact {@code iss} of its tokens
	 * @param jwkSetUri the JWK Set URL ({@code https}, or {@code http} for loopback)
	 * @param algorithms the accepted (asymmetric) algorithms, or an empty set for those
	 * the keys declare
	 * @return a builder
	 */
	public static Builder withJwkSetUri(String issuer, String jwkSetUri, Set<JWSAlgorithm> algorithms) {
		return new Builder(issuer, new RemoteJwsVerifierResolver(jwkSetUri, algorithms));
	}

	/**
	 * The exact {@code iss} of this issuer's tokens.
	 * @return the issuer
	 */
	public String getIssuer() {
		return this.issuer;
	}

	/**
	 * The resolver that verifies this issuer's tokens.
	 * @return the resolver
	 */
	public JwsVerifierResolver getVerifiers() {
		return this.verifiers;
	}

	/**
	 * The audiences of which this issuer's tokens must name one.
	 * @return the audiences
	 */
	public List<String> getAudiences() {
		return this.audiences;
	}

	/**
	 * Whether this issuer's tokens must carry {@code jti}.
	 * @return {@code true} unless built to accept tokens without one
	 */
	public boolean isTokenIdRequired() {
		return this.requireTokenId;
	}

	@Override
	public String toString() {
		return "TrustedIssuer[" + this.issuer + "]";
	}

	/**
	 * Builds a {@link TrustedIssuer}.
	 */
	public static final class Builder {

		private final String issuer;

		private final JwsVerifierResolver verifiers;

		private List<String> audiences = List.of();

		private boolean requireTokenId = true;

		private Builder(String issuer, JwsVerifierResolver verifiers) {
			Assert.hasText(issuer, "issuer must not be empty");
			Assert.notNull(verifiers, "verifiers must not be null");
			this.issuer = issuer;
			this.verifiers = verifiers;
		}

		/**
		 * The audiences of which every token of this issuer must name one in {@code aud}.
		 * Required.
		 * @param audiences the audiences
		 * @return this builder
		 */
		public Builder audiences(Collection<String> audiences) {
			Assert.notEmpty(audiences, "audiences must not be empty");
			Assert.noNullElements(audiences, "audiences must not contain null");
			this.audiences = List.copyOf(audiences);
			return this;
		}

		/**
		 * Whether every token of this issuer must carry a {@code jti} (default
		 * {@code true}). Turn it off only for an issuer that writes none: such a token
		 * cannot be revoked on its own.
		 * @param requireTokenId whether {@code jti} is required
		 * @return this builder
		 */
		public Builder requireTokenId(boolean requireTokenId) {
			this.requireTokenId = requireTokenId;
			return this;
		}

		/**
		 * Build the trusted issuer.
		 * @return the trusted issuer
		 */
		public TrustedIssuer build() {
			Assert.state(!this.audiences.isEmpty(), "At least one audience is required");
			return new TrustedIssuer(this);
		}

	}

}
