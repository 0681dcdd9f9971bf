// Worker bootstrap from the TypeScript sources: registers tsx in this thread, then gives piscina the TypeScript worker's function.
import { register } from 'tsx/esm/api';

register();
export default (await import('./simulation-worker.ts')).default;
