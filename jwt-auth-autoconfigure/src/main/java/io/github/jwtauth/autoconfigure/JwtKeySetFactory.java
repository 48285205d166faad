package io.github.jwtauth.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import io.github.jwtauth.keys.Jwks;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.KeyIds;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.keys.VerificationKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;

/**
 * Builds the {@link JwtKeySet} from {@code jwt.auth.signing.*}, refusing weak or
 * inconsistent keys.
 */
final class JwtKeySetFactory {

	private static final Log logger = LogFactory.getLog(JwtKeySetFactory.class);

	static final int MIN_RSA_BITS = 2048;

	private static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

	private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
			JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

	private static final List<String> PLACEHOLDERS = List.of("changeme", "change-me", "change_me", "change-it",
			"changeit", "replace", "your-secret", "your_secret", "yoursecret", "placeholder", "example", "todo", "${",
			"secretsecret", "mysecret", "my-secret", "default", "password", "xxxxxxxx");

	private JwtKeySetFactory() {
	}

	static JwtKeySet create(JwtAuthProperties.Signing signing) {
		return create(signing, null);
	}

	static JwtKeySet create(JwtAuthProperties.Signing signing, @Nullable JwtSigner signer) {
		return create(signing, signer, null, Binder.get(new StandardEnvironment()));
	}

	/**
	 * The key set of {@code jwt.auth.signing.*}.
	 * @param signing the signing settings
	 * @param signer the application's own signer, or {@code null}
	 * @param bundles the SSL bundles, or {@code null} when there are none
	 * @param binder the binder of the environment (to name an SSL bundle's properties)
	 * @return the key set
	 */
	static JwtKeySet create(JwtAuthProperties.Signing signing, @Nullable JwtSigner signer, @Nullable SslBundles bundles,
			Binder binder) {
		JwtSigner active = (signer != null) ? applicationSigner(signing, signer)
				: activeSigner(signing, bundles, binder);
		List<VerificationKey> previous = new ArrayList<>();
		List<JwtAuthProperties.VerificationKey> configured = signing.getPreviousKeys();
		for (int i = 0; i < configured.size(); i++) {
			previous.add(previousKey("jwt.auth.signing.previous-keys[" + i + "]", configured.get(i)));
		}
		for (VerificationKey key : previous) {
			if (key.keyId().equals(active.keyId())) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.signing.key-id",
						"the active key and a previous key share the key ID '" + key.keyId() + "'",
						"give the new active key a key ID of its own");
			}
		}
		return new JwtKeySet(active, previous);
	}

	/**
	 * Whether a signing key is configured by property (a secret, a private key or an SSL
	 * bundle), rather than generated.
	 * @param signing the signing settings
	 * @return {@code true} if one is configured
	 */
	static boolean isKeyConfigured(JwtAuthProperties.Signing signing) {
		return signing.getSecret() != null || signing.getPrivateKeyLocation() != null || signing.getBundle() != null;
	}

	private static JwtSigner applicationSigner(JwtAuthProperties.Signing signing, JwtSigner signer) {
		if (isKeyConfigured(signing)) {
			throw new InvalidJwtAuthPropertyException(configuredKeyProperty(signing),
					"the application defines a JwtSigner bean (" + signer + ") and a signing key is configured too",
					"remove the property: the JwtSigner bean signs, previous keys stay in jwt.auth.signing.previous-keys");
		}
		String misfit = KeyAlgorithms.misfit(signer.verificationKey().jwk(), signer.algorithm());
		if (misfit != null) {
			throw new IllegalStateException("The JwtSigner bean " + signer + " cannot be used: " + misfit);
		}
		return signer;
	}

	/**
	 * The property that configures the signing key, when {@link #isKeyConfigured} (the
	 * secret, then the private key, then the bundle).
	 * @param signing the signing properties
	 * @return the property
	 */
	static String configuredKeyProperty(JwtAuthProperties.Signing signing) {
		if (signing.getSecret() != null) {
			return "jwt.auth.signing.secret";
		}
		return (signing.getPrivateKeyLocation() != null) ? "jwt.auth.signing.private-key-location"
				: SslBundleKeys.PROPERTY;
	}

	private static JwtSigner activeSigner(JwtAuthProperties.Signing signing, @Nullable SslBundles bundles,
			Binder binder) {
		String prefix = "jwt.auth.signing";
		if (signing.getBundle() != null) {
			if (signing.getSecret() != null || signing.getPrivateKeyLocation() != null
					|| signing.getPublicKeyLocation() != null) {
				String other = (signing.getSecret() != null) ? prefix + ".secret"
						: (signing.getPrivateKeyLocation() != null) ? prefix + ".private-key-location"
								: prefix + ".public-key-location";
				throw new InvalidJwtAuthPropertyException(SslBundleKeys.PROPERTY,
						"an SSL bundle and " + other + " are both configured",
						"configure exactly one signing key: remove either jwt.auth.signing.bundle or " + other);
			}
			return SslBundleKeys.signer(signing, bundles, binder);
		}
		if (signing.getSecret() != null && signing.getPrivateKeyLocation() != null) {
			throw new InvalidJwtAuthPropertyException(prefix + ".secret",
					"both an HMAC secret and a private key are configured",
					"configure exactly one signing key: remove either jwt.auth.signing.secret or jwt.auth.signing.private-key-location");
		}
		if (signing.getSecret() != null) {
			HmacSecret hmac = hmacSecret(prefix, signing.getKeyId(), signing.getAlgorithm(), signing.getSecret());
			return SigningKey.hmac(hmac.keyId(), hmac.algorithm(), hmac.secret()).signer();
		}
		if (signing.getPrivateKeyLocation() != null) {
			return pemSigner(signing);
		}
		if (signing.getPublicKeyLocation() != null) {
			throw new InvalidJwtAuthPropertyException(prefix + ".public-key-location",
					"a public key alone cannot sign tokens",
					"also set jwt.auth.signing.private-key-location, or set jwt.auth.jwk-set-uri to only verify tokens of another issuer");
		}
		JWSAlgorithm algorithm = algorithm(prefix + ".algorithm", signing.getAlgorithm(), JWSAlgorithm.RS256);
		if (HMAC.contains(algorithm)) {
			throw new InvalidJwtAuthPropertyException(prefix + ".secret",
					"algorithm " + algorithm + " needs a secret and none is configured",
					"set jwt.auth.signing.secret to at least " + minSecretBytes(algorithm) + " random bytes");
		}
		return generatedKey(signing.getKeyId(), algorithm).signer();
	}

	private static JwtSigner pemSigner(JwtAuthProperties.Signing signing) {
		String prefix = "jwt.auth.signing";
		Resource location = signing.getPrivateKeyLocation();
		PrivateKey privateKey = PemKeyFiles.privateKey(prefix + ".private-key-location", location,
				signing.getPrivateKeyPassword());
		AsymmetricSigners.requireSupported(prefix + ".private-key-location", privateKey);
		PublicKey derived = PemKeyFiles.derivePublicKey(privateKey);
		PublicKey publicKey;
		if (signing.getPublicKeyLocation() != null) {
			publicKey = PemKeyFiles.publicKey(prefix + ".public-key-location", signing.getPublicKeyLocation());
			if (derived != null && !Jwks.publicJwk(derived).equals(Jwks.publicJwk(publicKey))) {
				throw new InvalidJwtAuthPropertyException(prefix + ".public-key-location",
						"the public key does not belong to the private key",
						"point it at the public half of the configured private key, or remove it to derive it");
			}
		}
		else if (derived != null) {
			publicKey = derived;
		}
		else {
			throw new InvalidJwtAuthPropertyException(prefix + ".public-key-location",
					"the public key cannot be derived from the private key '" + location.getDescription() + "'",
					"set it to the public key, exported with 'openssl pkey -pubout'");
		}
		AsymmetricSigners.Properties properties = new AsymmetricSigners.Properties(prefix + ".private-key-location",
				prefix + ".algorithm", prefix + ".public-key-location");
		return AsymmetricSigners.signer(properties, signing.getKeyId(), signing.getAlgorithm(), privateKey, publicKey,
				null);
	}

	private static SigningKey generatedKey(@Nullable String keyId, JWSAlgorithm algorithm) {
		logger.warn("No signing key is configured (jwt.auth.signing.secret, jwt.auth.signing.private-key-location or "
				+ "jwt.auth.signing.bundle): generated a " + algorithm + " key for this process. Tokens die with the "
				+ "process and cannot be shared between instances; configure a key for production.");
		try {
			KeyPair pair = generateKeyPair(algorithm);
			JWK jwk = Jwks.privateJwk(pair.getPublic(), pair.getPrivate());
			return SigningKey.of(StringUtils.hasText(keyId) ? keyId : AsymmetricSigners.thumbprint(jwk), algorithm,
					jwk);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate a " + algorithm + " key", ex);
		}
	}

	private static KeyPair generateKeyPair(JWSAlgorithm algorithm) throws GeneralSecurityException {
		if (KeyAlgorithms.EC.contains(algorithm)) {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec(KeyAlgorithms.curveOf(algorithm).getStdName()));
			return generator.generateKeyPair();
		}
		if (JWSAlgorithm.EdDSA.equals(algorithm)) {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(MIN_RSA_BITS);
		return generator.generateKeyPair();
	}

	private static VerificationKey previousKey(String prefix, JwtAuthProperties.VerificationKey key) {
		if (!StringUtils.hasText(key.getKeyId())) {
			throw new InvalidJwtAuthPropertyException(prefix + ".key-id", "a previous key has no key ID",
					"set the key ID that tokens signed with this key carry in their 'kid' header");
		}
		if ((key.getSecret() != null) == (key.getPublicKeyLocation() != null)) {
			throw new InvalidJwtAuthPropertyException(prefix + ".secret",
					"a previous key needs exactly one of a secret or a public key",
					"set either " + prefix + ".secret or " + prefix + ".public-key-location");
		}
		if (key.getSecret() != null) {
			HmacSecret hmac = hmacSecret(prefix, key.getKeyId(), key.getAlgorithm(), key.getSecret());
			return VerificationKey.hmac(hmac.keyId(), hmac.algorithm(), hmac.secret());
		}
		PublicKey publicKey = PemKeyFiles.publicKey(prefix + ".public-key-location", key.getPublicKeyLocation());
		JWK jwk = AsymmetricSigners.supportedJwk(prefix + ".public-key-location", publicKey);
		JWSAlgorithm algorithm = AsymmetricSigners.algorithm(prefix + ".algorithm", key.getAlgorithm(), jwk);
		return VerificationKey.of(key.getKeyId(), algorithm, jwk);
	}

	private static HmacSecret hmacSecret(String prefix, @Nullable String keyId, @Nullable String algorithmName,
			String secret) {
		JWSAlgorithm algorithm = algorithm(prefix + ".algorithm", algorithmName, JWSAlgorithm.HS256);
		if (!HMAC.contains(algorithm)) {
			throw new InvalidJwtAuthPropertyException(prefix + ".algorithm",
					"algorithm " + algorithm + " does not fit an HMAC secret",
					"use HS256, HS384 or HS512 with a secret, or configure an asymmetric key for " + algorithm);
		}
		byte[] bytes = secretBytes(prefix + ".secret", secret);
		int min = minSecretBytes(algorithm);
		if (bytes.length < min) {
			throw new InvalidJwtAuthPropertyException(prefix + ".secret",
					"the secret has " + bytes.length + " bytes, " + algorithm + " needs at least " + min,
					"use at least " + min + " random bytes, for example 'base64:' followed by the output of "
							+ "'openssl rand -base64 " + min + "'");
		}
		return new HmacSecret(StringUtils.hasText(keyId) ? keyId : KeyIds.forSecret(bytes), algorithm, bytes);
	}

	private static byte[] secretBytes(String property, String secret) {
		if (!StringUtils.hasText(secret)) {
			throw new InvalidJwtAuthPropertyException(property, "the secret is blank",
					"set a random secret, for example 'base64:' followed by the output of 'openssl rand -base64 32'");
		}
		if (secret.startsWith("base64:")) {
			byte[] bytes;
			try {
				bytes = Base64.getDecoder().decode(secret.substring("base64:".length()).trim());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidJwtAuthPropertyException(property, "the 'base64:' secret is not valid Base64",
						"give the secret bytes in standard Base64 after 'base64:'");
			}
			if (isWeak(bytes) || (isPrintable(bytes) && isPlaceholder(new String(bytes, StandardCharsets.US_ASCII)))) {
				throw new InvalidJwtAuthPropertyException(property,
						"the 'base64:' secret decodes to bytes that are not random (all zero, repeated, sequential, "
								+ "or a placeholder text)",
						"replace it with random bytes, for example 'base64:' followed by the output of "
								+ "'openssl rand -base64 32'");
			}
			return bytes;
		}
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (isPlaceholder(secret) || isWeak(bytes)) {
			throw new InvalidJwtAuthPropertyException(property, "the secret looks like a placeholder or is not random",
					"replace it with a random secret, for example 'base64:' followed by the output of "
							+ "'openssl rand -base64 32'");
		}
		return bytes;
	}

	static boolean isPlaceholder(String secret) {
		String lower = secret.toLowerCase(Locale.ROOT);
		for (String placeholder : PLACEHOLDERS) {
			if (lower.contains(placeholder)) {
				return true;
			}
		}
		return secret.chars().distinct().count() < 10;
	}

	/**
	 * Whether secret bytes are visibly not random, the same test for a raw secret's bytes
	 * and a {@code base64:} secret's decoded bytes: fewer than 10 distinct values (all
	 * zero, one byte repeated), the same step between neighbours for at least half of
	 * them (sequential, such as {@code 0x00 0x01 0x02} or {@code abcdef}), or a block
	 * repeated over the whole length. Random bytes of the required length (32 or more)
	 * practically never are: fewer than 10 distinct values among 32 random bytes, a
	 * constant step for 16 of them or a repeated block have each a chance below 2^-100.
	 * @param bytes the secret's bytes
	 * @return {@code true} if they are not random
	 */
	static boolean isWeak(byte[] bytes) {
		boolean[] seen = new boolean[256];
		int distinct = 0;
		for (byte b : bytes) {
			if (!seen[b & 0xFF]) {
				seen[b & 0xFF] = true;
				distinct++;
			}
		}
		if (distinct < 10) {
			return true;
		}
		int steady = 0;
		for (int i = 2; i < bytes.length; i++) {
			if ((byte) (bytes[i] - bytes[i - 1]) == (byte) (bytes[i - 1] - bytes[i - 2])) {
				steady++;
			}
		}
		if (2 * steady >= bytes.length) {
			return true;
		}
		for (int period = 1; period <= bytes.length / 2; period++) {
			if (repeatsWithPeriod(bytes, period)) {
				return true;
			}
		}
		return false;
	}

	private static boolean repeatsWithPeriod(byte[] bytes, int period) {
		for (int i = period; i < bytes.length; i++) {
			if (bytes[i] != bytes[i - period]) {
				return false;
			}
		}
		return true;
	}

	private static boolean isPrintable(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0x20 || b > 0x7E) {
				return false;
			}
		}
		return true;
	}

	static int minSecretBytes(JWSAlgorithm algorithm) {
		if (JWSAlgorithm.HS512.equals(algorithm)) {
			return 64;
		}
		return JWSAlgorithm.HS384.equals(algorithm) ? 48 : 32;
	}

	static JWSAlgorithm algorithm(String property, @Nullable String name, JWSAlgorithm defaultAlgorithm) {
		if (name == null) {
			return defaultAlgorithm;
		}
		if (name.trim().equalsIgnoreCase("none")) {
			throw new InvalidJwtAuthPropertyException(property, "'none' means unsigned tokens",
					"use a signing algorithm: HS256/HS384/HS512 with a secret, RS256/PS256 with an RSA key, "
							+ "ES256/ES384/ES512 with an EC key or EdDSA with an Ed25519 key");
		}
		JWSAlgorithm algorithm = KeyAlgorithms.parse(name);
		if (algorithm == null) {
			throw new InvalidJwtAuthPropertyException(property, "'" + name + "' is not a supported algorithm",
					"use one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, "
							+ "EdDSA");
		}
		return algorithm;
	}

	static void requireRsaAlgorithm(String property, JWSAlgorithm algorithm) {
		if (!RSA.contains(algorithm)) {
			throw new InvalidJwtAuthPropertyException(property, "algorithm " + algorithm + " does not fit an RSA key",
					"use RS256, RS384, RS512, PS256, PS384 or PS512 with an RSA key, or configure a secret for "
							+ algorithm);
		}
	}

	private record HmacSecret(String keyId, JWSAlgorithm algorithm, byte[] secret) {
	}

}
