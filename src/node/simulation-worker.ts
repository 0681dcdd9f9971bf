/** Worker thread of the pool: performs the run tasks it is sent (executor.ts) and replies. */
import { parentPort } from 'node:worker_threads';
import { RunExecutor } from './executor.ts';
import type { PoolMessage } from './pool.ts';

const executor = new RunExecutor();

parentPort?.on('message', (message: PoolMessage) => {
  const reply = executor.receive(message);
  if (reply) parentPort?.postMessage(reply);
});
