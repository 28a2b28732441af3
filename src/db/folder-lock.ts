import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../domain/errors.ts';

const LOCK_FILE = 'rackdesk.lock';

interface Holder { pid: number; host: string; since: string }

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user — still a holder.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Holder;
    return Number.isInteger(h.pid) ? h : null;
  } catch {
    return null;
  }
}

/**
 * Takes the embedded database's folder for this process alone. PGlite has no locking of its own, and
 * two processes writing one folder lose each other's changes silently, so a second process is refused
 * with one clear line. The lock is a file naming its holder; one left behind by a killed process (its
 * PID no longer runs on this host) is taken over.
 */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readHolder(path);
      const stale = holder !== null && holder.host === hostname() && holder.pid !== process.pid && !alive(holder.pid);
      if (!stale) throw new AppError('conflict', 'e.dataDirLocked', { dir, pid: holder?.pid ?? '?' });
      unlinkSync(path);
      continue;
    }
    const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (readHolder(path)?.pid === process.pid) unlinkSync(path);
    };
  }
  throw new AppError('conflict', 'e.dataDirLocked', { dir, pid: '?' });
}
