package io.github.jwtauth.autoconfigure.testapp;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.jwtauth.test.junit.RequiresServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TcpProxy} against a real Redis: an outage refuses connections and
 * keeps the port, so that the proxy comes back on it.
 */
@RequiresServer(name = "Redis", port = 6379)
class TcpProxyTests {

	@Test
	void aStoppedProxyRefusesConnectionsKeepsItsPortAndComesBackOnIt() throws IOException {
		try (TcpProxy proxy = new TcpProxy(6379).start()) {
			int port = proxy.port();
			assertThat(ping(port)).isEqualTo("+PONG");
			proxy.stop();
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> ping(port));
			// no other socket is given the port while the server is down
			try (ServerSocket other = new ServerSocket()) {
				other.setReuseAddress(false);
				assertThatExceptionOfType(IOException.class)
					.isThrownBy(() -> other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
			}
			proxy.start();
			assertThat(proxy.port()).isEqualTo(port);
			assertThat(ping(port)).isEqualTo("+PONG");
		}
	}

	@Test
	void comesBackOnItsPortAfterEveryOfManyOutagesWhileClientsKeepConnecting() throws Exception {
		try (TcpProxy proxy = new TcpProxy(6379).start()) {
			int port = proxy.port();
			AtomicBoolean connecting = new AtomicBoolean(true);
			List<Thread> clients = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				Thread client = new Thread(() -> {
					while (connecting.get()) {
						try {
							ping(port);
						}
						catch (IOException ex) {
							// down
						}
					}
				});
				client.start();
				clients.add(client);
			}
			try {
				for (int i = 0; i < 100; i++) {
					Thread.sleep(2);
					proxy.stop();
					Thread.sleep(1);
					proxy.start();
					assertThat(proxy.port()).isEqualTo(port);
				}
			}
			finally {
				connecting.set(false);
				for (Thread client : clients) {
					client.join();
				}
			}
			assertThat(ping(port)).isEqualTo("+PONG");
		}
	}

	@Test
	void aReservedPortRefusesConnectionsAndAServerCanStillListenOnIt() throws IOException {
		try (ReservedPort reserved = ReservedPort.reserve()) {
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> ping(reserved.port()));
			try (ServerSocket server = new ServerSocket()) {
				server.setReuseAddress(true);
				server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), reserved.port()));
				try (Socket client = new Socket(InetAddress.getLoopbackAddress(), reserved.port());
						Socket accepted = server.accept()) {
					assertThat(accepted.getPort()).isEqualTo(client.getLocalPort());
				}
			}
		}
	}

	private static String ping(int port) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			StringBuilder line = new StringBuilder();
			int read;
			while ((read = in.read()) != -1 && read != '\r') {
				line.append((char) read);
			}
			return line.toString();
		}
	}

}
