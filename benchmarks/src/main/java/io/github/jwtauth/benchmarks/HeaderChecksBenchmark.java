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

/**
 * What Spring Security spends on the {@code Authorization} header of every bearer request
 * before any decoder runs, per check, in µs: the {@code StrictHttpFirewall} header-value
 * regex (applied on every {@code getHeader} of the firewalled request: once by the
 * {@code DefaultBearerTokenResolver}, once by the DPoP request matcher) and the bearer
 * token regex of {@code DefaultBearerTokenResolver}, next to equivalent hand-written
 * checks. The patterns are copied verbatim from spring-security-web and
 * spring-security-oauth2-resource-server 7.0.6. The load profile (JFR) of the sample
 * shows these regexes at 18-24 % of the server's CPU on {@code /api/me} with an RS256
 * token; the cached decoder is about 1 %.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class HeaderChecksBenchmark {

	/** StrictHttpFirewall.HEADER_VALUE_PATTERN (7.0.6). */
	static final Pattern FIREWALL_HEADER_VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	/** DefaultBearerTokenResolver.authorizationPattern (7.0.6). */
	static final Pattern BEARER = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$", Pattern.CASE_INSENSITIVE);

	/**
	 * Same verdict as {@link #FIREWALL_HEADER_VALUE}: printable ASCII and tab are always
	 * allowed.
	 */
	static final Predicate<String> FAST_HEADER_VALUE = (value) -> {
		for (int i = 0, n = value.length(); i < n; i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c > 0x7e) {
				return FIREWALL_HEADER_VALUE.matcher(value).matches();
			}
		}
		return true;
	};

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
		if (!FIREWALL_HEADER_VALUE.matcher(this.header).matches() || !FAST_HEADER_VALUE.test(this.header)
				|| !token.equals(springBearer()) || !token.equals(fastBearer())) {
			throw new IllegalStateException("checks disagree");
		}
		for (String bad : new String[] { "Bearer a\u0000b", "Bearer a\u0085b", "Bearer a\u0378b", "Bearer a\tb" }) {
			if (FIREWALL_HEADER_VALUE.matcher(bad).matches() != FAST_HEADER_VALUE.test(bad)) {
				throw new IllegalStateException("fast firewall check disagrees on " + bad);
			}
		}
	}

	@Benchmark
	public boolean spring_firewallHeaderValue() {
		return FIREWALL_HEADER_VALUE.matcher(this.header).matches();
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

	private String springBearer() {
		Matcher matcher = BEARER.matcher(this.header);
		return matcher.matches() ? matcher.group("token") : null;
	}

	/** Same verdict as {@link #BEARER}. */
	private String fastBearer() {
		String value = this.header;
		if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		int i = 7;
		int n = value.length();
		while (i < n && tokenChar(value.charAt(i))) {
			i++;
		}
		if (i == 7) {
			return null;
		}
		while (i < n && value.charAt(i) == '=') {
			i++;
		}
		return (i == n) ? value.substring(7) : null;
	}

	private static boolean tokenChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

}
