/** Where a command writes and what environment it reads: process streams in production, buffers in tests. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
}
