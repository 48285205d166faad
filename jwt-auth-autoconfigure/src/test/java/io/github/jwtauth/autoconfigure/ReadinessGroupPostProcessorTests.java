package io.github.jwtauth.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readiness group includes {@code jwtAuthStore} unless the application configured the
 * group itself (the HTTP behaviour is tested in {@code RevocationStartupTests}).
 */
class ReadinessGroupPostProcessorTests {

	private final HealthEndpointGroup primary = new Group("anything");

	@Test
	void addsAReadinessGroupWithTheStoreAndBootsReadinessState() {
		HealthEndpointGroup custom = new Group("db");
		HealthEndpointGroups groups = new ReadinessGroupPostProcessor()
			.postProcessHealthEndpointGroups(HealthEndpointGroups.of(this.primary, Map.of("custom", custom)));
		HealthEndpointGroup readiness = groups.get("readiness");
		assertThat(readiness).isNotNull();
		assertThat(readiness.isMember("jwtAuthStore")).isTrue();
		assertThat(readiness.isMember("readinessState")).isTrue();
		assertThat(readiness.isMember("db")).isFalse();
		assertThat(readiness.showDetails(SecurityContext.NONE)).isFalse();
		assertThat(groups.getNames()).containsExactlyInAnyOrder("custom", "readiness");
		assertThat(groups.get("custom")).isSameAs(custom);
		assertThat(groups.getPrimary()).isSameAs(this.primary);
	}

	@Test
	void leavesAReadinessGroupTheApplicationConfiguredAsItIs() {
		HealthEndpointGroup own = new Group("readinessState");
		HealthEndpointGroups configured = HealthEndpointGroups.of(this.primary, Map.of("readiness", own));
		HealthEndpointGroups groups = new ReadinessGroupPostProcessor().postProcessHealthEndpointGroups(configured);
		assertThat(groups).isSameAs(configured);
		assertThat(groups.get("readiness").isMember("jwtAuthStore")).isFalse();
	}

	private record Group(String member) implements HealthEndpointGroup {

		@Override
		public boolean isMember(String name) {
			return this.member.equals(name);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return true;
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return true;
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
		public AdditionalHealthEndpointPath getAdditionalPath() {
			return null;
		}

	}

}
