package io.github.jwtauth.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import org.jspecify.annotations.Nullable;

/**
 * The payload of the PostgreSQL notification that announces a new revocation:
 * {@code <kind>|<cutoff>|<expiresAt>|<value>}, the kind as one letter ({@code T}oken,
 * {@code S}ession, s{@code U}bject), the times in epoch milliseconds (as stored) and the
 * value last, since it may contain the separator. An entry whose payload would not fit
 * well within {@code NOTIFY}'s limit (8000 bytes) is announced as {@link #CHANGED}, on
 * which listeners read the table's changes instead.
 */
final class RevocationNotification {

	/**
	 * The payload that says only that revocations were added: listeners read them from
	 * the table.
	 */
	static final String CHANGED = "*";

	/**
	 * The largest payload sent, in UTF-8 bytes: half of {@code NOTIFY}'s limit, so that a
	 * database encoding other than UTF-8 never pushes it over.
	 */
	static final int MAX_PAYLOAD_BYTES = 4000;

	private RevocationNotification() {
	}

	/**
	 * The payload announcing an entry.
	 * @param entry the revocation
	 * @return its payload, or {@link #CHANGED} if it would be too large
	 */
	static String payload(RevocationEntry entry) {
		String payload = letter(entry.kind()) + "|" + entry.cutoff().toEpochMilli() + "|"
				+ entry.expiresAt().toEpochMilli() + "|" + entry.value();
		return (payload.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES) ? payload : CHANGED;
	}

	/**
	 * Decode a payload (not {@link #CHANGED}).
	 * @param payload the payload
	 * @return the entry, or {@code null} if the payload is malformed
	 */
	static @Nullable RevocationEntry decode(String payload) {
		String[] parts = payload.split("\\|", 4);
		if (parts.length != 4 || parts[0].length() != 1 || parts[3].isEmpty()) {
			return null;
		}
		Kind kind = kind(parts[0].charAt(0));
		if (kind == null) {
			return null;
		}
		try {
			return new RevocationEntry(kind, parts[3], Instant.ofEpochMilli(Long.parseLong(parts[1])),
					Instant.ofEpochMilli(Long.parseLong(parts[2])));
		}
		catch (RuntimeException ex) {
			// NumberFormatException, DateTimeException, or a blank value
			return null;
		}
	}

	private static char letter(Kind kind) {
		return switch (kind) {
			case TOKEN -> 'T';
			case SESSION -> 'S';
			case SUBJECT -> 'U';
		};
	}

	private static @Nullable Kind kind(char letter) {
		return switch (letter) {
			case 'T' -> Kind.TOKEN;
			case 'S' -> Kind.SESSION;
			case 'U' -> Kind.SUBJECT;
			default -> null;
		};
	}

}
