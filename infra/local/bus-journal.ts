import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { type FileHandle, open, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { type EventEnvelope, eventEnvelope } from '../../shared/schemas/envelope.js';

/** An event the bus accepted, with the ids of the routes it matched then (a route id is the stable name). */
export interface AcceptedEvent {
  readonly bus: string;
  readonly event: EventEnvelope;
  readonly routeIds: readonly string[];
}

/** One route's delivery of one accepted event that had not finished when the journal was last written. */
export interface UnfinishedDelivery {
  readonly bus: string;
  readonly event: EventEnvelope;
  readonly routeId: string;
}

export interface JournalOptions {
  /** Rewrite the file with only the unfinished deliveries once it holds this many lines (default 10,000). */
  readonly compactAfter?: number;
  /** A write nobody waits for (a finish record) failed: the delivery is replayed on the next start. */
  readonly onError?: (error: unknown) => void;
}

const line = z.union([
  z.object({ a: z.object({ bus: z.string(), event: eventEnvelope, routeIds: z.array(z.string()) }) }),
  z.object({ f: z.tuple([z.string(), z.string()]) }),
]);

interface Batch {
  text: string;
  lines: number;
  sync: boolean;
  accepted: AcceptedEvent[];
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}
const emptyBatch = (): Batch => ({ text: '', lines: 0, sync: false, accepted: [], waiters: [] });
const toLine = (record: z.infer<typeof line>): string => `${JSON.stringify(record)}\n`;

/**
 * The local bus's write-ahead log (`<dir>/journal.log`, JSON lines): an accepted event is appended and fsynced
 * before PutEvents answers 200, each route's delivery is marked finished once its handler succeeded or the event was
 * parked, and a restart replays what had not finished. Writes queued while one is in progress go out together, so
 * concurrent PutEvents calls share an fsync. Finish records are not fsynced: one lost to a crash only means a replay,
 * which the handlers' idempotency makes harmless.
 */
export class BusJournal {
  /** Unfinished deliveries by event id: the routes that still owe one. */
  private readonly open = new Map<string, { bus: string; event: EventEnvelope; routes: Set<string> }>();
  private openDeliveries = 0;
  private queue = emptyBatch();
  private writing: Promise<void> | undefined;
  private readonly compactAfter: number;

  private constructor(
    private readonly dir: string,
    private file: FileHandle,
    private lines: number,
    private readonly options: JournalOptions,
  ) {
    this.compactAfter = options.compactAfter ?? 10_000;
  }

  /**
   * Opens (or creates) the journal in `dir`, compacts it, and returns what an earlier run left unfinished, in the
   * order it was accepted. A torn last line (a crash mid-write, before the fsync that would have answered 200) is
   * skipped and counted.
   */
  static async open(
    dir: string,
    options: JournalOptions = {},
  ): Promise<{ journal: BusJournal; unfinished: UnfinishedDelivery[]; skippedLines: number }> {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'journal.log');
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const journal = new BusJournal(dir, await open(path, 'a'), 0, options);
    let skippedLines = 0;
    for (const raw of text.split('\n')) {
      if (raw === '') continue;
      const parsed = parseLine(raw);
      if (!parsed) skippedLines++;
      else if ('a' in parsed) journal.remember(parsed.a);
      else journal.forget(parsed.f[0], parsed.f[1]);
    }
    await journal.compact();
    const unfinished = [...journal.open.values()].flatMap(({ bus, event, routes }) =>
      [...routes].map((routeId) => ({ bus, event, routeId })),
    );
    return { journal, unfinished, skippedLines };
  }

  /** Resolves once `events` are on disk (one write and one fsync, shared with whatever else is queued). */
  accept(events: readonly AcceptedEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      for (const a of events) this.queue.text += toLine({ a: { ...a, routeIds: [...a.routeIds] } });
      this.queue.lines += events.length;
      this.queue.accepted.push(...events);
      this.queue.sync = true;
      this.queue.waiters.push({ resolve, reject });
      this.kick();
    });
  }

  /** Marks one route's delivery of an accepted event finished (handled or parked): it is not replayed. */
  finish(eventId: string, routeId: string): void {
    if (!this.forget(eventId, routeId)) return;
    this.queue.text += toLine({ f: [eventId, routeId] });
    this.queue.lines++;
    this.kick();
  }

  /** Resolves once everything queued so far is written. */
  async idle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Unfinished deliveries (for tests and the startup banner). */
  get pending(): number {
    return this.openDeliveries;
  }

  async close(): Promise<void> {
    await this.idle();
    await this.file.close();
  }

  private remember(a: AcceptedEvent): void {
    const entry = this.open.get(a.event.id) ?? { bus: a.bus, event: a.event, routes: new Set<string>() };
    this.open.set(a.event.id, entry);
    for (const routeId of a.routeIds) {
      if (entry.routes.has(routeId)) continue; // the same event put twice: one finished delivery covers both
      entry.routes.add(routeId);
      this.openDeliveries++;
    }
  }

  private forget(eventId: string, routeId: string): boolean {
    const entry = this.open.get(eventId);
    if (!entry?.routes.delete(routeId)) return false;
    if (entry.routes.size === 0) this.open.delete(eventId);
    this.openDeliveries--;
    return true;
  }

  private kick(): void {
    this.writing ??= this.drain().finally(() => {
      this.writing = undefined;
      // Something queued between the loop's last check and now would otherwise wait for the next write.
      if (this.queue.lines > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.lines > 0) {
      const batch = this.queue;
      this.queue = emptyBatch();
      try {
        // Bounded: past `compactAfter` lines, and more than half of them finished, rewrite before appending.
        if (this.lines >= Math.max(this.compactAfter, 2 * this.openDeliveries)) await this.compact();
        await this.file.appendFile(batch.text);
        if (batch.sync) await this.file.datasync();
        this.lines += batch.lines;
        for (const a of batch.accepted) this.remember(a);
        for (const w of batch.waiters) w.resolve();
      } catch (error) {
        for (const w of batch.waiters) w.reject(error);
        if (batch.waiters.length === 0) this.options.onError?.(error);
      }
    }
  }

  /** Write-then-rename: the file is at every moment either the old journal or the compacted one, never a mix. */
  private async compact(): Promise<void> {
    const path = join(this.dir, 'journal.log');
    const tmp = join(this.dir, 'journal.tmp');
    const records = [...this.open.values()].map(({ bus, event, routes }) =>
      toLine({ a: { bus, event, routeIds: [...routes] } }),
    );
    await writeFile(tmp, records.join(''), { flush: true });
    await rename(tmp, path);
    const dir = await open(this.dir, 'r');
    await dir.sync().finally(() => dir.close());
    const previous = this.file;
    this.file = await open(path, 'a');
    this.lines = records.length;
    await previous.close();
  }
}

function parseLine(raw: string): z.infer<typeof line> | undefined {
  try {
    const parsed = line.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
