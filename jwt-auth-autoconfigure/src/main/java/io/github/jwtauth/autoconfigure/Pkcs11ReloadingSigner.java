package io.github.jwtauth.autoconfigure;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyOperationException;
import io.github.jwtauth.keys.VerificationKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Signs with the private key entry of a PKCS#11 keystore and survives a lost token
 * session: the JVM's handle of a key inside a token dies with the session (an HSM that
 * restarted, a network HSM that dropped the connection, a logout), so when signing fails
 * it logs in again, reads the entry again and retries once. The key stays in the token.
 */
final class Pkcs11ReloadingSigner implements JwtSigner {

	private static final Log logger = LogFactory.getLog(Pkcs11ReloadingSigner.class);

	private final KeyStore keyStore;

	private final String alias;

	private final char @Nullable [] storePassword;

	private final char @Nullable [] keyPassword;

	private final Provider provider;

	private volatile JcaJwtSigner signer;

	Pkcs11ReloadingSigner(JcaJwtSigner signer, KeyStore keyStore, String alias, char @Nullable [] storePassword,
			char @Nullable [] keyPassword) {
		this.signer = signer;
		this.keyStore = keyStore;
		this.alias = alias;
		this.storePassword = storePassword;
		this.keyPassword = keyPassword;
		this.provider = keyStore.getProvider();
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
			logger.warn("The PKCS#11 key '" + this.alias + "' cannot sign (" + ex.getCause()
					+ "); logging in to the token again");
			return reload(current).sign(signingInput);
		}
	}

	private synchronized JcaJwtSigner reload(JcaJwtSigner failed) {
		if (this.signer != failed) {
			return this.signer;
		}
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
