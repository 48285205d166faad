package io.github.jwtauth.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClientDetails} and {@link SessionEndReason}.
 */
class ClientDetailsTests {

	@Test
	void controlCharactersAreStrippedAndTheUserAgentIsCut() {
		ClientDetails details = new ClientDetails(" Mozilla/5.0\r\nX-Injected: 1\u0000\u00e9 ", "203.0.113.7");
		assertThat(details.userAgent()).isEqualTo("Mozilla/5.0X-Injected: 1");
		assertThat(details.address()).isEqualTo("203.0.113.7");
		assertThat(new ClientDetails("a".repeat(1000), null).userAgent()).hasSize(ClientDetails.MAX_USER_AGENT_LENGTH);
	}

	@Test
	void anOverlongAddressIsDroppedNotCut() {
		assertThat(new ClientDetails(null, "1".repeat(65)).address()).isNull();
		assertThat(new ClientDetails(null, "fe80::1%eth0").address()).isEqualTo("fe80::1%eth0");
	}

	@Test
	void blankOrAbsentValuesAreNone() {
		assertThat(new ClientDetails("  \t", "\n")).isEqualTo(ClientDetails.NONE);
		assertThat(ClientDetails.NONE.isEmpty()).isTrue();
		assertThat(new ClientDetails("agent", null).isEmpty()).isFalse();
	}

	@Test
	void everyReasonCodeMapsBackAndAnyOtherIsTheApplications() {
		for (SessionEndReason reason : SessionEndReason.values()) {
			assertThat(SessionEndReason.of(reason.code())).isEqualTo(reason);
		}
		assertThat(SessionEndReason.of("password-changed")).isEqualTo(SessionEndReason.APPLICATION);
	}

}
