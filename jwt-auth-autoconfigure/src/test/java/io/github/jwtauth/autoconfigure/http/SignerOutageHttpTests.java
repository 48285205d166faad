package io.github.jwtauth.autoconfigure.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestApplication.RecordedEvents;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyOperationException;
import io.github.jwtauth.keys.VerificationKey;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.token.AccessTokenIssuedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's own {@link JwtSigner} (the seam for an HSM or a KMS) signs the tokens;
 * when it cannot sign (the HSM is unreachable) login and refresh answer 503
 * {@code temporarily_unavailable} with {@code Retry-After}, never a 500, and recover by
 * themselves; a refresh refused so spends no refresh token.
 */
class SignerOutageHttpTests {

	@Test
	void anApplicationSignerSignsAndItsOutageAnswers503() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class,
				SwitchableSigner.class)
			.properties("server.port=0", "spring.main.banner-mode=off", TestKeys.ISSUER, TestKeys.AUDIENCES,
					"jwt.auth.throttle.address-max-failures=1000")
			.run()) {
			JwtAuthClient http = JwtAuthClient
				.forPort(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
			SwitchableSigner signer = context.getBean(SwitchableSigner.class);

			JwtAuthClient.Response login = http.login("alice", "alice-password");
			assertThat(login.status()).as(login.toString()).isEqualTo(200);
			SignedJWT token = SignedJWT.parse(login.field("access_token"));
			assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
			assertThat(token.getHeader().getKeyID()).isEqualTo("hsm-key");
			assertThat(http.get("/api/me", login.field("access_token")).status()).isEqualTo(200);

			signer.down.set(true);
			JwtAuthClient.Response refused = http.login("alice", "alice-password");
			assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
			assertThat(refused.field("error")).isEqualTo("temporarily_unavailable");
			assertThat(refused.header("Retry-After")).isNotNull();
			assertThat(refused.body()).doesNotContain("access_token").doesNotContain("Exception");
			// verification needs no signer: issued tokens keep working
			assertThat(http.get("/api/me", login.field("access_token")).status()).isEqualTo(200);

			// a refresh during the outage spends nothing: the same refresh token works
			// once
			// the signer is back, and is not taken for reuse
			String refreshToken = login.field("refresh_token");
			JwtAuthClient.Response refreshRefused = http.refresh(refreshToken);
			assertThat(refreshRefused.status()).as(refreshRefused.toString()).isEqualTo(503);
			assertThat(refreshRefused.field("error")).isEqualTo("temporarily_unavailable");

			signer.down.set(false);
			assertThat(http.login("alice", "alice-password").status()).isEqualTo(200);
			JwtAuthClient.Response refreshed = http.refresh(refreshToken);
			assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
			assertThat(http.get("/api/me", refreshed.field("access_token")).status()).isEqualTo(200);
			assertThat(http.refresh(refreshed.field("refresh_token")).status()).isEqualTo(200);
			// the spent one is still refused as reuse
			assertThat(http.refresh(refreshToken).status()).isEqualTo(400);
		}
	}

	@Test
	void aLoginDuringTheOutageEndsNoOtherSessionAndOnlyHandedOutTokensAreAnnounced() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class,
				SwitchableSigner.class)
			.properties("server.port=0", "spring.main.banner-mode=off", TestKeys.ISSUER, TestKeys.AUDIENCES,
					"jwt.auth.throttle.address-max-failures=1000", "jwt.auth.refresh-token.max-sessions-per-user=2")
			.run()) {
			JwtAuthClient http = JwtAuthClient
				.forPort(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
			SwitchableSigner signer = context.getBean(SwitchableSigner.class);
			RecordedEvents events = context.getBean(RecordedEvents.class);
			String first = http.login("alice", "alice-password").field("refresh_token");
			String second = http.login("alice", "alice-password").field("refresh_token");
			assertThat(events.of(AccessTokenIssuedEvent.class)).hasSize(2);

			signer.down.set(true);
			for (int i = 0; i < 3; i++) {
				assertThat(http.login("alice", "alice-password").status()).isEqualTo(503);
			}
			signer.down.set(false);
			// no session was created, so none was ended for the limit of two
			JwtAuthClient.Response firstRefreshed = http.refresh(first);
			assertThat(firstRefreshed.status()).as(firstRefreshed.toString()).isEqualTo(200);
			assertThat(http.refresh(second).status()).isEqualTo(200);
			assertThat(events.of(AccessTokenIssuedEvent.class)).hasSize(4);

			// a spent refresh token presented again: reuse, and no access token announced
			assertThat(http.refresh(first).status()).isEqualTo(400);
			assertThat(events.of(AccessTokenIssuedEvent.class)).hasSize(4);
		}
	}

	@Test
	void theRevocationFeedAnswers503WhileTheSignerIsDown() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class,
				SwitchableSigner.class)
			.properties("server.port=0", "spring.main.banner-mode=off", TestKeys.ISSUER, TestKeys.AUDIENCES)
			.run()) {
			JwtAuthClient http = JwtAuthClient
				.forPort(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
			SwitchableSigner signer = context.getBean(SwitchableSigner.class);

			signer.down.set(true);
			assertUnavailable(http.get("/auth/revocations", null));

			signer.down.set(false);
			JwtAuthClient.Response feed = http.get("/auth/revocations", null);
			assertThat(feed.status()).as(feed.toString()).isEqualTo(200);
			JWSObject document = JWSObject.parse(feed.body());
			assertThat(document.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
			assertThat(document.getHeader().getKeyID()).isEqualTo("hsm-key");
			assertThat(document.verify(new ECDSAVerifier((ECKey) signer.verificationKey().jwk())))
				.as("signed by the signer that is back")
				.isTrue();
			String cursor = (String) document.getPayload().toJSONObject().get("cursor");
			String follow = "/auth/revocations?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);

			// a resource server that follows the feed: answered on the request thread,
			// and, held by a long poll, off it when its wait ends
			signer.down.set(true);
			assertUnavailable(http.get(follow, null));
			assertUnavailable(http.get(follow + "&wait=1", null));

			signer.down.set(false);
			assertThat(http.get(follow, null).status()).isEqualTo(200);
		}
	}

	private static void assertUnavailable(JwtAuthClient.Response refused) {
		assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
		assertThat(refused.field("error")).isEqualTo("temporarily_unavailable");
		assertThat(refused.header("Retry-After")).isNotNull();
		assertThat(refused.body()).doesNotContain("Exception");
	}

	/**
	 * The application's signer bean: a real EC key that can be switched off.
	 */
	@Configuration(proxyBeanMethods = false)
	static class SwitchableSigner implements JwtSigner {

		final AtomicBoolean down = new AtomicBoolean();

		private final JwtSigner delegate;

		SwitchableSigner() throws Exception {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = generator.generateKeyPair();
			this.delegate = JcaJwtSigner.of("hsm-key", JWSAlgorithm.ES256, pair.getPrivate(), pair.getPublic());
		}

		@Override
		public String keyId() {
			return this.delegate.keyId();
		}

		@Override
		public JWSAlgorithm algorithm() {
			return this.delegate.algorithm();
		}

		@Override
		public VerificationKey verificationKey() {
			return this.delegate.verificationKey();
		}

		@Override
		public byte[] sign(byte[] signingInput) {
			if (this.down.get()) {
				throw new KeyOperationException("HSM unreachable");
			}
			return this.delegate.sign(signingInput);
		}

	}

}
