// Bootstrap of a job thread run from the TypeScript sources (tests, `npm run dev`): registers tsx
// in this thread, then imports the script named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.script);
