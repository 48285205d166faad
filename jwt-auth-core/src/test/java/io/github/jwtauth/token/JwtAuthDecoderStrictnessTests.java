package io.github.jwtauth.token;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.keys.VerificationKey;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.oauth2.jwt.BadJwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a token may carry and how it may be spelled: header parameters without meaning on
 * a signed JWT, canonical base64url in every segment, a required {@code jti}, and
 * {@code nbf} optional but checked. Every refusal is paired with the same token minus the
 * fault, accepted, so no test passes for another reason.
 */
class JwtAuthDecoderStrictnessTests {

	private static final String GOOD_HEADER = "{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"hs\"}";

	private final SettableClock clock = new SettableClock();

	private final RevocationRegistry registry = new RevocationRegistry(this.clock);

	private final byte[] secret = "q8Vx2LmN4pR7tW1yZ3bC6eF9hJ0kA5sD".getBytes(StandardCharsets.UTF_8);

	private JwtAuthDecoder.Builder builder() {
		return JwtAuthDecoder
			.withVerifiers(
					new LocalJwsVerifierResolver(List.of(VerificationKey.hmac("hs", JWSAlgorithm.HS256, this.secret))),
					new RevocationValidator(this.registry))
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.cacheSize(100);
	}

	private final JwtAuthDecoder decoder = builder().build();

	private String payload(String extra) {
		long now = this.clock.instant().getEpochSecond();
		return "{\"iss\":\"jwt-auth\",\"sub\":\"alice\",\"aud\":\"jwt-auth\",\"iat\":" + now + ",\"exp\":" + (now + 300)
				+ extra + "}";
	}

	private String withJti(String extra) {
		return payload(",\"jti\":\"" + UUID.randomUUID() + "\"" + extra);
	}

	private String token(String header, String payload) {
		return SignedTokens.hmacRaw(this.secret, header, payload);
	}

	@Test
	void aHeaderOfAlgTypAndKidIsAccepted() {
		assertThat(this.decoder.decode(token(GOOD_HEADER, withJti(""))).getSubject()).isEqualTo("alice");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "\"enc\":\"A128GCM\"", "\"zip\":\"DEF\"", "\"epk\":{\"kty\":\"EC\"}", "\"apu\":\"YQ\"",
			"\"apv\":\"YQ\"", "\"iv\":\"AAAAAAAAAAAAAAAA\"", "\"tag\":\"AAAAAAAAAAAAAAAAAAAAAA\"", "\"p2s\":\"c2FsdA\"",
			"\"p2c\":1000", "\"cty\":\"JWT\"", "\"cty\":\"at+jwt\"", "\"b64\":false", "\"b64\":true",
			"\"jku\":\"https://evil.example/jwks\"", "\"x5u\":\"https://evil.example/c.pem\"",
			"\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}", "\"x5c\":[\"AAAA\"]" })
	void aHeaderParameterWithoutMeaningOnASignedJwtIsRefused(String parameter) {
		String header = GOOD_HEADER.substring(0, GOOD_HEADER.length() - 1) + "," + parameter + "}";
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> this.decoder.decode(token(header, withJti(""))))
			.withMessageEndingWith("not accepted");
	}

	@Test
	void critIsRefusedAsUnsupported() {
		String header = GOOD_HEADER.substring(0, GOOD_HEADER.length() - 1) + ",\"crit\":[\"exp\"]}";
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> this.decoder.decode(token(header, withJti(""))))
			.withMessage("Unsupported critical header");
	}

	@Test
	void aSignatureSpelledDifferentlyButDecodingToTheSameBytesIsRefused() {
		String token = token(GOOD_HEADER, withJti(""));
		String signature = token.substring(token.lastIndexOf('.') + 1);
		// HS256: 32 bytes are 43 characters, whose last one carries 2 unused bits
		assertThat(signature.length() % 4).isEqualTo(3);
		String variant = token.substring(0, token.length() - 1) + setUnusedBits(token.charAt(token.length() - 1));
		assertThat(new Base64URL(variant.substring(variant.lastIndexOf('.') + 1)).decode())
			.isEqualTo(new Base64URL(signature).decode());
		assertThat(this.decoder.decode(token)).isNotNull();
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(variant))
			.withMessage("Malformed token");
	}

	@Test
	void aHeaderOrPayloadSpelledDifferentlyButDecodingToTheSameBytesIsRefused() {
		// spaces in the JSON move each segment's length until its last group has unused
		// bits
		String header = lengthNotMultipleOf4(GOOD_HEADER);
		String payload = lengthNotMultipleOf4(withJti(""));
		String token = token(header, payload);
		String[] parts = token.split("\\.");
		assertThat(this.decoder.decode(token)).isNotNull();
		for (int segment = 0; segment < 2; segment++) {
			String[] variant = parts.clone();
			String part = parts[segment];
			variant[segment] = part.substring(0, part.length() - 1) + setUnusedBits(part.charAt(part.length() - 1));
			assertThat(new Base64URL(variant[segment]).decode()).isEqualTo(new Base64URL(part).decode());
			String spelled = String.join(".", variant);
			assertThatExceptionOfType(BadJwtException.class).as("segment %d", segment)
				.isThrownBy(() -> this.decoder.decode(spelled))
				.withMessage("Malformed token");
		}
	}

	@Test
	void paddingForeignCharactersAndImpossibleLengthsAreRefused() {
		String token = token(GOOD_HEADER, withJti(""));
		String[] parts = token.split("\\.");
		assertThat(this.decoder.decode(token)).isNotNull();
		List<String> variants = List.of(token + "=", parts[0] + "=." + parts[1] + "." + parts[2],
				parts[0] + "." + parts[1] + "==." + parts[2], parts[0] + "." + parts[1] + "." + oneMod4(parts[2]),
				oneMod4(parts[0]) + "." + parts[1] + "." + parts[2],
				parts[0] + "." + oneMod4(parts[1]) + "." + parts[2],
				parts[0] + "." + parts[1] + ".+" + parts[2].substring(1),
				parts[0] + "." + parts[1] + "./" + parts[2].substring(1), parts[0] + "." + parts[1] + " ." + parts[2],
				parts[0] + "." + parts[1] + "." + parts[2] + "\u00e9");
		for (String variant : variants) {
			assertThatExceptionOfType(BadJwtException.class).as(variant)
				.isThrownBy(() -> this.decoder.decode(variant))
				.withMessage("Malformed token");
		}
	}

	@Test
	void canonicalCheckAcceptsEveryLengthOfAValidTokenSegment() {
		for (int extra = 0; extra < 4; extra++) {
			String token = token(GOOD_HEADER, withJti(",\"x\":\"" + "y".repeat(extra) + "\""));
			assertThat(this.decoder.decode(token).getSubject()).as("extra %d", extra).isEqualTo("alice");
		}
	}

	@Test
	void anOversizedOrDeeplyNestedHeaderIsRefusedAsMalformed() {
		JwtAuthDecoder decoder = builder().maxLength(65_536).build();
		String prefix = GOOD_HEADER.substring(0, GOOD_HEADER.length() - 1);
		String small = prefix + ",\"x-pad\":\"" + "p".repeat(1000) + "\"}";
		assertThat(decoder.decode(token(small, withJti(""))).getSubject()).isEqualTo("alice");
		String oversized = prefix + ",\"x-pad\":\"" + "p".repeat(20_000) + "\"}";
		String nested = prefix + ",\"x-deep\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
		for (String header : List.of(oversized, nested)) {
			assertThatExceptionOfType(BadJwtException.class)
				.isThrownBy(() -> decoder.decode(token(header, withJti(""))))
				.withMessage("Malformed token");
		}
	}

	@Test
	void aTokenWithoutJtiIsRefusedByDefault() {
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> this.decoder.decode(token(GOOD_HEADER, payload(""))))
			.withMessage("Missing jti claim");
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> this.decoder.decode(token(GOOD_HEADER, payload(",\"jti\":\"\""))))
			.withMessage("Missing jti claim");
		assertThat(this.decoder.decode(token(GOOD_HEADER, withJti(""))).getId()).isNotEmpty();
	}

	@Test
	void aTokenWithoutJtiIsAcceptedWhenAllowedAndThenRevokedBySubject() {
		JwtAuthDecoder lenient = builder().requireTokenId(false).build();
		String token = token(GOOD_HEADER, payload(""));
		assertThat(lenient.decode(token).getId()).isNull();
		Instant now = this.clock.instant();
		this.registry.apply(new RevocationEntry(Kind.SUBJECT, "alice", now, now.plusSeconds(600)));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> lenient.decode(token))
			.withMessage("Token revoked");
	}

	@Test
	void nbfIsOptionalButAFutureNbfBeyondTheSkewIsRefused() {
		long now = this.clock.instant().getEpochSecond();
		assertThat(this.decoder.decode(token(GOOD_HEADER, withJti(""))).getNotBefore()).isNull();
		assertThat(this.decoder.decode(token(GOOD_HEADER, withJti(",\"nbf\":" + (now + 30)))).getNotBefore())
			.isNotNull();
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> this.decoder.decode(token(GOOD_HEADER, withJti(",\"nbf\":" + (now + 31)))))
			.withMessage("Token not yet valid");
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> this.decoder.decode(token(GOOD_HEADER, withJti(",\"nbf\":\"soon\""))))
			.withMessage("Malformed token");
	}

	@Test
	void iatIsRequiredAndAFutureIatBeyondTheSkewIsRefused() {
		long now = this.clock.instant().getEpochSecond();
		String noIat = "{\"iss\":\"jwt-auth\",\"sub\":\"alice\",\"aud\":\"jwt-auth\",\"exp\":" + (now + 300)
				+ ",\"jti\":\"a\"}";
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> this.decoder.decode(token(GOOD_HEADER, noIat)))
			.withMessage("Missing iat claim");
		String futureIat = "{\"iss\":\"jwt-auth\",\"sub\":\"alice\",\"aud\":\"jwt-auth\",\"iat\":" + (now + 31)
				+ ",\"exp\":" + (now + 300) + ",\"jti\":\"b\"}";
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> this.decoder.decode(token(GOOD_HEADER, futureIat)))
			.withMessage("Token issued in the future");
	}

	/**
	 * The character with the same data bits and the unused low bits set: 2 bits for a
	 * last group of 3 characters, 4 for a group of 2.
	 */
	private static char setUnusedBits(char last) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		return alphabet.charAt(alphabet.indexOf(last) | 1);
	}

	private static String lengthNotMultipleOf4(String json) {
		String spaced = json;
		while (base64Length(spaced) % 4 == 0) {
			spaced = spaced.replaceFirst("\\{", "{ ");
		}
		assertThat(Arrays.asList(2, 3)).contains(base64Length(spaced) % 4);
		return spaced;
	}

	private static String oneMod4(String segment) {
		String longer = segment + "A";
		while (longer.length() % 4 != 1) {
			longer += "A";
		}
		return longer;
	}

	private static int base64Length(String json) {
		return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString().length();
	}

}
