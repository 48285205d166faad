package io.github.jwtauth.discovery;

/**
 * Where an {@link IssuerDiscovery} gets the issuer's metadata from:
 * {@link RemoteIssuerMetadata} over HTTP, or a fixed document.
 */
@FunctionalInterface
public interface IssuerMetadataSource {

	/**
	 * Fetch and check the metadata once.
	 * @return the checked metadata
	 * @throws IssuerMetadataException if it cannot be fetched or is refused
	 */
	IssuerMetadata fetch() throws IssuerMetadataException;

}
