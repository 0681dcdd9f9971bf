/** The pool's worker (piscina calls its default export with each task): performs run tasks (executor.ts). */
import { RunExecutor } from './executor.ts';
import type { PoolMessage, PoolReply } from './pool.ts';

const executor = new RunExecutor();

export default function perform(message: PoolMessage): PoolReply {
  return executor.receive(message);
}
