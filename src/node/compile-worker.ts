/** Job thread that compiles scenarios (job-thread.ts), so a big one does not hold the server's own thread. */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { compileScenario, type Overrides } from '../core/compile.ts';
import type { Scenario } from '../schema/scenario.ts';
import { answerJobs } from './job-thread.ts';

answerJobs(parentPort as MessagePort, (job: { scenario: Scenario; overrides: Overrides }) => compileScenario(job.scenario, job.overrides));
