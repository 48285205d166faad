package io.github.jwtauth.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wakes up on the {@code NOTIFY} that announces new revocations on PostgreSQL and hands
 * the table's new rows to a listener at once. The only class of the store that uses the
 * PostgreSQL driver (loaded only when the store runs on PostgreSQL with that driver
 * present).
 * <p>
 * A notification is only a wake-up: its payload is never read, since any role that can
 * connect to the database can {@code NOTIFY} on the channel. On a notification the
 * listener reads the table's changes since its last position (the commit-order-safe
 * {@link RevocationStore#changesSince(long)} the poll uses), so nothing reaches the
 * listener that is not in the table. A burst is coalesced: all notifications received
 * together cost one read, and those that arrive during a read one more read after it.
 * <p>
 * One thread holds one connection, borrowed from the application's {@link DataSource} for
 * as long as the subscription lasts (so the pool has one connection fewer for everything
 * else) and returned to it, {@code UNLISTEN}ed, when the subscription ends. It issues
 * {@code LISTEN} on it, then loads every live revocation (so that nothing committed
 * before the {@code LISTEN} took effect is missed) and waits for notifications with the
 * driver's {@link PGConnection#getNotifications(int)}. A connection that fails (the
 * server restarted, the backend was terminated, the network broke: a heartbeat every few
 * idle seconds finds a silent break), or anything else the thread throws, gives the
 * connection up and a new one is taken, with a back-off from 50 ms doubling up to one
 * second (back to 50 ms once a connection has held for ten seconds); after each new
 * {@code LISTEN} the full load runs again, so nothing announced while disconnected is
 * missed. Polling by the synchronizer goes on meanwhile, as the fallback.
 */
final class PostgresRevocationListener implements AutoCloseable {

	/**
	 * The listening thread's name is this prefix followed by the channel.
	 */
	static final String THREAD_NAME_PREFIX = "jwt-auth-revocation-listener-";

	private static final Log logger = LogFactory.getLog(PostgresRevocationListener.class);

	/**
	 * How long one wait for notifications lasts: bounds how long {@link #close()} waits
	 * for the thread.
	 */
	private static final int WAIT_MILLIS = 200;

	private static final long MIN_BACKOFF_MILLIS = 50;

	private static final long MAX_BACKOFF_MILLIS = 1000;

	private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(10);

	private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(5);

	/**
	 * How long a statement on the listening connection (the {@code LISTEN}, the
	 * heartbeat) may take before the connection counts as lost.
	 */
	private static final int NETWORK_TIMEOUT_MILLIS = 10_000;

	private final DataSource dataSource;

	private final String channel;

	private final RevocationStore store;

	private final Clock clock;

	private final Consumer<RevocationEntry> listener;

	private final Thread thread;

	private volatile boolean closed;

	private PostgresRevocationListener(DataSource dataSource, String channel, RevocationStore store, Clock clock,
			Consumer<RevocationEntry> listener) {
		this.dataSource = dataSource;
		this.channel = channel;
		this.store = store;
		this.clock = clock;
		this.listener = listener;
		this.thread = new Thread(this::run, THREAD_NAME_PREFIX + channel);
		this.thread.setDaemon(true);
	}

	/**
	 * Start listening.
	 * @param dataSource where the listening connection is borrowed from
	 * @param channel the channel
	 * @param store the store, for the full load after each {@code LISTEN} and for the
	 * changes read on each notification
	 * @param clock the clock of the full load
	 * @param listener receives each revocation
	 * @return the handle that stops listening
	 */
	static AutoCloseable start(DataSource dataSource, String channel, RevocationStore store, Clock clock,
			Consumer<RevocationEntry> listener) {
		PostgresRevocationListener subscription = new PostgresRevocationListener(dataSource, channel, store, clock,
				listener);
		subscription.thread.start();
		return subscription;
	}

	private void run() {
		long backoff = MIN_BACKOFF_MILLIS;
		boolean lost = false;
		while (!this.closed) {
			Connection connection = null;
			long listening = 0;
			try {
				connection = this.dataSource.getConnection();
				if (!connection.isWrapperFor(PGConnection.class)) {
					logger.info("The jwt-auth revocation store is not on PostgreSQL (with its JDBC driver): "
							+ "revocations are polled, not pushed");
					return;
				}
				PGConnection notifications = connection.unwrap(PGConnection.class);
				listen(connection);
				long position = resync();
				if (lost) {
					logger.info("Listening for revocations on PostgreSQL again (channel " + this.channel + ")");
					lost = false;
				}
				listening = System.nanoTime();
				receive(connection, notifications, position);
			}
			catch (Throwable ex) {
				// anything (an Error from the driver or the listener included) ends this
				// connection only, never the thread: reconnect with the back-off
				if (this.closed) {
					break;
				}
				if (!lost) {
					logger.warn("Not listening for revocations on PostgreSQL (" + ex.getClass().getSimpleName()
							+ "); reconnecting, polling meanwhile");
					lost = true;
				}
				else if (logger.isDebugEnabled()) {
					logger.debug("Reconnecting to listen for revocations failed: " + ex);
				}
			}
			finally {
				release(connection);
			}
			if (!this.closed) {
				if (listening != 0 && System.nanoTime() - listening > STABLE_NANOS) {
					// only a connection that held for a while resets the back-off: one
					// that
					// fails at once must not cost a full load every 50 ms
					backoff = MIN_BACKOFF_MILLIS;
				}
				pause(backoff);
				backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
			}
		}
	}

	private void listen(Connection connection) throws SQLException {
		// LISTEN takes effect at commit: run it outside any transaction
		if (!connection.getAutoCommit()) {
			connection.setAutoCommit(true);
		}
		connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
		execute(connection, listenStatement());
	}

	private String listenStatement() {
		return "LISTEN \"" + this.channel.replace("\"", "\"\"") + "\"";
	}

	/**
	 * Hand every live revocation to the listener: after a {@code LISTEN}, everything is
	 * either announced or loaded here.
	 * @return the store's position before the load, from which announced changes are read
	 */
	private long resync() {
		long position = this.store.position();
		for (RevocationEntry entry : this.store.findActive(this.clock.instant())) {
			deliver(entry);
		}
		return position;
	}

	private void receive(Connection connection, PGConnection notifications, long start) throws SQLException {
		long position = start;
		long lastHeard = System.nanoTime();
		while (!this.closed) {
			PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
			if (received != null && received.length > 0) {
				if (announced(received)) {
					// one read for every notification received together
					position = readChanges(position);
				}
				lastHeard = System.nanoTime();
			}
			else if (System.nanoTime() - lastHeard > HEARTBEAT_NANOS) {
				// a round trip: a connection broken without a word fails here, within
				// the network timeout (LISTEN again is a no-op)
				execute(connection, listenStatement());
				lastHeard = System.nanoTime();
			}
		}
	}

	private boolean announced(PGNotification[] received) {
		for (PGNotification notification : received) {
			// the payload is never read: it says nothing the table does not
			if (this.channel.equals(notification.getName())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Hand the rows the table holds since a position to the listener.
	 * @param position the position of the last read
	 * @return the position before this read, from which the next one reads
	 */
	private long readChanges(long position) {
		long next = this.store.position();
		for (RevocationEntry entry : this.store.changesSince(position)) {
			deliver(entry);
		}
		return next;
	}

	private void deliver(RevocationEntry entry) {
		try {
			this.listener.accept(entry);
		}
		catch (RuntimeException ex) {
			logger.warn("The revocation listener failed (" + ex.getClass().getSimpleName() + ")", ex);
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private void release(@Nullable Connection connection) {
		// close() interrupts a wait for a connection or a back-off: clear the flag
		// before using the connection
		Thread.interrupted();
		if (connection == null) {
			return;
		}
		try {
			// through the pool's own connection: a broken one is evicted, not reused
			execute(connection, "UNLISTEN *");
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("UNLISTEN failed on a connection given up: " + ex.getMessage());
		}
		try {
			connection.close();
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Closing the listening connection failed: " + ex.getMessage());
		}
	}

	private void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			// close() interrupts: the loop checks closed
		}
	}

	/**
	 * Stop listening: the thread ends within about {@value #WAIT_MILLIS} ms (longer only
	 * while a full load is running) and returns its connection to the pool.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.thread.interrupt();
		try {
			this.thread.join(WAIT_MILLIS * 2L + NETWORK_TIMEOUT_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
