package io.github.jwtauth.autoconfigure.testapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server, which a test can cut
 * ({@link #stop}) and restore ({@link #start}) to simulate an outage of that server.
 * While cut, the proxy's port stays {@link ReservedPort reserved}: connections to it are
 * refused, and no other socket (the clients' own reconnection attempts included) is given
 * it, so that the proxy can listen on it again.
 */
public final class TcpProxy implements AutoCloseable {

	private final int targetPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile ServerSocket server;

	private @Nullable ReservedPort reserved;

	private @Nullable Thread acceptor;

	private int port;

	public TcpProxy(int targetPort) {
		this.targetPort = targetPort;
	}

	public int port() {
		return this.port;
	}

	public synchronized TcpProxy start() throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
		this.port = socket.getLocalPort();
		this.server = socket;
		release();
		Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-" + this.port);
		acceptor.setDaemon(true);
		acceptor.start();
		this.acceptor = acceptor;
		return this;
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				synchronized (this.sockets) {
					if (socket.isClosed()) {
						// accepted just before a stop: cut as well
						closeQuietly(client);
						closeQuietly(upstream);
						continue;
					}
					this.sockets.add(client);
					this.sockets.add(upstream);
				}
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// connection cut
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	/** Cut every connection and refuse new ones, keeping the port for {@link #start}. */
	public synchronized void stop() {
		if (this.server.isClosed()) {
			return;
		}
		closeQuietly(this.server);
		synchronized (this.sockets) {
			for (Socket socket : this.sockets) {
				closeQuietly(socket);
			}
			this.sockets.clear();
		}
		this.reserved = reserveAgain();
	}

	/**
	 * Reserve the port the listening socket held. The kernel releases that socket only
	 * once the acceptor's blocked {@code accept} call has returned, hence the wait for
	 * the acceptor, and the retries while the release is still under way.
	 */
	private ReservedPort reserveAgain() {
		try {
			if (this.acceptor != null) {
				this.acceptor.join(Duration.ofSeconds(5).toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reserving port " + this.port, ex);
		}
		return ReservedPort.reserveReleased(this.port, Duration.ofSeconds(5));
	}

	@Override
	public synchronized void close() {
		stop();
		release();
	}

	private void release() {
		if (this.reserved != null) {
			this.reserved.close();
			this.reserved = null;
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			if (closeable != null) {
				closeable.close();
			}
		}
		catch (Exception ex) {
			// ignore
		}
	}

}
