package io.github.jwtauth.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.AuthProvider;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.Jwks;
import io.github.jwtauth.keys.KeyOperationException;
import io.github.jwtauth.test.pkcs11.RequiresSoftHsm;
import io.github.jwtauth.test.pkcs11.SoftHsm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link Pkcs11ReloadingSigner} against SoftHSM2: after a lost token session it logs in
 * again at most once per reload interval, and no caller waits for a login in progress.
 * The token's session is ended for real ({@link AuthProvider#logout()}); time is a
 * counter the test moves.
 */
@RequiresSoftHsm
class Pkcs11ReloadingSignerTests {

	private static final String ALIAS = "reload-key";

	private static final byte[] INPUT = "header.payload".getBytes(StandardCharsets.US_ASCII);

	private static SoftHsm hsm;

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	@BeforeAll
	static void generateTheKeyInsideTheToken() {
		hsm = SoftHsm.get();
		hsm.generateEcKey(ALIAS, "secp256r1");
	}

	@AfterEach
	void logInAgain() {
		hsm.keyStore();
	}

	@Test
	void aLostSessionIsLoggedInToAgainAtMostOncePerInterval() throws Exception {
		Pkcs11ReloadingSigner signer = signer(this.nanos::get);
		assertVerifies(signer, signer.sign(INPUT));
		assertThat(signer.reloads()).isZero();

		endTheSession();
		assertVerifies(signer, signer.sign(INPUT));
		assertThat(signer.reloads()).as("logged in again and re-read the key").isEqualTo(1);

		// the session is lost again within the interval: no login, a fast failure (503)
		endTheSession();
		this.nanos.addAndGet(Duration.ofSeconds(4).toNanos());
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> signer.sign(INPUT))
				.withMessageContaining("last login to the token was less than 5000 ms ago");
		}
		assertThat(signer.reloads()).as("no login within the interval").isEqualTo(1);

		// once the interval has passed, the next failure logs in again
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		assertVerifies(signer, signer.sign(INPUT));
		assertThat(signer.reloads()).isEqualTo(2);
		assertVerifies(signer, signer.sign(INPUT));
		assertThat(signer.reloads()).isEqualTo(2);
	}

	@Test
	void aCallerDoesNotWaitForALoginInProgress() throws Exception {
		CountDownLatch inLogin = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		AtomicBoolean hold = new AtomicBoolean();
		// the time is read while the reload lock is held: holding it there holds the
		// login
		Pkcs11ReloadingSigner signer = signer(() -> {
			if (hold.compareAndSet(true, false)) {
				inLogin.countDown();
				try {
					proceed.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return this.nanos.get();
		});
		endTheSession();
		hold.set(true);
		CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> signer.sign(INPUT));
		try {
			assertThat(inLogin.await(30, TimeUnit.SECONDS)).isTrue();
			assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> signer.sign(INPUT))
				.withMessageContaining("a login to the token is in progress");
		}
		finally {
			proceed.countDown();
		}
		assertVerifies(signer, first.get(30, TimeUnit.SECONDS));
		assertThat(signer.reloads()).isEqualTo(1);
		// the login done, the next caller signs with the key read again
		assertVerifies(signer, signer.sign(INPUT));
	}

	private Pkcs11ReloadingSigner signer(LongSupplier time) throws Exception {
		KeyStore token = hsm.keyStore();
		JcaJwtSigner signer = sessionKeySigner();
		return new Pkcs11ReloadingSigner(signer, token, ALIAS, SoftHsm.PIN.toCharArray(), null, Duration.ofSeconds(5),
				time);
	}

	/**
	 * A signer of the key's handle in the token's current session.
	 * @return the signer
	 */
	private static JcaJwtSigner sessionKeySigner() throws Exception {
		KeyStore token = hsm.keyStore();
		PrivateKey key = (PrivateKey) token.getKey(ALIAS, null);
		PublicKey publicKey = token.getCertificate(ALIAS).getPublicKey();
		return JcaJwtSigner.of("reload-1", JWSAlgorithm.ES256, key, publicKey, hsm.provider());
	}

	private static void endTheSession() throws Exception {
		((AuthProvider) hsm.provider()).logout();
	}

	private static void assertVerifies(Pkcs11ReloadingSigner signer, byte[] signature) throws Exception {
		ECDSAVerifier verifier = new ECDSAVerifier((ECKey) signer.verificationKey().jwk());
		assertThat(verifier.verify(new JWSHeader(JWSAlgorithm.ES256), INPUT, Base64URL.encode(signature))).isTrue();
		assertThat(Jwks.publicJwk(hsm.keyStore().getCertificate(ALIAS).getPublicKey()).computeThumbprint())
			.isEqualTo(signer.verificationKey().jwk().computeThumbprint());
	}

}
