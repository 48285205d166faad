package io.github.jwtauth.token;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.keys.JwsSignerAdapter;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyOperationException;
import io.github.jwtauth.keys.SigningKey;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.util.Assert;

/**
 * Issues access tokens: {@code iss}, {@code sub}, {@code aud}, {@code exp}, {@code iat},
 * {@code nbf}, {@code jti}, the authorities claim (the names exactly as granted) and,
 * inside a login session, {@code sid}; for a DPoP-bound token, {@code cnf.jkt}; header
 * {@code typ} (by default {@code at+jwt}) and {@code kid}. Signs with the active
 * {@link JwtSigner} of a {@link JwtKeySource}, asked for every token so that a rotation
 * takes effect at once; the signer may keep its key in this process, a keystore, an HSM
 * or a KMS.
 */
public final class JwtTokenService {

	private static final Set<String> REGISTERED = Set.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "sid",
			ConfirmationClaim.NAME);

	private final JwtKeySource keys;

	private final JOSEObjectType joseType;

	private final String issuer;

	private final List<String> audiences;

	private final Duration ttl;

	private final String type;

	private final String authoritiesClaim;

	private final List<AccessTokenCustomizer> customizers;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private JwtTokenService(Builder builder, String issuer) {
		this.keys = builder.keys;
		this.joseType = new JOSEObjectType(builder.type);
		this.issuer = issuer;
		this.audiences = builder.audiences;
		this.ttl = builder.ttl;
		this.type = builder.type;
		this.authoritiesClaim = builder.authoritiesClaim;
		this.customizers = List.copyOf(builder.customizers);
		this.clock = builder.clock;
		this.events = builder.events;
	}

	/**
	 * A token service that signs with a key held in this process.
	 * @param signingKey the active signing key
	 * @return a builder
	 */
	public static Builder withSigningKey(SigningKey signingKey) {
		Assert.notNull(signingKey, "signingKey must not be null");
		return withKeys(new JwtKeySet(signingKey, List.of()));
	}

	/**
	 * A token service that signs with the active signer of a key source (a fixed
	 * {@link JwtKeySet}, or automatic rotation).
	 * @param keys the key source
	 * @return a builder
	 */
	public static Builder withKeys(JwtKeySource keys) {
		return new Builder(keys);
	}

	/**
	 * Issue an access token for an authenticated principal, outside any login session.
	 * @param authentication the authentication
	 * @return the token
	 */
	public AccessToken issue(Authentication authentication) {
		Assert.notNull(authentication, "authentication must not be null");
		return issue(authentication.getName(), authentication.getAuthorities(), null);
	}

	/**
	 * Issue an access token.
	 * @param subject the subject
	 * @param authorities the authorities to carry
	 * @param sessionId the login session ({@code sid}), or {@code null}
	 * @return the token
	 */
	public AccessToken issue(String subject, Collection<? extends GrantedAuthority> authorities,
			@Nullable String sessionId) {
		return issue(subject, authorities, sessionId, null);
	}

	/**
	 * Issue an access token, bound to a DPoP key when {@code jkt} is given.
	 * @param subject the subject
	 * @param authorities the authorities to carry
	 * @param sessionId the login session ({@code sid}), or {@code null}
	 * @param jkt the thumbprint of the client's DPoP key, written as {@code cnf.jkt}, or
	 * {@code null} for a bearer token
	 * @return the token
	 */
	public AccessToken issue(String subject, Collection<? extends GrantedAuthority> authorities,
			@Nullable String sessionId, @Nullable String jkt) {
		AccessToken token = sign(subject, authorities, sessionId, jkt);
		announce(token);
		return token;
	}

	/**
	 * Sign an access token without announcing it: for a caller that hands it out only if
	 * a later step succeeds (the refresh endpoint signs before it spends the refresh
	 * token), and then calls {@link #announce}.
	 * @param subject the subject
	 * @param authorities the authorities to carry
	 * @param sessionId the login session ({@code sid}), or {@code null}
	 * @return the token
	 */
	public AccessToken sign(String subject, Collection<? extends GrantedAuthority> authorities,
			@Nullable String sessionId) {
		return sign(subject, authorities, sessionId, null);
	}

	/**
	 * Sign an access token without announcing it (see
	 * {@link #sign(String, Collection, String)}), bound to a DPoP key when {@code jkt} is
	 * given.
	 * @param subject the subject
	 * @param authorities the authorities to carry
	 * @param sessionId the login session ({@code sid}), or {@code null}
	 * @param jkt the thumbprint of the client's DPoP key, written as {@code cnf.jkt}, or
	 * {@code null} for a bearer token
	 * @return the token
	 */
	public AccessToken sign(String subject, Collection<? extends GrantedAuthority> authorities,
			@Nullable String sessionId, @Nullable String jkt) {
		Assert.hasText(subject, "subject must not be empty");
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = now.plus(this.ttl);
		String tokenId = UUID.randomUUID().toString();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(this.issuer)
			.subject(subject)
			.audience(this.audiences)
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(expiresAt)
			.id(tokenId)
			.claim(this.authoritiesClaim, authorityNames(authorities));
		if (sessionId != null) {
			claims.claim("sid", sessionId);
		}
		if (jkt != null) {
			Assert.hasText(jkt, "jkt must not be empty");
			claims.claim(ConfirmationClaim.NAME, Map.of("jkt", jkt));
		}
		if (!this.customizers.isEmpty()) {
			AccessTokenContext context = new AccessTokenContext(subject, authorities, sessionId, claims);
			Map<String, Object> registered = claims.build().getClaims();
			for (AccessTokenCustomizer customizer : this.customizers) {
				customizer.customize(context);
			}
			claims.claims((c) -> checkCustomClaims(c, registered));
		}
		String value = sign(claims.build());
		return new AccessToken(value, tokenId, subject, sessionId, now, expiresAt, jkt);
	}

	/**
	 * Announce a signed token that is handed out: publishes
	 * {@link AccessTokenIssuedEvent}.
	 * @param token the token
	 */
	public void announce(AccessToken token) {
		this.events.publishEvent(new AccessTokenIssuedEvent(token.subject(), token.tokenId(), token.sessionId(),
				token.issuedAt(), token.expiresAt(), token.jkt() != null));
	}

	/**
	 * The lifetime of issued tokens.
	 * @return the time to live
	 */
	public Duration getTimeToLive() {
		return this.ttl;
	}

	/**
	 * The authority names exactly as granted (no prefix added or stripped), so that the
	 * token gives back the same authorities and no other: {@code ADMIN} and
	 * {@code ROLE_ADMIN} stay two different authorities. Spring Security's
	 * {@code FACTOR_} authorities describe this authentication, not the user, and are not
	 * written.
	 * @param authorities the granted authorities
	 * @return the names to write
	 */
	private static List<String> authorityNames(Collection<? extends GrantedAuthority> authorities) {
		Set<String> names = new LinkedHashSet<>();
		for (GrantedAuthority authority : authorities) {
			String name = authority.getAuthority();
			if (name != null && !name.startsWith("FACTOR_")) {
				names.add(name);
			}
		}
		return List.copyOf(names);
	}

	private static void checkCustomClaims(Map<String, Object> claims, Map<String, Object> registered) {
		for (String name : REGISTERED) {
			Object expected = registered.get(name);
			if (expected == null) {
				claims.remove(name);
			}
			else {
				claims.put(name, expected);
			}
		}
		for (String name : claims.keySet()) {
			String lower = name.toLowerCase(Locale.ROOT);
			if (lower.contains("password") || lower.contains("secret") || lower.contains("credential")) {
				throw new IllegalStateException("Refusing to put the claim '" + name + "' into a token");
			}
		}
	}

	private String sign(JwtClaimsSet claims) {
		JwtSigner signer = this.keys.current().active();
		JWSHeader header = new JWSHeader.Builder(signer.algorithm()).type(this.joseType).keyID(signer.keyId()).build();
		JWTClaimsSet.Builder nimbus = new JWTClaimsSet.Builder();
		claims.getClaims().forEach((name, value) -> nimbus.claim(name, nimbusValue(value)));
		SignedJWT jwt = new SignedJWT(header, nimbus.build());
		try {
			jwt.sign(new JwsSignerAdapter(signer));
		}
		catch (JOSEException ex) {
			throw new KeyOperationException("Cannot sign the access token with key " + signer.keyId(), ex);
		}
		return jwt.serialize();
	}

	private static Object nimbusValue(Object value) {
		if (value instanceof Instant instant) {
			return Date.from(instant);
		}
		if (value instanceof URL url) {
			return url.toExternalForm();
		}
		return value;
	}

	/**
	 * Builds a {@link JwtTokenService}.
	 */
	public static final class Builder {

		private final JwtKeySource keys;

		private @Nullable String issuer;

		private List<String> audiences = List.of();

		private Duration ttl = Duration.ofMinutes(10);

		private String type = "at+jwt";

		private String authoritiesClaim = "roles";

		private final List<AccessTokenCustomizer> customizers = new ArrayList<>();

		private Clock clock = Clock.systemUTC();

		private ApplicationEventPublisher events = (event) -> {
		};

		private Builder(JwtKeySource keys) {
			Assert.notNull(keys, "keys must not be null");
			this.keys = keys;
		}

		/**
		 * The issuer written into {@code iss}. Required.
		 * @param issuer the issuer
		 * @return this builder
		 */
		public Builder issuer(String issuer) {
			Assert.hasText(issuer, "issuer must not be empty");
			this.issuer = issuer;
			return this;
		}

		/**
		 * The audiences written into {@code aud}. Required.
		 * @param audiences the audiences
		 * @return this builder
		 */
		public Builder audiences(Collection<String> audiences) {
			Assert.notEmpty(audiences, "audiences must not be empty");
			this.audiences = List.copyOf(audiences);
			return this;
		}

		/**
		 * The lifetime of issued tokens (default 10 minutes).
		 * @param ttl the time to live
		 * @return this builder
		 */
		public Builder timeToLive(Duration ttl) {
			Assert.isTrue(!ttl.isNegative() && !ttl.isZero(), "ttl must be positive");
			this.ttl = ttl;
			return this;
		}

		/**
		 * The {@code typ} header (default {@code at+jwt}).
		 * @param type the token type
		 * @return this builder
		 */
		public Builder tokenType(String type) {
			Assert.hasText(type, "type must not be empty");
			this.type = type;
			return this;
		}

		/**
		 * The claim that carries the authorities (default {@code roles}), a list of the
		 * authority names exactly as granted.
		 * @param claimName the claim name
		 * @return this builder
		 */
		public Builder authoritiesClaim(String claimName) {
			Assert.hasText(claimName, "claimName must not be empty");
			this.authoritiesClaim = claimName;
			return this;
		}

		/**
		 * Add a customizer of the claims of every token.
		 * @param customizer the customizer
		 * @return this builder
		 */
		public Builder customizer(AccessTokenCustomizer customizer) {
			Assert.notNull(customizer, "customizer must not be null");
			this.customizers.add(customizer);
			return this;
		}

		/**
		 * The clock (default the system clock, UTC).
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Where {@link AccessTokenIssuedEvent}s go (default nowhere).
		 * @param events the publisher
		 * @return this builder
		 */
		public Builder eventPublisher(ApplicationEventPublisher events) {
			Assert.notNull(events, "events must not be null");
			this.events = events;
			return this;
		}

		/**
		 * Build the token service.
		 * @return the token service
		 */
		public JwtTokenService build() {
			Assert.state(this.issuer != null, "An issuer is required");
			Assert.state(!this.audiences.isEmpty(), "At least one audience is required");
			return new JwtTokenService(this, this.issuer);
		}

	}

}
