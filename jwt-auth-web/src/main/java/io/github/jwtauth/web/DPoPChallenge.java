package io.github.jwtauth.web;

import org.jspecify.annotations.Nullable;

/**
 * Writes the value of a {@code WWW-Authenticate: DPoP} challenge (RFC 9449 §7.1): the
 * accepted proof algorithms ({@code algs}) and, for a refused request, {@code error}
 * ({@code invalid_token}, {@code invalid_dpop_proof}, {@code use_dpop_nonce},
 * {@code invalid_request}) and {@code error_description}, and optionally the URL of the
 * resource's metadata ({@code resource_metadata}, RFC 9728 §5.1). Quoted values keep only
 * the characters RFC 6750 allows there.
 */
public final class DPoPChallenge {

	private DPoPChallenge() {
	}

	/**
	 * A challenge value.
	 * @param realm the realm, or {@code null}
	 * @param error the error code, or {@code null} when no credentials were sent
	 * @param description the error description, or {@code null}
	 * @param algorithms the accepted algorithms, space-separated
	 * @return the header value
	 */
	public static String of(@Nullable String realm, @Nullable String error, @Nullable String description,
			String algorithms) {
		return of(realm, error, description, null, algorithms);
	}

	/**
	 * A challenge value.
	 * @param realm the realm, or {@code null}
	 * @param error the error code, or {@code null} when no credentials were sent
	 * @param description the error description, or {@code null}
	 * @param resourceMetadata the URL of the protected resource's metadata, or
	 * {@code null}
	 * @param algorithms the accepted algorithms, space-separated
	 * @return the header value
	 */
	public static String of(@Nullable String realm, @Nullable String error, @Nullable String description,
			@Nullable String resourceMetadata, String algorithms) {
		StringBuilder header = new StringBuilder("DPoP");
		String separator = " ";
		if (realm != null) {
			header.append(separator).append("realm=\"").append(BearerChallenge.quote(realm)).append('"');
			separator = ", ";
		}
		if (error != null) {
			header.append(separator).append("error=\"").append(BearerChallenge.quote(error)).append('"');
			separator = ", ";
			if (description != null) {
				header.append(", error_description=\"").append(BearerChallenge.quote(description)).append('"');
			}
		}
		if (resourceMetadata != null) {
			header.append(separator)
				.append("resource_metadata=\"")
				.append(BearerChallenge.quote(resourceMetadata))
				.append('"');
			separator = ", ";
		}
		return header.append(separator)
			.append("algs=\"")
			.append(BearerChallenge.quote(algorithms))
			.append('"')
			.toString();
	}

}
