// The operator's configuration: defaults, and a bad value named by its variable.
import { parseConfig, type ConfigError } from '@marquee/kit/config';
import { describe, expect, it } from 'vitest';
import { operatorConfigSchema } from './config.ts';

const required = { SHOWTIMES_URL: 'http://showtimes:8080' };

describe('operator configuration', () => {
  it('has the documented defaults', () => {
    expect(parseConfig(operatorConfigSchema, required)).toMatchObject({
      WATCH_NAMESPACE: '',
      HEALTH_PORT: 8081,
      METRICS_PORT: 8080,
      RESYNC_SECONDS: 60,
      WORKERS: 4,
      LEASE_NAME: 'marquee-operator',
      LEASE_DURATION_SECONDS: 15,
      RENEW_DEADLINE: 10,
      RETRY_PERIOD: 2,
    });
  });

  it('names the variable at fault', () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseConfig(operatorConfigSchema, env);
        return [];
      } catch (err) {
        return (err as ConfigError).problems.map((p) => p.variable);
      }
    };
    expect(problems({})).toEqual(['SHOWTIMES_URL']);
    expect(problems({ ...required, WORKERS: '0' })).toEqual(['WORKERS']);
    expect(problems({ ...required, RESYNC_SECONDS: 'soon' })).toEqual(['RESYNC_SECONDS']);
  });

  it('keeps the leader-election periods in client-go’s order', () => {
    expect(() =>
      parseConfig(operatorConfigSchema, {
        ...required,
        LEASE_DURATION_SECONDS: '10',
        RENEW_DEADLINE: '10',
      }),
    ).toThrow(/RENEW_DEADLINE: must be shorter than LEASE_DURATION_SECONDS/);
    expect(() => parseConfig(operatorConfigSchema, { ...required, RETRY_PERIOD: '12' })).toThrow(
      /RETRY_PERIOD/,
    );
  });
});
