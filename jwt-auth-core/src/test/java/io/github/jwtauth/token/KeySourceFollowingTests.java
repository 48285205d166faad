package io.github.jwtauth.token;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.TestKeys;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link JwtTokenService#withKeys} and {@link JwtAuthDecoder#withKeys} follow a
 * {@link JwtKeySource} whose current set changes, as a rotation does: the next token is
 * signed by the new active key, tokens of a key verify while the key is in the set and
 * are refused once it is gone. The keys change type on the way (RS256, ES256, EdDSA).
 */
class KeySourceFollowingTests {

	private final SettableClock clock = new SettableClock();

	private final AtomicReference<JwtKeySet> current = new AtomicReference<>();

	private final JwtKeySource source = this.current::get;

	@Test
	void issuanceAndVerificationFollowTheKeySource() throws Exception {
		JwtSigner rsa = TestKeys.signer("k1-rs256", JWSAlgorithm.RS256);
		JwtSigner ec = TestKeys.signer("k2-es256", JWSAlgorithm.ES256);
		JwtSigner ed = TestKeys.signer("k3-eddsa", JWSAlgorithm.EdDSA);
		this.current.set(new JwtKeySet(rsa, List.of()));
		JwtTokenService tokens = JwtTokenService.withKeys(this.source)
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.build();
		JwtAuthDecoder decoder = decoder(0);
		String first = issue(tokens);
		assertSignedBy(first, rsa);
		assertThat(decoder.decode(first).getSubject()).isEqualTo("alice");

		// the next key is published before it signs: nothing changes for issuance
		this.current.set(new JwtKeySet(rsa, List.of(ec.verificationKey())));
		assertSignedBy(issue(tokens), rsa);
		assertThat(decoder.decode(first).getSubject()).isEqualTo("alice");

		// it becomes active: the next token is ES256, the RS256 ones still verify
		this.current.set(new JwtKeySet(ec, List.of(rsa.verificationKey())));
		String second = issue(tokens);
		assertSignedBy(second, ec);
		assertThat(decoder.decode(second).getSubject()).isEqualTo("alice");
		assertThat(decoder.decode(first).getSubject()).isEqualTo("alice");

		// the RS256 key is retired: its tokens are refused, the ES256 ones verify
		this.current.set(new JwtKeySet(ec, List.of()));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(first))
			.withMessage("Unknown key ID");
		assertThat(decoder.decode(second).getSubject()).isEqualTo("alice");

		// a second rotation, to EdDSA
		this.current.set(new JwtKeySet(ed, List.of(ec.verificationKey())));
		String third = issue(tokens);
		assertSignedBy(third, ed);
		assertThat(decoder.decode(third).getSubject()).isEqualTo("alice");
		assertThat(decoder.decode(second).getSubject()).isEqualTo("alice");
		this.current.set(new JwtKeySet(ed, List.of()));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(second))
			.withMessage("Unknown key ID");
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(first))
			.withMessage("Unknown key ID");
		assertThat(decoder.decode(third).getSubject()).isEqualTo("alice");
	}

	@Test
	void aKeyIdThatComesBackWithAnotherKeyDoesNotReuseTheOldVerifier() throws Exception {
		JwtSigner before = TestKeys.signer("same-kid", JWSAlgorithm.ES256);
		this.current.set(new JwtKeySet(before, List.of()));
		JwtTokenService tokens = JwtTokenService.withKeys(this.source)
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.build();
		JwtAuthDecoder decoder = decoder(0);
		String old = issue(tokens);
		assertThat(decoder.decode(old).getSubject()).isEqualTo("alice");
		JwtSigner after = TestKeys.signer("same-kid", JWSAlgorithm.EdDSA);
		this.current.set(new JwtKeySet(after, List.of()));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(old))
			.withMessage("Algorithm not allowed for this key");
		assertThat(decoder.decode(issue(tokens)).getSubject()).isEqualTo("alice");
	}

	@Test
	void cachedTokensOfARemovedKeyAreRefused() throws Exception {
		JwtSigner old = TestKeys.signer("old", JWSAlgorithm.ES256);
		JwtSigner next = TestKeys.signer("next", JWSAlgorithm.EdDSA);
		this.current.set(new JwtKeySet(old, List.of()));
		JwtTokenService tokens = JwtTokenService.withKeys(this.source)
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.build();
		JwtAuthDecoder decoder = decoder(100);
		String token = issue(tokens);
		Jwt first = decoder.decode(token);
		assertThat(decoder.getCache().size()).isEqualTo(1);
		// publishing the next key and switching to it keep the cache: the old key is
		// still
		// in the set
		this.current.set(new JwtKeySet(old, List.of(next.verificationKey())));
		assertThat(decoder.decode(token)).isSameAs(first);
		this.current.set(new JwtKeySet(next, List.of(old.verificationKey())));
		assertThat(decoder.decode(token)).isSameAs(first);
		String newer = issue(tokens);
		assertThat(decoder.decode(newer).getSubject()).isEqualTo("alice");
		// the old key is removed (retired, or compromised): its cached token is refused
		// at
		// once, not when it expires
		this.current.set(new JwtKeySet(next, List.of()));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
			.withMessage("Unknown key ID");
		assertThat(decoder.decode(newer).getSubject()).isEqualTo("alice");
	}

	private String issue(JwtTokenService tokens) {
		return tokens.issue("alice", List.of(), null).tokenValue();
	}

	private static void assertSignedBy(String token, JwtSigner signer) throws Exception {
		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(signer.keyId());
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(signer.algorithm());
	}

	private JwtAuthDecoder decoder(int cacheSize) {
		return JwtAuthDecoder.withKeys(this.source, new RevocationValidator(new RevocationRegistry(this.clock)))
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.cacheSize(cacheSize)
			.build();
	}

}
