package io.github.jwtauth.token;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Why an access token was refused, as a small fixed set fit for a metric tag: never the
 * token, its claims or the description given to the client. {@link JwtAuthDecoder}, its
 * {@link AccessTokenClaimsValidator} and the revocation check classify every refusal they
 * make; anything else (another decoder, an application validator) falls into
 * {@link #VALIDATOR} or {@link #OTHER}.
 */
public enum TokenRefusalReason {

	/**
	 * Not a compact JWS, non-canonical base64url, unreadable JSON, an empty token or a
	 * registered claim of the wrong type.
	 */
	MALFORMED("malformed"),

	/**
	 * Longer than the maximum length.
	 */
	TOO_LONG("too_long"),

	/**
	 * A refused header parameter: {@code crit}, embedded keys, JWE parameters,
	 * {@code cty}, {@code b64}.
	 */
	HEADER("header"),

	/**
	 * Not the required {@code typ}.
	 */
	WRONG_TYPE("wrong_type"),

	/**
	 * No trusted key with the token's {@code kid}, or no {@code kid} where one is needed.
	 */
	UNKNOWN_KEY("unknown_key"),

	/**
	 * An algorithm that is not accepted, or not the one of the key.
	 */
	ALGORITHM("algorithm"),

	/**
	 * The signature does not verify.
	 */
	BAD_SIGNATURE("bad_signature"),

	/**
	 * Past {@code exp} (with the clock skew).
	 */
	EXPIRED("expired"),

	/**
	 * Before {@code nbf}, or issued in the future ({@code iat}).
	 */
	NOT_YET_VALID("not_yet_valid"),

	/**
	 * Another issuer's token.
	 */
	WRONG_ISSUER("wrong_issuer"),

	/**
	 * None of the accepted audiences.
	 */
	WRONG_AUDIENCE("wrong_audience"),

	/**
	 * A required claim ({@code exp}, {@code iat}, {@code sub}, {@code jti}; {@code iss}
	 * with several issuers) is missing.
	 */
	MISSING_CLAIM("missing_claim"),

	/**
	 * Revoked: the token, its session or every token of its subject.
	 */
	REVOKED("revoked"),

	/**
	 * The token and the way it was presented do not match: a sender-constrained (DPoP)
	 * token as a bearer token, an unbound token with the {@code DPoP} scheme, a bearer
	 * token where DPoP is required, the {@code DPoP} scheme where DPoP is off.
	 */
	SENDER_CONSTRAINED("sender_constrained"),

	/**
	 * A missing or refused DPoP proof (including a nonce the client must use).
	 */
	DPOP_PROOF("dpop_proof"),

	/**
	 * The token's status could not be determined: revocation replica stale, the issuer's
	 * keys or the DPoP replay store unavailable.
	 */
	UNAVAILABLE("unavailable"),

	/**
	 * An application validator refused the token (or failed).
	 */
	VALIDATOR("validator"),

	/**
	 * Any refusal not classified above.
	 */
	OTHER("other");

	private final String code;

	TokenRefusalReason(String code) {
		this.code = code;
	}

	/**
	 * The reason's code: lowercase, words separated by underscores, for example
	 * {@code bad_signature}.
	 * @return the code
	 */
	public String code() {
		return this.code;
	}

	/**
	 * An {@code invalid_token} error of this reason, for a validator's failure.
	 * @param description the description, fixed text fit for the client
	 * @return the error, which {@link #of(OAuth2Error)} classifies as this reason
	 */
	public OAuth2Error error(String description) {
		return new ClassifiedError(this, description);
	}

	/**
	 * The reason of a refusal: the reason an {@link InvalidTokenException} carries, or
	 * that of the first error of a {@link JwtValidationException}; {@link #OTHER} for
	 * anything else.
	 * @param refusal the refusal
	 * @return the reason
	 */
	public static TokenRefusalReason of(@Nullable Throwable refusal) {
		if (refusal instanceof InvalidTokenException invalid) {
			return invalid.getReason();
		}
		if (refusal instanceof JwtValidationException validation) {
			return of(validation.getErrors());
		}
		return OTHER;
	}

	/**
	 * The reason of a validation failure: its first error's.
	 * @param errors the errors
	 * @return the reason
	 */
	public static TokenRefusalReason of(Collection<OAuth2Error> errors) {
		return errors.isEmpty() ? VALIDATOR : of(errors.iterator().next());
	}

	/**
	 * The reason of a validator's error: the reason it was made with by
	 * {@link #error(String)}, {@link #UNAVAILABLE} for {@code temporarily_unavailable},
	 * otherwise {@link #VALIDATOR}.
	 * @param error the error
	 * @return the reason
	 */
	public static TokenRefusalReason of(OAuth2Error error) {
		if (error instanceof ClassifiedError classified) {
			return classified.reason;
		}
		if (OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE.equals(error.getErrorCode())) {
			return UNAVAILABLE;
		}
		return VALIDATOR;
	}

	/**
	 * An {@code invalid_token} error that knows its reason.
	 */
	private static final class ClassifiedError extends OAuth2Error {

		private static final long serialVersionUID = 1L;

		private final TokenRefusalReason reason;

		ClassifiedError(TokenRefusalReason reason, String description) {
			super(OAuth2ErrorCodes.INVALID_TOKEN, description, null);
			this.reason = reason;
		}

	}

}
