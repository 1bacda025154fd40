import type { RouteExpectation } from '../env/schema';
import type { TargetConfig } from '../env/target-config';

/** The route every negative case is paired with: the first route the test user must reach with 2xx. */
export function controlRoute(config: TargetConfig): RouteExpectation | undefined {
  return config.routes.find((route) => route.status >= 200 && route.status < 300);
}

export function routeUrl(config: TargetConfig, route: RouteExpectation): string {
  return `${config.target.baseUrl}${route.path}`;
}
