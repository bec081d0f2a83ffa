// The `hopcheck/status` notification (the VS Code status bar item): what the server is doing, the
// count of what is published, and whether a language cannot be checked.
import type { Connection } from 'vscode-languageserver/node';
import type { Counts } from './diagnostics';

export interface StatusPayload extends Counts {
  /** `error`: a language's parser could not be loaded (`message` says which and why); it wins over the others. */
  state: 'idle' | 'scanning' | 'error';
  message?: string;
  scanned?: number;
  total?: number;
}

export class Status {
  private progress: { done: number; total: number } | undefined;
  private readonly errors: string[] = [];

  constructor(private readonly connection: Connection, private readonly counts: () => Counts) {}

  scanning(progress: { done: number; total: number } | undefined): void {
    this.progress = progress;
    this.send();
  }

  /** A lasting problem (a language that cannot be checked), shown until the server restarts. */
  error(message: string): void {
    this.errors.push(message);
    this.send();
  }

  send(): void {
    const payload: StatusPayload = {
      state: this.errors.length ? 'error' : this.progress ? 'scanning' : 'idle',
      ...(this.errors.length ? { message: this.errors.join('\n') } : {}),
      scanned: this.progress?.done, total: this.progress?.total,
      ...this.counts(),
    };
    void this.connection.sendNotification('hopcheck/status', payload);
  }
}
