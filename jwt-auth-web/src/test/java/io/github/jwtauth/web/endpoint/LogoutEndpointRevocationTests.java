package io.github.jwtauth.web.endpoint;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.jwtauth.revocation.InMemoryRevocationStore;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.test.TestClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7009 revocation of an access token without {@code jti} (a decoder of the
 * application's own may accept one): an unauthenticated holder revokes nothing, the
 * authenticated subject ends all of its own tokens, another user nothing.
 */
class LogoutEndpointRevocationTests {

	private final TestClock clock = TestClock.now();

	private final RevocationRegistry registry = new RevocationRegistry(this.clock);

	private final TokenRevocationService revocation = TokenRevocationService
		.builder(this.registry, new InMemoryRevocationStore())
		.clock(this.clock)
		.build();

	private final Jwt withoutJti = token("alice", null);

	private final Jwt otherTokenOfAlice = token("alice", "jti-other");

	private final JwtDecoder decoder = (value) -> {
		if (value.equals(this.withoutJti.getTokenValue())) {
			return this.withoutJti;
		}
		throw new BadJwtException("unknown");
	};

	private final LogoutEndpoint endpoint = new LogoutEndpoint(this.revocation, null, this.decoder);

	@BeforeEach
	void bindRequest() {
		// the endpoint counts unknown tokens per client address of the current request
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
	}

	@AfterEach
	void unbindRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	private Jwt token(String subject, @Nullable String jti) {
		Instant issuedAt = this.clock.instant().minus(1, ChronoUnit.MINUTES);
		Jwt.Builder builder = Jwt.withTokenValue("token-" + subject + "-" + jti)
			.header("alg", "RS256")
			.subject(subject)
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plus(10, ChronoUnit.MINUTES));
		return (jti != null) ? builder.jti(jti).build() : builder.build();
	}

	private static MultiValueMap<String, String> form(String token) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("token", token);
		return form;
	}

	private static JwtAuthenticationToken authenticated(String subject) {
		Jwt jwt = Jwt.withTokenValue("caller-" + subject)
			.header("alg", "RS256")
			.subject(subject)
			.jti("caller-jti-" + subject)
			.build();
		return new JwtAuthenticationToken(jwt, AuthorityUtils.NO_AUTHORITIES, subject);
	}

	@Test
	void anUnauthenticatedHolderOfAJtiLessTokenRevokesNothing() {
		assertThat(this.endpoint.revokeForm(null, form(this.withoutJti.getTokenValue())).getStatusCode().value())
			.isEqualTo(200);
		assertThat(this.registry.isRevoked(this.otherTokenOfAlice)).isFalse();
		assertThat(this.registry.isRevoked(this.withoutJti)).isFalse();
	}

	@Test
	void anotherUserRevokesNothing() {
		assertThat(this.endpoint.revokeForm(authenticated("bob"), form(this.withoutJti.getTokenValue()))
			.getStatusCode()
			.value()).isEqualTo(200);
		assertThat(this.registry.isRevoked(this.otherTokenOfAlice)).isFalse();
		assertThat(this.registry.isRevoked(this.withoutJti)).isFalse();
	}

	@Test
	void theAuthenticatedSubjectEndsAllOfItsTokens() {
		assertThat(this.endpoint.revokeForm(authenticated("alice"), form(this.withoutJti.getTokenValue()))
			.getStatusCode()
			.value()).isEqualTo(200);
		assertThat(this.registry.isRevoked(this.withoutJti)).isTrue();
		assertThat(this.registry.isRevoked(this.otherTokenOfAlice)).isTrue();
		assertThat(this.registry.isRevoked(token("bob", null))).isFalse();
	}

}
