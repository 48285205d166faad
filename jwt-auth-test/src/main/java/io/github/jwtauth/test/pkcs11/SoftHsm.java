package io.github.jwtauth.test.pkcs11;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A SoftHSM2 token for tests, reached through the JDK's SunPKCS11 provider: one per test
 * JVM, in a token directory of its own next to the file that {@code SOFTHSM2_CONF} names
 * (SoftHSM2 reads that variable once per process, so the build sets it for the forked
 * test JVM). Keys are generated inside the token with {@code keytool}, which also writes
 * the self-signed certificate a PKCS#11 keystore entry needs; they are sensitive and not
 * extractable: they sign inside the token and never leave it.
 */
public final class SoftHsm {

	/** The token's label. */
	public static final String LABEL = "jwt-auth-test";

	/** The user PIN, which is also the PKCS#11 keystore's password. */
	public static final String PIN = "2468-jwt-auth";

	private static final String SO_PIN = "1357-jwt-auth";

	private static final List<String> LIBRARIES = List.of("/usr/lib/softhsm/libsofthsm2.so",
			"/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
			"/usr/lib64/pkcs11/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so");

	private static @Nullable SoftHsm instance;

	private final Path providerConfig;

	private final Provider provider;

	private SoftHsm(Path providerConfig, Provider provider) {
		this.providerConfig = providerConfig;
		this.provider = provider;
	}

	/**
	 * Why no token can be made here, or {@code null} when one can.
	 * @return the reason, or {@code null}
	 */
	public static @Nullable String missing() {
		if (!onPath("softhsm2-util")) {
			return "softhsm2-util is not on the PATH (install the Debian package softhsm2)";
		}
		if (library() == null) {
			return "libsofthsm2.so is not installed in any of " + LIBRARIES;
		}
		String config = System.getenv("SOFTHSM2_CONF");
		if (config == null || config.isBlank()) {
			return "SOFTHSM2_CONF is not set for this JVM (the build sets it in surefire's environmentVariables)";
		}
		return null;
	}

	/**
	 * The token of this JVM, initialised on first use: a fresh token directory, the
	 * token, and a SunPKCS11 provider configured for it and registered with
	 * {@link Security#addProvider}.
	 * @return the token
	 */
	public static synchronized SoftHsm get() {
		if (instance == null) {
			instance = start();
		}
		return instance;
	}

	private static SoftHsm start() {
		String missing = missing();
		if (missing != null) {
			throw new IllegalStateException(missing);
		}
		try {
			Path conf = Path.of(System.getenv("SOFTHSM2_CONF")).toAbsolutePath();
			Path directory = conf.getParent();
			Path tokens = directory.resolve("tokens");
			delete(tokens);
			Files.createDirectories(tokens);
			Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
					+ "log.level = ERROR\nslots.removable = false\n", StandardCharsets.US_ASCII);
			run(List.of("softhsm2-util", "--init-token", "--free", "--label", LABEL, "--pin", PIN, "--so-pin", SO_PIN),
					conf);
			// the initialised token is the first slot of the list; keys generated through
			// this configuration are sensitive and never extractable
			Path providerConfig = directory.resolve("pkcs11.cfg");
			Files.writeString(providerConfig,
					"name = SoftHSM\nlibrary = " + library() + "\nslotListIndex = 0\n"
							+ "attributes(generate, CKO_PRIVATE_KEY, *) = {\n  CKA_SENSITIVE = true\n"
							+ "  CKA_EXTRACTABLE = false\n}\n",
					StandardCharsets.US_ASCII);
			Provider provider = Security.getProvider("SunPKCS11").configure(providerConfig.toString());
			Security.addProvider(provider);
			return new SoftHsm(providerConfig, provider);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot set up the SoftHSM2 token", ex);
		}
	}

	/**
	 * Generate an EC key pair inside the token, with a self-signed certificate.
	 * @param alias the entry's alias
	 * @param curve the curve, for example {@code secp256r1}
	 */
	public void generateEcKey(String alias, String curve) {
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		String digest = switch (curve) {
			case "secp384r1" -> "SHA384";
			case "secp521r1" -> "SHA512";
			default -> "SHA256";
		};
		run(List.of(keytool, "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", curve, "-sigalg",
				digest + "withECDSA", "-dname", "CN=" + alias, "-validity", "3650", "-keystore", "NONE", "-storetype",
				"PKCS11", "-providerClass", "sun.security.pkcs11.SunPKCS11", "-providerArg",
				this.providerConfig.toString(), "-storepass", PIN), Path.of(System.getenv("SOFTHSM2_CONF")));
	}

	/**
	 * The configured SunPKCS11 provider, registered with the JDK.
	 * @return the provider
	 */
	public Provider provider() {
		return this.provider;
	}

	/**
	 * The token as a PKCS#11 keystore, logged in with the PIN.
	 * @return the keystore
	 */
	public KeyStore keyStore() {
		try {
			KeyStore keyStore = KeyStore.getInstance("PKCS11", this.provider);
			keyStore.load(null, PIN.toCharArray());
			return keyStore;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot open the PKCS#11 keystore", ex);
		}
	}

	private static void run(List<String> command, Path conf) {
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			builder.environment().put("SOFTHSM2_CONF", conf.toString());
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException(command.get(0) + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static @Nullable String library() {
		for (String library : LIBRARIES) {
			if (Files.isReadable(Path.of(library))) {
				return library;
			}
		}
		return null;
	}

	private static boolean onPath(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(java.io.File.pathSeparator)) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
				return true;
			}
		}
		return false;
	}

	private static void delete(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		List<Path> paths = new ArrayList<>();
		try (Stream<Path> walk = Files.walk(directory)) {
			walk.forEach(paths::add);
		}
		for (int i = paths.size() - 1; i >= 0; i--) {
			Files.deleteIfExists(paths.get(i));
		}
	}

}
