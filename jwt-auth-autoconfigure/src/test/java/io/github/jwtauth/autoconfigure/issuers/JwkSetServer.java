package io.github.jwtauth.autoconfigure.issuers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;

/**
 * An issuer's JWK Set for the tests of several issuers: the JDK's HTTP server on a free
 * loopback port, serving the public keys the test sets with an optional
 * {@code Cache-Control}, and its RFC 8414 metadata (issuer {@link #issuer()},
 * {@code jwks_uri} the set), counting the requests it gets.
 */
final class JwkSetServer implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger requests = new AtomicInteger();

	private final AtomicInteger metadataRequests = new AtomicInteger();

	private volatile byte[] body = new byte[0];

	private volatile String cacheControl;

	JwkSetServer(String cacheControl, JWK... keys) {
		this.cacheControl = cacheControl;
		keys(keys);
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/jwks.json", (exchange) -> {
			this.requests.incrementAndGet();
			byte[] answer = this.body;
			exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
			if (this.cacheControl != null) {
				exchange.getResponseHeaders().set("Cache-Control", this.cacheControl);
			}
			exchange.sendResponseHeaders(200, answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		});
		this.server.createContext("/.well-known/oauth-authorization-server", (exchange) -> {
			this.metadataRequests.incrementAndGet();
			byte[] answer = ("{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + uri() + "\"}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		});
		this.server.start();
	}

	/**
	 * Publish these keys (their public parts) from now on.
	 * @param keys the keys
	 */
	void keys(JWK... keys) {
		this.body = new JWKSet(List.of(keys)).toString(true).getBytes(StandardCharsets.UTF_8);
	}

	String uri() {
		return issuer() + "/jwks.json";
	}

	/**
	 * The issuer its metadata names.
	 * @return the issuer URL
	 */
	String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	int requests() {
		return this.requests.get();
	}

	int metadataRequests() {
		return this.metadataRequests.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
