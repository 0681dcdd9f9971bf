/** Worker thread: compiles a scenario (cached) and simulates a range of trials into shared buffers. */
import { parentPort } from 'node:worker_threads';
import { compileScenario, type CompiledModel } from '../core/compile.ts';
import { simulateRange } from '../core/simulate.ts';
import type { ChunkTask, ChunkReply } from './pool.ts';

const cache = new Map<string, CompiledModel>();

function modelFor(task: ChunkTask): CompiledModel {
  let model = cache.get(task.modelKey);
  if (!model) {
    model = compileScenario(task.scenario, task.overrides);
    if (cache.size >= 8) cache.delete(cache.keys().next().value as string);
    cache.set(task.modelKey, model);
  }
  return model;
}

parentPort?.on('message', (task: ChunkTask) => {
  let reply: ChunkReply;
  try {
    const model = modelFor(task);
    const scopes = task.scopes.map((b) => (b ? new Float64Array(b) : undefined));
    simulateRange(model, task.seed, task.start, task.end, {
      offset: 0,
      stride: task.stride,
      scopes,
      replay: task.replay ? new Float64Array(task.replay) : undefined,
      replayTrials: task.replayTrials,
      replaySteps: task.replaySteps,
    });
    reply = { id: task.id, ok: true };
  } catch (err) {
    reply = { id: task.id, ok: false, message: (err as Error).message, stack: (err as Error).stack };
  }
  parentPort?.postMessage(reply);
});
