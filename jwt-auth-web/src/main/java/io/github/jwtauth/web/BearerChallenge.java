package io.github.jwtauth.web;

import org.jspecify.annotations.Nullable;

/**
 * Writes the value of a {@code WWW-Authenticate: Bearer} challenge (RFC 6750 §3): the
 * scheme alone when no credentials were sent, or with {@code error} and
 * {@code error_description} for a refused token, and optionally the URL of the resource's
 * metadata ({@code resource_metadata}, RFC 9728 §5.1). Quoted values keep only the
 * characters RFC 6750 allows there.
 */
public final class BearerChallenge {

	private BearerChallenge() {
	}

	/**
	 * A challenge value.
	 * @param realm the realm, or {@code null}
	 * @param error the error code ({@code invalid_token}, {@code invalid_request},
	 * {@code insufficient_scope}), or {@code null} when no credentials were sent
	 * @param description the error description, or {@code null}
	 * @return the header value
	 */
	public static String of(@Nullable String realm, @Nullable String error, @Nullable String description) {
		return of(realm, error, description, null);
	}

	/**
	 * A challenge value.
	 * @param realm the realm, or {@code null}
	 * @param error the error code ({@code invalid_token}, {@code invalid_request},
	 * {@code insufficient_scope}), or {@code null} when no credentials were sent
	 * @param description the error description, or {@code null}
	 * @param resourceMetadata the URL of the protected resource's metadata, or
	 * {@code null}
	 * @return the header value
	 */
	public static String of(@Nullable String realm, @Nullable String error, @Nullable String description,
			@Nullable String resourceMetadata) {
		StringBuilder header = new StringBuilder("Bearer");
		String separator = " ";
		if (realm != null) {
			header.append(separator).append("realm=\"").append(quote(realm)).append('"');
			separator = ", ";
		}
		if (error != null) {
			header.append(separator).append("error=\"").append(quote(error)).append('"');
			if (description != null) {
				header.append(", error_description=\"").append(quote(description)).append('"');
			}
			separator = ", ";
		}
		if (resourceMetadata != null) {
			header.append(separator).append("resource_metadata=\"").append(quote(resourceMetadata)).append('"');
		}
		return header.toString();
	}

	static String quote(String value) {
		StringBuilder out = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			// RFC 6750: %x20-21 / %x23-5B / %x5D-7E only
			if (c >= 0x20 && c <= 0x7E && c != '"' && c != '\\') {
				out.append(c);
			}
		}
		return out.toString();
	}

}
