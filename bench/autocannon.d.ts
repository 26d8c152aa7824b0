/** The part of autocannon's API bench/meta-signals-load.ts uses (the package ships no types). */
declare module 'autocannon' {
  interface Result {
    requests: { average: number };
    latency: { p50: number; p99: number; max: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    requests?: Array<{ method?: string; setupRequest?: (request: Record<string, unknown>) => Record<string, unknown> }>;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
