package io.github.jwtauth.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import io.github.jwtauth.refresh.RefreshTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Key names, laid out for Redis Cluster: each Lua script touches the keys of one hash
 * slot (the part of a key between its first braces), and the slots spread the load.
 * <ul>
 * <li>a refresh family and its tokens: {@code {prefix:f:<family tag>}:family:<id>} and
 * {@code {prefix:f:<family tag>}:rt:<sha-256>}, the tag being the one every token of the
 * family carries ({@link RefreshTokens#familyTag}), so a presented token names its
 * family's slot and families spread over the slots;</li>
 * <li>a user's index of families: {@code {prefix:u:<subject tag>}:sessions:<subject>}
 * (live families by creation, for the session bound) and {@code {prefix:u:<subject
 * tag>}:families:<subject>} (every family that may still be usable, by its end, for
 * logout everywhere);</li>
 * <li>revocations under one tag of their own, {@code {prefix}:revocations:…}, as
 * before;</li>
 * <li>throttle counters one key each, {@code prefix:attempt:<key>}, in any slot;</li>
 * <li>managed signing keys in one hash, {@code prefix:signing-keys}, in any slot;</li>
 * <li>DPoP proofs seen one key each, {@code prefix:dpop:<proof key>}, in any slot.</li>
 * </ul>
 * The keys of the single-slot layout of earlier versions ({@code {prefix}:family:<id>},
 * {@code {prefix}:user:<subject>}) are still revoked, so that a rolling upgrade does not
 * leave sessions of old instances out of a logout.
 */
final class RedisKeys {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final String prefix;

	private final String revocationBase;

	RedisKeys(String prefix) {
		Assert.hasText(prefix, "prefix must not be empty");
		Assert.isTrue(prefix.indexOf('{') < 0 && prefix.indexOf('}') < 0, "prefix must not contain '{' or '}'");
		this.prefix = prefix;
		this.revocationBase = "{" + prefix + "}:";
	}

	// refresh families

	private String familySlot(String tag) {
		return "{" + this.prefix + ":f:" + tag + "}:";
	}

	/**
	 * The key of a token, in its family's slot.
	 * @param tokenHash the hash of the token, with its tag in front
	 * @return the key, or {@code null} for a hash without a tag
	 */
	@Nullable String token(String tokenHash) {
		String tag = RefreshTokens.tagOf(tokenHash);
		return (tag != null) ? familySlot(tag) + "rt:" + tokenHash.substring(tag.length() + 1) : null;
	}

	/**
	 * The start of the family keys in a token's slot.
	 * @param tokenHash the hash of a token with a tag
	 * @return the start of the family keys
	 */
	String familyPrefixOf(String tokenHash) {
		String tag = RefreshTokens.tagOf(tokenHash);
		Assert.notNull(tag, "the token hash has no tag");
		return familySlot(tag) + "family:";
	}

	String family(String familyId) {
		return familySlot(RefreshTokens.familyTag(familyId)) + "family:" + familyId;
	}

	// a user's index

	private String userSlot(String subject) {
		return "{" + this.prefix + ":u:" + tag(subject) + "}:";
	}

	String sessions(String subject) {
		return userSlot(subject) + "sessions:" + subject;
	}

	String families(String subject) {
		return userSlot(subject) + "families:" + subject;
	}

	// the single-slot layout of earlier versions

	String legacyFamilyPrefix() {
		return this.revocationBase + "family:";
	}

	String legacyFamily(String familyId) {
		return legacyFamilyPrefix() + familyId;
	}

	String legacyUser(String subject) {
		return this.revocationBase + "user:" + subject;
	}

	// revocations: one slot

	String revocationsByTime() {
		return this.revocationBase + "revocations:by-time";
	}

	String revocationsByExpiry() {
		return this.revocationBase + "revocations:by-expiry";
	}

	String channel() {
		return this.revocationBase + "revocations";
	}

	// throttle counters: any slot

	String attempt(String key) {
		return this.prefix + ":attempt:" + key;
	}

	// managed signing keys: one key, any slot

	String signingKeys() {
		return this.prefix + ":signing-keys";
	}

	// DPoP proofs seen: any slot

	String dpopProof(String proofKey) {
		return this.prefix + ":dpop:" + proofKey;
	}

	private static String tag(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return ENCODER.encodeToString(digest).substring(0, RefreshTokens.TAG_LENGTH);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
