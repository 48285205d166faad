package io.github.jwtauth.autoconfigure;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyOperationException;
import io.github.jwtauth.keys.VerificationKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Signs with the private key entry of a PKCS#11 keystore and survives a lost token
 * session: the JVM's handle of a key inside a token dies with the session (an HSM that
 * restarted, a network HSM that dropped the connection, a logout), so when signing fails
 * it logs in again, reads the entry again and retries once. The key stays in the token.
 * <p>
 * At most one login is attempted per {@link #DEFAULT_RELOAD_INTERVAL reload interval}:
 * while the HSM is down, or after its PIN changed, every signature would otherwise be a
 * slow network login, or a failed {@code C_Login} that counts towards locking the PIN.
 * Within the interval a failed signature fails at once with a
 * {@link KeyOperationException} (which the endpoints answer with 503), and a caller never
 * waits for a login in progress on another thread: it fails at once too.
 */
final class Pkcs11ReloadingSigner implements JwtSigner {

	/**
	 * The least time between two logins to the token.
	 */
	static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(Pkcs11ReloadingSigner.class);

	private final KeyStore keyStore;

	private final String alias;

	private final char @Nullable [] storePassword;

	private final char @Nullable [] keyPassword;

	private final Provider provider;

	private final long reloadIntervalNanos;

	private final LongSupplier nanoTime;

	private final ReentrantLock reloading = new ReentrantLock();

	private final AtomicInteger reloads = new AtomicInteger();

	private volatile JcaJwtSigner signer;

	/**
	 * The {@link System#nanoTime()} of the last login attempt, guarded by
	 * {@link #reloading}; {@code null} before the first.
	 */
	private @Nullable Long lastReload;

	Pkcs11ReloadingSigner(JcaJwtSigner signer, KeyStore keyStore, String alias, char @Nullable [] storePassword,
			char @Nullable [] keyPassword) {
		this(signer, keyStore, alias, storePassword, keyPassword, DEFAULT_RELOAD_INTERVAL, System::nanoTime);
	}

	/**
	 * Create a signer with its own reload interval and time source (for tests).
	 * @param signer the signer of the key as first read
	 * @param keyStore the PKCS#11 keystore, loaded
	 * @param alias the key's alias
	 * @param storePassword the token's PIN
	 * @param keyPassword the key's password
	 * @param reloadInterval the least time between two logins
	 * @param nanoTime the time source, in the manner of {@link System#nanoTime()}
	 */
	Pkcs11ReloadingSigner(JcaJwtSigner signer, KeyStore keyStore, String alias, char @Nullable [] storePassword,
			char @Nullable [] keyPassword, Duration reloadInterval, LongSupplier nanoTime) {
		Assert.isTrue(!reloadInterval.isNegative(), "reloadInterval must not be negative");
		this.signer = signer;
		this.keyStore = keyStore;
		this.alias = alias;
		this.storePassword = storePassword;
		this.keyPassword = keyPassword;
		this.provider = keyStore.getProvider();
		this.reloadIntervalNanos = reloadInterval.toNanos();
		this.nanoTime = nanoTime;
	}

	@Override
	public String keyId() {
		return this.signer.keyId();
	}

	@Override
	public JWSAlgorithm algorithm() {
		return this.signer.algorithm();
	}

	@Override
	public VerificationKey verificationKey() {
		return this.signer.verificationKey();
	}

	@Override
	public byte[] sign(byte[] signingInput) {
		JcaJwtSigner current = this.signer;
		try {
			return current.sign(signingInput);
		}
		catch (KeyOperationException ex) {
			return reload(current, ex).sign(signingInput);
		}
	}

	/**
	 * The number of logins attempted since this signer was created.
	 * @return the number
	 */
	int reloads() {
		return this.reloads.get();
	}

	/**
	 * The signer to retry with: one another thread already read again, or one read again
	 * now, unless a login is in progress or was attempted within the interval.
	 * @param failed the signer that failed
	 * @param failure its failure
	 * @return the signer to retry with
	 * @throws KeyOperationException if no login may be attempted now, or it failed
	 */
	private JcaJwtSigner reload(JcaJwtSigner failed, KeyOperationException failure) {
		if (!this.reloading.tryLock()) {
			JcaJwtSigner current = this.signer;
			if (current != failed) {
				return current;
			}
			throw new KeyOperationException(
					"The PKCS#11 key '" + this.alias + "' cannot sign; a login to the token is in progress", failure);
		}
		try {
			JcaJwtSigner current = this.signer;
			if (current != failed) {
				return current;
			}
			long now = this.nanoTime.getAsLong();
			Long last = this.lastReload;
			if (last != null && now - last < this.reloadIntervalNanos) {
				throw new KeyOperationException(
						"The PKCS#11 key '" + this.alias + "' cannot sign; the last login to the token was less than "
								+ Duration.ofNanos(this.reloadIntervalNanos).toMillis() + " ms ago",
						failure);
			}
			this.lastReload = now;
			this.reloads.incrementAndGet();
			logger.warn("The PKCS#11 key '" + this.alias + "' cannot sign (" + failure.getCause()
					+ "); logging in to the token again");
			return load(failed);
		}
		finally {
			this.reloading.unlock();
		}
	}

	private JcaJwtSigner load(JcaJwtSigner failed) {
		try {
			this.keyStore.load(null, this.storePassword);
			PrivateKey key = (PrivateKey) this.keyStore.getKey(this.alias, this.keyPassword);
			if (key == null) {
				throw new KeyOperationException("The PKCS#11 token has no key '" + this.alias + "' any more");
			}
			JcaJwtSigner reloaded = JcaJwtSigner.of(failed.keyId(), failed.algorithm(), key,
					this.keyStore.getCertificate(this.alias).getPublicKey(), this.provider);
			if (!reloaded.verificationKey().equals(failed.verificationKey())) {
				throw new KeyOperationException("The PKCS#11 key '" + this.alias + "' is not the key it was");
			}
			this.signer = reloaded;
			return reloaded;
		}
		catch (KeyOperationException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new KeyOperationException("The PKCS#11 token cannot be reached", ex);
		}
	}

	@Override
	public String toString() {
		return "Pkcs11ReloadingSigner[keyId=" + keyId() + ", algorithm=" + algorithm() + ", alias=" + this.alias + "]";
	}

}
