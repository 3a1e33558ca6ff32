/**
 * Progress of a long read on stderr: a redrawn bar when stderr is a terminal, otherwise a
 * record count now and then (so logs of CI jobs stay short).
 */
export class Progress {
  private lastDraw = Date.now();
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly totalBytes: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = 100,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  update(bytes: number, records: number): void {
    const now = Date.now();
    if (now - this.lastDraw < (this.tty ? this.intervalMs : 2000)) return;
    this.lastDraw = now;
    this.draw(bytes, records);
  }

  done(bytes: number, records: number): void {
    this.draw(bytes, records);
    if (this.tty) this.stream.write('\n');
  }

  private draw(bytes: number, records: number): void {
    const count = `${records.toLocaleString('en-US')} records`;
    if (!this.tty) {
      this.stream.write(`${this.label}: ${count}\n`);
      return;
    }
    const share = this.totalBytes > 0 ? Math.min(1, bytes / this.totalBytes) : 1;
    const width = 30;
    const filled = Math.round(share * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    this.stream.write(`\r${this.label} ${bar} ${(share * 100).toFixed(0).padStart(3)}%  ${count}`);
  }
}
