package io.github.jwtauth.benchmarks;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.web.BearerHeader;
import io.github.jwtauth.web.security.FastHeaderPredicate;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * What Spring Security spends on the {@code Authorization} header of every bearer request
 * before any decoder runs, per check, in µs: the {@code StrictHttpFirewall} header-value
 * regex (applied on every {@code getHeader} of the firewalled request: once by the
 * {@code DefaultBearerTokenResolver}, once by the DPoP request matcher) and the bearer
 * token regex of {@code DefaultBearerTokenResolver}, next to jwt-auth's checks with the
 * same verdicts ({@code FastHeaderPredicate.VALUES} and {@code BearerHeader.token}, the
 * code the starter runs). The firewall check is Spring's own predicate; the bearer
 * pattern is copied verbatim from spring-security-oauth2-resource-server 7.0.6, where it
 * is private. The load profile (JFR) of the sample shows these regexes at 18-24 % of the
 * server's CPU on {@code /api/me} with an RS256 token; the cached decoder is about 1 %.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class HeaderChecksBenchmark {

	/** DefaultBearerTokenResolver.authorizationPattern (7.0.6). */
	static final Pattern BEARER = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$", Pattern.CASE_INSENSITIVE);

	/** StrictHttpFirewall's header-value check (its regular expression). */
	static final Predicate<String> FIREWALL_HEADER_VALUE = StrictHttpFirewall.ALLOWED_HEADER_VALUES;

	/** jwt-auth's check with the same verdict. */
	static final Predicate<String> FAST_HEADER_VALUE = FastHeaderPredicate.VALUES;

	@Param({ "HS256", "RS256" })
	public String algorithm;

	private String header;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		JWK key;
		if ("HS256".equals(this.algorithm)) {
			byte[] secret = new byte[32];
			new SecureRandom().nextBytes(secret);
			key = new OctetSequenceKey.Builder(secret).build();
		}
		else {
			key = new RSAKeyGenerator(2048).generate();
		}
		this.header = "Bearer "
				+ TestJwts.sign(key, TestJwts.header(JWSAlgorithm.parse(this.algorithm), "bench-key").build(),
						TestJwts.claims("alice", Instant.now())
							.expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
							.build());
		String token = this.header.substring(7);
		if (!FIREWALL_HEADER_VALUE.test(this.header) || !FAST_HEADER_VALUE.test(this.header)
				|| !token.equals(springBearer()) || !token.equals(fastBearer())) {
			throw new IllegalStateException("checks disagree");
		}
		for (String bad : new String[] { "Bearer a\u0000b", "Bearer a\u0085b", "Bearer a\u0378b", "Bearer a\tb" }) {
			if (FIREWALL_HEADER_VALUE.test(bad) != FAST_HEADER_VALUE.test(bad)) {
				throw new IllegalStateException("fast firewall check disagrees on " + bad);
			}
		}
	}

	@Benchmark
	public boolean spring_firewallHeaderValue() {
		return FIREWALL_HEADER_VALUE.test(this.header);
	}

	@Benchmark
	public boolean fast_firewallHeaderValue() {
		return FAST_HEADER_VALUE.test(this.header);
	}

	@Benchmark
	public String spring_bearerPattern() {
		return springBearer();
	}

	@Benchmark
	public String fast_bearer() {
		return fastBearer();
	}

	private @Nullable String springBearer() {
		Matcher matcher = BEARER.matcher(this.header);
		return matcher.matches() ? matcher.group("token") : null;
	}

	/** Same verdict as {@link #BEARER}: what the starter's resolver and filter run. */
	private @Nullable String fastBearer() {
		return BearerHeader.token(this.header);
	}

}
