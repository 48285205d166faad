package io.github.jwtauth.revocation.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.jwtauth.keys.JwsSignerAdapter;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.KeyOperationException;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.SubjectHash;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Writes feed documents ({@link RevocationFeed}): signed with the issuer's active key,
 * with its key ID and algorithm, so that they verify through the JWK Set the issuer
 * already publishes. Only an asymmetric key can sign them: a resource server could not
 * verify an HMAC signature without holding the secret.
 */
public final class RevocationFeedSigner {

	private static final JOSEObjectType TYPE = new JOSEObjectType(RevocationFeed.TYPE);

	private final JwtKeySource keys;

	private final String issuer;

	/**
	 * Create a signer.
	 * @param keys the issuer's keys, whose active signer (asymmetric) signs each document
	 * @param issuer the issuer ({@code iss}), also the salt of the subject hashes
	 * @throws IllegalArgumentException if the active key is symmetric
	 */
	public RevocationFeedSigner(JwtKeySource keys, String issuer) {
		Assert.notNull(keys, "keys must not be null");
		Assert.hasText(issuer, "issuer must not be empty");
		Assert.isTrue(KeyAlgorithms.isAsymmetric(keys.current().active().algorithm()),
				"The revocation feed needs an asymmetric signing key: resource servers cannot verify HMAC");
		this.keys = keys;
		this.issuer = issuer;
	}

	/**
	 * Create a signer of one key held in this process.
	 * @param key the issuer's signing key (asymmetric)
	 * @param issuer the issuer ({@code iss}), also the salt of the subject hashes
	 * @throws IllegalArgumentException if the key is symmetric
	 */
	public RevocationFeedSigner(SigningKey key, String issuer) {
		this(new JwtKeySet(key, List.of()), issuer);
	}

	/**
	 * Sign a page of the log as a feed document.
	 * @param since the cursor the client sent, or {@code null}
	 * @param page the page
	 * @param now the time of signing ({@code iat})
	 * @return the compact JWS
	 * @throws KeyOperationException if the active key cannot sign now
	 */
	public String sign(@Nullable String since, RevocationLog.Page page, Instant now) {
		return sign(since, page, now, Duration.ZERO);
	}

	/**
	 * Sign a page of the log as a feed document, saying how old the issuer's own picture
	 * is.
	 * @param since the cursor the client sent, or {@code null}
	 * @param page the page
	 * @param now the time of signing ({@code iat})
	 * @param replicaAge how long ago this instance's replica last synchronised with its
	 * store ({@code age}, in milliseconds; zero when the store is not shared): a resource
	 * server counts its own staleness from then
	 * @return the compact JWS
	 * @throws KeyOperationException if the active key cannot sign now (an HSM or KMS that
	 * cannot be reached): a temporary condition, which a feed endpoint answers with 503
	 */
	public String sign(@Nullable String since, RevocationLog.Page page, Instant now, Duration replicaAge) {
		Assert.isTrue(replicaAge != null && !replicaAge.isNegative(), "replicaAge must not be negative");
		List<Object> revocations = new ArrayList<>(page.entries().size());
		for (RevocationEntry entry : page.entries()) {
			Map<String, Object> item = new LinkedHashMap<>(8);
			item.put("k", RevocationFeed.code(entry.kind()));
			item.put("v", (entry.kind() == Kind.SUBJECT) ? SubjectHash.of(this.issuer, entry.value()) : entry.value());
			item.put("c", entry.cutoff().toEpochMilli());
			item.put("e", entry.expiresAt().toEpochMilli());
			revocations.add(item);
		}
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", this.issuer);
		claims.put("iat", now.getEpochSecond());
		claims.put("since", since);
		claims.put("cursor", page.cursor());
		claims.put("full", page.full());
		claims.put("age", replicaAge.toMillis());
		claims.put("revocations", revocations);
		JwtSigner signer = this.keys.current().active();
		JWSHeader header = new JWSHeader.Builder(signer.algorithm()).keyID(signer.keyId()).type(TYPE).build();
		JWSObject jws = new JWSObject(header, new Payload(JSONObjectUtils.toJSONString(claims)));
		try {
			jws.sign(new JwsSignerAdapter(signer));
		}
		catch (JOSEException ex) {
			if (ex.getCause() instanceof KeyOperationException unavailable) {
				// the key cannot sign now (an HSM or KMS outage): the caller answers 503
				throw unavailable;
			}
			throw new IllegalStateException("Signing the revocation feed failed", ex);
		}
		return jws.serialize();
	}

}
