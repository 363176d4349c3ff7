/**
 * A bounded export queue with retry, for spans and for logs. OpenTelemetry's batch processors
 * drop a batch whose export fails, so a telemetry outage of a few seconds loses everything made
 * during it. Here a failed batch goes back to the front of the queue and is retried with
 * exponential backoff; nothing is lost while the queue has room, and what does not fit is
 * counted. Memory stays bounded whatever the backend does, and the app never waits for it.
 */
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";

export type Exporter<T> = {
  export(items: T[], done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
};

export type QueueOptions = {
  /** Most items kept waiting (and retried); past it, new items are dropped and counted. */
  limit: number;
  batchSize: number;
  /** How long items may wait before a batch is sent anyway. */
  intervalMs: number;
  /** Backoff after a failed export doubles from intervalMs up to this. */
  maxBackoffMs: number;
  /** Called (at most once a minute) when items are dropped. */
  onDrop?: (dropped: number) => void;
};

export class ExportQueue<T> {
  private items: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<boolean> | undefined;
  private backoffMs = 0;
  private lastDropWarning = 0;
  dropped = 0;
  exported = 0;
  failures = 0;

  constructor(
    private readonly exporter: Exporter<T>,
    private readonly options: QueueOptions,
  ) {}

  get queued(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.items.length >= this.options.limit) return this.drop(1);
    this.items.push(item);
    if (this.items.length >= this.options.batchSize && !this.backoffMs) this.schedule(0);
    else this.schedule(this.backoffMs || this.options.intervalMs);
  }

  /** Exports everything queued, batch after batch, until it is sent or an export fails. */
  async flush(): Promise<boolean> {
    while (this.items.length) if (!(await this.exportBatch())) return false;
    return true;
  }

  async shutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.flush();
    await this.exporter.shutdown();
  }

  private schedule(delayMs: number): void {
    if (this.timer && delayMs > 0) return; // already due
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.exportBatch().then(() => {
        if (this.items.length) this.schedule(this.backoffMs || (this.items.length >= this.options.batchSize ? 0 : this.options.intervalMs));
      });
    }, delayMs);
    this.timer.unref(); // telemetry never keeps the process alive
  }

  private exportBatch(): Promise<boolean> {
    this.inFlight ??= this.sendOne().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async sendOne(): Promise<boolean> {
    const batch = this.items.splice(0, this.options.batchSize);
    if (!batch.length) return true;
    const result = await new Promise<ExportResult>((resolve) => {
      try {
        this.exporter.export(batch, resolve);
      } catch (error) {
        resolve({ code: ExportResultCode.FAILED, error: error as Error });
      }
    });
    if (result.code === ExportResultCode.SUCCESS) {
      this.exported += batch.length;
      this.backoffMs = 0;
      return true;
    }
    // Back to the front, oldest first; what no longer fits is dropped (the newest).
    this.failures++;
    const room = Math.max(0, this.options.limit - this.items.length);
    this.items.unshift(...batch.slice(0, room));
    this.drop(batch.length - Math.min(room, batch.length));
    this.backoffMs = Math.min(this.options.maxBackoffMs, Math.max(this.options.intervalMs, this.backoffMs * 2));
    return false;
  }

  private drop(count: number): void {
    if (count <= 0) return;
    this.dropped += count;
    if (Date.now() - this.lastDropWarning > 60_000) {
      this.lastDropWarning = Date.now();
      this.options.onDrop?.(this.dropped);
    }
  }
}
