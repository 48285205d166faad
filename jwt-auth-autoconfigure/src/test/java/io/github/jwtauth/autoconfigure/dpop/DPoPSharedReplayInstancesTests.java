package io.github.jwtauth.autoconfigure.dpop;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.Instances.Instance;
import io.github.jwtauth.dpop.DPoPProofReplayStore;
import io.github.jwtauth.store.jdbc.JdbcDPoPProofReplayStore;
import io.github.jwtauth.store.redis.RedisDPoPProofReplayStore;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.junit.RequiresServer;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances sharing one store share the DPoP replay check: a proof
 * accepted by one is refused by the other, at a resource and at the token endpoints. The
 * instances sign with the same configured key, so each verifies the other's tokens.
 */
class DPoPSharedReplayInstancesTests {

	private static final String EXTERNAL = "https://api.example.com";

	private static final String BEHIND_A_PROXY = "server.forward-headers-strategy=framework";

	@Test
	@RequiresServer(name = "Redis", port = 6379)
	void twoInstancesSharingRedis() {
		String prefix = "jwt-auth-dpop-" + UUID.randomUUID();
		try (Instances instances = new Instances()) {
			String[] properties = { "jwt.auth.store.type=redis", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=6379", "jwt.auth.store.redis.key-prefix=" + prefix, BEHIND_A_PROXY };
			Instance a = instances.start(properties);
			Instance b = instances.start(properties);
			assertThat(a.context().getBean(DPoPProofReplayStore.class)).isInstanceOf(RedisDPoPProofReplayStore.class);
			verify(a, b);
		}
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void twoInstancesSharingPostgres() {
		String tablePrefix = "dpop_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
		String[] properties = { "jwt.auth.store.type=jdbc", "spring.datasource.url=" + Instances.POSTGRES_URL,
				"spring.datasource.username=postgres", "jwt.auth.store.jdbc.initialize-schema=always",
				"jwt.auth.store.jdbc.table-prefix=" + tablePrefix, BEHIND_A_PROXY };
		JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(Instances.POSTGRES_URL, "postgres", ""));
		try {
			try (Instances instances = new Instances()) {
				Instance a = instances.start(properties);
				Instance b = instances.start(properties);
				assertThat(a.context().getBean(DPoPProofReplayStore.class))
					.isInstanceOf(JdbcDPoPProofReplayStore.class);
				verify(a, b);
				assertThat(jdbc.sql("SELECT COUNT(*) FROM " + tablePrefix + "dpop_proof").query(Long.class).single())
					.isPositive();
			}
		}
		finally {
			for (String table : new String[] { "refresh_token", "refresh_family", "revocation", "attempt",
					"signing_key", "dpop_proof" }) {
				jdbc.sql("DROP TABLE IF EXISTS " + tablePrefix + table).update();
			}
		}
	}

	private static Response proxied(DPoPHttp instance, String token, String proof) {
		return instance.http()
			.send(instance.http()
				.request("/api/me")
				.header("X-Forwarded-Proto", "https")
				.header("X-Forwarded-Host", "api.example.com")
				.header("Authorization", "DPoP " + token)
				.header("DPoP", proof)
				.GET());
	}

	private void verify(Instance a, Instance b) {
		// one time on both, so that a proof of one is as fresh on the other
		Instant now = Instant.now();
		((TestClock) a.context().getBean(Clock.class)).set(now);
		((TestClock) b.context().getBean(Clock.class)).set(now);
		DPoPHttp atA = DPoPHttp.of(a.context());
		DPoPHttp atB = DPoPHttp.of(b.context());
		DPoPKey key = atA.key();

		// behind one host name (a load balancer): the same proof, accepted by A, is a
		// replay at B
		Response login = atA.login(key);
		DPoPHttp.assertBound(login, key);
		String token = login.accessToken();
		String proof = key.proof("GET", EXTERNAL + "/api/me", token);
		Response first = proxied(atA, token, proof);
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		DPoPHttp.assertDPoPRefusal(proxied(atB, token, proof), 401, "invalid_dpop_proof");
		DPoPHttp.assertDPoPRefusal(proxied(atA, token, proof), 401, "invalid_dpop_proof");
		// B verifies the token and a fresh proof
		Response fresh = proxied(atB, token, key.proof("GET", EXTERNAL + "/api/me", token));
		assertThat(fresh.status()).as(fresh.toString()).isEqualTo(200);

		// the replay check is per key and jti, whatever the URL: a second proof of a jti
		// used at A is refused at B
		String jti = UUID.randomUUID().toString();
		String atAWithJti = key.proof().method("GET").uri(atA.url("/api/me")).accessToken(token).jti(jti).sign();
		String atBWithJti = key.proof().method("GET").uri(atB.url("/api/me")).accessToken(token).jti(jti).sign();
		assertThat(atA.get("/api/me", "DPoP " + token, atAWithJti).status()).isEqualTo(200);
		DPoPHttp.assertDPoPRefusal(atB.get("/api/me", "DPoP " + token, atBWithJti), 401, "invalid_dpop_proof",
				"used before");

		// token endpoints: a login proof, a refresh proof
		String loginJti = UUID.randomUUID().toString();
		DPoPHttp.assertBound(atA.login(key.proof().method("POST").uri(atA.url("/auth/login")).jti(loginJti).sign()),
				key);
		DPoPHttp.assertTokenError(
				atB.login(key.proof().method("POST").uri(atB.url("/auth/login")).jti(loginJti).sign()),
				"invalid_dpop_proof");
		String refreshJti = UUID.randomUUID().toString();
		Response refreshed = atB.refresh(login.refreshToken(),
				key.proof().method("POST").uri(atB.url("/auth/refresh")).jti(refreshJti).sign());
		DPoPHttp.assertBound(refreshed, key);
		DPoPHttp.assertTokenError(
				atA.refresh(refreshed.refreshToken(),
						key.proof().method("POST").uri(atA.url("/auth/refresh")).jti(refreshJti).sign()),
				"invalid_dpop_proof");
		// the refused proof spent nothing: the refresh token still works on A
		DPoPHttp.assertBound(atA.refresh(refreshed.refreshToken(), key), key);
	}

}
