import { describe, expect, it } from 'vitest';
import { parseBodyText, readGraphError } from '../../src/meta/error-body.ts';
import { redact, stripQuery } from '../../src/meta/redact.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

describe('readGraphError', () => {
  it('reads every documented field', () => {
    const body = {
      error: {
        message: 'Invalid parameter',
        type: 'OAuthException',
        code: 100,
        error_subcode: 1487390,
        is_transient: false,
        error_user_title: 'Titolo',
        error_user_msg: 'Messaggio',
        error_data: { blame_field_specs: [['name']] },
        fbtrace_id: 'AXyz',
      },
    };
    expect(readGraphError(body)).toEqual({
      message: 'Invalid parameter',
      type: 'OAuthException',
      code: 100,
      subcode: 1487390,
      isTransient: false,
      userTitle: 'Titolo',
      userMessage: 'Messaggio',
      errorData: { blame_field_specs: [['name']] },
      fbtraceId: 'AXyz',
    });
  });

  it('decodes error_data given as a JSON string, keeps arrays and plain strings', () => {
    expect(readGraphError({ error: { code: 100, error_data: '{"a":1}' } })?.errorData).toEqual({ a: 1 });
    expect(readGraphError({ error: { code: 100, error_data: '[1,2]' } })?.errorData).toEqual([1, 2]);
    expect(readGraphError({ error: { code: 100, error_data: [{ x: 'y' }] } })?.errorData).toEqual([{ x: 'y' }]);
    expect(readGraphError({ error: { code: 100, error_data: 'not json {' } })?.errorData).toBe('not json {');
  });

  it('returns undefined for HTML, empty, truncated and non-object bodies', () => {
    for (const body of ['', '<html></html>', '{"error":{"code":1', 'null', '42', [], null, undefined, 7]) {
      expect(readGraphError(body)).toBeUndefined();
    }
  });

  it('ignores fields of the wrong type', () => {
    expect(readGraphError({ error: { code: { x: 1 }, error_subcode: 'abc', type: 5, is_transient: 'maybe' } })).toMatchObject({
      code: undefined,
      subcode: undefined,
      type: undefined,
      isTransient: undefined,
    });
  });

  it('parses body text only when it is JSON', () => {
    expect(parseBodyText('{"a":1}')).toEqual({ a: 1 });
    expect(parseBodyText('true')).toBe(true);
    expect(parseBodyText('<html>')).toBe('<html>');
    expect(parseBodyText('{"a":')).toBe('{"a":');
  });
});

describe('redact', () => {
  it('removes given secrets, secret query params and Meta-shaped tokens', () => {
    const token = 'EAAG-m0PX4ZCpsBA-known-token-value-1234567890';
    const text = `GET /${DEFAULT_GRAPH_VERSION}/me?access_token=${token}&fields=id failed for ${token} and EAAotherTokenValue1234567890123`;
    const out = redact(text, [token]);
    expect(out).not.toContain(token);
    expect(out).not.toContain('EAAotherTokenValue');
    expect(out).toContain('fields=id');
    expect(redact('client_secret=abc&code=xyz&x=1')).toBe('client_secret=[redacted]&code=[redacted]&x=1');
  });
  it('strips query strings', () => {
    expect(stripQuery(`/${DEFAULT_GRAPH_VERSION}/me?access_token=x#y`)).toBe(`/${DEFAULT_GRAPH_VERSION}/me`);
    expect(stripQuery(`/${DEFAULT_GRAPH_VERSION}/me`)).toBe(`/${DEFAULT_GRAPH_VERSION}/me`);
  });
});
