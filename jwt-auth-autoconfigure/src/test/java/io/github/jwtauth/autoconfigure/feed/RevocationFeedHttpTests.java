package io.github.jwtauth.autoconfigure.feed;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.autoconfigure.feed.FeedApplication.Running;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.feed.RevocationFeedVerifier;
import io.github.jwtauth.revocation.feed.RevocationLog;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.token.RemoteJwsVerifierResolver;
import io.github.jwtauth.web.endpoint.RevocationFeedEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The issuer's revocation feed over real HTTP: full and incremental answers, long poll,
 * refusals, and where it is not served.
 */
class RevocationFeedHttpTests {

	private static Running issuer;

	private static RevocationFeedVerifier verifier;

	@BeforeAll
	static void start() {
		issuer = FeedApplication.issuer("jwt.auth.endpoints.revocations-max-waiting=2");
		verifier = new RevocationFeedVerifier(
				new RemoteJwsVerifierResolver("http://127.0.0.1:" + issuer.port() + "/.well-known/jwks.json",
						Set.of(JWSAlgorithm.RS256)),
				"jwt-auth", Duration.ofSeconds(30), Duration.ofSeconds(30), Clock.systemUTC());
	}

	@AfterAll
	static void stop() {
		issuer.close();
	}

	@Test
	void fullThenIncrementalSignedByTheIssuersKeyAndVerifiedThroughItsJwkSet() throws Exception {
		JwtAuthClient.Response login = issuer.login("alice");
		String sid = sid(login.accessToken());
		assertThat(issuer.http().logout(login.accessToken()).status()).isEqualTo(204);
		JwtAuthClient.Response full = feed(null, null);
		assertThat(full.status()).isEqualTo(200);
		assertThat(full.header("Content-Type")).isEqualTo("application/jwt");
		assertThat(full.header("Cache-Control")).contains("no-store");
		RevocationFeedVerifier.Document document = verifier.verify(full.body(), null);
		assertThat(document.full()).isTrue();
		assertThat(document.entries()).extracting(RevocationEntry::value).contains(sid);
		// how old the issuer's own picture is (its store is not shared: zero)
		assertThat(JWSObject.parse(full.body()).getPayload().toJSONObject()).containsEntry("age", 0L);
		// nothing new after the cursor
		RevocationFeedVerifier.Document empty = verifier.verify(feed(document.cursor(), null).body(),
				document.cursor());
		assertThat(empty.entries()).isEmpty();
		assertThat(empty.full()).isFalse();
		// a new revocation: only it
		JwtAuthClient.Response second = issuer.login("bob");
		String secondSid = sid(second.accessToken());
		issuer.http().logout(second.accessToken());
		RevocationFeedVerifier.Document next = verifier.verify(feed(empty.cursor(), null).body(), empty.cursor());
		assertThat(next.entries()).extracting(RevocationEntry::value).containsExactly(secondSid);
	}

	@Test
	void aHeldRequestIsAnsweredAsSoonAsARevocationIsMade() throws Exception {
		String cursor = verifier.verify(feed(null, null).body(), null).cursor();
		CompletableFuture<HttpResponse<String>> held = HttpClient.newHttpClient()
			.sendAsync(HttpRequest.newBuilder(feedUri(cursor, "30")).build(), HttpResponse.BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> issuer.context().getBean(RevocationFeedEndpoint.class).getWaiting() == 1);
		assertThat(held).isNotDone();
		JwtAuthClient.Response login = issuer.login("alice");
		String sid = sid(login.accessToken());
		issuer.http().logout(login.accessToken());
		HttpResponse<String> answer = held.get(10, TimeUnit.SECONDS);
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(verifier.verify(answer.body(), cursor).entries()).extracting(RevocationEntry::value)
			.containsExactly(sid);
	}

	@Test
	void aHeldRequestWithNothingNewIsAnsweredEmptyWhenTheWaitEnds() {
		String cursor = verifier.verify(feed(null, null).body(), null).cursor();
		JwtAuthClient.Response answer = feed(cursor, "1");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(verifier.verify(answer.body(), cursor).entries()).isEmpty();
	}

	@Test
	void waitingRequestsAreCapped() throws Exception {
		String cursor = verifier.verify(feed(null, null).body(), null).cursor();
		HttpClient client = HttpClient.newHttpClient();
		List<CompletableFuture<HttpResponse<String>>> held = List.of(
				client.sendAsync(HttpRequest.newBuilder(feedUri(cursor, "30")).build(),
						HttpResponse.BodyHandlers.ofString()),
				client.sendAsync(HttpRequest.newBuilder(feedUri(cursor, "30")).build(),
						HttpResponse.BodyHandlers.ofString()));
		RevocationFeedEndpoint endpoint = issuer.context().getBean(RevocationFeedEndpoint.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.getWaiting() == 2);
		JwtAuthClient.Response third = feed(cursor, "30");
		assertThat(third.status()).isEqualTo(503);
		assertThat(third.field("error")).isEqualTo("temporarily_unavailable");
		// a revocation answers the held ones
		issuer.http().logout(issuer.login("bob").accessToken());
		for (CompletableFuture<HttpResponse<String>> request : held) {
			assertThat(request.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.getWaiting() == 0);
	}

	@Test
	void badCursorOrWaitIsInvalidRequest() {
		String cursor = verifier.verify(feed(null, null).body(), null).cursor();
		String instance = cursor.substring(0, cursor.indexOf('.'));
		long position = Long.parseLong(cursor.substring(cursor.indexOf('.') + 1));
		for (String query : new String[] { "cursor=garbage", "cursor=", "cursor=" + instance + "." + (position + 10),
				"cursor=Other12345." + (System.currentTimeMillis() + 3_600_000) * 1000, "wait=31", "wait=-1",
				"wait=abc", "wait=1.5", "cursor=" + cursor + "&cursor=" + cursor, "wait=1&wait=2",
				// a cursor of another instance older than this one: start again without
				// one
				"cursor=Other12345.1000000" }) {
			JwtAuthClient.Response answer = issuer.http().get("/auth/revocations?" + query, null);
			assertThat(answer.status()).as(query).isEqualTo(400);
			assertThat(answer.field("error")).as(query).isEqualTo("invalid_request");
		}
	}

	@Test
	void aStaleIssuerAnswers503() {
		try (Running stale = FeedApplication.issuer()) {
			// this issuer's replica must be synchronised and never was: stale
			stale.context().getBean(RevocationRegistry.class).requireSyncWithin(Duration.ZERO);
			JwtAuthClient.Response answer = stale.http().get("/auth/revocations", null);
			assertThat(answer.status()).isEqualTo(503);
			assertThat(answer.field("error")).isEqualTo("temporarily_unavailable");
		}
	}

	@Test
	void aFeedDocumentIsNotAnAccessToken() {
		String document = feed(null, null).body();
		JwtAuthClient.Response answer = issuer.http().get("/api/me", document);
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).contains("invalid_token").contains("Invalid token type");
	}

	@Test
	void notServedWithAnHmacKeyNorByAResourceServerNorWhenDisabled() {
		try (Running hmac = FeedApplication.issuer("jwt.auth.signing.private-key-location=",
				"jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET)) {
			assertThat(hmac.context().getBeansOfType(RevocationFeedEndpoint.class)).isEmpty();
			assertThat(hmac.context().getBeansOfType(RevocationLog.class)).isEmpty();
			assertThat(hmac.http().get("/auth/revocations", null).status()).isEqualTo(401);
		}
		try (Running resourceServer = FeedApplication.resourceServer(issuer.port())) {
			assertThat(resourceServer.context().getBeansOfType(RevocationFeedEndpoint.class)).isEmpty();
			assertThat(resourceServer.http().get("/auth/revocations", null).status()).isEqualTo(401);
		}
		try (Running disabled = FeedApplication.issuer("jwt.auth.endpoints.revocations-enabled=false")) {
			assertThat(disabled.context().getBeansOfType(RevocationFeedEndpoint.class)).isEmpty();
			assertThat(disabled.http().get("/auth/revocations", null).status()).isEqualTo(401);
		}
	}

	static String sid(String accessToken) {
		try {
			return SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("sid");
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JwtAuthClient.Response feed(String cursor, String wait) {
		return issuer.http().send(HttpRequest.newBuilder(feedUri(cursor, wait)));
	}

	private static URI feedUri(String cursor, String wait) {
		StringBuilder uri = new StringBuilder("http://127.0.0.1:" + issuer.port() + "/auth/revocations?");
		if (cursor != null) {
			uri.append("cursor=").append(cursor).append('&');
		}
		if (wait != null) {
			uri.append("wait=").append(wait);
		}
		return URI.create(uri.toString());
	}

}
