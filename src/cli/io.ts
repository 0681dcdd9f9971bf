/** Where the command line's output goes (tests pass their own), and writing it to stdout or to --out. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ScenarioError } from '../core/errors.ts';

/** Where output goes; tests pass their own. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stderrIsTty: boolean;
  /** Binary output (an XLSX workbook) on stdout; without it, binary output needs --out. */
  readonly stdoutBytes?: (bytes: Uint8Array) => void;
  /** Whether stdout is a terminal (binary output is refused there). */
  readonly stdoutIsTty?: boolean;
}

export const defaultIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTty: Boolean(process.stderr.isTTY),
  stdoutBytes: (b) => process.stdout.write(b),
  stdoutIsTty: Boolean(process.stdout.isTTY),
};

/** A finished command with a non-zero exit code and nothing more to say on stderr than `message`. */
export class ExitError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Writes a command's output to stdout, or to --out (never over one of the command's own input files). */
export async function emit(text: string | Uint8Array, flags: { out?: string }, io: Io, inputs: readonly string[] = []): Promise<void> {
  if (!flags.out) {
    if (typeof text === 'string') io.stdout(text);
    else if (io.stdoutBytes && !io.stdoutIsTty) io.stdoutBytes(text);
    else
      throw new ScenarioError(
        [{ path: '--out', message: 'an XLSX workbook is binary and is not written to a terminal: give --out report.xlsx, or pipe the output to a file' }],
        'invalid option',
      );
    return;
  }
  if (inputs.some((f) => resolve(f) === resolve(flags.out as string))) {
    throw new ScenarioError([{ path: '--out', message: `${flags.out} is the scenario being run; write the output to another file` }], 'invalid option', 'invalid-option');
  }
  try {
    await writeFile(flags.out, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message;
    throw new ScenarioError([{ path: '--out', message: `cannot write ${flags.out}: ${why}` }], 'invalid option', 'invalid-option');
  }
  io.stderr(`wrote ${flags.out}\n`);
}
