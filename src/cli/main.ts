/**
 * The `future-sim` command line: run, validate, compare and list scenarios (commands.ts), and
 * sensitivity and scenario discovery (analysis-commands.ts).
 * Exit codes: 0 success, 2 bad input (every problem listed), 1 a bug.
 *
 * Start-up is most of a small command's time, so this module loads only commander and the errors:
 * each command imports what it needs (loading and checking files, the runner, the pool, reports)
 * when it runs; --help loads nothing more and --version only the engine's version.
 */
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ScenarioError } from '../core/errors.ts';
import { addDiscoverCommand, addSensitivityCommand } from './analysis-commands.ts';
import { addCalibrateCommand } from './calibrate-command.ts';
import { addCompareCommand, addListCommand, addRunCommand, addValidateCommand } from './commands.ts';
import { defaultIo, ExitError, type Io } from './io.ts';
import { PACKAGE_VERSION } from './render.ts';

export type { Io } from './io.ts';

/**
 * Builds the program; `main` parses argv with it. `engineVersion` is only printed by --version
 * (main passes it only then: it comes from the engine's modules, which the other commands load later).
 */
export function buildProgram(io: Io = defaultIo, engineVersion = 'unknown'): Command {
  const program = new Command('future-sim')
    .description("Monte Carlo projections of Shanghai's future industries against the action plan's targets")
    .version(`future-sim ${PACKAGE_VERSION} (engine ${engineVersion})`, '-V, --version', "version of the program and of the engine's numbers")
    .showHelpAfterError('(run future-sim --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const add of [addRunCommand, addValidateCommand, addCompareCommand, addSensitivityCommand, addDiscoverCommand, addCalibrateCommand, addListCommand]) add(program, io);
  return program;
}

/** Runs the CLI on argv (without node and script); returns the exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const wantsVersion = argv.some((a) => a === '-V' || a === '--version');
  const program = buildProgram(io, wantsVersion ? (await import('../core/run.ts')).ENGINE_VERSION : undefined);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof ExitError) {
      io.stderr(`${err.message}\n`);
      return err.code;
    }
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0;
      return 2;
    }
    if (err instanceof ScenarioError) {
      io.stderr(`error: ${err.message}\n`);
      return 2;
    }
    io.stderr(`internal error (a bug, please report it): ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

/** Output piped into a reader that stops early (`| head`) is not an error. */
export function quietOnBrokenPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  quietOnBrokenPipe();
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
