package io.github.jwtauth.refresh;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.jwtauth.token.AccessToken;
import org.jspecify.annotations.Nullable;

/**
 * An access token with its refresh token, as answered by login and refresh.
 *
 * @param accessToken the access token
 * @param refreshToken the opaque refresh token, or {@code null}
 * @param refreshTokenExpiresIn seconds until the refresh token expires if unused
 */
public record TokenResponse(AccessToken accessToken, @Nullable String refreshToken, long refreshTokenExpiresIn) {

	/**
	 * The OAuth 2.0 token response body.
	 * @return the body
	 */
	public Map<String, Object> toBody() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", this.accessToken.tokenValue());
		body.put("token_type", this.accessToken.tokenType());
		body.put("expires_in",
				this.accessToken.expiresAt().getEpochSecond() - this.accessToken.issuedAt().getEpochSecond());
		if (this.refreshToken != null) {
			body.put("refresh_token", this.refreshToken);
			body.put("refresh_token_expires_in", this.refreshTokenExpiresIn);
		}
		return body;
	}

	@Override
	public String toString() {
		return "TokenResponse[" + this.accessToken + "]";
	}

}
