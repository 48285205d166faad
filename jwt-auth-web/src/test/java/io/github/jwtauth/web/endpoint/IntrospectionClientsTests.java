package io.github.jwtauth.web.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code client_secret_basic} (RFC 6749 §2.3.1) and which secrets are accepted.
 */
class IntrospectionClientsTests {

	private static final String SECRET = "Zx8+Cv/4=Bn7%Mq2&Wk5Rj9Tp3Ys6Lh1Ga";

	private final IntrospectionClients clients = IntrospectionClients.builder()
		.client("gate way:1", SECRET)
		.client("hashed", "{bcrypt}" + new BCryptPasswordEncoder(4).encode("a short secret, hashed"))
		.client("noop", "{noop}" + SECRET)
		.build();

	private static String basic(String raw) {
		return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	private static String encoded(String id, String secret) {
		return basic(java.net.URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
				+ java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8));
	}

	@Test
	void theFormEncodedIdAndSecretAuthenticate() {
		assertThat(this.clients.authenticate(encoded("gate way:1", SECRET))).isEqualTo("gate way:1");
		assertThat(this.clients.authenticate(encoded("hashed", "a short secret, hashed"))).isEqualTo("hashed");
		assertThat(this.clients.authenticate(encoded("noop", SECRET))).isEqualTo("noop");
		// the scheme is case-insensitive (RFC 7235 §2.1)
		assertThat(this.clients.authenticate("bASIC " + encoded("noop", SECRET).substring(6))).isEqualTo("noop");
	}

	@Test
	void anUnknownClientIdCostsTheHashOfAConfiguredSecretAndNeverAuthenticates() {
		// with a hashed secret configured, an unknown ID is checked against it (not the
		// cheap digest of a plain secret), so it is no cheaper way to spend the server
		assertThat(this.clients.unknownClientCheck()).isEqualTo("{bcrypt}");
		assertThat(this.clients.authenticate(encoded("unknown", "a short secret, hashed"))).isNull();
		assertThat(this.clients.authenticate(encoded("unknown", SECRET))).isNull();
		IntrospectionClients plain = IntrospectionClients.builder()
			.client("gateway", SECRET)
			.client("noop", "{noop}" + SECRET)
			.build();
		assertThat(plain.unknownClientCheck()).isNull();
		assertThat(plain.authenticate(encoded("unknown", SECRET))).isNull();
		assertThat(plain.authenticate(encoded("unknown", "unknown client"))).isNull();
	}

	@Test
	void anythingElseFails() {
		assertThat(this.clients.authenticate(null)).isNull();
		assertThat(this.clients.authenticate("")).isNull();
		assertThat(this.clients.authenticate("Basic")).isNull();
		assertThat(this.clients.authenticate("Basic ")).isNull();
		assertThat(this.clients.authenticate("Bearer " + SECRET)).isNull();
		assertThat(this.clients.authenticate("Basic !!!")).isNull();
		// not form-encoded: '+' reads as a space, '%4B' as K
		assertThat(this.clients.authenticate(basic("gate way:1:" + SECRET))).isNull();
		assertThat(this.clients.authenticate(encoded("gate way:1", SECRET + " "))).isNull();
		assertThat(this.clients.authenticate(encoded("gate way:1", SECRET.substring(1)))).isNull();
		assertThat(this.clients.authenticate(encoded("unknown", SECRET))).isNull();
		assertThat(this.clients.authenticate(encoded("hashed", SECRET))).isNull();
		assertThat(this.clients.authenticate(encoded("noop", "{noop}" + SECRET))).isNull();
		// longer than bcrypt reads, a malformed escape, no colon, empty parts
		assertThat(this.clients.authenticate(encoded("hashed", "x".repeat(200)))).isNull();
		assertThat(this.clients.authenticate(basic("noop:%zz"))).isNull();
		assertThat(this.clients.authenticate(basic("noop"))).isNull();
		assertThat(this.clients.authenticate(basic(":" + SECRET))).isNull();
		assertThat(this.clients.authenticate(basic("noop:"))).isNull();
		// invalid UTF-8 inside the Base64
		assertThat(this.clients
			.authenticate("Basic " + Base64.getEncoder().encodeToString(new byte[] { 'a', ':', (byte) 0xC3 })))
			.isNull();
		// a header larger than any real one
		assertThat(this.clients.authenticate(encoded("noop", SECRET + "x".repeat(5000)))).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "short", "{noop}short", "{MD5}5f4dcc3b5aa765d61d8327deb882cf99", "{SHA-1}abc",
			"{sha256}abc", "{ldap}abc", "{MD4}abc", "{SHA-256}abc", "{other}abc", "{}abc", "{bcrypt}abc",
			"{bcrypt}$2a$10$short" })
	void refusedSecrets(String secret) {
		assertThat(IntrospectionClients.secretProblem(secret)).isNotNull().doesNotContain("5f4dcc3b");
		assertThatIllegalArgumentException().isThrownBy(() -> IntrospectionClients.builder().client("c", secret));
	}

	@Test
	void aPlainSecretInBracesIsNeverRepeated() {
		String secret = "{Gq7#Lm2Zx9}Rt5vKw8#Pq3Ns6Yb1Hc4Jd7Fg0Lk2Mn5";
		assertThat(IntrospectionClients.secretProblem(secret)).isNotNull()
			.doesNotContain("Gq7#Lm2Zx9")
			.doesNotContain("Rt5v");
	}

	@Test
	void acceptedSecrets() {
		assertThat(IntrospectionClients.secretProblem(null)).isEqualTo("the secret is empty");
		assertThat(IntrospectionClients.secretProblem(SECRET)).isNull();
		assertThat(IntrospectionClients.secretProblem("{noop}" + SECRET)).isNull();
		assertThat(IntrospectionClients.secretProblem("{bcrypt}" + new BCryptPasswordEncoder(4).encode("s"))).isNull();
		assertThat(IntrospectionClients.secretProblem("{pbkdf2@SpringSecurity_v5_8}"
				+ org.springframework.security.crypto.password.Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8()
					.encode("s")))
			.isNull();
	}

	@Test
	void idsAreUniqueAndThereIsAtLeastOne() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IntrospectionClients.builder().client("a", SECRET).client("a", SECRET));
		assertThatIllegalArgumentException().isThrownBy(() -> IntrospectionClients.builder().client("", SECRET));
		assertThatIllegalArgumentException().isThrownBy(() -> IntrospectionClients.builder().build());
		assertThat(this.clients.getClientIds()).containsExactlyInAnyOrder("gate way:1", "hashed", "noop");
	}

}
