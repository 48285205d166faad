package io.github.jwtauth.autoconfigure.testapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback port held by a bound, unconnected socket with {@code SO_REUSEADDR}, so that,
 * while it is held, the operating system gives the port to no other socket (outgoing
 * connections included) and connections to it are refused, as to a server that is down. A
 * server socket with {@code SO_REUSEADDR} (the JDK's default for server sockets on Linux
 * and macOS, so Tomcat's too) can still listen on it: start the server, then
 * {@link #close} the reservation.
 * <p>
 * A port found free and then closed (the usual {@code new ServerSocket(0)} trick) can be
 * taken by any connection before the server binds it; a test that keeps a port down for a
 * while (an outage, an issuer not yet started) holds it with this instead.
 */
public final class ReservedPort implements AutoCloseable {

	private final Socket socket;

	private ReservedPort(Socket socket) {
		this.socket = socket;
	}

	/**
	 * Reserve a free loopback port.
	 * @return the reservation
	 */
	public static ReservedPort reserve() {
		return reserve(0);
	}

	/**
	 * Reserve the given loopback port, which a closed server socket of this process has
	 * just released.
	 * @param port the port
	 * @return the reservation
	 */
	public static ReservedPort reserve(int port) {
		Socket socket = new Socket();
		try {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return new ReservedPort(socket);
		}
		catch (IOException ex) {
			try {
				socket.close();
			}
			catch (IOException closing) {
				ex.addSuppressed(closing);
			}
			throw new UncheckedIOException("Cannot reserve port " + port, ex);
		}
	}

	/**
	 * Reserve the given loopback port as soon as a server that has just stopped has
	 * released it: the kernel may release a closed listening socket a moment after the
	 * close returns.
	 * @param port the port
	 * @param timeout how long to try
	 * @return the reservation
	 */
	public static ReservedPort reserveReleased(int port, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try {
				return reserve(port);
			}
			catch (UncheckedIOException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
			}
		}
	}

	/**
	 * The reserved port.
	 * @return the port
	 */
	public int port() {
		return this.socket.getLocalPort();
	}

	/** Release the port, once the server that listens on it has started. */
	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
