package io.github.jwtauth.store.redis;

import java.util.UUID;

import io.github.jwtauth.test.junit.RequiresServer;
import org.junit.jupiter.api.Nested;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The store contracts against the real Redis server on 127.0.0.1:6379.
 */
@RequiresServer(name = "Redis", port = 6379)
class StandaloneRedisStoreContractTests extends AbstractRedisStoreContractTests {

	private final String prefix = "jwt-auth-test-" + UUID.randomUUID();

	@Override
	protected LettuceConnectionFactory newConnectionFactory() {
		return RedisConnections.standalone();
	}

	@Override
	protected String prefix() {
		return this.prefix;
	}

	@Override
	protected ReplicaAcknowledgement acknowledgement() {
		return ReplicaAcknowledgement.none();
	}

	@Nested
	class RefreshTokens extends RefreshTokensContract {

	}

	@Nested
	class Revocations extends RevocationsContract {

	}

	@Nested
	class Attempts extends AttemptsContract {

	}

	@Nested
	class SigningKeys extends SigningKeysContract {

	}

	@Nested
	class DPoPProofs extends DPoPProofsContract {

	}

}
