// The part of autocannon's API the benchmark uses (the package ships no types).
declare module "autocannon" {
  type Request = { setupRequest?: (request: { headers?: Record<string, string> }) => { headers?: Record<string, string> } };
  type Options = {
    url: string;
    connections?: number;
    duration?: number;
    /** Stop after this many requests instead of after `duration`. */
    amount?: number;
    /** Seconds before a request counts as an error (default 10). */
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: Request[];
  };
  type Histogram = { average: number; p50: number; p99: number; max: number };
  type Result = { requests: Histogram & { total: number }; latency: Histogram; errors: number; non2xx: number; timeouts: number };
  export default function autocannon(options: Options): Promise<Result>;
}
