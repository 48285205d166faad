package io.github.jwtauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.github.jwtauth.keys.SigningKey;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.util.Assert;

/**
 * Issues access tokens: {@code iss}, {@code sub}, {@code aud}, {@code exp}, {@code iat},
 * {@code nbf}, {@code jti}, the authorities claim and, inside a login session,
 * {@code sid}; header {@code typ} (by default {@code at+jwt}) and {@code kid}. Signs with
 * the {@link JwtEncoder}, which an application may replace (for example with one backed by
 * a KMS).
 */
public class JwtTokenService {

	private static final Set<String> REGISTERED = Set.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "sid");

	private final JwtEncoder encoder;

	private final SigningKey signingKey;

	private final TokenSettings settings;

	private final List<AccessTokenCustomizer> customizers;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	/**
	 * Create a token service.
	 * @param encoder the encoder
	 * @param signingKey the active key (for its key ID and algorithm)
	 * @param settings the token settings
	 * @param customizers the claim customizers
	 * @param clock the clock
	 * @param events the event publisher
	 */
	public JwtTokenService(JwtEncoder encoder, SigningKey signingKey, TokenSettings settings,
			List<AccessTokenCustomizer> customizers, Clock clock, ApplicationEventPublisher events) {
		this.encoder = encoder;
		this.signingKey = signingKey;
		this.settings = settings;
		this.customizers = List.copyOf(customizers);
		this.clock = clock;
		this.events = events;
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
	public AccessToken issue(String subject, Collection<? extends GrantedAuthority> authorities, String sessionId) {
		Assert.hasText(subject, "subject must not be empty");
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = now.plus(this.settings.ttl());
		String tokenId = UUID.randomUUID().toString();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(this.settings.issuer())
			.subject(subject)
			.audience(this.settings.audiences())
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(expiresAt)
			.id(tokenId)
			.claim(this.settings.authoritiesClaim(), authorityNames(authorities));
		if (sessionId != null) {
			claims.claim("sid", sessionId);
		}
		if (!this.customizers.isEmpty()) {
			AccessTokenContext context = new AccessTokenContext(subject, authorities, sessionId, claims);
			Map<String, Object> registered = claims.build().getClaims();
			for (AccessTokenCustomizer customizer : this.customizers) {
				customizer.customize(context);
			}
			claims.claims((c) -> checkCustomClaims(c, registered));
		}
		JwsHeader header = JwsHeader.with(algorithm())
			.type(this.settings.type())
			.keyId(this.signingKey.keyId())
			.build();
		String value = this.encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
		AccessToken token = new AccessToken(value, tokenId, subject, sessionId, now, expiresAt);
		this.events.publishEvent(new AccessTokenIssuedEvent(subject, tokenId, sessionId,
				now, expiresAt));
		return token;
	}

	/**
	 * The lifetime of issued tokens.
	 * @return the time to live
	 */
	public Duration getTimeToLive() {
		return this.settings.ttl();
	}

	private List<String> authorityNames(Collection<? extends GrantedAuthority> authorities) {
		Set<String> names = new LinkedHashSet<>();
		String prefix = this.settings.authoritiesPrefix();
		for (GrantedAuthority authority : authorities) {
			String name = authority.getAuthority();
			if (name == null || name.startsWith("FACTOR_")) {
				continue;
			}
			names.add((!prefix.isEmpty() && name.startsWith(prefix)) ? name.substring(prefix.length()) : name);
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

	private JwsAlgorithm algorithm() {
		String name = this.signingKey.algorithm().getName();
		MacAlgorithm mac = MacAlgorithm.from(name);
		return (mac != null) ? mac : SignatureAlgorithm.from(name);
	}

	/**
	 * Settings for issued tokens.
	 *
	 * @param issuer the issuer
	 * @param audiences the audiences
	 * @param ttl the lifetime
	 * @param type the {@code typ} header
	 * @param authoritiesClaim the claim carrying authorities
	 * @param authoritiesPrefix the prefix stripped from authorities
	 */
	public record TokenSettings(String issuer, List<String> audiences, Duration ttl, String type,
			String authoritiesClaim, String authoritiesPrefix) {
	}

}
