package io.github.jwtauth.autoconfigure.http;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestApplication.RecordedEvents;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.test.web.LocalAddresses;
import io.github.jwtauth.token.AccessTokenIssuedEvent;
import io.github.jwtauth.web.endpoint.LoginFailedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "HTTPS, always" over real HTTP: credentials over plain HTTP are refused (400
 * {@code invalid_request}, never a redirect) unless they come directly from loopback,
 * before they are read; TLS terminated at a proxy counts only with
 * {@code server.forward-headers-strategy}; responses over HTTPS carry
 * {@code Strict-Transport-Security}. The refusals are proved by connecting to a
 * non-loopback address of this machine.
 */
class HttpsRequiredHttpTests {

	private static final String ISSUER = "jwt.auth.issuer=https://issuer.test";

	private static final String AUDIENCES = "jwt.auth.audiences=api";

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@TempDir
	Path temp;

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	private ConfigurableApplicationContext start(Class<?>[] sources, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, ISSUER, AUDIENCES,
				"jwt.auth.permit-all=/api/public"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(sources)
			.properties(all.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		return context;
	}

	private ConfigurableApplicationContext start(String... properties) {
		return start(new Class<?>[] { TestApplication.class }, properties);
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	private static JwtAuthClient loopback(ConfigurableApplicationContext context) {
		return JwtAuthClient.forPort(port(context));
	}

	private static JwtAuthClient remote(ConfigurableApplicationContext context) {
		return JwtAuthClient.forBaseUrl(LocalAddresses.nonLoopbackBaseUrl("http", port(context)));
	}

	private static void assertHttpsRequired(JwtAuthClient.Response response, boolean bearer) {
		assertThat(response.status()).as("%s", response).isEqualTo(400);
		assertThat(response.header("Location")).isNull();
		assertThat(response.field("error")).isEqualTo("invalid_request");
		assertThat(response.field("error_description")).isEqualTo("HTTPS is required");
		if (bearer) {
			assertThat(response.header("WWW-Authenticate"))
				.isEqualTo("Bearer error=\"invalid_request\", error_description=\"HTTPS is required\"");
		}
		else {
			assertThat(response.header("WWW-Authenticate")).isNull();
		}
	}

	private static JwtAuthClient.Response get(JwtAuthClient client, String path, String token, String... headers) {
		HttpRequest.Builder request = client.request(path).header("Authorization", "Bearer " + token).GET();
		if (headers.length > 0) {
			request.headers(headers);
		}
		return client.send(request);
	}

	@Test
	void credentialsOverPlainHttpFromAnotherAddressAreRefusedBeforeTheyAreRead() {
		ConfigurableApplicationContext context = start();
		RecordedEvents events = context.getBean(RecordedEvents.class);
		JwtAuthClient local = loopback(context);
		JwtAuthClient remote = remote(context);
		JwtAuthClient.Response tokens = local.login("alice", "alice-password");
		String accessToken = tokens.accessToken();
		events.clear();

		assertHttpsRequired(remote.login("alice", "alice-password"), false);
		assertHttpsRequired(remote.login("alice", "wrong"), false);
		// the password was never checked: neither success nor failure
		assertThat(events.of(AccessTokenIssuedEvent.class)).isEmpty();
		assertThat(events.of(LoginFailedEvent.class)).isEmpty();
		assertHttpsRequired(remote.postForm("/auth/login", "username=alice&password=alice-password", null), false);
		assertHttpsRequired(remote.refresh(tokens.refreshToken()), false);
		assertHttpsRequired(remote.revoke(accessToken), false);
		assertHttpsRequired(remote.get("/api/me", accessToken), true);
		assertHttpsRequired(remote.postJson("/auth/logout", Map.of(), accessToken), true);
		assertHttpsRequired(remote.postJson("/auth/logout-all", Map.of(), accessToken), true);
		assertHttpsRequired(remote.postJson("/logout", Map.of(), accessToken), true);
		// a spoofed header is not trusted without server.forward-headers-strategy
		assertHttpsRequired(get(remote, "/api/me", accessToken, "X-Forwarded-Proto", "https"), true);
		assertHttpsRequired(get(remote, "/api/me", accessToken, "X-Forwarded-Proto", "https", "X-Forwarded-For",
				"127.0.0.1", "Forwarded", "for=127.0.0.1;proto=https"), true);
		// a bad token is refused for its transport first, before it is parsed
		assertHttpsRequired(remote.get("/api/me", "not-a-token"), true);

		// nothing was spent or revoked: the refresh token and the access token still work
		assertThat(local.get("/api/me", accessToken).status()).isEqualTo(200);
		assertThat(local.refresh(tokens.refreshToken()).status()).isEqualTo(200);
		// requests without credentials still work over plain HTTP (probes, public pages,
		// the public keys)
		assertThat(remote.get("/api/public", null).status()).isEqualTo(200);
		assertThat(remote.get("/.well-known/jwks.json", null).status()).isEqualTo(200);
		JwtAuthClient.Response anonymous = remote.get("/api/me", null);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
	}

	@Test
	void aLoopbackRequestThroughAProxyWhoseHeadersNobodyProcessesIsNotLocal() {
		ConfigurableApplicationContext context = start();
		JwtAuthClient local = loopback(context);
		String accessToken = local.login("alice", "alice-password").accessToken();
		assertThat(get(local, "/api/me", accessToken).status()).isEqualTo(200);
		assertHttpsRequired(get(local, "/api/me", accessToken, "X-Forwarded-Proto", "https"), true);
		assertHttpsRequired(get(local, "/api/me", accessToken, "X-Forwarded-For", "203.0.113.9"), true);
		assertHttpsRequired(get(local, "/api/me", accessToken, "Forwarded", "for=203.0.113.9"), true);
		HttpRequest.Builder login = local.request("/auth/login")
			.header("Content-Type", "application/json")
			.header("X-Forwarded-For", "203.0.113.9")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-password\"}"));
		assertHttpsRequired(local.send(login), false);
	}

	@ParameterizedTest
	@ValueSource(strings = { "native", "framework" })
	void tlsTerminatedAtAProxyCountsWithForwardHeadersStrategy(String strategy) {
		ConfigurableApplicationContext context = start("server.forward-headers-strategy=" + strategy);
		// the proxy on this machine forwards a remote client's request
		JwtAuthClient proxy = loopback(context);
		String[] overHttps = { "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https" };
		HttpRequest.Builder login = proxy.request("/auth/login")
			.header("Content-Type", "application/json")
			.headers(overHttps)
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-password\"}"));
		JwtAuthClient.Response tokens = proxy.send(login);
		assertThat(tokens.status()).as("%s", tokens).isEqualTo(200);
		assertThat(tokens.header("Strict-Transport-Security")).startsWith("max-age=");
		JwtAuthClient.Response me = get(proxy, "/api/me", tokens.accessToken(), overHttps);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.header("Strict-Transport-Security")).startsWith("max-age=");
		// the same remote client over plain HTTP through the proxy is refused
		assertHttpsRequired(get(proxy, "/api/me", tokens.accessToken(), "X-Forwarded-For", "203.0.113.9"), true);
		assertHttpsRequired(get(proxy, "/api/me", tokens.accessToken(), "X-Forwarded-For", "203.0.113.9",
				"X-Forwarded-Proto", "http"), true);
		HttpRequest.Builder plainLogin = proxy.request("/auth/login")
			.header("Content-Type", "application/json")
			.header("X-Forwarded-For", "203.0.113.9")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-password\"}"));
		assertHttpsRequired(proxy.send(plainLogin), false);
		// and a remote client talking to the application directly cannot claim https
		assertHttpsRequired(get(remote(context), "/api/me", tokens.accessToken()), true);
	}

	@Test
	void tokenResponsesOverTlsCarryStrictTransportSecurity() throws Exception {
		Path keystore = this.temp.resolve("server.p12");
		generateSelfSignedKeystore(keystore);
		ConfigurableApplicationContext context = start("server.ssl.key-store=" + keystore.toUri(),
				"server.ssl.key-store-password=changeit", "server.ssl.key-store-type=PKCS12");
		JwtAuthClient https = JwtAuthClient.forBaseUrl("https://127.0.0.1:" + port(context), trusting(keystore));
		JwtAuthClient.Response tokens = https.login("alice", "alice-password");
		assertThat(tokens.status()).isEqualTo(200);
		assertThat(tokens.header("Strict-Transport-Security")).startsWith("max-age=");
		JwtAuthClient.Response refreshed = https.refresh(tokens.refreshToken());
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(refreshed.header("Strict-Transport-Security")).startsWith("max-age=");
		JwtAuthClient.Response me = https.get("/api/me", refreshed.accessToken());
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.header("Strict-Transport-Security")).startsWith("max-age=");
		assertThat(https.get("/.well-known/jwks.json", null).header("Strict-Transport-Security"))
			.startsWith("max-age=");
	}

	@Test
	void plainHttpWithoutHstsOnLoopback() {
		ConfigurableApplicationContext context = start();
		JwtAuthClient.Response tokens = loopback(context).login("alice", "alice-password");
		assertThat(tokens.status()).isEqualTo(200);
		// HSTS is only meaningful, and only sent, over HTTPS
		assertThat(tokens.header("Strict-Transport-Security")).isNull();
	}

	@Test
	void requireHttpsFalseAcceptsPlainHttpFromAnywhere() {
		ConfigurableApplicationContext context = start("jwt.auth.require-https=false");
		JwtAuthClient remote = remote(context);
		JwtAuthClient.Response tokens = remote.login("alice", "alice-password");
		assertThat(tokens.status()).as("%s", tokens).isEqualTo(200);
		assertThat(remote.get("/api/me", tokens.accessToken()).status()).isEqualTo(200);
		assertThat(remote.refresh(tokens.refreshToken()).status()).isEqualTo(200);
	}

	@Test
	void tokenEndpointsRefusePlainHttpUnderTheApplicationsOwnChainToo() {
		ConfigurableApplicationContext context = start(
				new Class<?>[] { TestApplication.class, OpenChainWithoutTheConfigurer.class });
		assertThat(loopback(context).login("alice", "alice-password").status()).isEqualTo(200);
		JwtAuthClient remote = remote(context);
		assertHttpsRequired(remote.login("alice", "alice-password"), false);
		assertHttpsRequired(remote.refresh("any"), false);
		assertHttpsRequired(remote.revoke("any"), false);
		assertThat(remote.get("/api/public", null).status()).isEqualTo(200);
	}

	private static void generateSelfSignedKeystore(Path keystore) throws Exception {
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA",
				"-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext",
				"SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", keystore.toString(),
				"-storepass", "changeit")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

	private static SSLContext trusting(Path keystore) throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			trust.load(in, "changeit".toCharArray());
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

	/**
	 * An application chain that leaves every path open and does not use the starter's
	 * configurer: the token endpoints still refuse plain HTTP.
	 */
	@Configuration(proxyBeanMethods = false)
	static class OpenChainWithoutTheConfigurer {

		@Bean
		SecurityFilterChain open(HttpSecurity http) {
			http.csrf((c) -> c.disable()).authorizeHttpRequests((a) -> a.anyRequest().permitAll());
			return http.build();
		}

	}

}
