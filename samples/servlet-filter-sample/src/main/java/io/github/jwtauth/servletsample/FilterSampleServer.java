package io.github.jwtauth.servletsample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;

import io.github.jwtauth.dpop.DPoPMode;
import io.github.jwtauth.dpop.DPoPProofVerifier;
import io.github.jwtauth.dpop.InMemoryDPoPProofReplayStore;
import io.github.jwtauth.revocation.InMemoryRevocationStore;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.token.JwsVerifierResolver;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.web.servlet.JwtAuthFilter;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * An API on embedded Tomcat protected by jwt-auth's plain Servlet filter: the same strict
 * decoder, validators and revocation check as the Spring Boot starter, and no Spring Boot
 * or Spring Security at all. Everything under {@code /api/} needs a valid access token: a
 * bearer token, or a DPoP-bound token (RFC 9449, {@code cnf.jkt}) with
 * {@code Authorization: DPoP} and a fresh proof of its key for the request's method and
 * URL ({@link DPoPMode#OPTIONAL}: the filter accepts both, and refuses a bound token
 * presented as a bearer token). Proofs are remembered in this process's memory until they
 * are too old to be accepted, so a replayed proof is refused; several instances of one
 * API need a shared replay store (jwt-auth-jdbc's or jwt-auth-data-redis's).
 * {@code /health} needs no token.
 */
public final class FilterSampleServer implements AutoCloseable {

	private final Tomcat tomcat;

	private final TokenRevocationService revocation;

	private FilterSampleServer(Tomcat tomcat, TokenRevocationService revocation) {
		this.tomcat = tomcat;
		this.revocation = revocation;
	}

	/**
	 * Start the server.
	 * @param port the port, 0 for any free one
	 * @param verifiers the keys that verify the tokens (local keys or an issuer's JWK
	 * Set)
	 * @param issuer the issuer every token must name
	 * @param audiences the audiences of which every token must name one
	 * @param clock the clock
	 * @return the running server
	 * @throws LifecycleException if Tomcat cannot start
	 * @throws IOException if Tomcat's work directory cannot be created
	 */
	public static FilterSampleServer start(int port, JwsVerifierResolver verifiers, String issuer,
			List<String> audiences, Clock clock) throws LifecycleException, IOException {
		RevocationRegistry revocations = new RevocationRegistry(clock);
		TokenRevocationService revocation = TokenRevocationService.builder(revocations, new InMemoryRevocationStore())
			.clock(clock)
			.build();
		JwtAuthDecoder decoder = JwtAuthDecoder.withVerifiers(verifiers, new RevocationValidator(revocations))
			.issuer(issuer)
			.audiences(audiences)
			.clock(clock)
			.build();
		DPoPProofVerifier proofs = DPoPProofVerifier.withReplayStore(new InMemoryDPoPProofReplayStore(1_000_000, clock))
			.clock(clock)
			.build();
		JwtAuthFilter filter = JwtAuthFilter.withDecoder(decoder)
			.realm("servlet-filter-sample")
			.dpop(DPoPMode.OPTIONAL, proofs)
			.build();

		Tomcat tomcat = new Tomcat();
		File baseDir = Files.createTempDirectory("servlet-filter-sample").toFile();
		baseDir.deleteOnExit();
		tomcat.setBaseDir(baseDir.getAbsolutePath());
		tomcat.setPort(port);
		tomcat.getConnector();
		Context context = tomcat.addContext("", baseDir.getAbsolutePath());
		Tomcat.addServlet(context, "api", new ApiServlet(revocation));
		context.addServletMappingDecoded("/api/*", "api");
		Tomcat.addServlet(context, "health", new HealthServlet());
		context.addServletMappingDecoded("/health", "health");
		FilterDef filterDef = new FilterDef();
		filterDef.setFilterName("jwtAuth");
		filterDef.setFilter(filter);
		context.addFilterDef(filterDef);
		FilterMap filterMap = new FilterMap();
		filterMap.setFilterName("jwtAuth");
		filterMap.addURLPattern("/api/*");
		context.addFilterMap(filterMap);
		tomcat.start();
		return new FilterSampleServer(tomcat, revocation);
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.tomcat.getConnector().getLocalPort();
	}

	/**
	 * The revocation service of this server.
	 * @return the revocation service
	 */
	public TokenRevocationService revocation() {
		return this.revocation;
	}

	/**
	 * Wait until the server stops.
	 */
	public void await() {
		this.tomcat.getServer().await();
	}

	@Override
	public void close() throws LifecycleException {
		this.tomcat.stop();
		this.tomcat.destroy();
	}

}
