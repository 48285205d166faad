package io.github.jwtauth.web.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.Assert;

/**
 * The clients allowed to call the {@link IntrospectionEndpoint}, each with a client ID
 * and a secret, authenticated with {@code client_secret_basic} (RFC 6749 §2.3.1): HTTP
 * Basic whose user and password are the {@code application/x-www-form-urlencoded} client
 * ID and secret.
 * <p>
 * A secret is given either in plain text, at least {@value #MIN_SECRET_LENGTH} characters
 * (compared in constant time through SHA-256 digests, so neither its content nor its
 * length shows in the time an answer takes), or encoded as Spring Security's
 * {@code DelegatingPasswordEncoder} writes it: {@code {bcrypt}…}, {@code {pbkdf2}…},
 * {@code {scrypt}…}, {@code {argon2}…} (the last two need Bouncy Castle), or
 * {@code {noop}} followed by a plain secret of that length. Obsolete hashes
 * ({@code {MD4}}, {@code {MD5}}, {@code {SHA-1}}, {@code {SHA-256}}, {@code {sha256}},
 * {@code {ldap}}) and unknown encodings are refused. A hashed secret costs its hash on
 * every call (about 0.1 s for bcrypt's default strength): meant for a secret that must
 * not be stored in clear, not for a gateway that introspects every request. An unknown
 * client ID costs the same: its secret is checked against the configured secret whose
 * check took longest at start-up (the answer thrown away), as Spring Security's
 * {@code DaoAuthenticationProvider} does for an unknown user. The only bound on that work
 * is the endpoint's per-address throttle.
 * <p>
 * Client IDs are not secrets (RFC 6749 §2.2); nothing here logs an ID or a secret.
 */
public final class IntrospectionClients {

	/**
	 * The fewest characters of a plain secret: 32 random characters are beyond guessing
	 * even without a throttle.
	 */
	public static final int MIN_SECRET_LENGTH = 32;

	/**
	 * The longest {@code Authorization} header read; a longer one fails authentication
	 * before it is decoded.
	 */
	static final int MAX_HEADER_LENGTH = 4096;

	private static final Pattern ENCODED = Pattern.compile("\\{([^{}]*)\\}(.*)", Pattern.DOTALL);

	private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}");

	private static final Set<String> ACCEPTED_ENCODINGS = Set.of("bcrypt", "pbkdf2", "pbkdf2@SpringSecurity_v5_8",
			"scrypt", "scrypt@SpringSecurity_v5_8", "argon2", "argon2@SpringSecurity_v5_8", "noop");

	private static final Set<String> OBSOLETE_ENCODINGS = Set.of("MD4", "MD5", "SHA-1", "SHA-256", "sha256", "ldap");

	private static final PasswordEncoder ENCODERS = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	private static final String UNKNOWN_CLIENT = "unknown client";

	private final Map<String, Secret> clients;

	/**
	 * What the secret given with an unknown client ID is checked against (the answer
	 * thrown away), so that it costs what the costliest configured secret does.
	 */
	private final Secret unknown;

	private IntrospectionClients(Map<String, Secret> clients) {
		this.clients = Map.copyOf(clients);
		this.unknown = costliest(this.clients.values());
	}

	// the plain digest, or the hashed secret whose check took longest (once, at start-up)
	private static Secret costliest(Collection<Secret> secrets) {
		Secret costliest = new Secret(UNKNOWN_CLIENT);
		long most = -1;
		for (Secret secret : secrets) {
			if (secret.encoded != null) {
				long start = System.nanoTime();
				secret.matches(UNKNOWN_CLIENT);
				long took = System.nanoTime() - start;
				if (took > most) {
					most = took;
					costliest = secret;
				}
			}
		}
		return costliest;
	}

	/**
	 * Start building the clients.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Why a secret cannot be accepted, or {@code null} when it can (see the class
	 * description). The reason never repeats the secret.
	 * @param secret the secret, plain or encoded
	 * @return the reason, or {@code null}
	 */
	public static @Nullable String secretProblem(@Nullable String secret) {
		if (secret == null || secret.isBlank()) {
			return "the secret is empty";
		}
		Matcher encoded = ENCODED.matcher(secret);
		if (!encoded.matches()) {
			return plainProblem(secret);
		}
		String id = encoded.group(1);
		String value = encoded.group(2);
		if (OBSOLETE_ENCODINGS.contains(id)) {
			return "the encoding {" + id + "} is an obsolete fast hash";
		}
		if (!ACCEPTED_ENCODINGS.contains(id)) {
			// never repeat it: a plain secret may start with braces, and this text is
			// logged
			return "the secret starts with an unknown {encoding} (use {bcrypt}, {pbkdf2}, {scrypt}, {argon2} or "
					+ "{noop}, or a plain secret that does not start with '{')";
		}
		if ("noop".equals(id)) {
			return plainProblem(value);
		}
		if ("bcrypt".equals(id) && !BCRYPT.matcher(value).matches()) {
			return "the {bcrypt} value is not a BCrypt hash";
		}
		try {
			// once, at start-up: the encoder exists (Bouncy Castle for scrypt and argon2)
			// and reads the value
			ENCODERS.matches("", secret);
		}
		catch (RuntimeException | LinkageError ex) {
			return "the {" + id + "} value cannot be checked (" + ex.getClass().getSimpleName() + ")";
		}
		return null;
	}

	private static @Nullable String plainProblem(String secret) {
		int length = secret.codePointCount(0, secret.length());
		if (length < MIN_SECRET_LENGTH) {
			return "the secret has " + length + " characters, at least " + MIN_SECRET_LENGTH + " are required";
		}
		return null;
	}

	/**
	 * Authenticate a request's {@code Authorization} header.
	 * @param authorization the header, or {@code null}
	 * @return the client ID, or {@code null} when the header is absent, malformed, names
	 * an unknown client or carries a wrong secret (all alike)
	 */
	public @Nullable String authenticate(@Nullable String authorization) {
		String[] credentials = basic(authorization);
		if (credentials == null) {
			return null;
		}
		Secret secret = this.clients.get(credentials[0]);
		if (secret == null) {
			// the same work as for a known client, its answer ignored: an unknown ID
			// neither shows in the time taken nor is a cheaper way in
			this.unknown.matches(credentials[1]);
			return null;
		}
		return secret.matches(credentials[1]) ? credentials[0] : null;
	}

	/**
	 * The encoding whose check an unknown client ID costs, for tests.
	 * @return the encoded form's prefix (such as {@code {bcrypt}}), or {@code null} for
	 * the digest of a plain secret
	 */
	@Nullable String unknownClientCheck() {
		String encoded = this.unknown.encoded;
		return (encoded != null) ? encoded.substring(0, encoded.indexOf('}') + 1) : null;
	}

	/**
	 * The client IDs.
	 * @return the IDs
	 */
	public Set<String> getClientIds() {
		return this.clients.keySet();
	}

	/**
	 * Read {@code client_secret_basic} credentials: {@code Basic} and the Base64 of the
	 * form-encoded ID, {@code :}, the form-encoded secret.
	 * @param authorization the header, or {@code null}
	 * @return the ID and the secret, or {@code null} when malformed
	 */
	static String @Nullable [] basic(@Nullable String authorization) {
		if (authorization == null || authorization.length() > MAX_HEADER_LENGTH || authorization.length() < 6
				|| !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		try {
			byte[] decoded = Base64.getDecoder().decode(authorization.substring(6).strip());
			String text = TokenRequestBody.utf8(decoded);
			int colon = text.indexOf(':');
			if (colon <= 0) {
				return null;
			}
			String id = TokenRequestBody.decode(text.substring(0, colon));
			String secret = TokenRequestBody.decode(text.substring(colon + 1));
			return (id.isEmpty() || secret.isEmpty()) ? null : new String[] { id, secret };
		}
		catch (IllegalArgumentException | TokenRequestBody.InvalidBodyException ex) {
			return null;
		}
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A client's secret: the digest of a plain one, or the encoded form.
	 */
	private static final class Secret {

		private final byte @Nullable [] digest;

		private final @Nullable String encoded;

		private Secret(String secret) {
			Matcher encoded = ENCODED.matcher(secret);
			if (!encoded.matches()) {
				this.digest = sha256(secret);
				this.encoded = null;
			}
			else if ("noop".equals(encoded.group(1))) {
				this.digest = sha256(encoded.group(2));
				this.encoded = null;
			}
			else {
				this.digest = null;
				this.encoded = secret;
			}
		}

		boolean matches(String given) {
			if (this.digest != null) {
				return MessageDigest.isEqual(this.digest, sha256(given));
			}
			try {
				return ENCODERS.matches(given, this.encoded);
			}
			catch (RuntimeException ex) {
				// for example a secret longer than bcrypt takes: a failure, never a 500
				return false;
			}
		}

	}

	/**
	 * Builds {@link IntrospectionClients}.
	 */
	public static final class Builder {

		private final Map<String, Secret> clients = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Add a client.
		 * @param clientId the client ID
		 * @param secret the secret, plain (at least {@value #MIN_SECRET_LENGTH}
		 * characters) or encoded ({@code {bcrypt}…})
		 * @return this builder
		 * @throws IllegalArgumentException if the ID is empty or taken, or the secret
		 * refused (see {@link #secretProblem(String)})
		 */
		public Builder client(String clientId, String secret) {
			Assert.hasText(clientId, "clientId must not be empty");
			Assert.isTrue(!this.clients.containsKey(clientId), "clientId must be unique");
			String problem = secretProblem(secret);
			Assert.isTrue(problem == null, () -> "Invalid secret of an introspection client: " + problem);
			this.clients.put(clientId, new Secret(secret));
			return this;
		}

		/**
		 * Build the clients.
		 * @return the clients
		 * @throws IllegalArgumentException if there is none
		 */
		public IntrospectionClients build() {
			Assert.isTrue(!this.clients.isEmpty(), "At least one introspection client is required");
			return new IntrospectionClients(this.clients);
		}

	}

}
