/**
 * `wevion classify`: the classifier as a command, for operators ("what would the client do with
 * this response?") and for acceptance tests. Input, one JSON document on stdin:
 *   {"status": 400, "headers": {…}, "body": <object or raw string>, "usageObjectId"?: "…"}
 *   or {"networkError": "ETIMEDOUT"}
 * Output, one JSON line: {"category","retry","verifyToken","delaysMs","code"?,"subcode"?}.
 * `delaysMs` are the un-jittered waits: the article's rate-limit waits, or the ceilings of the
 * standard backoff (the client waits random · ceiling). Exit 0 for any JSON input, even a
 * garbage body; exit 2 with a one-line message on stderr when stdin is not JSON.
 */
import type { Command } from 'commander';
import { classifyGraphFailure, type ClassifyInput } from './classify.ts';

export interface ClassifyCommandResult {
  stdout: string;
  /** Set only on failure (exit 2); the command writes it to stderr. */
  stderr?: string;
  exitCode: number;
}

function toHeaders(raw: unknown): Record<string, string> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined || v === null) continue;
    // Operators paste usage headers as objects as often as as JSON strings; accept both.
    out[k.toLowerCase()] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

export function toClassifyInput(doc: unknown): ClassifyInput {
  const o = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  const status = typeof o['status'] === 'number' ? o['status'] : typeof o['status'] === 'string' ? Number(o['status']) || 0 : 0;
  const input: ClassifyInput = { status, body: o['body'] };
  const headers = toHeaders(o['headers']);
  if (headers) input.headers = headers;
  if (typeof o['networkError'] === 'string' && o['networkError'] !== '') input.networkError = o['networkError'];
  if (typeof o['usageObjectId'] === 'string') input.usageObjectId = o['usageObjectId'];
  return input;
}

export function runClassify(stdinText: string): ClassifyCommandResult {
  let doc: unknown;
  try {
    doc = JSON.parse(stdinText);
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : 'parse error';
    return { stdout: '', stderr: `wevion classify: stdin is not a JSON document (${why})\n`, exitCode: 2 };
  }
  const c = classifyGraphFailure(toClassifyInput(doc));
  const line = {
    category: c.category,
    retry: c.retry,
    verifyToken: c.verifyToken,
    delaysMs: c.delaysMs,
    ...(c.code !== undefined && { code: c.code }),
    ...(c.subcode !== undefined && { subcode: c.subcode }),
  };
  return { stdout: `${JSON.stringify(line)}\n`, exitCode: 0 };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export function registerClassifyCommand(program: Command): void {
  program
    .command('classify')
    .description('Classify a Graph API failure read as JSON from stdin: {"status","headers","body"} or {"networkError"}')
    .action(async () => {
      const result = runClassify(await readAll(process.stdin));
      if (result.stdout) process.stdout.write(result.stdout);
      if (result.stderr) process.stderr.write(result.stderr);
      // exitCode, not exit(): lets stdout drain when it is a pipe.
      process.exitCode = result.exitCode;
    });
}
