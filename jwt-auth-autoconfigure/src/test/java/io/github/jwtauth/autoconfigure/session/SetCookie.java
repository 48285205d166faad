package io.github.jwtauth.autoconfigure.session;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code Set-Cookie} header as a browser reads it: the name, the value and the
 * attributes (names case-insensitive; a flag such as {@code HttpOnly} has an empty
 * value).
 *
 * @param name the cookie's name
 * @param value the cookie's value
 * @param attributes the attributes
 */
record SetCookie(String name, String value, Map<String, String> attributes) {

	static SetCookie parse(String header) {
		String[] parts = header.split(";");
		int eq = parts[0].indexOf('=');
		assertThat(eq).as("name=value in %s", header).isPositive();
		Map<String, String> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (int i = 1; i < parts.length; i++) {
			String part = parts[i].trim();
			int sep = part.indexOf('=');
			String name = (sep >= 0) ? part.substring(0, sep).trim() : part;
			String value = (sep >= 0) ? part.substring(sep + 1).trim() : "";
			assertThat(attributes.put(name, value)).as("attribute %s given twice in %s", name, header).isNull();
		}
		return new SetCookie(parts[0].substring(0, eq).trim(), parts[0].substring(eq + 1).trim(), attributes);
	}

	/**
	 * Every {@code Set-Cookie} of an answer.
	 * @param response the answer
	 * @return the cookies
	 */
	static List<SetCookie> all(Response response) {
		return response.raw().headers().allValues("Set-Cookie").stream().map(SetCookie::parse).toList();
	}

	/**
	 * The one {@code Set-Cookie} of an answer.
	 * @param response the answer
	 * @return the cookie
	 */
	static SetCookie single(Response response) {
		List<SetCookie> all = all(response);
		assertThat(all).as("Set-Cookie of %s", response).hasSize(1);
		return all.get(0);
	}

	boolean has(String attribute) {
		return this.attributes.containsKey(attribute);
	}

	@Nullable String attribute(String name) {
		return this.attributes.get(name);
	}

	long maxAge() {
		String maxAge = attribute("Max-Age");
		assertThat(maxAge).as("Max-Age of %s", this).isNotNull();
		return Long.parseLong(maxAge);
	}

	/**
	 * Assert the attributes every refresh-token cookie has: {@code Secure},
	 * {@code HttpOnly}, the {@code SameSite} and {@code Path} given, no {@code Domain}.
	 * @param name the cookie's name
	 * @param path its path
	 * @param sameSite its {@code SameSite}
	 * @return this cookie
	 */
	SetCookie assertRefreshCookie(String name, String path, String sameSite) {
		assertThat(this.name).isEqualTo(name);
		assertThat(has("Secure")).as("Secure in %s", this).isTrue();
		assertThat(has("HttpOnly")).as("HttpOnly in %s", this).isTrue();
		assertThat(attribute("SameSite")).as("SameSite in %s", this).isEqualTo(sameSite);
		assertThat(attribute("Path")).as("Path in %s", this).isEqualTo(path);
		assertThat(has("Domain")).as("Domain in %s", this).isFalse();
		return this;
	}

	/**
	 * Assert a cookie that removes the refresh-token cookie from the browser.
	 * @param name the cookie's name
	 * @param path its path
	 * @param sameSite its {@code SameSite}
	 */
	void assertCleared(String name, String path, String sameSite) {
		assertRefreshCookie(name, path, sameSite);
		assertThat(this.value).as("value of the clearing cookie").isEmpty();
		assertThat(maxAge()).isZero();
	}

	@Override
	public String toString() {
		// never the value: a refresh token
		return this.name + "=<" + this.value.length() + " chars>; " + this.attributes;
	}

}
