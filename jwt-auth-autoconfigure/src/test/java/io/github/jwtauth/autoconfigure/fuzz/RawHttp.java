package io.github.jwtauth.autoconfigure.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over a plain socket, so a test can send what no well-behaved client would: any
 * header value, any body, any content type. Each exchange uses its own connection
 * ({@code Connection: close}) and fails if the server does not answer within ten seconds
 * (a hang is a defect, not a slow answer).
 */
final class RawHttp {

	private static final int TIMEOUT_MILLIS = 10_000;

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	Response exchange(String method, String target, List<String[]> headers, byte @Nullable [] body) throws IOException {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		StringBuilder head = new StringBuilder();
		head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		head.append("Host: 127.0.0.1:").append(this.port).append("\r\n");
		head.append("Connection: close\r\n");
		for (String[] header : headers) {
			head.append(header[0]).append(": ").append(header[1]).append("\r\n");
		}
		if (body != null) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		head.append("\r\n");
		request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
		if (body != null) {
			request.writeBytes(body);
		}
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(request.toByteArray());
				out.flush();
			}
			catch (IOException ex) {
				// the server may answer (413) and close before reading a large body
			}
			return Response.parse(readAll(socket.getInputStream()));
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			int read;
			while ((read = in.read(buffer)) != -1) {
				all.write(buffer, 0, read);
			}
		}
		catch (SocketTimeoutException ex) {
			throw new IOException("No complete answer within " + TIMEOUT_MILLIS + " ms (read " + all.size()
					+ " bytes): the server hangs", ex);
		}
		catch (IOException ex) {
			// a reset after a complete answer (large body left unread) is fine
			if (all.size() == 0) {
				throw ex;
			}
		}
		return all.toByteArray();
	}

	/**
	 * An answer: status, headers (names in lower case) and the decoded body.
	 */
	record Response(int status, Map<String, List<String>> headers, byte[] body) {

		@Override
		public String toString() {
			return this.status + " " + this.headers + " " + text();
		}

		@Nullable String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null) ? values.get(0) : null;
		}

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		static Response parse(byte[] raw) throws IOException {
			int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
			if (end < 0) {
				throw new IOException("Incomplete answer: " + new String(raw, StandardCharsets.ISO_8859_1));
			}
			String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
			String[] status = lines[0].split(" ", 3);
			if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
				throw new IOException("Not an HTTP answer: " + lines[0]);
			}
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers
					.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
							(key) -> new ArrayList<>())
					.add(lines[i].substring(colon + 1).trim());
			}
			byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
			List<String> encoding = headers.get("transfer-encoding");
			byte[] body = (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) ? dechunk(rest) : rest;
			return new Response(Integer.parseInt(status[1]), headers, body);
		}

		private static byte[] dechunk(byte[] chunked) throws IOException {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			int position = 0;
			while (true) {
				int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.ISO_8859_1), position);
				if (lineEnd < 0) {
					throw new IOException("Truncated chunked body");
				}
				String size = new String(chunked, position, lineEnd - position, StandardCharsets.ISO_8859_1);
				int length = Integer.parseInt(size.split(";")[0].trim(), 16);
				if (length == 0) {
					return body.toByteArray();
				}
				body.write(chunked, lineEnd + 2, length);
				position = lineEnd + 2 + length + 2;
			}
		}

		private static int indexOf(byte[] data, byte[] target, int from) {
			outer: for (int i = from; i <= data.length - target.length; i++) {
				for (int j = 0; j < target.length; j++) {
					if (data[i + j] != target[j]) {
						continue outer;
					}
				}
				return i;
			}
			return -1;
		}

	}

}
