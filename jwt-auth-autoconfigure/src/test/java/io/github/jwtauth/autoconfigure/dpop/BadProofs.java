package io.github.jwtauth.autoconfigure.dpop;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.jwtauth.test.dpop.DPoPKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Named;

/**
 * A corpus of bad DPoP proofs, each made for a request (method, URI and, at a resource,
 * the access token) that a good proof of the same key would pass: so each is refused for
 * its one defect only.
 */
final class BadProofs {

	private BadProofs() {
	}

	static List<Named<Function<Request, String>>> all() {
		List<Named<Function<Request, String>>> proofs = new ArrayList<>();
		// not a JWS at all
		add(proofs, "empty", (r) -> "");
		add(proofs, "not a JWT", (r) -> "not-a-jwt");
		add(proofs, "three empty parts", (r) -> "..");
		add(proofs, "garbage parts", (r) -> "a.b.c");
		add(proofs, "header not JSON",
				(r) -> Base64URL.encode("{oops").toString() + "." + encode(r.claims()) + ".c2ln");
		add(proofs, "header a JSON array",
				(r) -> Base64URL.encode("[1]").toString() + "." + encode(r.claims()) + ".c2ln");
		add(proofs, "claims not JSON", (r) -> {
			String input = encode(r.header()) + "." + Base64URL.encode("nope");
			return input + "." + es256(r.key(), input);
		});
		add(proofs, "two parts", (r) -> encode(r.header()) + "." + encode(r.claims()));
		add(proofs, "four parts", (r) -> r.good() + ".x");
		add(proofs, "JWE-like five parts", (r) -> "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d");
		add(proofs, "unsigned (no signature)", (r) -> {
			String proof = r.good();
			return proof.substring(0, proof.lastIndexOf('.') + 1);
		});
		add(proofs, "signature of another key",
				(r) -> r.key()
					.proof()
					.method(r.method())
					.uri(r.uri())
					.claim("ath", (r.token() != null) ? DPoPKey.ath(r.token()) : null)
					.header((h) -> h.jwk(DPoPKey.es256().publicJwk()))
					.sign());
		add(proofs, "tampered claims", (r) -> {
			String proof = r.good();
			String[] parts = proof.split("\\.");
			Map<String, Object> claims = r.claims();
			return parts[0] + "." + encode(claims) + "." + parts[2];
		});
		// header
		add(proofs, "typ JWT", (r) -> r.header((h) -> h.put("typ", "JWT")));
		add(proofs, "typ missing", (r) -> r.header((h) -> h.remove("typ")));
		add(proofs, "typ at+jwt", (r) -> r.header((h) -> h.put("typ", "at+jwt")));
		add(proofs, "typ a number", (r) -> r.header((h) -> h.put("typ", 1)));
		add(proofs, "alg none", (r) -> {
			Map<String, Object> header = r.header();
			header.put("alg", "none");
			return encode(header) + "." + encode(r.claims()) + ".";
		});
		add(proofs, "alg HS256 keyed with the public key", (r) -> {
			Map<String, Object> header = r.header();
			header.put("alg", "HS256");
			String input = encode(header) + "." + encode(r.claims());
			return input + "." + hs256(r.key().publicJwk().toJSONString().getBytes(StandardCharsets.UTF_8), input);
		});
		add(proofs, "alg HS256 with an oct jwk", (r) -> {
			byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
			Map<String, Object> header = r.header();
			header.put("alg", "HS256");
			header.put("jwk", Map.of("kty", "oct", "k", Base64URL.encode(secret).toString()));
			String input = encode(header) + "." + encode(r.claims());
			return input + "." + hs256(secret, input);
		});
		add(proofs, "alg RS256 over an EC key", (r) -> r.header((h) -> h.put("alg", "RS256")));
		add(proofs, "alg ES384 over a P-256 key", (r) -> r.header((h) -> h.put("alg", "ES384")));
		add(proofs, "alg not accepted (RS384)", (r) -> {
			DPoPKey rs384 = DPoPKey.of(JWSAlgorithm.RS384).clock(r.clock());
			return rs384.proof()
				.method(r.method())
				.uri(r.uri())
				.claim("ath", (r.token() != null) ? DPoPKey.ath(r.token()) : null)
				.sign();
		});
		add(proofs, "alg missing", (r) -> r.header((h) -> h.remove("alg")));
		add(proofs, "jwk missing", (r) -> r.header((h) -> h.remove("jwk")));
		add(proofs, "jwk a string", (r) -> r.header((h) -> h.put("jwk", "key")));
		add(proofs, "jwk private", (r) -> r.header((h) -> h.put("jwk", privateJwk(r.key()))));
		add(proofs, "jwk of another curve",
				(r) -> r.header((h) -> h.put("jwk", DPoPKey.of(JWSAlgorithm.ES384).publicJwk().toJSONObject())));
		add(proofs, "crit header", (r) -> r.header((h) -> {
			h.put("crit", List.of("exp"));
			h.put("exp", 1);
		}));
		add(proofs, "jku header", (r) -> r.header((h) -> h.put("jku", "https://evil.example/jwks")));
		add(proofs, "x5u header", (r) -> r.header((h) -> h.put("x5u", "https://evil.example/cert")));
		add(proofs, "x5c header", (r) -> r.header((h) -> h.put("x5c", List.of("MIIB"))));
		add(proofs, "b64 header", (r) -> r.header((h) -> h.put("b64", false)));
		// claims
		add(proofs, "jti missing", (r) -> r.claims((c) -> c.remove("jti")));
		add(proofs, "jti empty", (r) -> r.claims((c) -> c.put("jti", "")));
		add(proofs, "jti a number", (r) -> r.claims((c) -> c.put("jti", 42)));
		add(proofs, "htm missing", (r) -> r.claims((c) -> c.remove("htm")));
		add(proofs, "htm an array", (r) -> r.claims((c) -> c.put("htm", List.of(r.method()))));
		add(proofs, "htu missing", (r) -> r.claims((c) -> c.remove("htu")));
		add(proofs, "htu not a URI", (r) -> r.claims((c) -> c.put("htu", "http://[::1")));
		add(proofs, "htu with user info", (r) -> r.claims((c) -> c.put("htu", r.uri().replace("://", "://u:p@"))));
		add(proofs, "iat missing", (r) -> r.claims((c) -> c.remove("iat")));
		add(proofs, "iat a string", (r) -> r.claims((c) -> c.put("iat", "now")));
		add(proofs, "iat in the future",
				(r) -> r.claims((c) -> c.put("iat", r.clock().instant().getEpochSecond() + 60)));
		add(proofs, "iat far in the future",
				(r) -> r.claims((c) -> c.put("iat", r.clock().instant().getEpochSecond() + 365L * 86400)));
		add(proofs, "iat too old", (r) -> r.claims((c) -> c.put("iat", r.clock().instant().getEpochSecond() - 600)));
		add(proofs, "iat huge", (r) -> r.claims((c) -> c.put("iat", Long.MAX_VALUE)));
		add(proofs, "iat negative", (r) -> r.claims((c) -> c.put("iat", -1)));
		// over the 4096 bytes of jwt.auth.dpop.proof-max-length, under Tomcat's 8 KB for
		// all the headers of a request
		add(proofs, "oversized (> 4096 bytes)", (r) -> r.claims((c) -> c.put("pad", "x".repeat(3200))));
		return proofs;
	}

	private static void add(List<Named<Function<Request, String>>> proofs, String name,
			Function<Request, String> proof) {
		proofs.add(Named.of(name, proof));
	}

	static String encode(Map<String, Object> json) {
		return Base64URL.encode(JSONObjectUtils.toJSONString(json)).toString();
	}

	static String es256(DPoPKey key, String input) {
		try {
			return new ECDSASigner((ECPrivateKey) key.keyPair().getPrivate())
				.sign(new JWSHeader(JWSAlgorithm.ES256), input.getBytes(StandardCharsets.US_ASCII))
				.toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String hs256(byte[] secret, String input) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return Base64URL.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))).toString();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Map<String, Object> privateJwk(DPoPKey key) {
		ECKey publicKey = (ECKey) key.publicJwk();
		return new ECKey.Builder(publicKey).privateKey((ECPrivateKey) key.keyPair().getPrivate())
			.build()
			.toJSONObject();
	}

	/**
	 * The request a proof is for.
	 *
	 * @param key the client's key (ES256), the one its tokens are bound to
	 * @param clock the server's clock
	 * @param method the request method
	 * @param uri the request URI
	 * @param token the access token, or {@code null} at a token endpoint
	 */
	record Request(DPoPKey key, Clock clock, String method, String uri, @Nullable String token) {

		Map<String, Object> header() {
			Map<String, Object> header = new LinkedHashMap<>();
			header.put("typ", "dpop+jwt");
			header.put("alg", "ES256");
			header.put("jwk", this.key.publicJwk().toJSONObject());
			return header;
		}

		Map<String, Object> claims() {
			Map<String, Object> claims = new LinkedHashMap<>();
			claims.put("jti", UUID.randomUUID().toString());
			claims.put("htm", this.method);
			claims.put("htu", this.uri);
			claims.put("iat", this.clock.instant().getEpochSecond());
			if (this.token != null) {
				claims.put("ath", DPoPKey.ath(this.token));
			}
			return claims;
		}

		/**
		 * A good proof but for a change of its header or claims.
		 * @param header changes the header
		 * @param claims changes the claims
		 * @return the proof, signed with the key
		 */
		String signed(Consumer<Map<String, Object>> header, Consumer<Map<String, Object>> claims) {
			Map<String, Object> h = header();
			header.accept(h);
			Map<String, Object> c = claims();
			claims.accept(c);
			String input = encode(h) + "." + encode(c);
			return input + "." + es256(this.key, input);
		}

		/**
		 * The good proof of this request.
		 * @return the proof
		 */
		String good() {
			return (this.token != null) ? this.key.proof(this.method, this.uri, this.token)
					: this.key.proof(this.method, this.uri);
		}

		String header(Consumer<Map<String, Object>> header) {
			return signed(header, (c) -> {
			});
		}

		String claims(Consumer<Map<String, Object>> claims) {
			return signed((h) -> {
			}, claims);
		}

	}

}
