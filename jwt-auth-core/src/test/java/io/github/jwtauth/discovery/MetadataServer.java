package io.github.jwtauth.discovery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A tiny HTTP server on loopback answering fixed documents or redirects by path (404
 * elsewhere), and recording the paths asked for.
 */
final class MetadataServer implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, byte[]> documents = new ConcurrentHashMap<>();

	private final Map<String, String> redirects = new ConcurrentHashMap<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	MetadataServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			String path = exchange.getRequestURI().getRawPath();
			this.requests.add(path);
			String redirect = this.redirects.get(path);
			if (redirect != null) {
				exchange.getResponseHeaders().add("Location", redirect);
				exchange.sendResponseHeaders(302, -1);
				exchange.close();
				return;
			}
			byte[] body = this.documents.get(path);
			if (body == null) {
				exchange.sendResponseHeaders(404, -1);
				exchange.close();
				return;
			}
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
			catch (IOException ex) {
				// the client stopped reading
			}
		});
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	MetadataServer serve(String path, String body) {
		this.documents.put(path, body.getBytes(StandardCharsets.UTF_8));
		return this;
	}

	MetadataServer redirect(String path, String location) {
		this.redirects.put(path, location);
		return this;
	}

	List<String> requests() {
		return this.requests;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
