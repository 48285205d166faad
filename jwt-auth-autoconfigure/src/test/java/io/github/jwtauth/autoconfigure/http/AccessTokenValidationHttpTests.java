package io.github.jwtauth.autoconfigure.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.token.AccessToken;
import io.github.jwtauth.token.JwtTokenService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP: a valid token passes, every kind of bad token gets 401
 * {@code invalid_token} with a JSON body and no internals, and the RFC 6750 answers for a
 * missing token and a missing authority.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.permit-all=/api/public", "server.max-http-request-header-size=64KB" })
class AccessTokenValidationHttpTests {

	@LocalServerPort
	int port;

	@Autowired
	JwtTokenService tokens;

	JwtAuthClient http;

	@Autowired
	TestClock clock;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
		// the tokens made here carry the real time; the application's clock stands still
		// from the (cached, shared) context's start: bring it to now
		this.clock.set(Instant.now());
	}

	@Test
	void tokenFromTheTokenServicePasses() {
		AccessToken token = this.tokens.issue("alice", AuthorityUtils.createAuthorityList("ROLE_USER"), null);
		JwtAuthClient.Response response = this.http.get("/api/me", token.tokenValue());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.field("subject")).isEqualTo("alice");
		assertThat(response.body()).contains("ROLE_USER");
	}

	@Test
	void tokenSignedWithTheConfiguredKeyAndNoKidPasses() {
		String token = TestJwts.sign(TestKeys.rsa(),
				new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt")).build(),
				TestJwts.claims("alice", Instant.now()).build());
		assertThat(this.http.get("/api/me", token).status()).isEqualTo(200);
	}

	@Test
	void noTokenGetsBareBearerChallenge() {
		JwtAuthClient.Response response = this.http.get("/api/me", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(response.field("error")).isEqualTo("unauthorized");
	}

	@Test
	void twoTokenTransportsGet400InvalidRequest() {
		AccessToken token = this.tokens.issue("alice", AuthorityUtils.createAuthorityList("ROLE_USER"), null);
		JwtAuthClient.Response response = this.http.get("/api/me?access_token=" + token.tokenValue(),
				token.tokenValue());
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.field("error")).isEqualTo("invalid_request");
		assertThat(response.header("WWW-Authenticate")).contains("invalid_request");
	}

	@Test
	void publicPathNeedsNoToken() {
		assertThat(this.http.get("/api/public", null).status()).isEqualTo(200);
	}

	@Test
	void missingAuthorityGets403InsufficientScope() {
		AccessToken token = this.tokens.issue("alice", AuthorityUtils.createAuthorityList("ROLE_USER"), null);
		JwtAuthClient.Response response = this.http.get("/api/admin", token.tokenValue());
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"insufficient_scope\"");
		assertThat(response.field("error")).isEqualTo("insufficient_scope");
		AccessToken admin = this.tokens.issue("admin", AuthorityUtils.createAuthorityList("ROLE_ADMIN"), null);
		assertThat(this.http.get("/api/admin", admin.tokenValue()).status()).isEqualTo(200);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badTokens")
	void badTokenGets401InvalidToken(String name, String token) {
		JwtAuthClient.Response response = this.http.get("/api/me", token);
		assertThat(response.status()).as(name).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).as(name).startsWith("Bearer error=\"invalid_token\"");
		assertThat(response.field("error")).as(name).isEqualTo("invalid_token");
		assertThat(response.body()).as(name)
			.doesNotContain("Exception")
			.doesNotContain("at io.")
			.doesNotContain("at org.")
			.doesNotContain("\"n\"");
	}

	static Stream<Arguments> badTokens() throws Exception {
		RSAKey key = TestKeys.rsa();
		String kid = TestKeys.rsaKeyId();
		Instant now = Instant.now();
		JWSHeader header = TestJwts.header(JWSAlgorithm.RS256, kid).build();
		String valid = TestJwts.sign(key, header, TestJwts.claims("alice", now).build());
		String[] parts = valid.split("\\.");
		List<Arguments> tokens = new ArrayList<>();
		tokens.add(Arguments.of("expired",
				TestJwts.sign(key, header,
						TestJwts.claims("alice", now.minusSeconds(900))
							.expirationTime(Date.from(now.minusSeconds(60)))
							.build())));
		tokens.add(Arguments.of("not yet valid", TestJwts.sign(key, header,
				TestJwts.claims("alice", now).notBeforeTime(Date.from(now.plusSeconds(120))).build())));
		tokens.add(Arguments.of("issued in the future", TestJwts.sign(key, header,
				TestJwts.claims("alice", now).issueTime(Date.from(now.plusSeconds(120))).build())));
		tokens.add(Arguments.of("wrong issuer",
				TestJwts.sign(key, header, TestJwts.claims("alice", now).issuer("https://evil.example").build())));
		tokens.add(Arguments.of("wrong audience",
				TestJwts.sign(key, header, TestJwts.claims("alice", now).audience("other-api").build())));
		tokens.add(Arguments.of("no audience",
				TestJwts.sign(key, header, TestJwts.claims("alice", now).audience((String) null).build())));
		tokens.add(Arguments.of("no exp",
				TestJwts.sign(key, header, TestJwts.claims("alice", now).expirationTime(null).build())));
		tokens.add(Arguments.of("no iat",
				TestJwts.sign(key, header, TestJwts.claims("alice", now).issueTime(null).build())));
		tokens.add(Arguments.of("no sub",
				TestJwts.sign(key, header, TestJwts.claims("alice", now).subject(null).build())));
		tokens.add(Arguments.of("typ JWT",
				TestJwts.sign(key, new JWSHeader.Builder(header).type(JOSEObjectType.JWT).build(),
						TestJwts.claims("alice", now).build())));
		tokens.add(Arguments.of("no typ", TestJwts.sign(key, new JWSHeader.Builder(header).type(null).build(),
				TestJwts.claims("alice", now).build())));
		String forgedPayload = b64(
				TestJwts.claims("admin", now).claim("roles", List.of("ROLE_ADMIN")).build().toString());
		tokens.add(Arguments.of("tampered payload", parts[0] + "." + forgedPayload + "." + parts[2]));
		tokens.add(Arguments.of("tampered signature", parts[0] + "." + parts[1] + "." + flip(parts[2])));
		tokens.add(Arguments.of("signature stripped", parts[0] + "." + parts[1] + "."));
		tokens.add(Arguments.of("two parts", parts[0] + "." + parts[1]));
		for (String none : List.of("none", "None", "NONE", "nOnE")) {
			String noneHeader = b64("{\"alg\":\"" + none + "\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}");
			tokens.add(Arguments.of("alg " + none, noneHeader + "." + parts[1] + "."));
			tokens.add(Arguments.of("alg " + none + " with signature", noneHeader + "." + parts[1] + "." + parts[2]));
		}
		byte[] publicPem = new String(TestKeys.class.getResourceAsStream("/keys/rsa-public.pem").readAllBytes(),
				StandardCharsets.US_ASCII)
			.getBytes(StandardCharsets.US_ASCII);
		byte[] publicDer = key.toRSAPublicKey().getEncoded();
		tokens.add(Arguments.of("HS256 with the RSA public key (PEM)", TestJwts.sign(publicPem,
				TestJwts.header(JWSAlgorithm.HS256, kid).build(), TestJwts.claims("alice", now).build())));
		tokens.add(Arguments.of("HS256 with the RSA public key (DER), no kid",
				TestJwts.sign(publicDer,
						new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build(),
						TestJwts.claims("alice", now).build())));
		tokens.add(Arguments.of("PS256 with the RS256 key", TestJwts.sign(key,
				TestJwts.header(JWSAlgorithm.PS256, kid).build(), TestJwts.claims("alice", now).build())));
		RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker").generate();
		tokens.add(Arguments.of("signed by another key, same kid",
				TestJwts.sign(attacker, header, TestJwts.claims("alice", now).build())));
		tokens.add(Arguments.of("signed by another key, unknown kid", TestJwts.sign(attacker,
				TestJwts.header(JWSAlgorithm.RS256, "attacker").build(), TestJwts.claims("alice", now).build())));
		tokens.add(Arguments.of("embedded jwk",
				TestJwts.sign(attacker, new JWSHeader.Builder(header).jwk(attacker.toPublicJWK()).build(),
						TestJwts.claims("alice", now).build())));
		tokens.add(Arguments.of("jku header",
				TestJwts.sign(key,
						new JWSHeader.Builder(header).jwkURL(java.net.URI.create("https://evil.example/jwks")).build(),
						TestJwts.claims("alice", now).build())));
		tokens.add(Arguments.of("x5u header", TestJwts.sign(key,
				new JWSHeader.Builder(header).x509CertURL(java.net.URI.create("https://evil.example/cert.pem")).build(),
				TestJwts.claims("alice", now).build())));
		tokens.add(Arguments.of("x5c header",
				TestJwts.sign(key,
						new JWSHeader.Builder(header)
							.x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(publicDer)))
							.build(),
						TestJwts.claims("alice", now).build())));
		tokens.add(Arguments.of("crit header",
				TestJwts.sign(key,
						TestJwts.header(JWSAlgorithm.RS256, kid)
							.customParam("urn:x", 1)
							.criticalParams(new java.util.HashSet<>(Set.of("urn:x")))
							.build(),
						TestJwts.claims("alice", now).build())));
		tokens
			.add(Arguments.of("no jti", TestJwts.sign(key, header, TestJwts.claims("alice", now).jwtID(null).build())));
		tokens.add(Arguments.of("cty header", TestJwts.sign(key,
				new JWSHeader.Builder(header).contentType("JWT").build(), TestJwts.claims("alice", now).build())));
		String payload = TestJwts.claims("alice", now).build().toString();
		for (String parameter : List.of("\"enc\":\"A256GCM\"", "\"zip\":\"DEF\"", "\"p2c\":1000", "\"b64\":true",
				"\"b64\":false")) {
			tokens.add(Arguments.of(parameter + " header", signRawHeader(key,
					"{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"," + parameter + "}", payload)));
		}
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		// RS256 with a 2048-bit key: 256 bytes are 342 characters, the last one with 4
		// unused bits
		tokens.add(Arguments.of("signature spelled with an unused bit set", valid.substring(0, valid.length() - 1)
				+ alphabet.charAt(alphabet.indexOf(valid.charAt(valid.length() - 1)) | 1)));
		tokens.add(Arguments.of("padded signature", valid + "=="));
		tokens.add(Arguments.of("oversized",
				TestJwts.sign(key, header, TestJwts.claims("alice", now).claim("padding", "x".repeat(9000)).build())));
		tokens.add(Arguments.of("exp as string",
				signRaw(key, kid, "{\"iss\":\"jwt-auth\",\"sub\":\"alice\",\"aud\":\"jwt-auth\",\"iat\":"
						+ now.getEpochSecond() + ",\"exp\":\"tomorrow\"}")));
		tokens.add(Arguments.of("huge exp",
				signRaw(key, kid, "{\"iss\":\"jwt-auth\",\"sub\":\"alice\",\"aud\":\"jwt-auth\",\"iat\":"
						+ now.getEpochSecond() + ",\"exp\":1e400}")));
		tokens.add(Arguments.of("huge integer exp",
				signRaw(key, kid, "{\"iss\":\"jwt-auth\",\"sub\":\"alice\",\"aud\":\"jwt-auth\",\"iat\":"
						+ now.getEpochSecond() + ",\"exp\":123456789012345678901234567890}")));
		tokens.add(Arguments.of("aud as number",
				signRaw(key, kid, "{\"iss\":\"jwt-auth\",\"sub\":\"alice\",\"aud\":42,\"iat\":" + now.getEpochSecond()
						+ ",\"exp\":" + (now.getEpochSecond() + 300) + "}")));
		tokens.add(Arguments.of("sub as object",
				signRaw(key, kid, "{\"iss\":\"jwt-auth\",\"sub\":{\"a\":1},\"aud\":\"jwt-auth\",\"iat\":"
						+ now.getEpochSecond() + ",\"exp\":" + (now.getEpochSecond() + 300) + "}")));
		tokens.add(Arguments.of("payload is an array", signRaw(key, kid, "[1,2,3]")));
		tokens.add(Arguments.of("payload is not JSON", parts[0] + "." + b64("not json") + "." + parts[2]));
		tokens.add(Arguments.of("header is not JSON", b64("not json") + "." + parts[1] + "." + parts[2]));
		tokens.add(Arguments.of("bad base64", "eyJ!!!." + parts[1] + "." + parts[2]));
		tokens.add(Arguments.of("garbage", "garbage"));
		tokens.add(Arguments.of("dots", "...."));
		tokens.add(Arguments.of("four parts", valid + ".abc"));
		tokens.add(Arguments.of("JWE-like five parts", "a.b.c.d.e"));
		return tokens.stream();
	}

	private static String signRaw(RSAKey key, String kid, String payload) {
		try {
			com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(
					TestJwts.header(JWSAlgorithm.RS256, kid).build(), new com.nimbusds.jose.Payload(payload));
			jws.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
			return jws.serialize();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String signRawHeader(RSAKey key, String header, String payload) {
		try {
			String signingInput = b64(header) + "." + b64(payload);
			java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
			signer.initSign(key.toPrivateKey());
			signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
			return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
		}
		catch (com.nimbusds.jose.JOSEException | java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String b64(String value) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

	private static String flip(String signature) {
		char first = signature.charAt(0);
		return ((first == 'A') ? 'B' : 'A') + signature.substring(1);
	}

	@Test
	void aHeaderSignedRawWithoutRefusedParametersIsAccepted() {
		// guards the raw-header cases above: the same signing with nothing refused passes
		String token = signRawHeader(TestKeys.rsa(),
				"{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + TestKeys.rsaKeyId() + "\"}",
				TestJwts.claims("alice", Instant.now()).build().toString());
		assertThat(this.http.get("/api/me", token).status()).isEqualTo(200);
	}

	@Test
	void claimsOfTheJwtClaimsSetHelperAreAccepted() {
		// guards the bad-token cases above: the same helper with nothing changed passes
		String token = TestJwts.sign(TestKeys.rsa(), TestJwts.header(JWSAlgorithm.RS256, TestKeys.rsaKeyId()).build(),
				TestJwts.claims("alice", Instant.now()).build());
		assertThat(this.http.get("/api/me", token).status()).isEqualTo(200);
		JWTClaimsSet unused = null;
		assertThat(unused).isNull();
	}

}
