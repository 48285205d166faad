package io.github.jwtauth.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Makes the readiness probe ({@code /actuator/health/readiness}) include
 * {@code jwtAuthStore} besides Boot's {@code readinessState}, so that an instance reports
 * out of service (503) until it has loaded the revocations of a shared store and while
 * its copy is stale: the times when it refuses bearer tokens. It runs before Boot's own
 * availability-probes post-processor, which then keeps this group (adding {@code /readyz}
 * when {@code management.endpoint.health.probes.add-additional-paths} is set). A
 * readiness group the application configures itself
 * ({@code management.endpoint.health.group.readiness.*}) is left as configured: include
 * {@code jwtAuthStore} there.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class ReadinessGroupPostProcessor implements HealthEndpointGroupsPostProcessor {

	static final String READINESS = "readiness";

	static final Set<String> MEMBERS = Set.of("readinessState", "jwtAuthStore");

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		if (groups.get(READINESS) != null) {
			return groups;
		}
		return new WithReadiness(groups);
	}

	/**
	 * The application's groups plus the readiness group.
	 */
	private static final class WithReadiness implements HealthEndpointGroups, AdditionalPathsMapper {

		private final HealthEndpointGroups groups;

		private final Set<String> names;

		private final HealthEndpointGroup readiness = new ReadinessGroup();

		WithReadiness(HealthEndpointGroups groups) {
			this.groups = groups;
			Set<String> names = new LinkedHashSet<>(groups.getNames());
			names.add(READINESS);
			this.names = Set.copyOf(names);
		}

		@Override
		public HealthEndpointGroup getPrimary() {
			return this.groups.getPrimary();
		}

		@Override
		public Set<String> getNames() {
			return this.names;
		}

		@Override
		public @Nullable HealthEndpointGroup get(String name) {
			return READINESS.equals(name) ? this.readiness : this.groups.get(name);
		}

		@Override
		public @Nullable List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
			return (this.groups instanceof AdditionalPathsMapper mapper)
					? mapper.getAdditionalPaths(endpointId, webServerNamespace) : null;
		}

	}

	/**
	 * The readiness group as Boot's availability probes define it (no details, default
	 * aggregation and status codes), with {@code jwtAuthStore} as a member.
	 */
	private static final class ReadinessGroup implements HealthEndpointGroup {

		@Override
		public boolean isMember(String name) {
			return MEMBERS.contains(name);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return false;
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return false;
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return StatusAggregator.getDefault();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return HttpCodeStatusMapper.DEFAULT;
		}

		@Override
		public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
			return null;
		}

	}

}
