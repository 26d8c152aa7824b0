import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

describe('config', () => {
  it('starts with no configuration in demo mode, frozen', () => {
    const config = loadConfig({});
    expect(config.demoMode).toBe(true);
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('./data');
    expect(config.jobs.tokenJobsCron).toBe('0 */12 * * *');
    expect(config.refreshWindowDays).toBe(7);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.meta)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow();
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: /],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL: must start with postgres/],
    [{ TOKEN_JOBS_CRON: 'twice a day' }, /^TOKEN_JOBS_CRON: must be a 5-field cron/],
    [{ SCHEDULE_TIME_ZONE: 'Mars/Base' }, /^SCHEDULE_TIME_ZONE: must be an IANA time zone/],
    [{ META_GRAPH_VERSION: '24' }, new RegExp(`^META_GRAPH_VERSION: must look like ${DEFAULT_GRAPH_VERSION.replace('.', '\\.')}`)],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ META_APP_ID: '123' }, /^META_APP_SECRET: required/],
    [{ META_APP_ID: '123', META_APP_SECRET: '0123456789abcdef0123' }, /^PUBLIC_URL: required/],
    [{ DATABASE_URL: 'postgres://localhost/x' }, /^TOKEN_ENCRYPTION_KEYS: required with DATABASE_URL/],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('leaves demo mode when a Meta app is configured', () => {
    const config = loadConfig({ META_APP_ID: '123', META_APP_SECRET: '0123456789abcdef0123', PUBLIC_URL: 'https://app.example.com/' });
    expect(config.demoMode).toBe(false);
    expect(config.publicUrl).toBe('https://app.example.com');
    expect(config.meta.graphUrl).toBe('https://graph.facebook.com');
  });
});
