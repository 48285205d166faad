package io.github.jwtauth.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.nimbusds.jose.jwk.RSAKey;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.rotation.SigningKeyStore;
import io.github.jwtauth.keys.rotation.StoredSigningKey;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.token.JwtTokenService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's answer, serialised with Actuator's own Jackson 3 mapper, holds no
 * secret: for an HMAC secret (and a previous one), PEM private keys (one encrypted, with
 * its password) and rotation under a key-encryption key (and a previous one), with a DPoP
 * nonce secret, after a token was issued, cached and revoked, it contains none of the
 * configured values nor their Base64 or Base64URL forms, no PEM text, no private or
 * public key parameter, no sealed key, no token or part of one, no token ID and no user
 * name; and beyond the known key IDs no run of 32 or more Base64 characters at all.
 */
class JwtAuthEndpointSecretsTests {

	private static final Pattern LONG_BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_=-]{32,}");

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(JwtAuthAutoConfiguration.class, JacksonEndpointAutoConfiguration.class))
		.withPropertyValues(TestKeys.ISSUER, TestKeys.AUDIENCES, "management.endpoints.web.exposure.include=jwtauth");

	static Stream<Arguments> configurations() throws IOException {
		String hmacSecret = randomText(48);
		byte[] previousSecret = randomBytes(48);
		String nonceSecret = Base64.getEncoder().encodeToString(randomBytes(32));
		byte[] kek = randomBytes(32);
		byte[] previousKek = randomBytes(32);
		String pemPassword = "s3cret-key-pw";
		List<String> nonce = List.of("jwt.auth.dpop.nonce.enabled=true", "jwt.auth.dpop.nonce.secret=" + nonceSecret);
		return Stream.of(
				Arguments.of("an HMAC secret", concat(
						nonce, "jwt.auth.signing.secret=" + hmacSecret, "jwt.auth.signing.previous-keys[0].key-id=old",
						"jwt.auth.signing.previous-keys[0].algorithm=HS256",
						"jwt.auth.signing.previous-keys[0].secret=base64:"
								+ Base64.getEncoder().encodeToString(previousSecret)),
						concat(forms(hmacSecret.getBytes(StandardCharsets.UTF_8)), forms(previousSecret),
								forms(nonceSecret), forms(Base64.getDecoder().decode(nonceSecret)),
								List.of(hmacSecret, nonceSecret))),
				Arguments.of("a PEM private key",
						concat(nonce, "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
								"jwt.auth.signing.previous-keys[0].key-id=old",
								"jwt.auth.signing.previous-keys[0].public-key-location=" + TestKeys.PREVIOUS_PUBLIC),
						concat(pemLines("keys/rsa-private.pem"), pemLines("keys/rsa-previous-public.pem"),
								rsaParameters(TestKeys.rsa()), forms(nonceSecret), List.of(nonceSecret))),
				Arguments.of("an encrypted PEM private key and its password",
						concat(nonce, "jwt.auth.signing.private-key-location=classpath:keys/ec-p256-encrypted.pem",
								"jwt.auth.signing.private-key-password=" + pemPassword),
						concat(pemLines("keys/ec-p256-encrypted.pem"), forms(pemPassword), forms(nonceSecret),
								List.of(pemPassword, nonceSecret))),
				Arguments.of("rotation with a key-encryption key",
						concat(nonce, "jwt.auth.signing.rotation.enabled=true",
								"jwt.auth.signing.rotation.key-encryption-key=base64:"
										+ Base64.getEncoder().encodeToString(kek),
								"jwt.auth.signing.rotation.previous-key-encryption-keys[0]=base64:"
										+ Base64.getEncoder().encodeToString(previousKek)),
						concat(forms(kek), forms(previousKek), forms(nonceSecret), List.of(nonceSecret))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("configurations")
	void theAnswerHoldsNoSecret(String name, List<String> properties, List<String> secrets) {
		this.runner.withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
			assertThat(context).hasNotFailed();
			String user = "user-" + UUID.randomUUID();
			JwtTokenService tokens = context.getBean(JwtTokenService.class);
			String token = JwtAuthEndpointConfigurationTests.issue(tokens, user);
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			Jwt jwt = decoder.decode(token);
			decoder.decode(JwtAuthEndpointConfigurationTests.issue(tokens, user));
			context.getBean(TokenRevocationService.class).revokeAccessToken(jwt);
			JwtAuthEndpoint endpoint = context.getBean(JwtAuthEndpoint.class);
			JwtAuthEndpoint.JwtAuthDescriptor answer = endpoint.jwtAuth();
			assertThat(answer.cache().size()).as("a token is cached").isEqualTo(2);
			assertThat(answer.store().entries()).as("a token is revoked").isPositive();
			String json = context.getBean(EndpointJsonMapper.class).get().writeValueAsString(answer);
			List<String> forbidden = new ArrayList<>(secrets);
			forbidden.addAll(List.of(token, jwt.getId(), user));
			forbidden.addAll(List.of(token.split("\\.")));
			forbidden.addAll(sealedKeys(context));
			assertThat(json).as(name).contains("\"keys\"", "\"store\"", "\"cache\"", "\"policy\"");
			for (String secret : forbidden) {
				assertThat(json).as("%s: %s", name, json).doesNotContain(secret);
			}
			assertThat(json).doesNotContain("BEGIN", "PRIVATE", "-----");
			assertThat(longBase64Runs(json, answer)).as("%s: %s", name, json).isEmpty();
		});
	}

	private static List<String> sealedKeys(AssertableWebApplicationContext context) {
		List<String> sealed = new ArrayList<>();
		for (SigningKeyStore store : context.getBeansOfType(SigningKeyStore.class).values()) {
			for (StoredSigningKey key : store.findAll()) {
				sealed.add(key.sealedPrivateKey());
				sealed.add(key.publicJwk());
			}
		}
		return sealed;
	}

	// what remains once the key IDs (public, in every token's header) are taken out
	private static List<String> longBase64Runs(String json, JwtAuthEndpoint.JwtAuthDescriptor answer) {
		String rest = json;
		List<JwtAuthEndpoint.KeyDescriptor> keys = new ArrayList<>(answer.keys().verification());
		keys.add(answer.keys().active());
		for (JwtAuthEndpoint.KeyDescriptor key : keys) {
			rest = rest.replace(key.keyId(), "");
		}
		List<String> runs = new ArrayList<>();
		Matcher matcher = LONG_BASE64_RUN.matcher(rest);
		while (matcher.find()) {
			runs.add(matcher.group());
		}
		return runs;
	}

	static List<String> forms(String text) {
		return forms(text.getBytes(StandardCharsets.UTF_8));
	}

	static List<String> forms(byte[] bytes) {
		return List.of(Base64.getEncoder().encodeToString(bytes),
				Base64.getEncoder().withoutPadding().encodeToString(bytes),
				Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
	}

	private static List<String> pemLines(String path) throws IOException {
		String pem = new ClassPathResource(path).getContentAsString(StandardCharsets.US_ASCII);
		return pem.lines().map(String::trim).filter((line) -> !line.isEmpty() && !line.startsWith("-----")).toList();
	}

	private static List<String> rsaParameters(RSAKey key) {
		return Stream
			.of(key.getModulus(), key.getPrivateExponent(), key.getFirstPrimeFactor(), key.getSecondPrimeFactor(),
					key.getFirstFactorCRTExponent(), key.getSecondFactorCRTExponent(), key.getFirstCRTCoefficient())
			.map(Object::toString)
			.toList();
	}

	@SafeVarargs
	private static List<String> concat(List<String>... lists) {
		return Stream.of(lists).flatMap(List::stream).toList();
	}

	private static List<String> concat(List<String> list, String... more) {
		return Stream.concat(list.stream(), Stream.of(more)).toList();
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

	private static String randomText(int length) {
		String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
		SecureRandom random = new SecureRandom();
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

}
