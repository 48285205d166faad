package io.github.jwtauth.autoconfigure;

import java.lang.reflect.Modifier;

import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.token.JwtAuthDecoder;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Keeps revocation in force when the application defines a {@link JwtDecoder} of its own:
 * such a decoder is wrapped so that every token it accepts is also checked against the
 * local revocation registry, as the starter's own {@link JwtAuthDecoder} does. The bean
 * keeps its class where it can be subclassed (a class proxy) and is otherwise proxied as
 * a {@link JwtDecoder}; inject it by that interface.
 */
final class RevocationEnforcingPostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(RevocationEnforcingPostProcessor.class);

	private final ObjectProvider<RevocationRegistry> registry;

	RevocationEnforcingPostProcessor(ObjectProvider<RevocationRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof JwtDecoder) || bean instanceof JwtAuthDecoder) {
			return bean;
		}
		RevocationRegistry revocations = this.registry.getIfAvailable();
		if (revocations == null) {
			return bean;
		}
		RevocationValidator validator = new RevocationValidator(revocations);
		ProxyFactory proxy = new ProxyFactory(bean);
		proxy.addInterface(JwtDecoder.class);
		proxy.setProxyTargetClass(!Modifier.isFinal(bean.getClass().getModifiers()));
		proxy.addAdvice((MethodInterceptor) (invocation) -> {
			Object result = invocation.proceed();
			if (result instanceof Jwt jwt && "decode".equals(invocation.getMethod().getName())) {
				validator.check(jwt);
			}
			return result;
		});
		logger.info(
				"The application's JwtDecoder '" + beanName + "' checks jwt-auth revocation on every token it accepts");
		return proxy.getProxy(bean.getClass().getClassLoader());
	}

}
