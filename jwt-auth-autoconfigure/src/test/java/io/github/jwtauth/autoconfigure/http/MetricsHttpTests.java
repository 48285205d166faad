package io.github.jwtauth.autoconfigure.http;

import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code jwt.auth.*} meters in the application's {@link SimpleMeterRegistry} after
 * real requests: logins (one DPoP-bound), a refresh, a refresh token used twice, a
 * logout, an RFC 7009 revocation, failed and throttled logins, tokens refused for several
 * reasons, hits and misses of the validated-token cache, the revocation replica and the
 * stores' timers; no tag value carries a user name, a password, a token or part of one, a
 * token or session ID, or the client's address.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.max-failures=2" })
class MetricsHttpTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	InMemoryUserDetailsManager users;

	@Autowired
	Clock clock;

	@Test
	void requestsAreCountedAndTimedWithoutIdentifyingTags() throws Exception {
		assertThat(this.meters).isInstanceOf(SimpleMeterRegistry.class);
		String user = "metered-" + UUID.randomUUID();
		String password = user + "-password";
		this.users.createUser(User.withUsername(user).password("{noop}" + password).roles("USER").build());
		JwtAuthClient http = JwtAuthClient.forPort(this.port);
		List<String> identifying = new ArrayList<>(List.of(user, password, "127.0.0.1", "localhost"));
		double issued = count("jwt.auth.tokens.issued", "dpop", "false");
		double hits = functionCount("jwt.auth.cache.gets", "result", "hit");
		double misses = functionCount("jwt.auth.cache.gets", "result", "miss");

		// login, a cache miss then a hit, a refresh, the spent refresh token again
		JwtAuthClient.Response login = http.login(user, password);
		assertThat(login.status()).isEqualTo(200);
		assertThat(http.get("/api/me", login.accessToken()).status()).isEqualTo(200);
		assertThat(http.get("/api/me", login.accessToken()).status()).isEqualTo(200);
		JwtAuthClient.Response refreshed = http.refresh(login.refreshToken());
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(http.refresh(login.refreshToken()).status()).isEqualTo(400);
		// a logout, then its token again; an RFC 7009 revocation of an access token
		JwtAuthClient.Response second = http.login(user, password);
		assertThat(http.logout(second.accessToken()).status()).isEqualTo(204);
		assertThat(http.get("/api/me", second.accessToken()).status()).isEqualTo(401);
		JwtAuthClient.Response third = http.login(user, password);
		assertThat(http.revoke(third.accessToken()).status()).isEqualTo(200);
		// a DPoP-bound login, its token as a bearer token and without a proof
		DPoPKey key = DPoPKey.es256().clock(this.clock);
		JwtAuthClient.Response bound = http.send(http.request("/auth/login")
			.header("Content-Type", "application/json")
			.header("DPoP", key.proof("POST", http.baseUrl() + "/auth/login"))
			.POST(HttpRequest.BodyPublishers
				.ofString(JSON.writeValueAsString(Map.of("username", user, "password", password)))));
		assertThat(bound.status()).isEqualTo(200);
		assertThat(http.get("/api/me", bound.accessToken()).status()).isEqualTo(401);
		assertThat(http.send(http.request("/api/me").header("Authorization", "DPoP " + bound.accessToken()).GET())
			.status()).isEqualTo(401);
		// two bad passwords, then a login in back-off
		assertThat(http.login(user, "wrong").status()).isEqualTo(401);
		assertThat(http.login(user, "wrong").status()).isEqualTo(401);
		assertThat(http.login(user, password).status()).isEqualTo(429);
		// refused tokens
		for (String token : badTokens(user)) {
			assertThat(http.get("/api/me", token).status()).isEqualTo(401);
			identifying.add(token);
		}
		for (JwtAuthClient.Response response : List.of(login, refreshed, second, third, bound)) {
			identifying.add(response.accessToken());
			identifying.add(response.refreshToken());
			identifying.add(claim(response.accessToken(), "jti"));
			identifying.add(claim(response.accessToken(), "sid"));
		}

		assertThat(count("jwt.auth.tokens.issued", "dpop", "false") - issued).isEqualTo(4);
		assertThat(count("jwt.auth.tokens.issued", "dpop", "true")).isPositive();
		assertThat(count("jwt.auth.sessions.created", "dpop", "false")).isPositive();
		assertThat(count("jwt.auth.sessions.created", "dpop", "true")).isPositive();
		assertThat(count("jwt.auth.sessions.refreshed")).isPositive();
		assertThat(count("jwt.auth.reuse.detected")).isPositive();
		assertThat(count("jwt.auth.sessions.ended", "reason", "reuse-detected")).isPositive();
		assertThat(count("jwt.auth.sessions.ended", "reason", "logout")).isPositive();
		assertThat(count("jwt.auth.revocations", "kind", "session", "reason", "reuse-detected")).isPositive();
		assertThat(count("jwt.auth.revocations", "kind", "session", "reason", "logout")).isPositive();
		assertThat(count("jwt.auth.revocations", "kind", "token", "reason", "revoke")).isPositive();
		assertThat(count("jwt.auth.logins.failed", "reason", "BadCredentialsException")).isGreaterThanOrEqualTo(2);
		assertThat(count("jwt.auth.logins.throttled")).isPositive();
		for (String reason : List.of("revoked", "malformed", "expired", "bad_signature", "unknown_key",
				"wrong_audience", "wrong_issuer", "not_yet_valid", "missing_claim", "sender_constrained")) {
			assertThat(count("jwt.auth.tokens.refused", "reason", reason, "scheme", "bearer")).as(reason).isPositive();
		}
		assertThat(count("jwt.auth.tokens.refused", "reason", "dpop_proof", "scheme", "dpop")).isPositive();
		assertThat(functionCount("jwt.auth.cache.gets", "result", "hit") - hits).isGreaterThanOrEqualTo(1);
		assertThat(functionCount("jwt.auth.cache.gets", "result", "miss") - misses).isGreaterThanOrEqualTo(1);
		assertThat(this.meters.get("jwt.auth.cache.size").gauge().value()).isPositive();
		assertThat(this.meters.get("jwt.auth.cache.evictions").functionCounter().count()).isNotNegative();
		assertThat(this.meters.get("jwt.auth.revocation.replica.size").gauge().value()).isPositive();
		assertThat(this.meters.get("jwt.auth.revocation.replica.stale").gauge().value()).isZero();
		// the memory store is the replica itself: it never syncs
		assertThat(this.meters.get("jwt.auth.revocation.replica.age").timeGauge().value()).isNaN();
		assertThat(timed("refresh_token", "create")).isPositive();
		assertThat(timed("refresh_token", "rotate")).isPositive();
		assertThat(timed("refresh_token", "find")).isPositive();
		assertThat(timed("revocation", "add")).isPositive();
		assertThat(timed("attempt", "recordFailure")).isPositive();
		assertThat(timed("dpop_replay", "markUsed")).isPositive();
		// Boot's observation timers keep their own names
		assertThat(this.meters.get("jwt.auth.login").timer().count()).isPositive();

		List<Meter> ours = this.meters.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith("jwt.auth."))
			.toList();
		assertThat(ours).hasSizeGreaterThan(20);
		for (Meter meter : ours) {
			for (Tag tag : meter.getId().getTags()) {
				assertThat(tag.getValue()).as(meter.getId().toString()).matches("[A-Za-z0-9_.-]{1,64}");
				for (String value : identifying) {
					assertThat(tag.getValue()).as(meter.getId().toString()).doesNotContain(value);
				}
			}
		}
	}

	private List<String> badTokens(String user) throws Exception {
		RSAKey key = TestKeys.rsa();
		JWSHeader header = TestJwts.header(JWSAlgorithm.RS256, TestKeys.rsaKeyId()).build();
		Instant now = this.clock.instant();
		RSAKey other = new RSAKeyGenerator(2048).keyID(TestKeys.rsaKeyId()).generate();
		return List.of("not-a-token", TestJwts.sign(key, header,
				TestJwts.claims(user, now.minusSeconds(900)).expirationTime(Date.from(now.minusSeconds(120))).build()),
				TestJwts.sign(other, header, TestJwts.claims(user, now).build()),
				TestJwts.sign(key, TestJwts.header(JWSAlgorithm.RS256, "unknown-key").build(),
						TestJwts.claims(user, now).build()),
				TestJwts.sign(key, header, TestJwts.claims(user, now).audience("another-audience").build()),
				TestJwts.sign(key, header, TestJwts.claims(user, now).issuer("https://another.example").build()),
				TestJwts.sign(key, header,
						TestJwts.claims(user, now).notBeforeTime(Date.from(now.plusSeconds(600))).build()),
				TestJwts.sign(key, header, TestJwts.claims(user, now).jwtID(null).build()));
	}

	private double count(String name, String... tags) {
		var counter = this.meters.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double functionCount(String name, String... tags) {
		var counter = this.meters.find(name).tags(tags).functionCounter();
		return (counter != null) ? counter.count() : 0;
	}

	private long timed(String store, String operation) {
		var timer = this.meters.find("jwt.auth.store.operations")
			.tags("store", store, "type", "memory", "operation", operation, "outcome", "success", "exception", "none")
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	private static String claim(String accessToken, String name) {
		return JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1])).get(name).asString();
	}

}
