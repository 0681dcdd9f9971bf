/** Job thread that draws chart images (png.ts), so drawing never holds the server's own thread. */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { answerJobs } from '../node/job-thread.ts';
import { renderChartPng, type PngView } from './png.ts';

/** A chart of a stored run: its manifest and the comparison's as the store's JSON text (parsed here, not there). */
export interface ChartJob {
  readonly chart: string;
  readonly run: string;
  readonly comparison: string | undefined;
  readonly view: PngView;
}

answerJobs(
  parentPort as MessagePort,
  (job: ChartJob) => new Uint8Array(renderChartPng(job.chart, JSON.parse(job.run), job.comparison === undefined ? undefined : JSON.parse(job.comparison), job.view)),
  (png) => [(png as Uint8Array).buffer as ArrayBuffer],
);
