package io.github.jwtauth.store.jdbc;

/**
 * The PostgreSQL notification that announces new revocations: a wake-up only, with a
 * constant payload. Listeners never read a payload (any role that can connect to the
 * database can {@code NOTIFY} on the channel, so it would let it forge or flood
 * revocations): on a notification they read the table's changes. No user name or token ID
 * is ever sent on the channel.
 */
final class RevocationNotification {

	/**
	 * The payload of every notification. The same payload in one transaction is delivered
	 * once by PostgreSQL, so a transaction that adds many revocations sends one
	 * notification; listeners of earlier versions read the table on it too.
	 */
	static final String CHANGED = "*";

	private RevocationNotification() {
	}

}
