/** Running the command line in this process, with its output captured. */
import { main, type Io } from '../../src/cli/main.ts';

/** `future-sim …argv`: its exit code, stdout and stderr (stderr is not a terminal). */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { stdout: (t) => (out += t), stderr: (t) => (err += t), stderrIsTty: false };
  const code = await main(argv, io);
  return { code, out, err };
}
