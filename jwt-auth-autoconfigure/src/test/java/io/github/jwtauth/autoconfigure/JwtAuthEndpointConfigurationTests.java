package io.github.jwtauth.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.github.jwtauth.autoconfigure.JwtAuthEndpoint.JwtAuthDescriptor;
import io.github.jwtauth.autoconfigure.JwtAuthEndpoint.KeyDescriptor;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.rotation.RotatingKeySource;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.token.JwtTokenService;
import io.github.jwtauth.web.endpoint.RefreshTokenCookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.ConfigurableConversionService;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Actuator endpoint {@code jwtauth}: created only when Actuator is present and the
 * endpoint is available (exposed, access not {@code none}), backing off from an
 * application's own, and what it shows for local keys, rotation and a resource server.
 */
class JwtAuthEndpointConfigurationTests {

	private static final String EXPOSED = "management.endpoints.web.exposure.include=jwtauth";

	private static final String PEM_KEY = "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE;

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class))
		.withPropertyValues(TestKeys.ISSUER, TestKeys.AUDIENCES);

	@Test
	void notAvailableUnlessExposed() {
		this.runner.withPropertyValues(PEM_KEY)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JwtAuthEndpoint.class));
	}

	@Test
	void availableWhenExposedOverTheWeb() {
		this.runner.withPropertyValues(PEM_KEY, EXPOSED)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JwtAuthEndpoint.class));
	}

	@Test
	void availableWhenExposedOverJmx() {
		this.runner
			.withPropertyValues(PEM_KEY, "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=jwtauth")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JwtAuthEndpoint.class));
	}

	@Test
	void notAvailableWhenItsAccessIsNone() {
		// converted as an application's environment converts it (any case)
		this.runner.withPropertyValues(PEM_KEY, EXPOSED, "management.endpoint.jwtauth.access=none")
			.withInitializer((context) -> context.getEnvironment()
				.setConversionService((ConfigurableConversionService) ApplicationConversionService.getSharedInstance()))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JwtAuthEndpoint.class));
	}

	@Test
	void absentWithoutActuator() {
		this.runner.withPropertyValues(PEM_KEY, EXPOSED)
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JwtAuthEndpoint.class));
		this.runner.withPropertyValues(PEM_KEY, EXPOSED)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.autoconfigure"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JwtAuthEndpoint.class));
	}

	@Test
	void backsOffFromTheApplicationsEndpoint() {
		this.runner.withPropertyValues(PEM_KEY, EXPOSED)
			.withUserConfiguration(OwnEndpoint.class)
			.run((context) -> assertThat(context).hasSingleBean(JwtAuthEndpoint.class)
				.getBean(JwtAuthEndpoint.class)
				.isSameAs(context.getBean("ownJwtAuthEndpoint")));
	}

	@Test
	void localKeysShowTheActiveKeyAndThePreviousOnes() {
		this.runner
			.withPropertyValues(PEM_KEY, EXPOSED, "jwt.auth.signing.previous-keys[0].key-id=old",
					"jwt.auth.signing.previous-keys[0].public-key-location=" + TestKeys.PREVIOUS_PUBLIC)
			.run((context) -> {
				JwtAuthEndpoint.KeysDescriptor keys = read(context.getBean(JwtAuthEndpoint.class)).keys();
				assertThat(keys.source()).isEqualTo("local");
				assertThat(keys.active())
					.isEqualTo(new KeyDescriptor(TestKeys.rsaKeyId(), "RS256", "RSA", null, null, null, null, null));
				assertThat(keys.verification()).extracting(KeyDescriptor::keyId, KeyDescriptor::algorithm)
					.containsExactly(tuple("old", "RS256"));
				assertThat(keys.rotation()).isNull();
				assertThat(keys.jwkSet()).isNull();
			});
	}

	@Test
	void rotationShowsEachManagedKeysGenerationTimesAndAge() {
		this.runner
			.withPropertyValues(EXPOSED, "jwt.auth.signing.rotation.enabled=true",
					"jwt.auth.signing.rotation.algorithm=ES256")
			.withBean(TestClock.class, TestClock::now)
			.run((context) -> {
				TestClock clock = context.getBean(TestClock.class);
				Instant created = clock.instant();
				clock.advance(Duration.ofHours(2));
				JwtAuthEndpoint.KeysDescriptor keys = read(context.getBean(JwtAuthEndpoint.class)).keys();
				RotatingKeySource source = context.getBean(RotatingKeySource.class);
				assertThat(keys.source()).isEqualTo("rotation");
				assertThat(keys.active()).isEqualTo(new KeyDescriptor(source.current().active().keyId(), "ES256", "EC",
						1L, created, created, null, Duration.ofHours(2)));
				assertThat(keys.verification()).isEmpty();
				assertThat(keys.rotation())
					.isEqualTo(new JwtAuthEndpoint.RotationDescriptor("ES256", Duration.ofDays(30),
							source.policy().publishAhead(), source.policy().retainAfter(), Duration.ofMinutes(1)));
			});
	}

	@Test
	void aResourceServerShowsTheIssuersJwkSetAsLastFetchedWithoutFetchingIt() throws Exception {
		ECKey issuerKey = new ECKeyGenerator(Curve.P_256).keyID("issuer-1")
			.algorithm(JWSAlgorithm.ES256)
			.keyUse(KeyUse.SIGNATURE)
			.generate();
		try (JwkSetServer issuer = new JwkSetServer(new JWKSet(issuerKey.toPublicJWK()))) {
			this.runner
				.withPropertyValues(EXPOSED,
						"jwt.auth.jwk-set-uri=http://someone:pw@127.0.0.1:" + issuer.port()
								+ "/jwks.json?api-key=s3cr3t",
						"jwt.auth.jwk-set-algorithms=ES256")
				.run((context) -> {
					assertThat(context).hasNotFailed().hasSingleBean(JwtAuthEndpoint.class);
					JwtAuthEndpoint endpoint = context.getBean(JwtAuthEndpoint.class);
					JwtAuthDescriptor before = read(endpoint);
					assertThat(before.keys().source()).isEqualTo("jwk-set-uri");
					assertThat(before.keys().active()).isNull();
					assertThat(before.keys().jwkSet().uri())
						.isEqualTo("http://127.0.0.1:" + issuer.port() + "/jwks.json");
					assertThat(before.keys().jwkSet().keys()).isEmpty();
					assertThat(before.keys().jwkSet().fetchedAt()).isNull();
					assertThat(issuer.requests).as("reading the endpoint fetches nothing").isZero();
					String token = TestJwts.sign(issuerKey, TestJwts.header(JWSAlgorithm.ES256, "issuer-1").build(),
							TestJwts.claims("alice", Instant.now()).build());
					Jwt jwt = context.getBean(JwtDecoder.class).decode(token);
					assertThat(jwt.getSubject()).isEqualTo("alice");
					JwtAuthEndpoint.JwkSetDescriptor jwkSet = read(endpoint).keys().jwkSet();
					assertThat(issuer.requests).isEqualTo(1);
					assertThat(jwkSet.keys())
						.containsExactly(new KeyDescriptor("issuer-1", "ES256", "EC", null, null, null, null, null));
					assertThat(jwkSet.acceptedAlgorithms()).containsExactly("ES256");
					assertThat(jwkSet.fetchedAt()).isNotNull();
					assertThat(jwkSet.age()).isNotNull();
					assertThat(jwkSet.failure()).isNull();
					JwtAuthEndpoint.PolicyDescriptor policy = read(endpoint).policy();
					assertThat(policy.mode()).isEqualTo("resource-server");
					assertThat(policy.accessToken().ttl()).isNull();
					assertThat(policy.refreshToken()).isNull();
					assertThat(policy.cookie()).isNull();
					assertThat(policy.sessions()).isNull();
					assertThat(policy.throttle()).isNull();
				});
		}
	}

	@Test
	void theCacheFiguresFollowTheDecoder() {
		this.runner.withPropertyValues(PEM_KEY, EXPOSED, "jwt.auth.cache.max-size=500").run((context) -> {
			JwtAuthEndpoint endpoint = context.getBean(JwtAuthEndpoint.class);
			assertThat(read(endpoint).cache()).isEqualTo(new JwtAuthEndpoint.CacheDescriptor(true, 0, 500));
			String token = issue(context.getBean(JwtTokenService.class), "alice");
			context.getBean(JwtDecoder.class).decode(token);
			context.getBean(JwtDecoder.class).decode(token);
			assertThat(read(endpoint).cache()).isEqualTo(new JwtAuthEndpoint.CacheDescriptor(true, 1, 500));
		});
		this.runner.withPropertyValues(PEM_KEY, EXPOSED, "jwt.auth.cache.enabled=false")
			.run((context) -> assertThat(read(context.getBean(JwtAuthEndpoint.class)).cache())
				.isEqualTo(new JwtAuthEndpoint.CacheDescriptor(false, null, null)));
	}

	@Test
	void theStoreShowsTheReplica() {
		this.runner.withPropertyValues(PEM_KEY, EXPOSED).run((context) -> {
			JwtAuthEndpoint endpoint = context.getBean(JwtAuthEndpoint.class);
			JwtAuthEndpoint.StoreDescriptor store = read(endpoint).store();
			assertThat(store.type()).isEqualTo("memory");
			assertThat(store.shared()).isFalse();
			assertThat(store.stale()).isFalse();
			assertThat(store.maxStaleness()).isNull();
			assertThat(store.feed()).isNull();
			int before = store.entries();
			String token = issue(context.getBean(JwtTokenService.class), "alice");
			context.getBean(TokenRevocationService.class)
				.revokeAccessToken(context.getBean(JwtDecoder.class).decode(token));
			assertThat(read(endpoint).store().entries()).isEqualTo(before + 1)
				.isEqualTo(context.getBean(RevocationRegistry.class).size());
		});
	}

	@Test
	void aSharedStoreShowsTheLastSyncItsAgeAndWhetherItIsStale() {
		TestClock clock = TestClock.now();
		RevocationRegistry registry = new RevocationRegistry(clock);
		registry.requireSyncWithin(Duration.ofHours(1));
		RevocationStore shared = new SharedStore();
		JwtAuthProperties properties = new JwtAuthProperties();
		JwtAuthEndpoint endpoint = new JwtAuthEndpoint(properties, null, null, shared, registry, null, clock);
		JwtAuthEndpoint.StoreDescriptor notLoaded = endpoint.jwtAuth().store();
		assertThat(notLoaded.shared()).isTrue();
		assertThat(notLoaded.lastSync()).isNull();
		assertThat(notLoaded.stale()).isTrue();
		assertThat(notLoaded.maxStaleness()).isEqualTo(Duration.ofSeconds(30));
		Instant synced = clock.instant();
		registry.markSynced(synced);
		clock.advance(Duration.ofSeconds(3));
		JwtAuthEndpoint.StoreDescriptor fresh = endpoint.jwtAuth().store();
		assertThat(fresh.lastSync()).isEqualTo(synced);
		assertThat(fresh.lastSyncAge()).isEqualTo(Duration.ofSeconds(3));
		assertThat(fresh.stale()).isFalse();
		registry.requireSyncWithin(Duration.ZERO);
		assertThat(endpoint.jwtAuth().store().stale()).isTrue();
	}

	@Test
	void thePolicyShowsTheEffectiveSettings() {
		this.runner
			.withPropertyValues(PEM_KEY, EXPOSED, "jwt.auth.access-token.ttl=5m", "jwt.auth.refresh-token.ttl=2h",
					"jwt.auth.refresh-token.max-lifetime=7d", "jwt.auth.refresh-token.max-sessions-per-user=3",
					"jwt.auth.clock-skew=10s", "jwt.auth.dpop.mode=required", "jwt.auth.dpop.algorithms=ES256,EdDSA",
					"jwt.auth.dpop.nonce.enabled=true", "jwt.auth.dpop.nonce.lifetime=2m",
					"jwt.auth.sessions.record-client-details=true", "jwt.auth.throttle.max-failures=7",
					"jwt.auth.require-https=false")
			.run((context) -> {
				JwtAuthEndpoint.PolicyDescriptor policy = read(context.getBean(JwtAuthEndpoint.class)).policy();
				assertThat(policy.mode()).isEqualTo("issuer");
				assertThat(policy.issuer()).isEqualTo(TestJwts.DEFAULT_ISSUER);
				assertThat(policy.audiences()).containsExactly(TestJwts.DEFAULT_ISSUER);
				assertThat(policy.clockSkew()).isEqualTo(Duration.ofSeconds(10));
				assertThat(policy.requireHttps()).isFalse();
				assertThat(policy.accessToken())
					.isEqualTo(new JwtAuthEndpoint.AccessTokenPolicy(Duration.ofMinutes(5), "at+jwt"));
				assertThat(policy.refreshToken())
					.isEqualTo(new JwtAuthEndpoint.RefreshTokenPolicy(Duration.ofHours(2), Duration.ofDays(7), 3));
				assertThat(policy.dpop()).isEqualTo(new JwtAuthEndpoint.DPoPPolicy("required",
						List.of("ES256", "EdDSA"), true, Duration.ofMinutes(2)));
				assertThat(policy.cookie()).isEqualTo(new JwtAuthEndpoint.CookiePolicy(false, null, null));
				assertThat(policy.sessions()).isEqualTo(new JwtAuthEndpoint.SessionsPolicy(true, true));
				assertThat(policy.throttle()).isEqualTo(new JwtAuthEndpoint.ThrottlePolicy(true, 7, 20,
						Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofSeconds(30)));
			});
	}

	@ParameterizedTest(name = "{0} {1} {2}")
	@CsvSource(delimiter = '|', nullValues = "-",
			value = { "/auth/refresh|/auth/logout|-|strict", "/api/token/refresh|/api/token/logout|-|LAX",
					"/refresh|/logout|-|Lax", "/auth/refresh|/auth/logout|/|strict",
					"/auth/refresh|/auth/logout|/auth|lax" })
	void theCookiePathAndSameSiteAreTheOnesTheCookieCarries(String refreshPath, String logoutPath, String path,
			String sameSite) {
		this.runner.withConfiguration(AutoConfigurations.of(JwtAuthEndpointsAutoConfiguration.class))
			.withPropertyValues(PEM_KEY, EXPOSED, "jwt.auth.cookie.enabled=true",
					"jwt.auth.endpoints.refresh-path=" + refreshPath, "jwt.auth.endpoints.logout-path=" + logoutPath,
					"jwt.auth.cookie.same-site=" + sameSite)
			.withPropertyValues((path != null) ? new String[] { "jwt.auth.cookie.path=" + path } : new String[0])
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RefreshTokenCookie cookie = context.getBean(RefreshTokenCookie.class);
				JwtAuthEndpoint.CookiePolicy policy = read(context.getBean(JwtAuthEndpoint.class)).policy().cookie();
				assertThat(policy.enabled()).isTrue();
				assertThat(policy.path()).isEqualTo(cookie.getPath());
				assertThat(cookie.issue("x", Duration.ofMinutes(1))).contains("; Path=" + policy.path() + ";")
					.endsWith("; SameSite=" + policy.sameSite());
			});
	}

	private static JwtAuthDescriptor read(JwtAuthEndpoint endpoint) {
		return endpoint.jwtAuth();
	}

	static String issue(JwtTokenService tokens, String subject) {
		return tokens.issue(subject, List.of(new SimpleGrantedAuthority("ROLE_USER")), null).tokenValue();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnEndpoint {

		@Bean
		JwtAuthEndpoint ownJwtAuthEndpoint(RevocationStore store, RevocationRegistry registry) {
			return new JwtAuthEndpoint(new JwtAuthProperties(), null, null, store, registry, null, Clock.systemUTC());
		}

	}

	/**
	 * A store that says it is shared, for the replica's figures.
	 */
	static class SharedStore implements RevocationStore {

		@Override
		public void add(RevocationEntry entry) {
		}

		@Override
		public List<RevocationEntry> findActive(Instant now) {
			return List.of();
		}

		@Override
		public boolean isShared() {
			return true;
		}

	}

	/**
	 * An issuer's JWK Set on a free loopback port, counting its requests.
	 */
	static final class JwkSetServer implements AutoCloseable {

		private final HttpServer server;

		private volatile int requests;

		JwkSetServer(JWKSet keys) throws IOException {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			byte[] body = keys.toString().getBytes(StandardCharsets.UTF_8);
			this.server.createContext("/jwks.json", (exchange) -> {
				this.requests++;
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			this.server.start();
		}

		int port() {
			return this.server.getAddress().getPort();
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}
