package io.github.jwtauth.test.redis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The smallest Redis client the fixture needs: one command per connection, replies as
 * strings, longs, lists or {@code null}; an error reply is an exception.
 */
final class Resp {

	private Resp() {
	}

	static @Nullable Object command(int port, String... args) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
			for (String arg : args) {
				request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
				request.append(arg).append("\r\n");
			}
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			return read(new BufferedInputStream(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Redis on port " + port + ": " + ex.getMessage(), ex);
		}
	}

	static String text(int port, String... args) {
		return String.valueOf(command(port, args));
	}

	static boolean answers(int port) {
		try {
			return "PONG".equals(command(port, "PING"));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static @Nullable Object read(InputStream in) throws IOException {
		int type = in.read();
		String line = line(in);
		return switch (type) {
			case '+' -> line;
			case '-' -> throw new IllegalStateException("Redis error: " + line);
			case ':' -> Long.parseLong(line);
			case '$' -> bulk(in, Integer.parseInt(line));
			case '*' -> array(in, Integer.parseInt(line));
			default -> throw new IOException("Unexpected Redis reply type " + type);
		};
	}

	private static @Nullable String bulk(InputStream in, int length) throws IOException {
		if (length < 0) {
			return null;
		}
		byte[] bytes = in.readNBytes(length);
		in.readNBytes(2);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static @Nullable List<@Nullable Object> array(InputStream in, int count) throws IOException {
		if (count < 0) {
			return null;
		}
		List<@Nullable Object> items = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			items.add(read(in));
		}
		return items;
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != '\r') {
			if (c < 0) {
				throw new IOException("Connection closed");
			}
			line.append((char) c);
		}
		in.read();
		return line.toString();
	}

}
