package io.github.jwtauth.token;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * DPoP-bound access tokens (RFC 9449 §6.1): {@link JwtTokenService} writes
 * {@code cnf.jkt}, which no customizer can change; {@link JwtAuthDecoder#decode} refuses
 * every sender-constrained token (also from its cache),
 * {@link JwtAuthDecoder#decodeBound} every token without {@code cnf.jkt}, and
 * {@link JwtAuthDecoder#decodeForRevocation} takes both.
 */
class BoundTokenTests {

	private static final String JKT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

	private final SettableClock clock = new SettableClock();

	private final byte[] secret = "q8Vx2LmN4pR7tW1yZ3bC6eF9hJ0kA5sD".getBytes(StandardCharsets.UTF_8);

	private final SigningKey key = SigningKey.hmac("hs", JWSAlgorithm.HS256, this.secret);

	private final RevocationRegistry registry = new RevocationRegistry(this.clock);

	private JwtTokenService.Builder tokens() {
		return JwtTokenService.withSigningKey(this.key)
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock);
	}

	private JwtAuthDecoder decoder(int cacheSize) {
		return JwtAuthDecoder
			.withVerifiers(new LocalJwsVerifierResolver(List.of(this.key.verificationKey())),
					new RevocationValidator(this.registry))
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.cacheSize(cacheSize)
			.build();
	}

	private AccessToken issue(JwtTokenService service, @Nullable String jkt) {
		return service.issue("alice", AuthorityUtils.createAuthorityList("USER"), "session-1", jkt);
	}

	@Test
	void aBoundTokenCarriesCnfJktAndIsOfTypeDPoP() {
		AccessToken token = issue(tokens().build(), JKT);
		assertThat(token.jkt()).isEqualTo(JKT);
		assertThat(token.tokenType()).isEqualTo("DPoP");
		assertThat(token.toString()).contains("DPoP-bound").doesNotContain(JKT);
		Jwt jwt = decoder(0).decodeBound(token.tokenValue());
		assertThat(jwt.getClaimAsMap("cnf")).isEqualTo(Map.of("jkt", JKT));
		assertThat(ConfirmationClaim.jkt(jwt)).isEqualTo(JKT);
		assertThat(ConfirmationClaim.isPresent(jwt)).isTrue();
	}

	@Test
	void anUnboundTokenHasNoCnfAndIsOfTypeBearer() {
		AccessToken token = issue(tokens().build(), null);
		assertThat(token.jkt()).isNull();
		assertThat(token.tokenType()).isEqualTo("Bearer");
		Jwt jwt = decoder(0).decode(token.tokenValue());
		assertThat(jwt.getClaims()).doesNotContainKey("cnf");
		assertThat(ConfirmationClaim.jkt(jwt)).isNull();
	}

	@Test
	void signWritesCnfJktToo() {
		AccessToken token = tokens().build().sign("alice", AuthorityUtils.createAuthorityList("USER"), null, JKT);
		assertThat(ConfirmationClaim.jkt(decoder(0).decodeBound(token.tokenValue()))).isEqualTo(JKT);
	}

	@Test
	void anEmptyJktIsRefused() {
		JwtTokenService service = tokens().build();
		assertThatIllegalArgumentException().isThrownBy(() -> issue(service, ""));
	}

	@Test
	void aCustomizerCannotReplaceCnf() {
		JwtTokenService service = tokens()
			.customizer((context) -> context.claims().claim("cnf", Map.of("jkt", "attacker-key")))
			.build();
		Jwt jwt = decoder(0).decodeBound(issue(service, JKT).tokenValue());
		assertThat(jwt.getClaimAsMap("cnf")).isEqualTo(Map.of("jkt", JKT));
	}

	@Test
	void aCustomizerCannotRemoveCnf() {
		JwtTokenService service = tokens().customizer((context) -> context.claims().claims((c) -> c.remove("cnf")))
			.build();
		Jwt jwt = decoder(0).decodeBound(issue(service, JKT).tokenValue());
		assertThat(ConfirmationClaim.jkt(jwt)).isEqualTo(JKT);
	}

	@Test
	void aCustomizerCannotBindABearerToken() {
		JwtTokenService service = tokens()
			.customizer((context) -> context.claims().claim("cnf", Map.of("x5t#S256", "certificate-hash")))
			.build();
		AccessToken token = issue(service, null);
		assertThat(token.tokenType()).isEqualTo("Bearer");
		assertThat(decoder(0).decode(token.tokenValue()).getClaims()).doesNotContainKey("cnf");
	}

	@Test
	void decodeRefusesABoundToken() {
		String token = issue(tokens().build(), JKT).tokenValue();
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder(0).decode(token))
			.withMessageContaining("bearer");
	}

	@Test
	void decodeRefusesABoundTokenThatIsInTheCache() {
		JwtAuthDecoder decoder = decoder(100);
		String token = issue(tokens().build(), JKT).tokenValue();
		Jwt bound = decoder.decodeBound(token);
		assertThat(decoder.getCache().size()).isEqualTo(1);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token));
		// and again, now that a refused decode has run too
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token));
		assertThat(decoder.decodeBound(token)).isSameAs(bound);
	}

	@Test
	void decodeBoundRefusesAnUnboundTokenThatIsInTheCache() {
		JwtAuthDecoder decoder = decoder(100);
		String token = issue(tokens().build(), null).tokenValue();
		decoder.decode(token);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decodeBound(token))
			.withMessageContaining("not DPoP-bound");
	}

	@Test
	void decodeBoundRefusesAnUnboundToken() {
		String token = issue(tokens().build(), null).tokenValue();
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder(0).decodeBound(token));
	}

	@Test
	void decodeBoundRefusesAnotherConfirmationMethodButDecodeRefusesItToo() {
		JwtAuthDecoder decoder = decoder(100);
		for (Object cnf : List.of(Map.of("x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"), Map.of("jkt", ""),
				Map.of("jkt", 42), "jkt", Map.of())) {
			String token = SignedTokens.hmac(this.secret, SignedTokens.header(JWSAlgorithm.HS256, "hs").build(),
					SignedTokens.claims("alice", this.clock.instant()).claim("cnf", cnf).build());
			assertThatExceptionOfType(BadJwtException.class).as("cnf %s", cnf)
				.isThrownBy(() -> decoder.decodeBound(token));
			assertThatExceptionOfType(BadJwtException.class).as("cnf %s", cnf).isThrownBy(() -> decoder.decode(token));
			assertThat(decoder.decodeForRevocation(token).getSubject()).isEqualTo("alice");
		}
	}

	@Test
	void decodeForRevocationAcceptsBoundAndUnboundTokens() {
		JwtAuthDecoder decoder = decoder(100);
		JwtTokenService service = tokens().build();
		assertThat(ConfirmationClaim.jkt(decoder.decodeForRevocation(issue(service, JKT).tokenValue()))).isEqualTo(JKT);
		assertThat(decoder.decodeForRevocation(issue(service, null).tokenValue()).getSubject()).isEqualTo("alice");
	}

	@Test
	void decodeForRevocationStillVerifiesTheToken() {
		String token = issue(tokens().build(), JKT).tokenValue();
		String tampered = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA"
				+ token.substring(token.lastIndexOf('.') + 5);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder(0).decodeForRevocation(tampered));
	}

}
