package io.github.jwtauth.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.core.io.Resource;
import org.springframework.util.FileCopyUtils;

/**
 * Reads PEM keys with Spring Boot's own PEM support ({@link PemContent}: PKCS#8,
 * encrypted PKCS#8, PKCS#1 RSA, SEC1 EC, certificates) plus X.509 {@code PUBLIC KEY}
 * blocks, which {@link PemContent} does not read; and derives the public key of a private
 * key.
 */
final class PemKeyFiles {

	private static final Pattern PUBLIC_KEY = Pattern
		.compile("-+BEGIN\\s+PUBLIC\\s+KEY-+([A-Za-z0-9+/=\\s]+)-+END\\s+PUBLIC\\s+KEY-+");

	private static final List<String> PUBLIC_KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA");

	private PemKeyFiles() {
	}

	/**
	 * Read the private key of a PEM file.
	 * @param property the property that names the file
	 * @param resource the file
	 * @param password the password of an encrypted PKCS#8 key, or {@code null}
	 * @return the key
	 */
	static PrivateKey privateKey(String property, Resource resource, @Nullable String password) {
		String text = read(property, resource);
		PemContent content = PemContent.of(text);
		if (content == null || !text.contains("PRIVATE KEY")) {
			throw new InvalidJwtAuthPropertyException(property,
					"'" + resource.getDescription() + "' holds no PEM private key",
					"point it at a PEM private key (\"BEGIN PRIVATE KEY\"), for example the output of "
							+ "'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256'");
		}
		boolean encrypted = text.contains("ENCRYPTED PRIVATE KEY");
		if (encrypted && password == null) {
			throw new InvalidJwtAuthPropertyException(property,
					"'" + resource.getDescription() + "' is an encrypted private key and no password is configured",
					"set jwt.auth.signing.private-key-password, or store the key unencrypted");
		}
		try {
			return (password != null) ? content.getPrivateKey(password) : content.getPrivateKey();
		}
		catch (RuntimeException ex) {
			if (encrypted) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.signing.private-key-password",
						"the encrypted private key '" + resource.getDescription() + "' cannot be decrypted with it",
						"set the password the key was encrypted with");
			}
			throw new InvalidJwtAuthPropertyException(property,
					"'" + resource.getDescription() + "' is not a readable PEM private key (" + ex.getMessage() + ")",
					"use a PKCS#8 key (\"BEGIN PRIVATE KEY\"), for example converted with "
							+ "'openssl pkcs8 -topk8 -nocrypt'");
		}
	}

	/**
	 * Read the public key of a PEM file: an X.509 {@code PUBLIC KEY} block or the first
	 * certificate.
	 * @param property the property that names the file
	 * @param resource the file
	 * @return the key
	 */
	static PublicKey publicKey(String property, Resource resource) {
		String text = read(property, resource);
		Matcher matcher = PUBLIC_KEY.matcher(text);
		if (matcher.find()) {
			byte[] der;
			try {
				der = Base64.getMimeDecoder().decode(matcher.group(1).trim());
			}
			catch (IllegalArgumentException ex) {
				throw notAPublicKey(property, resource);
			}
			for (String algorithm : PUBLIC_KEY_ALGORITHMS) {
				try {
					return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
				}
				catch (GeneralSecurityException | RuntimeException ex) {
					// try the next key type
				}
			}
			throw notAPublicKey(property, resource);
		}
		PemContent content = PemContent.of(text);
		List<X509Certificate> certificates;
		try {
			certificates = (content != null) ? content.getCertificates() : List.of();
		}
		catch (RuntimeException ex) {
			certificates = List.of();
		}
		if (certificates.isEmpty()) {
			throw notAPublicKey(property, resource);
		}
		return certificates.get(0).getPublicKey();
	}

	private static InvalidJwtAuthPropertyException notAPublicKey(String property, Resource resource) {
		return new InvalidJwtAuthPropertyException(property,
				"'" + resource.getDescription() + "' is not a PEM X.509 public key or certificate",
				"export the public key with 'openssl pkey -pubout' (\"BEGIN PUBLIC KEY\")");
	}

	private static String read(String property, Resource resource) {
		if (!resource.exists()) {
			throw new InvalidJwtAuthPropertyException(property, "'" + resource.getDescription() + "' does not exist",
					"point it at a readable PEM file");
		}
		try (InputStream in = resource.getInputStream()) {
			return new String(FileCopyUtils.copyToByteArray(in), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new InvalidJwtAuthPropertyException(property,
					"'" + resource.getDescription() + "' cannot be read (" + ex.getMessage() + ")",
					"point it at a readable PEM file");
		}
	}

	/**
	 * The public key of a private key held in this process, where its encoding allows:
	 * RSA (CRT), EC (the public point that PKCS#8 and SEC1 keys written by OpenSSL
	 * carry), Ed25519 (derived from the seed by the JDK).
	 * @param privateKey the private key
	 * @return the public key, or {@code null} if it cannot be derived
	 */
	static @Nullable PublicKey derivePublicKey(PrivateKey privateKey) {
		try {
			if (privateKey instanceof RSAPrivateCrtKey crt) {
				return KeyFactory.getInstance("RSA")
					.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
			}
			if (privateKey instanceof ECPrivateKey ec) {
				return ecPublicKey(ec);
			}
			if (privateKey instanceof java.security.interfaces.EdECPrivateKey ed
					&& "Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
				return ed25519PublicKey(privateKey);
			}
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return null;
		}
		return null;
	}

	private static @Nullable PublicKey ecPublicKey(ECPrivateKey key) throws GeneralSecurityException {
		byte[] encoded = key.getEncoded();
		if (encoded == null) {
			return null;
		}
		byte[] point = Der.ecPublicPoint(encoded);
		ECParameterSpec params = key.getParams();
		int size = (params.getCurve().getField().getFieldSize() + 7) / 8;
		if (point == null || point.length != 1 + 2 * size || point[0] != 0x04) {
			return null;
		}
		BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + size));
		BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 1 + size, point.length));
		return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
	}

	// The JDK derives an Ed25519 public key only when it generates the pair: generate it
	// from the private key's own 32-byte seed and check that the private key came out the
	// same.
	private static @Nullable PublicKey ed25519PublicKey(PrivateKey key) throws GeneralSecurityException {
		byte[] encoded = key.getEncoded();
		if (encoded == null || encoded.length != 48) {
			return null;
		}
		byte[] seed = Arrays.copyOfRange(encoded, 16, 48);
		KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
		generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
		KeyPair pair = generator.generateKeyPair();
		return Arrays.equals(pair.getPrivate().getEncoded(), encoded) ? pair.getPublic() : null;
	}

	/**
	 * A "random" source that returns one given seed once.
	 */
	@SuppressWarnings("serial")
	private static final class SeedRandom extends SecureRandom {

		private byte @Nullable [] seed;

		SeedRandom(byte[] seed) {
			this.seed = seed;
		}

		@Override
		public void nextBytes(byte[] bytes) {
			byte[] seed = this.seed;
			if (seed == null || bytes.length != seed.length) {
				throw new IllegalStateException("The seed is spent or of another length");
			}
			System.arraycopy(seed, 0, bytes, 0, seed.length);
			this.seed = null;
		}

	}

	/**
	 * Just enough DER to find the public point in a PKCS#8 EC private key: PrivateKeyInfo
	 * {@code SEQUENCE { INTEGER, SEQUENCE, OCTET STRING { ECPrivateKey } }}, where
	 * ECPrivateKey (RFC 5915) is {@code SEQUENCE { INTEGER 1, OCTET STRING, [0] params
	 * OPTIONAL, [1] BIT STRING publicKey OPTIONAL }}.
	 */
	private static final class Der {

		private final byte[] bytes;

		private int position;

		private final int end;

		private Der(byte[] bytes, int start, int end) {
			this.bytes = bytes;
			this.position = start;
			this.end = end;
		}

		static byte @Nullable [] ecPublicPoint(byte[] pkcs8) {
			try {
				Der info = new Der(pkcs8, 0, pkcs8.length).enter(0x30);
				info.skip(0x02);
				info.skip(0x30);
				Der octets = info.enter(0x04);
				Der ecPrivateKey = octets.enter(0x30);
				ecPrivateKey.skip(0x02);
				ecPrivateKey.skip(0x04);
				while (ecPrivateKey.hasMore()) {
					int tag = ecPrivateKey.peekTag();
					if (tag == 0xA1) {
						Der bitString = ecPrivateKey.enter(0xA1).enter(0x03);
						if (bitString.next() != 0) {
							return null;
						}
						return Arrays.copyOfRange(bitString.bytes, bitString.position, bitString.end);
					}
					ecPrivateKey.skip(tag);
				}
				return null;
			}
			catch (RuntimeException ex) {
				return null;
			}
		}

		boolean hasMore() {
			return this.position < this.end;
		}

		int peekTag() {
			return this.bytes[this.position] & 0xFF;
		}

		int next() {
			if (this.position >= this.end) {
				throw new IllegalArgumentException("truncated");
			}
			return this.bytes[this.position++] & 0xFF;
		}

		Der enter(int tag) {
			int length = header(tag);
			Der inner = new Der(this.bytes, this.position, this.position + length);
			this.position += length;
			return inner;
		}

		void skip(int tag) {
			int length = header(tag);
			this.position += length;
		}

		private int header(int tag) {
			if (next() != tag) {
				throw new IllegalArgumentException("unexpected tag");
			}
			int length = next();
			if (length > 0x80) {
				int count = length & 0x7F;
				if (count > 3) {
					throw new IllegalArgumentException("too long");
				}
				length = 0;
				for (int i = 0; i < count; i++) {
					length = (length << 8) | next();
				}
			}
			else if (length == 0x80) {
				throw new IllegalArgumentException("indefinite length");
			}
			if (length < 0 || this.position + length > this.end) {
				throw new IllegalArgumentException("truncated");
			}
			return length;
		}

	}

}
