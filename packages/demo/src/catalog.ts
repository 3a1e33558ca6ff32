import { Mutex } from 'async-mutex';
import type { CallSites } from './call-sites';
import { LEVELS, type Level } from './options';
import { sleep } from './sleep';

export interface Product {
  id: string;
  name: string;
  price: number;
  tags: string[];
  stock: { warehouse: string; units: number }[];
}

function product(i: number, version: number): Product {
  return {
    id: `p${i}`,
    name: `product ${i}`,
    price: Math.round((5 + ((i * 7919 + version) % 500)) * 100) / 100,
    tags: ['demo', i % 2 ? 'odd' : 'even'],
    stock: [
      { warehouse: 'fra', units: (i + version) % 40 },
      { warehouse: 'iad', units: (i * 3 + version) % 40 },
    ],
  };
}

/**
 * A shared product cache. Readers copy the whole Map so a refresh never changes it under them
 * (the clone cost); a stale cache is rebuilt behind a mutex, and readers that find it stale
 * queue on that mutex (lock contention).
 */
export class Catalog {
  private items = new Map<string, Product>();
  private loadedAt = 0;
  private version = 0;
  private readonly refreshLock: Mutex;
  readonly size: number;
  private readonly copyOnRead: boolean;
  private readonly refreshMs: number;
  private readonly ttlMs: number;

  constructor(
    private readonly sites: CallSites,
    clone: Level,
    locks: Level,
  ) {
    this.size = Math.max(100, Math.round(4000 * LEVELS[clone]));
    this.copyOnRead = clone !== 'off';
    // The rebuild fetches from a slow store: the longer it takes, the longer readers queue.
    this.refreshMs = 15 * LEVELS[locks];
    this.ttlMs = locks === 'high' ? 500 : 2000;
    this.refreshLock = sites.nameLock(new Mutex(), 'catalog-refresh');
    this.rebuild();
  }

  async read(id: string): Promise<Product | undefined> {
    if (Date.now() - this.loadedAt > this.ttlMs) await this.refresh();
    const view = this.copyOnRead ? this.sites.cloneMap(this.items, 'catalog.read') : this.items;
    return view.get(id);
  }

  productId(n: number): string {
    return `p${n % this.size}`;
  }

  private async refresh(): Promise<void> {
    if (this.refreshMs === 0) return this.rebuild();
    await this.refreshLock.runExclusive(async () => {
      if (Date.now() - this.loadedAt <= this.ttlMs) return; // another reader refreshed it
      await sleep(this.refreshMs);
      this.rebuild();
    });
  }

  private rebuild(): void {
    this.version++;
    const items = new Map<string, Product>();
    for (let i = 0; i < this.size; i++) items.set(`p${i}`, product(i, this.version));
    this.items = items;
    this.loadedAt = Date.now();
  }
}
