/** Job thread that performs analyses (analysis-job.ts), so a long Sobol design never holds the server's own thread; it reports its progress. */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { performAnalysis, type AnalysisJob } from './analysis-job.ts';
import { answerJobs } from './job-thread.ts';

answerJobs(parentPort as MessagePort, (job: AnalysisJob, progress) => performAnalysis(job, progress));
