package io.github.jwtauth.store.jdbc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.github.jwtauth.keys.rotation.StoredSigningKey;
import io.github.jwtauth.test.junit.RequiresServer;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the JDBC signing-key store does beyond the contract: a taken generation inside a
 * transaction on PostgreSQL, a database that is down, a malformed row.
 */
class JdbcSigningKeyStoreTests {

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	private final long generation = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);

	private StoredSigningKey key(long generation) {
		return new StoredSigningKey(generation, "kid-" + UUID.randomUUID(), "RS256", this.now, this.now,
				"{\"kty\":\"RSA\"}", "sealed-" + UUID.randomUUID());
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void aTakenGenerationLeavesThePostgresTransactionUsable() {
		JdbcSigningKeyStore store = JdbcStoreContractTests.signingKeys(JdbcStoreContractTests.postgres(),
				JdbcTables.withDefaultPrefix());
		StoredSigningKey first = key(this.generation);
		StoredSigningKey next = key(this.generation + 1);
		try {
			store.add(first);
			TransactionTemplate transactions = new TransactionTemplate(
					new DataSourceTransactionManager(JdbcStoreContractTests.postgres()));
			transactions.executeWithoutResult((status) -> {
				assertThat(store.add(key(this.generation))).isFalse();
				// an aborted transaction would refuse every further statement
				assertThat(store.add(next)).isTrue();
			});
			assertThat(store.findAll()).contains(first, next);
		}
		finally {
			store.remove(this.generation);
			store.remove(this.generation + 1);
		}
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void withoutTheDialectSpecificInsertATakenGenerationOnPostgresIsRefusedToo() {
		JdbcSigningKeyStore store = new JdbcSigningKeyStore(JdbcClient.create(JdbcStoreContractTests.postgres()),
				new JdbcDialect("other", null));
		StoredSigningKey first = key(this.generation);
		try {
			assertThat(store.add(first)).isTrue();
			assertThat(store.add(key(this.generation))).isFalse();
			assertThat(store.findAll()).contains(first);
		}
		finally {
			store.remove(this.generation);
		}
	}

	@Test
	void aDatabaseThatIsDownFailsEveryCallWithADataAccessException() {
		DriverManagerDataSource down = new DriverManagerDataSource(
				"jdbc:postgresql://127.0.0.1:1/test?connectTimeout=1", "postgres", "");
		JdbcSigningKeyStore store = new JdbcSigningKeyStore(JdbcClient.create(down), () -> JdbcDialect.of(down),
				JdbcTables.withDefaultPrefix());
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(store::findAll);
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> store.add(key(this.generation)));
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> store.remove(this.generation));
		JdbcSigningKeyStore withDialect = new JdbcSigningKeyStore(JdbcClient.create(down), JdbcDialect.POSTGRESQL);
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> withDialect.add(key(this.generation)));
	}

	@Test
	void aMalformedRowIsADataAccessExceptionNamingItsGeneration() {
		JdbcClient jdbc = JdbcClient.create(JdbcStoreContractTests.h2());
		JdbcSigningKeyStore store = new JdbcSigningKeyStore(jdbc, JdbcDialect.H2);
		jdbc.sql("INSERT INTO jwt_auth_signing_key (generation, key_id, algorithm, created_at, activates_at, "
				+ "public_jwk, sealed_private_key) VALUES (?, '', 'RS256', 0, 0, '{}', 'sealed')")
			.param(this.generation)
			.update();
		try {
			assertThatExceptionOfType(DataRetrievalFailureException.class).isThrownBy(store::findAll)
				.withMessageContaining("generation " + this.generation);
		}
		finally {
			store.remove(this.generation);
		}
	}

}
