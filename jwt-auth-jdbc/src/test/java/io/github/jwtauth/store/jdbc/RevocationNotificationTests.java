package io.github.jwtauth.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notification payload: every kind survives the round trip, values with the separator
 * and non-ASCII letters included; what would not fit well within {@code NOTIFY}'s limit
 * becomes the "changed" marker; malformed payloads decode to nothing.
 */
class RevocationNotificationTests {

	private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	@ParameterizedTest
	@EnumSource(Kind.class)
	void everyKindRoundTrips(Kind kind) {
		RevocationEntry entry = new RevocationEntry(kind, "alice|ü|日本|", NOW, NOW.plusSeconds(600));
		String payload = RevocationNotification.payload(entry);
		assertThat(payload).isNotEqualTo(RevocationNotification.CHANGED);
		assertThat(RevocationNotification.decode(payload)).isEqualTo(entry);
	}

	@Test
	void payloadIsCompact() {
		RevocationEntry entry = new RevocationEntry(Kind.TOKEN, "jti-1", Instant.ofEpochMilli(1_700_000_000_000L),
				Instant.ofEpochMilli(1_700_000_600_000L));
		assertThat(RevocationNotification.payload(entry)).isEqualTo("T|1700000000000|1700000600000|jti-1");
	}

	@Test
	void entryTooLargeForANotificationBecomesTheChangedMarker() {
		// 1001 letters of 4 bytes each: over the payload limit in bytes, not in
		// characters
		String value = "😀".repeat(1001);
		RevocationEntry entry = new RevocationEntry(Kind.SUBJECT, value, NOW, NOW.plusSeconds(600));
		assertThat(RevocationNotification.payload(entry)).isEqualTo(RevocationNotification.CHANGED);
		RevocationEntry fits = new RevocationEntry(Kind.SUBJECT, "😀".repeat(990), NOW, NOW.plusSeconds(600));
		String payload = RevocationNotification.payload(fits);
		assertThat(payload.getBytes(StandardCharsets.UTF_8).length)
			.isLessThanOrEqualTo(RevocationNotification.MAX_PAYLOAD_BYTES);
		assertThat(RevocationNotification.decode(payload)).isEqualTo(fits);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "*", "garbage", "T|1|2", "T|1|2|", "X|1|2|v", "TT|1|2|v", "T|x|2|v", "T|1|y|v",
			"T|1|2| ", "T|99999999999999999999|2|v" })
	void malformedPayloadsDecodeToNothing(String payload) {
		assertThat(RevocationNotification.decode(payload)).isNull();
	}

	@Test
	void channelIsTheRevocationTableName() {
		assertThat(JdbcTables.withDefaultPrefix().notificationChannel()).isEqualTo("jwt_auth_revocation");
		assertThat(new JdbcTables("App_").notificationChannel()).isEqualTo("App_revocation");
	}

}
