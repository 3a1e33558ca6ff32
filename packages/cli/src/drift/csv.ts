/** A CSV row and the (1-based) line it starts on. */
export interface CsvRow {
  fields: string[];
  line: number;
}

/**
 * Streaming RFC 4180 parser: quoted fields may hold commas, doubled quotes and line breaks;
 * CRLF and LF both end a row. Feed it text chunks; it returns the rows they complete.
 */
export class CsvParser {
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private quoteInQuotes = false;
  private line = 1;
  private rowLine = 1;

  push(chunk: string): CsvRow[] {
    const rows: CsvRow[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i];
      if (this.inQuotes) {
        if (this.quoteInQuotes) {
          this.quoteInQuotes = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false; // that quote closed the field; handle `ch` below
        } else if (ch === '"') {
          this.quoteInQuotes = true;
          continue;
        } else {
          if (ch === '\n') this.line++;
          this.field += ch;
          continue;
        }
      }
      if (ch === '"' && this.field === '') this.inQuotes = true;
      else if (ch === ',') {
        this.fields.push(this.field);
        this.field = '';
      } else if (ch === '\n') {
        this.endRow(rows);
        this.line++;
        this.rowLine = this.line;
      } else if (ch !== '\r') this.field += ch;
    }
    return rows;
  }

  /** Rows left at the end of the input (a last line without a line break). */
  end(): CsvRow[] {
    if (this.quoteInQuotes) {
      this.quoteInQuotes = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) throw new Error(`line ${this.rowLine}: quoted field is not closed`);
    const rows: CsvRow[] = [];
    this.endRow(rows);
    return rows;
  }

  private endRow(rows: CsvRow[]): void {
    this.fields.push(this.field);
    const fields = this.fields;
    this.fields = [];
    this.field = '';
    if (fields.length === 1 && fields[0] === '') return; // blank line
    rows.push({ fields, line: this.rowLine });
  }
}
