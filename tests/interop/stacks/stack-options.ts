/** What every login interop stack is started with, and what it hands back: each plays its own backend otherwise. */
export interface StackOptions {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  readonly users: Readonly<Record<string, string>>;
  readonly faults?: readonly string[];
}

export interface RunningStack {
  readonly baseUrl: string;
  close(): Promise<void>;
}
