package io.github.jwtauth.discovery;

import java.net.URI;
import java.util.function.Function;

import io.github.jwtauth.keys.remote.JwkSetCache;
import io.github.jwtauth.keys.remote.JwkSetNotLocatedException;
import io.github.jwtauth.keys.remote.JwkSetResponse;
import io.github.jwtauth.keys.remote.JwkSetSource;
import io.github.jwtauth.keys.remote.JwkSetUnavailableException;
import io.github.jwtauth.keys.remote.RemoteJwkSet;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The JWK Set at the {@code jwks_uri} of an issuer's discovered metadata, as the source
 * of a {@link JwkSetCache}: each fetch first asks the {@link IssuerDiscovery} (which
 * fetches the metadata the first time, and answers from memory ever after), then fetches
 * the set with a {@link RemoteJwkSet}. While the metadata cannot be discovered, or is
 * refused, the fetch fails with {@link JwkSetNotLocatedException} (a
 * {@link JwkSetUnavailableException}), so tokens are refused exactly as when a configured
 * JWK Set cannot be fetched (401 {@code invalid_token}), and no JWK Set is fetched from
 * anywhere. The cache then does not wait its refresh interval: the discovery's own
 * back-off (from 1 s) bounds the attempts, and the first token after the metadata is
 * discovered fetches the set.
 */
public final class DiscoveredJwkSet implements JwkSetSource {

	private final IssuerDiscovery discovery;

	private final Function<URI, JwkSetSource> remote;

	private volatile @Nullable Delegate delegate;

	/**
	 * Create a source fetching with {@link RemoteJwkSet}'s defaults.
	 * @param discovery the issuer's discovery
	 */
	public DiscoveredJwkSet(IssuerDiscovery discovery) {
		this(discovery, (uri) -> RemoteJwkSet.builder(uri.toString()).build());
	}

	/**
	 * Create a source.
	 * @param discovery the issuer's discovery
	 * @param remote builds the source of the discovered JWK Set URL, for example a
	 * {@link RemoteJwkSet} with limits of its own
	 */
	public DiscoveredJwkSet(IssuerDiscovery discovery, Function<URI, JwkSetSource> remote) {
		Assert.notNull(discovery, "discovery must not be null");
		Assert.notNull(remote, "remote must not be null");
		this.discovery = discovery;
		this.remote = remote;
	}

	@Override
	public JwkSetResponse fetch() {
		IssuerMetadata metadata;
		try {
			metadata = this.discovery.metadata();
		}
		catch (IssuerMetadataException ex) {
			throw new JwkSetNotLocatedException(ex.getMessage());
		}
		return source(metadata.jwksUri()).fetch();
	}

	private JwkSetSource source(URI jwksUri) {
		Delegate current = this.delegate;
		if (current == null || !current.uri().equals(jwksUri)) {
			current = new Delegate(jwksUri, this.remote.apply(jwksUri));
			this.delegate = current;
		}
		return current.source();
	}

	/**
	 * The issuer's discovery.
	 * @return the discovery
	 */
	public IssuerDiscovery getDiscovery() {
		return this.discovery;
	}

	@Override
	public String toString() {
		IssuerMetadata metadata = this.discovery.current();
		return "DiscoveredJwkSet[" + ((metadata != null) ? metadata.jwksUri()
				: "issuer " + this.discovery.getIssuer() + ", metadata not discovered yet") + "]";
	}

	private record Delegate(URI uri, JwkSetSource source) {

	}

}
