package io.github.jwtauth.web.endpoint;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;

/**
 * A token endpoint request as the endpoints see it: the body, read once and checked by
 * {@link TokenRequestFilter}, and only the body's form parameters (never those of the
 * query string).
 */
final class BodyOnlyRequest extends HttpServletRequestWrapper {

	private final byte[] body;

	private final Map<String, String[]> parameters;

	BodyOnlyRequest(HttpServletRequest request, byte[] body, MultiValueMap<String, String> form) {
		super(request);
		this.body = body;
		Map<String, String[]> parameters = new LinkedHashMap<>();
		for (Map.Entry<String, List<String>> entry : form.entrySet()) {
			parameters.put(entry.getKey(), entry.getValue().toArray(new String[0]));
		}
		this.parameters = Collections.unmodifiableMap(parameters);
	}

	@Override
	public ServletInputStream getInputStream() {
		return new BytesInputStream(this.body);
	}

	@Override
	public BufferedReader getReader() {
		return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
	}

	@Override
	public int getContentLength() {
		return this.body.length;
	}

	@Override
	public long getContentLengthLong() {
		return this.body.length;
	}

	@Override
	public @Nullable String getParameter(String name) {
		String[] values = this.parameters.get(name);
		return (values != null) ? values[0] : null;
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return this.parameters;
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(this.parameters.keySet());
	}

	@Override
	public String @Nullable [] getParameterValues(String name) {
		String[] values = this.parameters.get(name);
		return (values != null) ? values.clone() : null;
	}

	/**
	 * The body, from memory.
	 */
	private static final class BytesInputStream extends ServletInputStream {

		private final ByteArrayInputStream in;

		BytesInputStream(byte[] body) {
			this.in = new ByteArrayInputStream(body);
		}

		@Override
		public int read() {
			return this.in.read();
		}

		@Override
		public int read(byte[] b, int off, int len) {
			return this.in.read(b, off, len);
		}

		@Override
		public boolean isFinished() {
			return this.in.available() == 0;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener readListener) {
			throw new UnsupportedOperationException("The body has already been read");
		}

	}

}
