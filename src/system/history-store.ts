// Earlier versions of a configuration file, kept by lvs-tui before each replacement:
// <dir>/<encoded config path>/<UTC timestamp>_serial-<N>.cf (serial "none" when the file has no
// serial_no), newest last by name, at most `keep` versions (oldest removed first), mode 0600.
// The store is asynchronous: remote mode keeps it on the router, over SFTP (remote-history-store.ts).

import * as fs from 'node:fs';
import { resolve as resolvePath, join } from 'node:path';
import { ioErrorFrom } from './io-error';

export interface HistoryEntry {
  /** file name, unique within the config's folder */
  readonly id: string;
  readonly date: Date;
  readonly serial: number | null;
  readonly size: number;
}

export interface HistoryStore {
  /** Keeps `bytes` as a new version; resolves to its id. Prunes to the limit. */
  save(configPath: string, bytes: Uint8Array, serial: number | null, date: Date): Promise<string>;
  /** Newest first. */
  list(configPath: string): Promise<HistoryEntry[]>;
  read(configPath: string, id: string): Promise<Buffer>;
  remove(configPath: string, id: string): Promise<void>;
}

/** One folder per config file: its absolute path, made a single safe file name. */
export function historyFolderName(configPath: string): string {
  return encodeURIComponent(resolvePath(configPath));
}

const NAME = /^(\d{8}T\d{6}\.\d{3}Z)(?:-(\d+))?_serial-(\d+|none)\.cf$/;

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '');
}

function parseStamp(s: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z$/.exec(s)!;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]));
}

/** The file name of a version saved at `date`; `n` > 0 for a second save in the same millisecond. */
export function historyFileName(date: Date, serial: number | null, n: number): string {
  return `${stamp(date)}${n ? `-${n}` : ''}_serial-${serial ?? 'none'}.cf`;
}

/** The kept versions among a folder's file names, oldest first (other files ignored). */
export function historyNames(names: readonly string[]): string[] {
  return names.filter((n) => NAME.test(n)).sort();
}

/** What a version's file name says, with its size. */
export function historyEntry(id: string, size: number): HistoryEntry {
  const m = NAME.exec(id)!;
  return { id, date: parseStamp(m[1]), serial: m[3] === 'none' ? null : Number(m[3]), size };
}

export function dirHistoryStore(root: string, keep = 20): HistoryStore {
  const folder = (configPath: string) => join(root, historyFolderName(configPath));
  const names = (dir: string): string[] => {
    try {
      return historyNames(fs.readdirSync(dir));
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return [];
      throw ioErrorFrom(err, 'list', dir);
    }
  };
  return {
    async save(configPath, bytes, serial, date) {
      const dir = folder(configPath);
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      } catch (err) {
        throw ioErrorFrom(err, 'create', dir);
      }
      // Two saves in one millisecond get a counter so neither is lost.
      for (let n = 0; ; n++) {
        const id = historyFileName(date, serial, n);
        const p = join(dir, id);
        let fd: number;
        try {
          fd = fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
        } catch (err) {
          if ((err as { code?: string }).code === 'EEXIST') continue;
          throw ioErrorFrom(err, 'create', p, dir);
        }
        try {
          let off = 0;
          while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
          fs.fsyncSync(fd);
        } catch (err) {
          fs.closeSync(fd);
          fs.rmSync(p, { force: true });
          throw ioErrorFrom(err, 'create', p, dir);
        }
        fs.closeSync(fd);
        const all = names(dir);
        for (const old of all.slice(0, Math.max(0, all.length - keep))) fs.rmSync(join(dir, old), { force: true });
        return id;
      }
    },
    async list(configPath) {
      const dir = folder(configPath);
      return names(dir)
        .reverse()
        .map((id) => {
          let size = 0;
          try {
            size = fs.statSync(join(dir, id)).size;
          } catch (err) {
            throw ioErrorFrom(err, 'read', join(dir, id));
          }
          return historyEntry(id, size);
        });
    },
    async read(configPath, id) {
      const p = join(folder(configPath), id);
      try {
        return fs.readFileSync(p);
      } catch (err) {
        throw ioErrorFrom(err, 'read', p);
      }
    },
    async remove(configPath, id) {
      fs.rmSync(join(folder(configPath), id), { force: true });
    },
  };
}
