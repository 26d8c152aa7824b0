import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../helpers/app.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

describe('log redaction', () => {
  it('removes tokens, secrets, cookies and passwords wherever they appear', () => {
    const { logger, lines } = memoryLogger();
    const token = 'EAA' + 'B'.repeat(40);
    logger.info(
      {
        req: {
          url: `/${DEFAULT_GRAPH_VERSION}/me?access_token=${token}&appsecret_proof=abc123&fields=id`,
          headers: { cookie: 'wevion_session=wevs_abcdefghijklmnop', authorization: `Bearer ${token}` },
        },
        body: { password: 'hunter22', accessToken: token, nested: [{ client_secret: 's3cr3t-value' }] },
        appToken: '123456789|abcdefghijklmnopqrstuvwx',
        tokens: 12,
        tokenType: 'user',
      },
      `calling Meta with ${token} and wevk_abcdefghijklmnopq`,
    );
    logger.error({ err: new Error(`failed GET /me?access_token=${token}`) }, 'boom');
    const all = lines.join('\n');
    for (const secret of [token, 'abc123', 'wevs_abcdefghijklmnop', 'hunter22', 's3cr3t-value', 'abcdefghijklmnopqrstuvwx', 'wevk_abcdefghijklmnopq']) {
      expect(all).not.toContain(secret);
    }
    // Counts and kinds stay readable.
    expect(all).toContain('"tokens":12');
    expect(all).toContain('"tokenType":"user"');
    expect(all).toContain('fields=id');
  });
});
