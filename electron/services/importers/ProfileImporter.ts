import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { ImportSource } from '../../../shared/types/profile.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';
import { importFileZilla } from './filezilla.ts';
import { importSshConfig } from './sshConfig.ts';
import { sortOutImported, type ImportContext, type ImportResult } from './types.ts';
import { importWinScp } from './winscp.ts';

export interface ProfileImporterOptions extends ImportContext {
  platform: NodeJS.Platform;
  /** %APPDATA% on Windows. */
  appData?: string;
}

/** Settings files are small; a huge one is not what the user meant to pick. */
const MAX_BYTES = 5 * 1024 * 1024;

/** The program's name in messages. */
const PROGRAM: Record<ImportSource, string> = {
  sshConfig: 'OpenSSH',
  filezilla: 'FileZilla',
  winscp: 'WinSCP',
};

/** Finds and reads other programs' saved sites, turning them into unsaved profile drafts. */
export class ProfileImporter {
  readonly #options: ProfileImporterOptions;

  constructor(options: ProfileImporterOptions) {
    this.#options = options;
  }

  /** Where each program keeps its sites for this user, most likely first. */
  candidates(source: ImportSource): string[] {
    const { home, platform, appData } = this.#options;
    const roaming = appData ?? join(home, 'AppData', 'Roaming');
    switch (source) {
      case 'sshConfig':
        return [join(home, '.ssh', 'config')];
      case 'filezilla':
        return platform === 'win32'
          ? [join(roaming, 'FileZilla', 'sitemanager.xml')]
          : [
              join(home, '.config', 'filezilla', 'sitemanager.xml'),
              join(home, '.filezilla', 'sitemanager.xml'),
            ];
      case 'winscp':
        return platform === 'win32' ? [join(roaming, 'WinSCP.ini')] : [];
    }
  }

  async importFrom(source: ImportSource, path?: string): Promise<ImportResult & { path: string }> {
    const file = path ?? (await this.#firstExisting(source));
    const program = PROGRAM[source];
    const text = await readText(file, program);
    let parsed: ImportResult;
    try {
      parsed = this.#parse(source, text);
    } catch (err) {
      // The parsers refuse what they cannot read with INVALID_ARGUMENT; anything else is a bug.
      if (!(err instanceof AppError) || err.code !== 'INVALID_ARGUMENT') throw err;
      throw new AppError('IMPORT_FILE_INVALID', 'not a site file', { program, path: file }, err);
    }

    return { path: file, ...sortOutImported(parsed) };
  }

  #parse(source: ImportSource, text: string): ImportResult {
    switch (source) {
      case 'sshConfig':
        return importSshConfig(text, this.#options);
      case 'filezilla':
        return importFileZilla(text);
      case 'winscp':
        return importWinScp(text);
    }
  }

  async #firstExisting(source: ImportSource): Promise<string> {
    const paths = this.candidates(source);
    for (const path of paths) {
      if (
        await stat(path).then(
          (s) => s.isFile(),
          () => false,
        )
      )
        return path;
    }
    // WinSCP keeps its sites in the Windows registry unless set to use WinSCP.ini; outside
    // Windows there is no usual place, and the user picks the file.
    const program = PROGRAM[source];
    throw new AppError(
      'IMPORT_NOT_FOUND',
      'no settings file found',
      paths[0] === undefined ? { program } : { program, path: paths[0] },
    );
  }
}

async function readText(path: string, program: string): Promise<string> {
  const info = await stat(path).catch((err: unknown) => {
    throw mapNodeError(err, path);
  });
  if (info.size > MAX_BYTES) {
    throw new AppError('IMPORT_FILE_INVALID', 'file too large', { program, path });
  }
  return readFile(path, 'utf8').catch((err: unknown) => {
    throw mapNodeError(err, path);
  });
}
